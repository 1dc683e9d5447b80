/**
 * zendesk-macros: Zendesk Support macros as the API and backup tools write them — the list `{ macros: [...] }`,
 * one `{ macro: {...} }`, a bare macro `{ title, actions }`, or a bare `actions` array (a backup tool's file
 * per macro; id and title from the file name). The reply is the action with `field: "comment_value_html"`
 * (HTML) or `"comment_value"` (a string, or `["channel:all", "text"]`); when a macro has both, the HTML is
 * linted (collection.ts says why) and the plain copy is not, so nothing is reported twice.
 * `comment_mode_is_public: "false"` makes the reply a private note. Titles keep their `::` folders; the folder
 * path is also given as tags and `meta.folder`.
 */
import { basename, extname } from 'node:path'
import type { Document } from '../document.js'
import type { SourceContext } from './index.js'
import { flagOf, idOf, included, macroDocument, type Body, type MacroParts } from './collection.js'
import { items, prop, scalar, str, type JsonShape, type JsonText, type Node } from './json-tree.js'

function isAction(node: Node): boolean {
  return node.type === 'object' && str(prop(node, 'field')) !== undefined
}

function isActions(node: Node | undefined): boolean {
  return node?.type === 'array' && items(node).every(isAction)
}

function isMacro(node: Node | undefined): boolean {
  return node?.type === 'object' && isActions(prop(node, 'actions'))
}

/** The reply in a macro's actions, with its map in `json`'s coordinates, and whether it is a private note. */
export function zendeskReply(actions: Node | undefined, json: JsonText): { body?: Body; internal: boolean } {
  let plain: Node | undefined
  let html: Node | undefined
  let internal = false
  for (const action of items(actions)) {
    const field = str(prop(action, 'field'))
    const value = prop(action, 'value')
    if (field === 'comment_value_html' && value?.type === 'string') html ??= value
    else if (field === 'comment_value') {
      if (value?.type === 'string') plain ??= value
      // Older macros: ["channel:all", "text"]; the text is the string that is not the channel.
      else if (value?.type === 'array') {
        const texts = items(value).filter((n) => n.type === 'string')
        plain ??= texts.filter((n) => !/^channel:/.test(String(n.value))).pop() ?? texts.pop()
      }
    } else if (field === 'comment_mode_is_public' && flagOf(scalar(value)) === false) internal = true
  }
  const body = html ? json.html(html) : plain ? json.string(plain) : undefined
  return body ? { body, internal } : { internal }
}

/** Folder path of a `Folder::Sub::Title` title. */
export function zendeskFolders(title: string | undefined): string[] {
  if (!title) return []
  const parts = title.split('::').map((p) => p.trim())
  return parts.slice(0, -1).filter(Boolean)
}

/** The parts every Zendesk macro has, from whichever file held it. */
export function zendeskParts(title: string | undefined, id: string | undefined, active: boolean | undefined, reply: { body?: Body; internal: boolean }): MacroParts {
  const folders = zendeskFolders(title)
  const parts: MacroParts = { id: id ?? title, title, active, tags: folders, body: reply.body, internal: reply.internal }
  if (folders.length > 0) parts.meta = { folder: folders.join('::') }
  return parts
}

function readMacro(node: Node, json: JsonText, context: SourceContext): Document | undefined {
  const active = flagOf(scalar(prop(node, 'active')))
  if (!included(active, context)) return undefined
  const title = str(prop(node, 'title'))
  return macroDocument('zendesk-macros', zendeskParts(title, idOf(prop(node, 'id')), active, zendeskReply(prop(node, 'actions'), json)))
}

export const zendeskMacrosShape: JsonShape = {
  name: 'zendesk-macros',
  kind: 'macro',
  expects: '{ "macros": [{ "title", "actions" }] }, { "macro": {...} }, a macro, or an array of { "field", "value" } actions',
  html: true,
  detect(root) {
    if (root.type === 'array') return items(root).length > 0 && isActions(root)
    if (root.type !== 'object') return false
    const list = prop(root, 'macros')
    if (list) return list.type === 'array' && items(list).every(isMacro)
    if (prop(root, 'macro')) return isMacro(prop(root, 'macro'))
    return str(prop(root, 'title')) !== undefined && isMacro(root)
  },
  read(root, json, context) {
    if (root.type === 'array') {
      // A backup tool's file per macro holds only the actions: the file name is the title.
      const name = basename(context.filePath, extname(context.filePath))
      return [macroDocument('zendesk-macros', zendeskParts(name, name, undefined, zendeskReply(root, json)))]
    }
    const list = prop(root, 'macros')
    const macros = list ? items(list) : [prop(root, 'macro') ?? root]
    return macros.map((m) => readMacro(m, json, context)).filter((d): d is Document => d !== undefined)
  },
}
