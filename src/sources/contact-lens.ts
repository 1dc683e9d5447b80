/**
 * Amazon Connect Contact Lens analysis files (…/Analysis/Voice/… and …/Analysis/Chat/…), and the parts that
 * Amazon Transcribe Call Analytics shares with them (transcribe.ts).
 *
 * Voice (`contact-lens`): `Participants[{ParticipantId, ParticipantRole}]`, `Transcript[{ParticipantId,
 * Content, BeginOffsetMillis, EndOffsetMillis}]`; a turn's role is its participant's role (an id that is not
 * in Participants is 'unknown'), its speaker the participant id. Amazon Lex's input transcript format, the
 * same shape without times, reads here too.
 * Chat (`contact-lens-chat`): `Channel: "CHAT"`, `Transcript[{AbsoluteTime, Content, ParticipantRole,
 * ParticipantId, DisplayName, Type}]`; EVENT items (joins, leaves, typing) are skipped; the speaker is the
 * display name.
 *
 * Roles: AGENT → agent, CUSTOMER → customer, SYSTEM → system, CUSTOM_BOT → bot, and SUPERVISOR → agent (a
 * supervisor who barges in speaks to the customer for the company, so customer-facing rules apply to them).
 * An item with no text (Content missing, null, or only white space) is not a turn.
 *
 * `ConversationCharacteristics.Interruptions` (voice) becomes `document.interruptions`, even when it lists
 * none: the vendor measured, and timing rules then use its figures instead of their own.
 */
import type { Document, Role, SourceMap, Turn } from '../document.js'
import type { SourceContext } from './index.js'
import { at, items, keys, num, prop, str, type JsonShape, type JsonText, type Node } from './json-tree.js'
import { roleOf } from './roles.js'

const AWS_ROLES: Record<string, Role> = {
  AGENT: 'agent',
  CUSTOMER: 'customer',
  SYSTEM: 'system',
  CUSTOM_BOT: 'bot',
  SUPERVISOR: 'agent',
}

/** An AWS ParticipantRole as a Role; another word goes through the configured labels. */
export function awsRole(value: string | undefined, context: SourceContext): Role {
  if (value === undefined) return 'unknown'
  return AWS_ROLES[value.toUpperCase()] ?? roleOf(value, context.roles)
}

/** A turn's text from a string node; undefined when the node is not a string or holds only white space. */
export function textOf(node: Node | undefined, json: JsonText): { text: string; range: SourceMap } | undefined {
  const decoded = json.string(node)
  return decoded && decoded.text.trim() !== '' ? decoded : undefined
}

/**
 * `ConversationCharacteristics.Interruptions.InterruptionsByInterrupter` → interruptions, keyed by the
 * interrupter (a role word, or a participant id resolved through `participants`). Undefined when the file
 * carries no Interruptions block.
 */
export function readInterruptions(
  root: Node,
  context: SourceContext,
  participants: Map<string, Role> = new Map(),
): Document['interruptions'] {
  const block = at(root, 'ConversationCharacteristics', 'Interruptions')
  if (!block || block.type !== 'object') return undefined
  const by = prop(block, 'InterruptionsByInterrupter')
  const out: NonNullable<Document['interruptions']> = []
  for (const key of keys(by)) {
    const interrupter = participants.get(key) ?? awsRole(key, context)
    for (const item of items(prop(by, key))) {
      const startMs = num(prop(item, 'BeginOffsetMillis'))
      if (startMs === undefined) continue
      const duration = num(prop(item, 'DurationMillis'))
      const endMs = num(prop(item, 'EndOffsetMillis')) ?? startMs + (duration ?? 0)
      out.push({ interrupter, startMs, endMs })
    }
  }
  return out.sort((a, b) => a.startMs - b.startMs)
}

const isTranscriptItem = (node: Node) => node.type === 'object'

/** The Participants list as id → role. */
function participantRoles(root: Node, context: SourceContext): Map<string, Role> {
  const map = new Map<string, Role>()
  for (const p of items(prop(root, 'Participants'))) {
    const id = str(prop(p, 'ParticipantId'))
    if (id !== undefined) map.set(id, awsRole(str(prop(p, 'ParticipantRole')), context))
  }
  return map
}

function contactIdOf(root: Node, context: SourceContext): string | undefined {
  const id = str(at(root, 'CustomerMetadata', 'ContactId'))
  if (id) return id
  // Contact Lens names its files <contactId>_analysis_<time>.json (…_analysis_redacted_… when redacted).
  const base = context.filePath.split(/[\\/]/).pop() ?? ''
  return /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_analysis/i.exec(base)?.[1]
}

const channel = (root: Node) => str(prop(root, 'Channel'))?.toUpperCase()

export const contactLensVoice: JsonShape = {
  name: 'contact-lens',
  kind: 'transcript',
  expects: '{ "Participants": [{ "ParticipantId", "ParticipantRole" }], "Transcript": [{ "ParticipantId", "Content" }] }',
  detect(root) {
    if (root.type !== 'object' || channel(root) === 'CHAT') return false
    const transcript = prop(root, 'Transcript')
    const participants = items(prop(root, 'Participants'))
    if (transcript?.type !== 'array' || participants.length === 0) return false
    if (!participants.every((p) => prop(p, 'ParticipantId') !== undefined)) return false
    const turns = items(transcript)
    return turns.length === 0 || turns.some((t) => prop(t, 'ParticipantId') !== undefined)
  },
  read(root, json, context) {
    const participants = participantRoles(root, context)
    const turns: Turn[] = []
    for (const item of items(prop(root, 'Transcript'))) {
      if (!isTranscriptItem(item)) continue
      const content = textOf(prop(item, 'Content'), json)
      if (!content) continue
      const id = str(prop(item, 'ParticipantId'))
      const role = id !== undefined ? (participants.get(id) ?? 'unknown') : awsRole(str(prop(item, 'ParticipantRole')), context)
      const { text, range } = content
      const turn: Turn = { index: turns.length, role, text, range }
      if (id !== undefined) turn.speaker = id
      const start = num(prop(item, 'BeginOffsetMillis'))
      const end = num(prop(item, 'EndOffsetMillis'))
      if (start !== undefined) turn.startMs = start
      if (end !== undefined) turn.endMs = end
      turns.push(turn)
    }
    const document: Document = { kind: 'transcript', format: 'contact-lens', turns }
    const id = contactIdOf(root, context)
    if (id) document.id = id
    const interruptions = readInterruptions(root, context, participants)
    if (interruptions) document.interruptions = interruptions
    return [document]
  },
}

export const contactLensChat: JsonShape = {
  name: 'contact-lens-chat',
  kind: 'transcript',
  expects: '{ "Channel": "CHAT", "Transcript": [{ "ParticipantRole", "Content", "Type" }] }',
  detect(root) {
    return root.type === 'object' && channel(root) === 'CHAT' && prop(root, 'Transcript')?.type === 'array'
  },
  read(root, json, context) {
    const participants = participantRoles(root, context)
    const names = new Map<string, string>()
    for (const p of items(prop(root, 'Participants'))) {
      const id = str(prop(p, 'ParticipantId'))
      const name = str(prop(p, 'DisplayName'))
      if (id !== undefined && name !== undefined) names.set(id, name)
    }
    const turns: Turn[] = []
    for (const item of items(prop(root, 'Transcript'))) {
      if (!isTranscriptItem(item)) continue
      if (str(prop(item, 'Type'))?.toUpperCase() === 'EVENT') continue
      if (str(prop(item, 'ContentType'))?.startsWith('application/vnd.amazonaws.connect.event')) continue
      const content = textOf(prop(item, 'Content'), json)
      if (!content) continue
      const id = str(prop(item, 'ParticipantId'))
      const roleValue = str(prop(item, 'ParticipantRole'))
      const role = roleValue !== undefined ? awsRole(roleValue, context) : id !== undefined ? (participants.get(id) ?? 'unknown') : 'unknown'
      const { text, range } = content
      const turn: Turn = { index: turns.length, role, text, range }
      const speaker = str(prop(item, 'DisplayName')) ?? (id !== undefined ? (names.get(id) ?? id) : undefined)
      if (speaker !== undefined) turn.speaker = speaker
      const time = str(prop(item, 'AbsoluteTime'))
      if (time !== undefined) turn.at = time
      turns.push(turn)
    }
    const document: Document = { kind: 'transcript', format: 'contact-lens-chat', turns }
    const id = contactIdOf(root, context)
    if (id) document.id = id
    return [document]
  },
}
