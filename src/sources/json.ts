/**
 * json / jsonl: every JSON file goes through here. The tree is parsed once (jsonc-parser, exact offsets), then
 * the first shape that recognises it reads it: the vendor formats (json-shapes.ts) and rapport's own shape,
 * `{ id?, title?, turns: [{ role | speaker, text, start?, end? }] }` (start/end in seconds, or startMs/endMs),
 * an array of those, or one per line in .jsonl. A file no shape recognises is a fatal message that names
 * every shape tried and what it expects; `--input-format` or config `formats` name the shape instead.
 */
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser'
import { extname } from 'node:path'
import type { Document, ParsedFile, Role, Turn } from '../document.js'
import { SourceError } from '../errors.js'
import { loadHtmlParser } from '../text/html.js'
import type { SourceContext, SourceReader } from './index.js'
import { jsonShapes } from './json-shapes.js'
import { decodeJsonString, JsonText, prop as property, scalar, type JsonShape, type Node } from './json-tree.js'
import { isRole, roleOf } from './roles.js'

export { decodeJsonString }

const SHAPE = 'expected { "turns": [{ "role" or "speaker", "text" }] }, an array of those, or one per line (.jsonl)'

/** `prefix` names the line in a .jsonl file ("line 3: "); `path` the conversation in an array ("[1]"). */
function readConversation(node: Node, json: JsonText, context: SourceContext, prefix: string, path: string): Document {
  const { base } = json
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
    const decoded = json.string(textNode)!
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

/** jsonc-parser's error codes in words a writer understands (shared with the CSV reader). */
export const PARSE_ERRORS: Record<string, string> = {
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
  let root: Node | undefined
  try {
    root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false })
  } catch (error) {
    // jsonc-parser recurses once per level: thousands of nested arrays or objects exhaust the stack.
    if (error instanceof RangeError) throw new SourceError(`${prefix}JSON nested too deeply to read.`, base)
    throw error
  }
  if (errors.length > 0 || !root) {
    const e = errors[0]
    const what = e ? (PARSE_ERRORS[printParseErrorCode(e.error)] ?? printParseErrorCode(e.error)) : 'the file is empty'
    throw new SourceError(`${prefix}Invalid JSON: ${what}.`, base + (e?.offset ?? 0))
  }
  return root
}

/** rapport's own shape: `{ turns: [...] }`, or an array of those. */
export const rapportShape: JsonShape = {
  name: 'json',
  kind: 'transcript',
  expects: '{ "turns": [{ "role" or "speaker", "text" }] } or an array of those',
  detect: (root) =>
    (root.type === 'object' && property(root, 'turns') !== undefined) ||
    (root.type === 'array' && (root.children ?? []).some((c) => c.type === 'object' && property(c, 'turns') !== undefined)),
  read(root, json, context) {
    if (root.type === 'array')
      return (root.children ?? []).map((child, i) => {
        if (child.type !== 'object') throw json.error(`[${i}] is not a conversation object; ${SHAPE}.`, child)
        return readConversation(child, json, context, json.prefix, `[${i}]`)
      })
    return [readConversation(root, json, context, json.prefix, '')]
  },
}

const allShapes: readonly JsonShape[] = [...jsonShapes, rapportShape]

/** Names of every JSON shape, for --input-format and config `formats`. */
export const jsonShapeNames: readonly string[] = allShapes.map((s) => s.name)

function shapeFor(root: Node, json: JsonText, forced: string | undefined): JsonShape {
  if (forced && forced !== 'json') {
    const shape = allShapes.find((s) => s.name === forced)
    if (!shape) throw json.error(`Unknown JSON format "${forced}"; known: ${jsonShapeNames.join(', ')}.`, root)
    if (!shape.detect(root)) throw json.error(`This is not ${forced} JSON: expected ${shape.expects}.`, root)
    return shape
  }
  const found = allShapes.find((s) => s.detect(root))
  if (found) return found
  const tried = allShapes.map((s) => `${s.name} (${s.expects})`).join('; ')
  throw json.error(`Unrecognised JSON: no known format matches. Tried: ${tried}.`, root)
}

async function readWithShape(root: Node, json: JsonText, context: SourceContext): Promise<Document[]> {
  const shape = shapeFor(root, json, context.format)
  if (shape.html) await loadHtmlParser()
  return shape.read(root, json, context)
}

async function readJson(text: string, context: SourceContext): Promise<ParsedFile> {
  // An empty file holds no conversations, as an empty .jsonl, .md or .txt does.
  if (text.trim() === '') return { documents: [], comments: [] }
  return { documents: await readWithShape(parse(text, 0), new JsonText(text, 0), context), comments: [] }
}

/** One conversation a line; a bad line is a problem on that line, and the other lines are still read. */
async function readJsonLines(text: string, context: SourceContext): Promise<ParsedFile> {
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
    const one = await readJsonLine(m[0], lineNo, m.index, context)
    documents.push(...one.documents)
    problems.push(...one.problems!)
  }
  return { documents, comments: [], problems }
}

/**
 * One line of a .jsonl file (0-based `lineNo`), starting at `base` in the text its offsets are counted in:
 * the file, or the line itself when the file is streamed (stream.ts). A bad line is a problem, not an error.
 */
export async function readJsonLine(line: string, lineNo: number, base: number, context: SourceContext): Promise<ParsedFile> {
  const prefix = `line ${lineNo + 1}: `
  try {
    // Node offsets are relative to the line; JsonText adds the line's offset.
    return { documents: await readWithShape(parse(line, base, prefix), new JsonText(line, base, prefix), context), comments: [], problems: [] }
  } catch (error) {
    if (!(error instanceof SourceError)) throw error
    return { documents: [], comments: [], problems: [{ message: error.message, offset: error.offset ?? base }] }
  }
}

export const jsonSource: SourceReader = {
  read(text, context) {
    const ext = extname(context.filePath).toLowerCase()
    if (context.format === 'jsonl') return readJsonLines(text, { ...context, format: undefined })
    return ext === '.jsonl' || ext === '.ndjson' ? readJsonLines(text, context) : readJson(text, context)
  },
}
