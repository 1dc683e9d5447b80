/**
 * What every JSON reader shares: the parsed tree with exact offsets (jsonc-parser), small accessors, and the
 * decoding of string values — plain or HTML — into text with a SourceMap back into the file. A vendor format
 * is a `JsonShape`: how to recognise it, what it expects (for the error when nothing matches), how to read it.
 */
import type { Node } from 'jsonc-parser'
import type { Document, DocumentKind, SourceMap } from '../document.js'
import { SourceMap as Map_ } from '../document.js'
import { SourceError } from '../errors.js'
import { htmlToText } from '../text/html.js'
import type { SourceContext } from './index.js'

export type { Node }

export interface JsonShape {
  /** The format name (`--input-format`, config `formats`), e.g. 'contact-lens'. */
  name: string
  kind: DocumentKind
  /** What the shape looks like, for the message when a file matches no shape. */
  expects: string
  /** Reads HTML bodies: the HTML parser is loaded before `read` is called. */
  html?: boolean
  detect(root: Node): boolean
  read(root: Node, json: JsonText, context: SourceContext): Document[]
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }

/** Decodes a JSON string token that starts at `offset` in the file, keeping a map back to the file. */
export function decodeJsonString(raw: string, offset: number): { text: string; range: SourceMap } {
  // An empty string still points at its place: just inside the quotes.
  const range = Map_.empty(offset + 1)
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

/** The value of `key` in an object node. */
export function prop(node: Node | undefined, key: string): Node | undefined {
  if (!node || node.type !== 'object') return undefined
  for (const p of node.children ?? []) if (p.children?.[0]?.value === key) return p.children[1]
  return undefined
}

/** The node at a path of keys and indexes: `at(root, 'ConversationCharacteristics', 'Interruptions')`. */
export function at(node: Node | undefined, ...path: (string | number)[]): Node | undefined {
  let current = node
  for (const step of path) {
    if (!current) return undefined
    current = typeof step === 'number' ? (current.type === 'array' ? current.children?.[step] : undefined) : prop(current, step)
  }
  return current
}

/** A string, number, boolean or null value. */
export function scalar(node: Node | undefined): string | number | boolean | null | undefined {
  if (!node) return undefined
  if (node.type === 'null') return null
  return node.type === 'string' || node.type === 'number' || node.type === 'boolean' ? (node.value as string | number | boolean) : undefined
}

export function str(node: Node | undefined): string | undefined {
  const v = scalar(node)
  return typeof v === 'string' ? v : undefined
}

export function num(node: Node | undefined): number | undefined {
  const v = scalar(node)
  if (typeof v === 'number') return v
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v)
  return undefined
}

export function items(node: Node | undefined): Node[] {
  return node?.type === 'array' ? (node.children ?? []) : []
}

export function isObject(node: Node | undefined): boolean {
  return node?.type === 'object'
}

/** The keys of an object node. */
export function keys(node: Node | undefined): string[] {
  return node?.type === 'object' ? (node.children ?? []).map((p) => String(p.children?.[0]?.value)) : []
}

/** The JSON text of one file (or one .jsonl line, starting at `base` in the file). */
export class JsonText {
  constructor(
    readonly text: string,
    readonly base: number,
    /** "line 3: " in a .jsonl file, for messages. */
    readonly prefix = '',
  ) {}

  /** File offset of a node. */
  offset(node: Node): number {
    return this.base + node.offset
  }

  /** A string value as text with its map into the file; undefined when the node is not a string. */
  string(node: Node | undefined): { text: string; range: SourceMap } | undefined {
    if (!node || node.type !== 'string') return undefined
    return decodeJsonString(this.text.slice(node.offset, node.offset + node.length), this.base + node.offset)
  }

  /** An HTML string value read as a person sees it, every character mapped back into the JSON string. */
  html(node: Node | undefined): { text: string; range: SourceMap } | undefined {
    const decoded = this.string(node)
    if (!decoded) return undefined
    const { text, map } = htmlToText(decoded.text)
    return { text, range: map.through(decoded.range) }
  }

  /** A SourceError at a node, with the .jsonl line prefix. */
  error(message: string, node: Node | undefined): SourceError {
    return new SourceError(`${this.prefix}${message}`, node ? this.offset(node) : this.base)
  }
}
