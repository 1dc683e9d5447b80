/**
 * markdown: one macro per file, read as a single agent turn. The text rules see is the prose (paragraphs,
 * headings, list items, table cells); code, HTML and front matter are left out. Each character maps back to
 * its place in the file, through escapes, entities, block-quote markers and indentation.
 * YAML front matter gives id, title and tags; `kind: transcript` reads the body as chat-text instead.
 */
import { basename, extname } from 'node:path'
import type { Nodes, Root } from 'mdast'
import { remarkParse, unified } from '../bundled/markdown.js'
import type { Document, ParsedFile, SourceComment } from '../document.js'
import { SourceMap } from '../document.js'
import { SourceError } from '../errors.js'
import { jsYaml } from '../js-yaml.js'
import { align } from '../text/align.js'
import { readChatText } from './chat-text.js'
import type { SourceContext, SourceReader } from './index.js'

// Front matter is cut off before parsing (so no front-matter plugin is needed), and YAML is loaded only for
// files that have it: both keep a one-macro run quick to start. Front matter is a few flat keys, read with
// js-yaml: it loads in half the time of \`yaml\` and parses five times faster, which 5,000 macros feel. Its core
// schema matches \`yaml\`'s default (a date stays a string). \`yaml\` stays where positions inside values matter.
const processor = unified().use(remarkParse)
const FRONT_MATTER = /^---[ \t]*\r?\n([^]*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m

/** Blocks whose text is prose, separated from each other by a blank line in the turn text. */
const BLOCKS = new Set(['paragraph', 'heading', 'tableCell'])
const SKIP = new Set(['code', 'inlineCode', 'image', 'imageReference', 'definition', 'footnoteDefinition'])
interface Collector {
  parts: string[]
  map: SourceMap
  comments: SourceComment[]
  /** The Markdown body that was parsed, and where it starts in the file. */
  text: string
  base: number
  /** File offset where the last block ended (joining breaks map there). */
  lastEnd: number
}

function collectComments(value: string, start: number, out: SourceComment[]): void {
  const re = /<!--([^]*?)-->/g
  let m: RegExpExecArray | null
  while ((m = re.exec(value)) !== null) out.push({ value: m[1]!, start: start + m.index, end: start + m.index + m[0].length })
}

function walk(node: Nodes, c: Collector, inBlock: boolean): void {
  if (SKIP.has(node.type)) return
  if (node.type === 'html') {
    const start = node.position?.start.offset
    if (start !== undefined) collectComments(c.text.slice(start, node.position!.end.offset), c.base + start, c.comments)
    return
  }
  if (node.type === 'text') {
    const start = node.position?.start.offset ?? 0
    const end = node.position?.end.offset ?? start
    c.parts.push(node.value)
    align(node.value, c.text.slice(start, end), c.base + start, c.map)
    c.lastEnd = c.base + end
    return
  }
  if (node.type === 'break') {
    c.parts.push('\n')
    const at = node.position?.start.offset
    c.map.push(1, at === undefined ? c.lastEnd : c.base + at, 0)
    return
  }
  const block = !inBlock && BLOCKS.has(node.type)
  if (block && c.parts.length > 0) {
    c.parts.push('\n\n')
    c.map.push(2, c.lastEnd, 0)
  }
  if ('children' in node) for (const child of node.children as Nodes[]) walk(child, c, inBlock || block)
}

function frontMatter(text: string): { data: Record<string, unknown>; end: number } | undefined {
  const m = FRONT_MATTER.exec(text)
  if (!m || m.index !== 0) return undefined
  const js = jsYaml()
  let data: unknown
  try {
    data = js.load(m[1]!, { schema: js.CORE_SCHEMA })
  } catch (error) {
    if (error instanceof js.YAMLException) {
      // The message's own "(2:17)" counts from the front matter; the diagnostic's position is the file's.
      const offset = m.index + m[0].indexOf(m[1]!) + Math.min(error.mark?.position ?? 0, m[1]!.length)
      throw new SourceError(`Invalid YAML front matter: ${error.reason}.`, offset)
    }
    throw error
  }
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data)))
    throw new SourceError('Front matter must be a YAML mapping (key: value).', 0)
  return { data: (data ?? {}) as Record<string, unknown>, end: m[0].length }
}

function applyFrontMatter(document: Document, data: Record<string, unknown>): void {
  if (data.id !== undefined) document.id = String(data.id)
  if (typeof data.title === 'string') document.title = data.title
  if (Array.isArray(data.tags)) document.tags = data.tags.map(String)
  else if (typeof data.tags === 'string') document.tags = data.tags.split(',').map((t) => t.trim()).filter(Boolean)
  document.meta = data
}

export function readMarkdown(text: string, context: SourceContext): ParsedFile {
  const front = frontMatter(text)
  if (front?.data.kind === 'transcript') {
    const parsed = readChatText(text.slice(front.end), context, front.end)
    for (const document of parsed.documents) {
      document.format = 'markdown'
      applyFrontMatter(document, front.data)
    }
    return parsed
  }
  if (front && front.data.kind !== undefined && front.data.kind !== 'macro')
    throw new SourceError(`Front matter "kind" must be "macro" or "transcript", not ${JSON.stringify(front.data.kind)}.`, 0)
  const base = front?.end ?? 0
  const body = text.slice(base)
  const tree = processor.parse(body) as Root
  const c: Collector = { parts: [], map: new SourceMap(), comments: [], text: body, base, lastEnd: base }
  walk(tree, c, false)
  const document: Document = {
    kind: 'macro',
    format: 'markdown',
    id: basename(context.filePath, extname(context.filePath)),
    turns: [{ index: 0, role: 'agent', text: c.parts.join(''), range: c.map }],
  }
  if (front) applyFrontMatter(document, front.data)
  return { documents: [document], comments: c.comments }
}

export const markdownSource: SourceReader = { read: readMarkdown }
