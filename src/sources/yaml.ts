/**
 * yaml: macro libraries kept in YAML.
 * - `github-replies`: GitHub saved replies (`.github/replies.yml`, refined-saved-replies),
 *   `replies: [{ name, body }]`. The body is GitHub Markdown, read as the Markdown reader reads a macro
 *   (prose only; code left out), its map composed with the YAML scalar's.
 * - `collection`: the generic list, `[{ id?, title | name, body | text | content, active?, tags? }]` or
 *   `macros: [...]` of those (the same rules as collection.ts; an HTML body is read as HTML).
 * Every character maps back into the file: quoted scalars through their escapes and line folding, block
 * scalars (`|`, `>`) past their indentation. `#` comments are comments, so rapport directives work in them.
 */
import type { Document as YamlDocument, Node as YamlNode, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml'
import type { Document, ParsedFile, SourceComment } from '../document.js'
import { SourceMap } from '../document.js'
import { SourceError } from '../errors.js'
import { align } from '../text/align.js'
import { loadHtmlParser, looksLikeHtml } from '../text/html.js'
import { BODY_KEYS, flagOf, htmlBody, included, macroDocument, TITLE_KEYS, type Body, type MacroParts } from './collection.js'
import type { SourceContext, SourceReader } from './index.js'

type Yaml = typeof import('yaml')
let yamlModule: Yaml | undefined

// ---------------------------------------------------------------------------------------------------------
// Scalars with maps.

const DOUBLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ',
  '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
}
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 }

/**
 * Decodes a double-quoted scalar (`raw` with its quotes, starting at `base` in the file): escapes map to the
 * whole escape, a folded line break to the break. Trailing white space before a break and leading white space
 * after it are dropped, as YAML does.
 */
export function decodeDoubleQuoted(raw: string, base: number): Body {
  const range = new SourceMap()
  let text = ''
  let pending: { value: string; at: number } | undefined // unescaped white space, dropped before a break
  const flush = () => {
    if (!pending) return
    text += pending.value
    range.push(pending.value.length, base + pending.at)
    pending = undefined
  }
  const end = raw.length - 1
  let i = 1
  while (i < end) {
    const c = raw[i]!
    if (c === ' ' || c === '\t') {
      if (pending) pending.value += c
      else pending = { value: c, at: i }
      i++
    } else if (c === '\n' || c === '\r') {
      pending = undefined
      const at = i
      let breaks = 0
      while (i < end && /[ \t\r\n]/.test(raw[i]!)) {
        if (raw[i] === '\n' || (raw[i] === '\r' && raw[i + 1] !== '\n')) breaks++
        i++
      }
      const value = breaks === 1 ? ' ' : '\n'.repeat(breaks - 1)
      text += value
      range.push(value.length, base + at, i - at)
    } else if (c === '\\') {
      flush()
      const kind = raw[i + 1]!
      if (kind === '\n' || kind === '\r') {
        // An escaped line break joins the lines with nothing between them.
        i += kind === '\r' && raw[i + 2] === '\n' ? 3 : 2
        while (i < end && (raw[i] === ' ' || raw[i] === '\t')) i++
      } else if (HEX_LENGTH[kind]) {
        const len = HEX_LENGTH[kind]!
        const value = String.fromCodePoint(parseInt(raw.slice(i + 2, i + 2 + len), 16))
        text += value
        range.push(value.length, base + i, 2 + len)
        i += 2 + len
      } else {
        const value = DOUBLE_ESCAPES[kind] ?? kind
        text += value
        range.push(value.length, base + i, 2)
        i += 2
      }
    } else {
      flush()
      let stop = i
      while (stop < end && !/[ \t\r\n\\]/.test(raw[stop]!)) stop++
      text += raw.slice(i, stop)
      range.push(stop - i, base + i)
      i = stop
    }
  }
  flush()
  return { text, range }
}

/** A string scalar's value with its map into the file; undefined for anything else. */
export function scalarBody(node: unknown, text: string): Body | undefined {
  const y = yamlModule!
  if (!y.isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined
  const value = node.value
  const [start, end] = node.range
  if (node.type === 'QUOTE_DOUBLE') {
    const decoded = decodeDoubleQuoted(text.slice(start, end), start)
    if (decoded.text === value) return decoded
  }
  const range = new SourceMap()
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    // Past the header line (`|-`, `>2 # comment`): the content, with its indentation skipped by align.
    const lineEnd = text.indexOf('\n', start)
    const from = lineEnd === -1 || lineEnd >= end ? end : lineEnd + 1
    align(value, text.slice(from, end), from, range)
  } else if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') {
    align(value, text.slice(start + 1, end - 1), start + 1, range)
  } else {
    align(value, text.slice(start, end), start, range)
  }
  return { text: value, range }
}

// ---------------------------------------------------------------------------------------------------------
// Tree access.

function get(node: unknown, key: string): unknown {
  const y = yamlModule!
  if (!y.isMap(node)) return undefined
  const pair = (node as YAMLMap).items.find((p: Pair) => y.isScalar(p.key) && String((p.key as Scalar).value) === key)
  return pair?.value ?? undefined
}

function scalarValue(node: unknown): unknown {
  return yamlModule!.isScalar(node) ? (node as Scalar).value : undefined
}

function stringOf(node: unknown): string | undefined {
  const v = scalarValue(node)
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined
}

function seqItems(node: unknown): unknown[] | undefined {
  return yamlModule!.isSeq(node) ? (node as YAMLSeq).items : undefined
}

const isStringScalar = (node: unknown) => typeof scalarValue(node) === 'string'

function isEntry(node: unknown): boolean {
  return (
    yamlModule!.isMap(node) &&
    TITLE_KEYS.some((k) => stringOf(get(node, k)) !== undefined) &&
    BODY_KEYS.some((k) => isStringScalar(get(node, k)))
  )
}

function offsetOf(node: unknown): number {
  return (node as YamlNode | undefined)?.range?.[0] ?? 0
}

// ---------------------------------------------------------------------------------------------------------
// The two shapes.

function readGithubReplies(replies: unknown[], text: string, markdown: typeof import('./markdown.js'), context: SourceContext, comments: SourceComment[]): Document[] {
  const documents: Document[] = []
  for (const [i, reply] of replies.entries()) {
    if (!yamlModule!.isMap(reply)) throw new SourceError(`replies[${i}] is not a mapping with name and body.`, offsetOf(reply))
    const title = stringOf(get(reply, 'name'))
    const bodyNode = get(reply, 'body')
    const body = scalarBody(bodyNode, text)
    if (bodyNode !== undefined && bodyNode !== null && !body && scalarValue(bodyNode) !== null)
      throw new SourceError(`replies[${i}].body must be a string.`, offsetOf(bodyNode))
    const parts: MacroParts = { id: title ?? `replies[${i}]`, title }
    // A body that opens with `---` would be taken for front matter: read it as plain text instead.
    if (body && !/^---[ \t]*\r?\n/.test(body.text)) {
      const read = markdown.readMarkdown(body.text, { ...context, filePath: 'reply.md' })
      const turn = read.documents[0]!.turns[0]!
      parts.body = { text: turn.text, range: turn.range.through(body.range) }
      for (const c of read.comments)
        comments.push({ value: c.value, start: body.range.toFileStart(c.start), end: body.range.toFileEnd(c.end) })
    } else parts.body = body
    documents.push(macroDocument('github-replies', parts))
  }
  return documents
}

function readCollection(list: unknown[], text: string, context: SourceContext): Document[] {
  const documents: Document[] = []
  for (const [i, entry] of list.entries()) {
    const active = flagOf(scalarValue(get(entry, 'active')))
    if (!included(active, context)) continue
    const title = TITLE_KEYS.map((k) => stringOf(get(entry, k))).find((t) => t !== undefined)
    const bodyKey = BODY_KEYS.find((k) => isStringScalar(get(entry, k)))!
    const decoded = scalarBody(get(entry, bodyKey), text)!
    const tags = seqItems(get(entry, 'tags'))?.map(stringOf).filter((t): t is string => t !== undefined)
    const parts: MacroParts = {
      id: stringOf(get(entry, 'id')) ?? title ?? `[${i}]`,
      title,
      body: looksLikeHtml(decoded.text) ? htmlBody(decoded) : decoded,
      active,
      tags,
    }
    const folder = stringOf(get(entry, 'folder')) ?? stringOf(get(entry, 'category'))
    if (folder !== undefined) parts.meta = { folder }
    documents.push(macroDocument('collection', parts))
  }
  return documents
}

/** Every `#` comment in the CST (comments are tokens with their own offsets). */
function collectComments(token: unknown, out: SourceComment[]): void {
  if (Array.isArray(token)) {
    for (const t of token) collectComments(t, out)
    return
  }
  if (!token || typeof token !== 'object') return
  const t = token as { type?: string; offset?: number; source?: string }
  if (t.type === 'comment' && typeof t.offset === 'number' && typeof t.source === 'string') {
    out.push({ value: t.source.replace(/^#/, ''), start: t.offset, end: t.offset + t.source.length })
    return
  }
  for (const value of Object.values(token)) if (value && typeof value === 'object') collectComments(value, out)
}

const EXPECTS =
  'github-replies (replies: [{ name, body }]) or collection ([{ title or name, body, text or content }] or macros: [...] of those)'

async function readYaml(text: string, context: SourceContext): Promise<ParsedFile> {
  if (text.trim() === '') return { documents: [], comments: [] }
  const y = (yamlModule ??= await import('yaml'))
  const comments: SourceComment[] = []
  const docs = y.parseAllDocuments(text, { keepSourceTokens: true })
  // Comments are tokens of the CST, each with its offset.
  for (const token of new y.Parser().parse(text)) collectComments(token, comments)
  if (!Array.isArray(docs) || docs.length === 0) return { documents: [], comments } // comments only
  if (docs.length > 1) throw new SourceError('A macro library must be one YAML document; this file has several (---).', offsetOf(docs[1]!.contents))
  const doc = docs[0] as YamlDocument.Parsed
  const error = doc.errors[0]
  if (error) {
    const reason = error.message.split('\n')[0]!.replace(/\s*at line \d+, column \d+:?\s*$/, '')
    throw new SourceError(`Invalid YAML: ${reason}`, error.pos[0])
  }
  const root = doc.contents
  if (root === null || (y.isScalar(root) && root.value === null)) return { documents: [], comments }

  const replies = seqItems(get(root, 'replies'))
  if (replies) {
    const markdown = await import('./markdown.js')
    return { documents: readGithubReplies(replies, text, markdown, context, comments), comments }
  }
  const list = seqItems(root) ?? seqItems(get(root, 'macros'))
  if (list && list.every(isEntry)) {
    await loadHtmlParser()
    return { documents: readCollection(list, text, context), comments }
  }
  throw new SourceError(`Unrecognised YAML: expected ${EXPECTS}.`, offsetOf(root))
}

export const yamlSource: SourceReader = { read: readYaml }
