/**
 * An Intercom conversation (`GET /conversations/{id}`, `intercom-conversation`): the opening message in
 * `source { body (HTML), author { type } }` and the rest in `conversation_parts.conversation_parts[{
 * part_type, body (HTML or null), author { type }, created_at }]`.
 *
 * - Roles by author type: admin and team → agent, user, lead and contact → customer, bot → bot; an author
 *   marked `from_ai_agent` or `is_ai_answer` is a bot too.
 * - `part_type: "note"` is an internal note (`internal: true`: customer-facing rules skip it).
 * - A part with no body (assignments, open, close, snoozes) is not a turn; any part with a body is (an admin
 *   can reply and assign in one part).
 * - Bodies are HTML, read as a person sees them, every character mapped into the markup inside the JSON string.
 * - `created_at` (unix seconds) gives `at`; the conversation `id` the document id and `title` its title.
 */
import type { Document, Role, Turn } from '../document.js'
import type { SourceContext } from './index.js'
import { at, isObject, items, num, prop, scalar, str, type JsonShape, type JsonText, type Node } from './json-tree.js'
import { roleOf } from './roles.js'

const AUTHOR_ROLES: Record<string, Role> = { admin: 'agent', team: 'agent', user: 'customer', lead: 'customer', contact: 'customer', bot: 'bot' }

function authorRole(author: Node | undefined, context: SourceContext): Role {
  if (scalar(prop(author, 'from_ai_agent')) === true || scalar(prop(author, 'is_ai_answer')) === true) return 'bot'
  const type = str(prop(author, 'type'))
  if (type === undefined) return 'unknown'
  return AUTHOR_ROLES[type.toLowerCase()] ?? roleOf(type, context.roles)
}

function isoFromSeconds(node: Node | undefined): string | undefined {
  const n = num(node)
  if (n === undefined) return undefined
  const date = new Date(n * 1000)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

function turnOf(part: Node, json: JsonText, context: SourceContext, index: number): Turn | undefined {
  const body = json.html(prop(part, 'body'))
  if (!body || body.text.trim() === '') return undefined
  const author = prop(part, 'author')
  const turn: Turn = { index, role: authorRole(author, context), text: body.text, range: body.range }
  const speaker = str(prop(author, 'name')) ?? str(prop(author, 'type'))
  if (speaker !== undefined) turn.speaker = speaker
  const time = isoFromSeconds(prop(part, 'created_at'))
  if (time !== undefined) turn.at = time
  if (str(prop(part, 'part_type')) === 'note') turn.internal = true
  return turn
}

export const intercomConversation: JsonShape = {
  name: 'intercom-conversation',
  kind: 'transcript',
  expects:
    '{ "source": { "body", "author" }, "conversation_parts": { "conversation_parts": [...] } }',
  html: true,
  detect(root) {
    if (root.type !== 'object') return false
    const parts = prop(root, 'conversation_parts')
    if (isObject(parts) && prop(parts, 'conversation_parts')?.type === 'array') return true
    return str(prop(root, 'type')) === 'conversation' && isObject(prop(root, 'source')) && isObject(at(root, 'source', 'author'))
  },
  read(root, json, context) {
    const turns: Turn[] = []
    const source = prop(root, 'source')
    if (source && isObject(source)) {
      const turn = turnOf(source, json, context, 0)
      if (turn) {
        // The source's time is the conversation's.
        if (turn.at === undefined) {
          const time = isoFromSeconds(prop(root, 'created_at'))
          if (time !== undefined) turn.at = time
        }
        turns.push(turn)
      }
    }
    for (const part of items(at(root, 'conversation_parts', 'conversation_parts'))) {
      const turn = turnOf(part, json, context, turns.length)
      if (turn) turns.push(turn)
    }
    const document: Document = { kind: 'transcript', format: 'intercom-conversation', turns }
    const id = scalar(prop(root, 'id'))
    if (typeof id === 'string' || typeof id === 'number') document.id = String(id)
    const title = str(prop(root, 'title'))
    if (title) document.title = title
    return [document]
  },
}
