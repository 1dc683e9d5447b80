/**
 * help-scout: Help Scout saved replies, `{ id, name, text, chatText }` (the API's get) or an array of those.
 * A reply has two variants and both reach customers, so each is its own Document: the email variant `text`
 * (HTML-ish) with the reply's id, and the chat variant `chatText` (plain) with the id `<id>:chat` and
 * `meta.variant: "chat"`. A chat variant that reads the same as the email one is not read again, so a
 * problem in shared wording is reported once.
 */
import type { Document } from '../document.js'
import { idOf, macroDocument } from './collection.js'
import { items, keys, prop, str, type JsonShape, type JsonText, type Node } from './json-tree.js'

function isReply(node: Node): boolean {
  return node.type === 'object' && str(prop(node, 'name')) !== undefined && keys(node).includes('chatText')
}

const normal = (s: string) => s.replace(/\s+/g, ' ').trim()

function readReply(node: Node, json: JsonText): Document[] {
  const id = idOf(prop(node, 'id'))
  const title = str(prop(node, 'name'))
  const email = json.html(prop(node, 'text'))
  const chat = json.string(prop(node, 'chatText'))
  const documents: Document[] = []
  if (email) documents.push(macroDocument('help-scout', { id: id ?? title, title, body: email, meta: { variant: 'email' } }))
  if (chat && chat.text.trim() !== '' && !(email && normal(email.text) === normal(chat.text)))
    documents.push(macroDocument('help-scout', { id: `${id ?? title}:chat`, title, body: chat, meta: { variant: 'chat' } }))
  if (documents.length === 0) documents.push(macroDocument('help-scout', { id: id ?? title, title }))
  return documents
}

export const helpScoutShape: JsonShape = {
  name: 'help-scout',
  kind: 'macro',
  expects: '{ "name", "text", "chatText" } or an array of those',
  html: true,
  detect: (root) =>
    root.type === 'array' ? items(root).length > 0 && items(root).every(isReply) : isReply(root),
  read: (root, json) => (root.type === 'array' ? items(root) : [root]).flatMap((n) => readReply(n, json)),
}
