/**
 * Amazon Transcribe Call Analytics post-call output (`transcribe-call-analytics`): `Transcript[{Id,
 * ParticipantRole, Content, BeginOffsetMillis, EndOffsetMillis, Sentiment, Items[…]}]` with the role on each
 * turn (no ParticipantId, which is how it differs from a Contact Lens file), and the same
 * `ConversationCharacteristics.Interruptions` block, which becomes `document.interruptions`. Roles as in
 * Contact Lens (contact-lens.ts); the speaker is the ParticipantRole; the id is the JobName.
 */
import type { Document, Turn } from '../document.js'
import { awsRole, readInterruptions, textOf } from './contact-lens.js'
import { items, num, prop, str, type JsonShape } from './json-tree.js'

export const transcribeCallAnalytics: JsonShape = {
  name: 'transcribe-call-analytics',
  kind: 'transcript',
  expects: '{ "Transcript": [{ "ParticipantRole", "Content", "BeginOffsetMillis" }] }',
  detect(root) {
    if (root.type !== 'object' || str(prop(root, 'Channel'))?.toUpperCase() === 'CHAT') return false
    const transcript = prop(root, 'Transcript')
    if (transcript?.type !== 'array') return false
    if (items(prop(root, 'Participants')).some((p) => prop(p, 'ParticipantId') !== undefined)) return false
    const turns = items(transcript)
    if (turns.some((t) => prop(t, 'ParticipantId') !== undefined)) return false
    if (turns.length === 0) return prop(root, 'JobStatus') !== undefined || prop(root, 'ConversationCharacteristics') !== undefined
    return turns.some((t) => prop(t, 'ParticipantRole') !== undefined && prop(t, 'BeginOffsetMillis') !== undefined)
  },
  read(root, json, context) {
    const turns: Turn[] = []
    for (const item of items(prop(root, 'Transcript'))) {
      const content = textOf(prop(item, 'Content'), json)
      if (!content) continue
      const roleValue = str(prop(item, 'ParticipantRole'))
      const turn: Turn = { index: turns.length, role: awsRole(roleValue, context), text: content.text, range: content.range }
      if (roleValue !== undefined) turn.speaker = roleValue
      const start = num(prop(item, 'BeginOffsetMillis'))
      const end = num(prop(item, 'EndOffsetMillis'))
      if (start !== undefined) turn.startMs = start
      if (end !== undefined) turn.endMs = end
      turns.push(turn)
    }
    const document: Document = { kind: 'transcript', format: 'transcribe-call-analytics', turns }
    const id = str(prop(root, 'JobName'))
    if (id) document.id = id
    const interruptions = readInterruptions(root, context)
    if (interruptions) document.interruptions = interruptions
    return [document]
  },
}
