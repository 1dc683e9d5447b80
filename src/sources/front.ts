/**
 * front: Front message templates, `{ _links, id: "rsp_…", name, subject, body }` or a page of them,
 * `{ _results: [...] }`. The body is HTML; the subject is kept in `meta.subject` (not linted).
 */
import type { Document } from '../document.js'
import { idOf, macroDocument } from './collection.js'
import { items, keys, prop, str, type JsonShape, type JsonText, type Node } from './json-tree.js'

/** Name and body: enough inside `_results`; alone, a template also shows Front's `_links` or `rsp_` id. */
const isTemplateLike = (node: Node): boolean =>
  node.type === 'object' && str(prop(node, 'name')) !== undefined && keys(node).includes('body')

const isTemplate = (node: Node): boolean =>
  isTemplateLike(node) && (prop(node, '_links') !== undefined || /^rsp_/.test(str(prop(node, 'id')) ?? ''))

function templates(root: Node): Node[] | undefined {
  const results = prop(root, '_results')
  if (results?.type === 'array') return items(results).length > 0 && items(results).every(isTemplateLike) ? items(results) : undefined
  if (root.type === 'array') return items(root).length > 0 && items(root).every(isTemplate) ? items(root) : undefined
  return isTemplate(root) ? [root] : undefined
}

function readTemplate(node: Node, json: JsonText): Document {
  const title = str(prop(node, 'name'))
  const subject = str(prop(node, 'subject'))
  return macroDocument('front', {
    id: idOf(prop(node, 'id')) ?? title,
    title,
    body: json.html(prop(node, 'body')),
    meta: subject !== undefined ? { subject } : undefined,
  })
}

export const frontShape: JsonShape = {
  name: 'front',
  kind: 'macro',
  expects: '{ "_results": [{ "name", "body" }] } or a template { "id": "rsp_…", "name", "body" }',
  html: true,
  detect: (root) => templates(root) !== undefined,
  read: (root, json) => templates(root)!.map((n) => readTemplate(n, json)),
}
