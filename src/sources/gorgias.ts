/**
 * gorgias: Gorgias macros, `{ id, name, actions: [{ name, arguments: { body_text, body_html } }] }`, a page
 * `{ data: [...] }`, or an array. The reply is the `setResponseText` action (else the first action with a
 * body); `body_html` is linted when present, else `body_text`. An `addInternalNote` reply is a private note.
 */
import type { Document } from '../document.js'
import { idOf, macroDocument } from './collection.js'
import { items, keys, prop, str, type JsonShape, type JsonText, type Node } from './json-tree.js'

const isAction = (node: Node): boolean =>
  node.type === 'object' && str(prop(node, 'name')) !== undefined && !keys(node).includes('field')

const isMacro = (node: Node): boolean => {
  const actions = prop(node, 'actions')
  return (
    node.type === 'object' &&
    str(prop(node, 'name')) !== undefined &&
    actions?.type === 'array' &&
    items(actions).every(isAction)
  )
}

/** Alone, a macro must also show a Gorgias action with `arguments`. */
const isLoneMacro = (node: Node): boolean => isMacro(node) && items(prop(node, 'actions')).some((a) => prop(a, 'arguments')?.type === 'object')

function macros(root: Node): Node[] | undefined {
  const data = prop(root, 'data')
  if (data?.type === 'array') return items(data).length > 0 && items(data).every(isMacro) ? items(data) : undefined
  if (root.type === 'array') return items(root).length > 0 && items(root).every(isMacro) && items(root).some(isLoneMacro) ? items(root) : undefined
  return isLoneMacro(root) ? [root] : undefined
}

const hasBody = (action: Node): boolean => {
  const args = prop(action, 'arguments')
  return prop(args, 'body_html')?.type === 'string' || prop(args, 'body_text')?.type === 'string'
}

function readMacro(node: Node, json: JsonText): Document {
  const title = str(prop(node, 'name'))
  const actions = items(prop(node, 'actions'))
  const reply = actions.find((a) => str(prop(a, 'name')) === 'setResponseText' && hasBody(a)) ?? actions.find(hasBody)
  const args = prop(reply, 'arguments')
  const html = prop(args, 'body_html')
  const body = html?.type === 'string' ? json.html(html) : json.string(prop(args, 'body_text'))
  const meta: Record<string, unknown> = {}
  for (const key of ['intent', 'language', 'external_id']) {
    const value = str(prop(node, key))
    if (value !== undefined) meta[key] = value
  }
  return macroDocument('gorgias', {
    id: idOf(prop(node, 'id')) ?? title,
    title,
    body,
    internal: reply !== undefined && /internal/i.test(str(prop(reply, 'name')) ?? ''),
    meta,
  })
}

export const gorgiasShape: JsonShape = {
  name: 'gorgias',
  kind: 'macro',
  expects: '{ "name", "actions": [{ "name", "arguments": { "body_html" or "body_text" } }] }, or { "data": [...] } of those',
  html: true,
  detect: (root) => macros(root) !== undefined,
  read: (root, json) => macros(root)!.map((n) => readMacro(n, json)),
}
