/**
 * json / jsonl: `{ id?, title?, turns: [{ role | speaker, text, start?, end? }] }` (start/end in seconds, or
 * startMs/endMs), an array of those, or one per line in .jsonl. Positions come from the token offsets of
 * jsonc-parser and point at the exact character inside the JSON string, escapes included.
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser'
import { extname } from 'node:path'
import type { Document, ParsedFile, Role, Turn } from '../document.js'
import { SourceMap } from '../document.js'
import { SourceError } from '../errors.js'
import type { SourceContext, SourceReader } from './index.js'
import { isRole, roleOf } from './roles.js'

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }

/** Decodes a JSON string token that starts at `offset` in the file, keeping a map back to the file. */
export function decodeJsonString(raw: string, offset: number): { text: string; range: SourceMap } {
  const range = new SourceMap()
  let text = ''
  // raw includes the quotes.
  let i = 1
  const end = raw.length - 1
  while (i < end) {
    const backslash = raw.indexOf('\\', i)
    const stop = backslash === -1 || backslash >= end ? end : backslash
    if (stop > i) {
      text += raw.slice(i, stop)
      range.push(stop - i, offset + i)
      i = stop
    }
    if (i >= end) break
    const kind = raw[i + 1]!
    if (kind === 'u') {
      text += String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16))
      range.push(1, offset + i, 6)
      i += 6
    } else {
      text += SIMPLE_ESCAPES[kind] ?? kind
      range.push(1, offset + i, 2)
      i += 2
    }
  }
  return { text, range }
}

function property(node: Node, key: string): Node | undefined {
  if (node.type !== 'object') return undefined
  for (const p of node.children ?? []) if (p.children?.[0]?.value === key) return p.children[1]
  return undefined
}

function scalar(node: Node | undefined): unknown {
  return node && (node.type === 'string' || node.type === 'number' || node.type === 'boolean') ? node.value : undefined
}

const SHAPE = 'expected { "turns": [{ "role" or "speaker", "text" }] }, an array of those, or one per line (.jsonl)'

/** `prefix` names the line in a .jsonl file ("line 3: "); `path` the conversation in an array ("[1]"). */
function readConversation(node: Node, text: string, base: number, context: SourceContext, prefix: string, path: string): Document {
  const turnsNode = property(node, 'turns')
  if (!turnsNode || turnsNode.type !== 'array')
    throw new SourceError(`${prefix}${path ? `${path}: ` : ''}no "turns" array; ${SHAPE}.`, base + node.offset)
  const where = `${prefix}${path ? `${path}.` : ''}`
  const turns: Turn[] = []
  for (const [i, t] of (turnsNode.children ?? []).entries()) {
    const at = `${where}turns[${i}]`
    if (t.type !== 'object') throw new SourceError(`${at} is not an object.`, base + t.offset)
    const textNode = property(t, 'text')
    if (!textNode || textNode.type !== 'string')
      throw new SourceError(`${at}.text must be a string.`, base + (textNode ?? t).offset)
    const decoded = decodeJsonString(text.slice(textNode.offset, textNode.offset + textNode.length), base + textNode.offset)
    const speaker = scalar(property(t, 'speaker'))
    const roleValue = scalar(property(t, 'role'))
    let role: Role = 'unknown'
    if (typeof roleValue === 'string') role = isRole(roleValue.toLowerCase()) ? (roleValue.toLowerCase() as Role) : roleOf(roleValue, context.roles)
    else if (typeof speaker === 'string') role = roleOf(speaker, context.roles)
    const turn: Turn = { index: turns.length, role, text: decoded.text, range: decoded.range }
    if (typeof speaker === 'string') turn.speaker = speaker
    const start = scalar(property(t, 'start'))
    const end = scalar(property(t, 'end'))
    const startMs = scalar(property(t, 'startMs'))
    const endMs = scalar(property(t, 'endMs'))
    if (typeof startMs === 'number') turn.startMs = startMs
    else if (typeof start === 'number') turn.startMs = Math.round(start * 1000)
    if (typeof endMs === 'number') turn.endMs = endMs
    else if (typeof end === 'number') turn.endMs = Math.round(end * 1000)
    const at2 = scalar(property(t, 'at'))
    if (typeof at2 === 'string') turn.at = at2
    if (scalar(property(t, 'internal')) === true) turn.internal = true
    turns.push(turn)
  }
  const document: Document = { kind: 'transcript', format: 'json', turns }
  const id = scalar(property(node, 'id'))
  const title = scalar(property(node, 'title'))
  if (id !== undefined) document.id = String(id)
  if (typeof title === 'string') document.title = title
  return document
}

const PARSE_ERRORS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'malformed number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected "," or the end of the object or array',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'unexpected content after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'malformed number',
  InvalidUnicode: 'malformed \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'control character in a string',
}

function parse(text: string, base: number, prefix = ''): Node {
  const errors: ParseError[] = []
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false })
  if (errors.length > 0 || !root) {
    const e = errors[0]
    const what = e ? (PARSE_ERRORS[printParseErrorCode(e.error)] ?? printParseErrorCode(e.error)) : 'the file is empty'
    throw new SourceError(`${prefix}Invalid JSON: ${what}.`, base + (e?.offset ?? 0))
  }
  return root
}

function readDocuments(root: Node, text: string, base: number, context: SourceContext, prefix = ''): Document[] {
  if (root.type === 'array') {
    return (root.children ?? []).map((child, i) => {
      if (child.type !== 'object') throw new SourceError(`${prefix}[${i}] is not a conversation object; ${SHAPE}.`, base + child.offset)
      return readConversation(child, text, base, context, prefix, `[${i}]`)
    })
  }
  if (root.type === 'object') return [readConversation(root, text, base, context, prefix, '')]
  throw new SourceError(`${prefix}Unrecognised JSON: ${SHAPE}.`, base + root.offset)
}

function readJson(text: string, context: SourceContext): ParsedFile {
  // An empty file holds no conversations, as an empty .jsonl, .md or .txt does.
  if (text.trim() === '') return { documents: [], comments: [] }
  return { documents: readDocuments(parse(text, 0), text, 0, context), comments: [] }
}

/** One conversation a line; a bad line is a problem on that line, and the other lines are still read. */
function readJsonLines(text: string, context: SourceContext): ParsedFile {
  const documents: Document[] = []
  const problems: { message: string; offset: number }[] = []
  const re = /[^\r\n]+/g
  let m: RegExpExecArray | null
  let lineNo = 0
  let lastEnd = 0
  while ((m = re.exec(text)) !== null) {
    // Count the line breaks between matches to know the line number for messages.
    for (let i = lastEnd; i < m.index; i++) if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) lineNo++
    lastEnd = m.index + m[0].length
    if (m[0].trim() === '') continue
    try {
      const root = parse(m[0], m.index, `line ${lineNo + 1}: `)
      // Node offsets are relative to the line; readDocuments adds `base` to every offset it maps.
      documents.push(...readDocuments(root, m[0], m.index, context, `line ${lineNo + 1}: `))
    } catch (error) {
      if (!(error instanceof SourceError)) throw error
      problems.push({ message: error.message, offset: error.offset ?? m.index })
    }
  }
  return { documents, comments: [], problems }
}

export const jsonSource: SourceReader = {
  read(text, context) {
    const ext = extname(context.filePath).toLowerCase()
    return ext === '.jsonl' || ext === '.ndjson' ? readJsonLines(text, context) : readJson(text, context)
  },
}
