/**
 * Google Contact Center AI Insights conversation JSON, the upload/ingest format (`ccai-insights`):
 *
 *   { "conversation_info": {…}, "entries": [{ "text", "role", "user_id", "start_timestamp_usec" }] }
 *
 * Roles: AGENT, HUMAN_AGENT and ANY_AGENT → agent; AUTOMATED_AGENT → bot; CUSTOMER and END_USER → customer;
 * another value goes through the configured labels. The speaker is the user_id (or the role when there is
 * none). Times: `start_timestamp_usec` is microseconds since the epoch, the moment the entry was said or
 * sent; it becomes `at` (ISO) and `startMs` (from the earliest entry of the file). There is no end time, so
 * rules that need one (talking over) have nothing to measure. An entry with no text is not a turn. The id is
 * the API resource `name` when the file has one.
 */
import type { Document, Role, Turn } from '../document.js'
import type { SourceContext } from './index.js'
import { isObject, items, num, prop, scalar, str, type JsonShape } from './json-tree.js'
import { textOf } from './contact-lens.js'
import { roleOf } from './roles.js'

const CCAI_ROLES: Record<string, Role> = {
  AGENT: 'agent',
  HUMAN_AGENT: 'agent',
  ANY_AGENT: 'agent',
  AUTOMATED_AGENT: 'bot',
  CUSTOMER: 'customer',
  END_USER: 'customer',
}

function ccaiRole(value: string | undefined, context: SourceContext): Role {
  if (value === undefined) return 'unknown'
  return CCAI_ROLES[value.toUpperCase()] ?? roleOf(value, context.roles)
}

export const ccaiInsights: JsonShape = {
  name: 'ccai-insights',
  kind: 'transcript',
  expects: '{ "entries": [{ "text", "role", "start_timestamp_usec" }] }',
  detect(root) {
    const entries = prop(root, 'entries')
    if (root.type !== 'object' || entries?.type !== 'array') return false
    const list = items(entries)
    if (list.length === 0) return prop(root, 'conversation_info') !== undefined
    return (
      list.every((e) => isObject(e) && prop(e, 'text') !== undefined) &&
      list.some((e) => CCAI_ROLES[str(prop(e, 'role'))?.toUpperCase() ?? ''] !== undefined)
    )
  },
  read(root, json, context) {
    const entries = items(prop(root, 'entries'))
    const stamps = entries.map((e) => num(prop(e, 'start_timestamp_usec'))).filter((t): t is number => t !== undefined)
    const origin = stamps.length > 0 ? Math.min(...stamps) : 0
    const turns: Turn[] = []
    for (const entry of entries) {
      const content = textOf(prop(entry, 'text'), json)
      if (!content) continue
      const roleValue = str(prop(entry, 'role'))
      const turn: Turn = { index: turns.length, role: ccaiRole(roleValue, context), text: content.text, range: content.range }
      const user = scalar(prop(entry, 'user_id'))
      const speaker = typeof user === 'string' || typeof user === 'number' ? String(user) : roleValue
      if (speaker !== undefined) turn.speaker = speaker
      const usec = num(prop(entry, 'start_timestamp_usec'))
      if (usec !== undefined) {
        turn.startMs = Math.round((usec - origin) / 1000)
        const date = new Date(usec / 1000)
        if (!Number.isNaN(date.getTime())) turn.at = date.toISOString()
      }
      turns.push(turn)
    }
    const document: Document = { kind: 'transcript', format: 'ccai-insights', turns }
    const id = str(prop(root, 'name'))
    if (id) document.id = id
    return [document]
  },
}
