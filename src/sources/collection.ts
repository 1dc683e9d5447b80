/**
 * collection: the generic macro library in JSON, `[{ id?, title | name, body | text | content, active?, tags? }]`
 * or `{ macros: [...] }` / `{ replies: [...] }` of those (the YAML form is read by yaml.ts with the same rules).
 * Also what every macro reader shares: one Document of kind `macro` per macro, its reply as one agent turn.
 *
 * Decisions every macro reader follows:
 * - A macro with no reply text at all (a Zendesk macro that only sets status and tags) is a Document with no
 *   turns: there is nothing a customer reads, so no rule has anything to say. A reply field that is present
 *   but empty is one empty agent turn.
 * - When a macro carries its reply both as HTML and as plain text, one of them is linted, never both: the HTML,
 *   because that is what the vendor's editor writes and sends (the plain field is derived from it). Intercom
 *   is the exception: its `body_text` keeps the placeholders as written, so it is read first.
 * - `active: false` macros are left out unless `includeInactive`; `document.active` is set when the source says.
 */
import type { Document, SourceMap, Turn } from '../document.js'
import { htmlToText, looksLikeHtml } from '../text/html.js'
import type { SourceContext } from './index.js'
import { items, prop, scalar, str, type JsonShape, type JsonText, type Node } from './json-tree.js'

/** A reply's text and its map into the file. */
export interface Body {
  text: string
  range: SourceMap
}

export interface MacroParts {
  id?: string
  title?: string
  body?: Body
  /** The reply is a private note (Zendesk `comment_mode_is_public: false`, Gorgias internal note). */
  internal?: boolean
  active?: boolean
  tags?: string[]
  meta?: Record<string, unknown>
}

/** One macro as a Document: its reply (when it has one) as the single agent turn. */
export function macroDocument(format: string, parts: MacroParts): Document {
  const document: Document = { kind: 'macro', format, turns: [] }
  if (parts.id !== undefined) document.id = parts.id
  if (parts.title !== undefined) document.title = parts.title
  if (parts.tags && parts.tags.length > 0) document.tags = parts.tags
  if (parts.meta && Object.keys(parts.meta).length > 0) document.meta = parts.meta
  if (parts.active !== undefined) document.active = parts.active
  if (parts.body) {
    const turn: Turn = { index: 0, role: 'agent', text: parts.body.text, range: parts.body.range }
    if (parts.internal) turn.internal = true
    document.turns.push(turn)
  }
  return document
}

/** Whether a macro with this `active` flag is read. */
export function included(active: boolean | undefined, context: SourceContext): boolean {
  return active !== false || context.includeInactive === true
}

/** Text decoded from a string (JSON, YAML, a CSV cell) read as HTML, its map composed with the string's. */
export function htmlBody(decoded: Body): Body {
  const { text, map } = htmlToText(decoded.text)
  return { text, range: map.through(decoded.range) }
}

/** An id from a string or number value. */
export function idOf(node: Node | undefined): string | undefined {
  const v = scalar(node)
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined
}

/** A boolean flag, also written as a string ("true", "false"). */
export function flagOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (typeof value === 'number') return value !== 0
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase()
    if (['true', 'yes', '1'].includes(v)) return true
    if (['false', 'no', '0'].includes(v)) return false
  }
  return undefined
}

/** String values of an array of strings. */
export function stringsOf(node: Node | undefined): string[] | undefined {
  if (node?.type !== 'array') return undefined
  return items(node)
    .map((n) => str(n))
    .filter((s): s is string => s !== undefined)
}

// ---------------------------------------------------------------------------------------------------------
// The generic collection.

export const TITLE_KEYS = ['title', 'name'] as const
export const BODY_KEYS = ['body', 'text', 'content'] as const
/** Keys of an object that holds the list of macros. */
export const LIST_KEYS = ['macros', 'replies'] as const

function isEntry(node: Node): boolean {
  return (
    node.type === 'object' &&
    TITLE_KEYS.some((k) => str(prop(node, k)) !== undefined) &&
    BODY_KEYS.some((k) => prop(node, k)?.type === 'string')
  )
}

function entries(root: Node): Node[] | undefined {
  // An empty array is an empty collection: no macros, as an empty file holds no conversations.
  if (root.type === 'array') return items(root).every(isEntry) ? items(root) : undefined
  if (root.type !== 'object') return undefined
  for (const key of LIST_KEYS) {
    const list = prop(root, key)
    if (list?.type === 'array' && items(list).length > 0 && items(list).every(isEntry)) return items(list)
  }
  return undefined
}

export const collectionShape: JsonShape = {
  name: 'collection',
  kind: 'macro',
  expects: '[{ "title" or "name", "body", "text" or "content" }] or { "macros": [...] } of those',
  html: true,
  detect: (root) => entries(root) !== undefined,
  read(root, json, context) {
    const documents: Document[] = []
    for (const [i, entry] of (entries(root) ?? []).entries()) {
      const active = flagOf(scalar(prop(entry, 'active')))
      if (!included(active, context)) continue
      documents.push(macroDocument('collection', collectionEntry(entry, json, i, active)))
    }
    return documents
  },
}

function collectionEntry(entry: Node, json: JsonText, index: number, active: boolean | undefined): MacroParts {
  const title = TITLE_KEYS.map((k) => str(prop(entry, k))).find((t) => t !== undefined)
  const bodyKey = BODY_KEYS.find((k) => prop(entry, k)?.type === 'string')!
  const decoded = json.string(prop(entry, bodyKey))!
  const parts: MacroParts = {
    // Without an id of its own, a macro goes by its title (what a person would search for).
    id: idOf(prop(entry, 'id')) ?? title ?? `[${index}]`,
    title,
    body: looksLikeHtml(decoded.text) ? htmlBody(decoded) : decoded,
    active,
    tags: stringsOf(prop(entry, 'tags')),
  }
  const folder = str(prop(entry, 'folder')) ?? str(prop(entry, 'category'))
  if (folder !== undefined) parts.meta = { folder }
  return parts
}

