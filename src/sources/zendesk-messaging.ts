/**
 * Zendesk messaging and chat exports (`zendesk-messaging`):
 *
 * - Sunshine Conversations messages (the messaging API's list, `{ messages: [...] }`, with `conversation`
 *   beside it or not, or a bare array of messages): `{ id, received, author: { type: "user"|"business",
 *   subtypes, userId, displayName }, content: { type, text } }`. A user is the customer; a business author is
 *   the agent, or a bot when its subtypes include "AI". The speaker is the display name; `received` gives `at`.
 *   A message with no text (an image with no caption, a carousel) is not a turn.
 * - Legacy Zendesk Chat (`/api/v2/chats`: a chat `{ id, type: "chat", visitor, history: [...] }`, or
 *   `{ chats: [...] }`, one document each): `history` rows of `type: "chat.msg"` with `nick` ("visitor" →
 *   customer, "agent:<id>" → agent), `display_name`, `msg` and `timestamp`; joins, leaves and ratings are
 *   skipped.
 */
import type { Document, Role, Turn } from '../document.js'
import type { SourceContext } from './index.js'
import { textOf } from './contact-lens.js'
import { at, isObject, items, num, prop, scalar, str, type JsonShape, type JsonText, type Node } from './json-tree.js'
import { roleOf } from './roles.js'

const isMessage = (node: Node) => {
  const type = str(at(node, 'author', 'type'))
  return isObject(prop(node, 'content')) && (type === 'user' || type === 'business')
}

const isChat = (node: Node) =>
  isObject(node) && prop(node, 'history')?.type === 'array' && (str(prop(node, 'type')) === 'chat' || prop(node, 'visitor') !== undefined || items(prop(node, 'history')).some((h) => prop(h, 'nick') !== undefined && prop(h, 'msg') !== undefined))

function messagesNode(root: Node): Node | undefined {
  if (root.type === 'array') return root
  const messages = prop(root, 'messages')
  return messages?.type === 'array' ? messages : undefined
}

function messageRole(message: Node, context: SourceContext): Role {
  const type = str(at(message, 'author', 'type'))
  if (type === 'user') return 'customer'
  if (type === 'business') {
    const subtypes = items(at(message, 'author', 'subtypes')).map((s) => str(s)?.toUpperCase())
    return subtypes.includes('AI') ? 'bot' : 'agent'
  }
  return roleOf(type, context.roles)
}

function readMessages(list: Node[], json: JsonText, context: SourceContext): Turn[] {
  const turns: Turn[] = []
  for (const message of list) {
    const content = textOf(at(message, 'content', 'text'), json)
    if (!content) continue
    const turn: Turn = { index: turns.length, role: messageRole(message, context), text: content.text, range: content.range }
    const speaker = str(at(message, 'author', 'displayName')) ?? str(at(message, 'author', 'userId'))
    if (speaker !== undefined) turn.speaker = speaker
    const received = str(prop(message, 'received'))
    if (received !== undefined) turn.at = received
    turns.push(turn)
  }
  return turns
}

function nickRole(nick: string | undefined, context: SourceContext): Role {
  if (nick === undefined) return 'unknown'
  if (/^visitor\b/i.test(nick)) return 'customer'
  if (/^agent\b/i.test(nick)) return 'agent'
  return roleOf(nick, context.roles)
}

function isoTime(node: Node | undefined): string | undefined {
  const text = str(node)
  if (text !== undefined && Number.isNaN(Number(text))) return text
  const n = num(node)
  if (n === undefined) return undefined
  const date = new Date(n > 1e11 ? n : n * 1000)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

function readChat(chat: Node, json: JsonText, context: SourceContext): Document {
  const turns: Turn[] = []
  for (const row of items(prop(chat, 'history'))) {
    const type = str(prop(row, 'type'))
    if (type !== undefined && type !== 'chat.msg') continue
    const content = textOf(prop(row, 'msg'), json)
    if (!content) continue
    const nick = str(prop(row, 'nick'))
    const turn: Turn = { index: turns.length, role: nickRole(nick, context), text: content.text, range: content.range }
    const speaker = str(prop(row, 'display_name')) ?? nick
    if (speaker !== undefined) turn.speaker = speaker
    const time = isoTime(prop(row, 'timestamp'))
    if (time !== undefined) turn.at = time
    turns.push(turn)
  }
  const document: Document = { kind: 'transcript', format: 'zendesk-messaging', turns }
  const id = scalar(prop(chat, 'id'))
  if (typeof id === 'string' || typeof id === 'number') document.id = String(id)
  return document
}

export const zendeskMessaging: JsonShape = {
  name: 'zendesk-messaging',
  kind: 'transcript',
  expects:
    '{ "messages": [{ "author": { "type" }, "content": { "text" } }] }, or a Chat { "history": [{ "nick", "msg" }] }',
  detect(root) {
    if (isChat(root)) return true
    const chats = prop(root, 'chats')
    if (chats?.type === 'array' && items(chats).length > 0 && items(chats).every(isChat)) return true
    const messages = messagesNode(root)
    if (!messages) return false
    const list = items(messages)
    // An empty list says nothing about its format, unless the messaging API's paging `meta` sits beside it.
    if (list.length === 0) return root.type === 'object' && prop(prop(root, 'meta'), 'hasMore') !== undefined
    return list.every(isMessage)
  },
  read(root, json, context) {
    if (isChat(root)) return [readChat(root, json, context)]
    const chats = prop(root, 'chats')
    if (chats?.type === 'array') return items(chats).map((chat) => readChat(chat, json, context))
    const document: Document = { kind: 'transcript', format: 'zendesk-messaging', turns: readMessages(items(messagesNode(root)), json, context) }
    const id = scalar(at(root, 'conversation', 'id'))
    if (typeof id === 'string' || typeof id === 'number') document.id = String(id)
    return [document]
  },
}
