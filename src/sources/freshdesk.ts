/**
 * freshdesk: Freshdesk canned responses — one `{ id, title, content, content_html, folder_id }`, an array of
 * those, or a folder `{ id, name, responses: [...] }` (also `canned_responses`). `content_html` is linted when
 * present (the editor writes it; `content` is its plain copy), else `content`.
 */
import type { Document } from '../document.js'
import { idOf, macroDocument, type MacroParts } from './collection.js'
import { items, keys, prop, str, type JsonShape, type JsonText, type Node } from './json-tree.js'

const FOLDER_KEYS = ['responses', 'canned_responses'] as const

function isResponse(node: Node): boolean {
  if (node.type !== 'object' || str(prop(node, 'title')) === undefined) return false
  const present = keys(node)
  return present.includes('content_html') || (present.includes('content') && present.includes('folder_id'))
}

function responses(root: Node): { list: Node[]; folder?: string } | undefined {
  if (root.type === 'array') return items(root).length > 0 && items(root).every(isResponse) ? { list: items(root) } : undefined
  if (root.type !== 'object') return undefined
  if (isResponse(root)) return { list: [root] }
  for (const key of FOLDER_KEYS) {
    const list = prop(root, key)
    if (list?.type === 'array' && items(list).every(isResponse)) return { list: items(list), folder: str(prop(root, 'name')) }
  }
  return undefined
}

function readResponse(node: Node, json: JsonText, folder: string | undefined): Document {
  const title = str(prop(node, 'title'))
  const html = prop(node, 'content_html')
  const plain = prop(node, 'content')
  const parts: MacroParts = {
    id: idOf(prop(node, 'id')) ?? title,
    title,
    body: html?.type === 'string' ? json.html(html) : json.string(plain),
  }
  const meta: Record<string, unknown> = {}
  const folderId = idOf(prop(node, 'folder_id'))
  if (folderId !== undefined) meta.folderId = folderId
  if (folder !== undefined) {
    meta.folder = folder
    parts.tags = [folder]
  }
  parts.meta = meta
  return macroDocument('freshdesk', parts)
}

export const freshdeskShape: JsonShape = {
  name: 'freshdesk',
  kind: 'macro',
  expects: '{ "title", "content_html" or "content", "folder_id" }, an array of those, or a folder with "responses"',
  html: true,
  detect: (root) => responses(root) !== undefined,
  read(root, json) {
    const found = responses(root)!
    return found.list.map((n) => readResponse(n, json, found.folder))
  },
}
