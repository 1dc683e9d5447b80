/**
 * intercom-macros: Intercom macros (saved replies) from `GET /macros`, `{ type: "list", data: [{ type: "macro",
 * id, name, body, body_text }] }`, one macro, or an array of them. `body_text` is linted (it keeps the
 * placeholders as written, `{{user.name|fallback:"there"}}`); a macro with only the HTML `body` is read through
 * the HTML parser, where `<attribute key default/>` becomes that same placeholder.
 */
import type { Document } from '../document.js'
import { idOf, macroDocument } from './collection.js'
import { items, prop, str, type JsonShape, type JsonText, type Node } from './json-tree.js'

const isMacro = (node: Node): boolean => node.type === 'object' && str(prop(node, 'type')) === 'macro'

function macros(root: Node): Node[] | undefined {
  if (root.type === 'array') return items(root).length > 0 && items(root).every(isMacro) ? items(root) : undefined
  if (isMacro(root)) return [root]
  const data = prop(root, 'data')
  if (str(prop(root, 'type')) === 'list' && data?.type === 'array' && items(data).length > 0 && items(data).every(isMacro)) return items(data)
  return undefined
}

function readMacro(node: Node, json: JsonText): Document {
  const title = str(prop(node, 'name'))
  const text = prop(node, 'body_text')
  const body = text?.type === 'string' ? json.string(text) : json.html(prop(node, 'body'))
  const visibleTo = str(prop(node, 'visible_to'))
  return macroDocument('intercom-macros', {
    id: idOf(prop(node, 'id')) ?? title,
    title,
    body,
    meta: visibleTo !== undefined ? { visibleTo } : undefined,
  })
}

export const intercomMacrosShape: JsonShape = {
  name: 'intercom-macros',
  kind: 'macro',
  expects: '{ "type": "list", "data": [{ "type": "macro", "name", "body_text" or "body" }] }',
  html: true,
  detect: (root) => macros(root) !== undefined,
  read: (root, json) => macros(root)!.map((n) => readMacro(n, json)),
}
