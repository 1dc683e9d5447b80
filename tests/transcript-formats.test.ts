/** Transcript formats with timing and vendor shapes: the Document each produces, and exact positions. */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Document, Turn } from '../src/document.js'
import { readSource } from '../src/sources/index.js'
import { buildRoleMap } from '../src/sources/roles.js'
import { brief, lintString } from './helpers.js'

const fixtures = resolve(import.meta.dirname, '../fixtures')
const fixture = (path: string) => readFileSync(join(fixtures, path), 'utf8')
const roles = buildRoleMap({ agent: ['Priya'] })

async function read(text: string, file: string, format?: string) {
  return (await readSource(text, file, { roles, format })).parsed
}
async function documentOf(text: string, file: string): Promise<Document> {
  const { documents } = await read(text, file)
  expect(documents).toHaveLength(1)
  return documents[0]!
}
/** The fields of a turn a test compares (undefined ones left out). */
function turnFields(t: Turn) {
  const out: Record<string, unknown> = { role: t.role, text: t.text }
  for (const key of ['speaker', 'startMs', 'endMs', 'at', 'internal'] as const) if (t[key] !== undefined) out[key] = t[key]
  return out
}
/** The file text a turn's map covers, from its first to its last character. */
const covered = (text: string, t: Turn) => text.slice(t.range.toFileStart(0), t.range.toFileEnd(t.text.length))

const ID = 'avoid-interjection'
const casual = (w: string) => `"${w}" is a casual interjection; it reads as careless in a customer reply.`
const overlap = (s: string) => `The agent started speaking ${s} s before the customer had finished; let them finish.`
const vendorCut = (s: string) =>
  `The agent cut in while the customer was speaking (${s} s of talking over, as measured by the call analytics); let them finish.`

async function lint(text: string, file: string, extraRoles?: Record<string, string[]>) {
  const result = await lintString(text, file, { [ID]: 'error' }, extraRoles)
  return result.messages.map(brief)
}

describe('webvtt', () => {
  it('reads a Teams file: voice spans, merged cues, tags and entities, timing, NOTE comments', async () => {
    const text = fixture('webvtt/teams-call.vtt')
    const { documents, comments } = await read(text, 'teams-call.vtt')
    const doc = documents[0]!
    expect(doc.kind).toBe('transcript')
    expect(doc.format).toBe('webvtt')
    expect(doc.turns.map(turnFields)).toEqual([
      { role: 'agent', speaker: 'Priya Raman', text: 'Thanks for calling Northwind Internet, this is Priya.', startMs: 800, endMs: 3900 },
      {
        role: 'customer',
        speaker: 'Guest (Tom Becker)',
        // Two cues 100 ms apart: one turn.
        text: "Hi. The connection drops every evening around eight, and I work from home, so it's costing me hours.",
        startMs: 4300,
        endMs: 12500,
      },
      { role: 'agent', speaker: 'Priya Raman', text: "Okay, what's the account number?", startMs: 11200, endMs: 13800 },
      { role: 'customer', speaker: 'Guest (Tom Becker)', text: "It's NW-20417. Honestly, ugh, it's been a week.", startMs: 14200, endMs: 17000 },
      { role: 'agent', speaker: 'Priya Raman', text: 'Ugh, a week is far too long.', startMs: 17400, endMs: 19000 },
      {
        role: 'agent',
        speaker: 'Priya Raman',
        text: 'Oops, I see it now: a fault on the line & a firmware update still pending.',
        startMs: 19300,
        endMs: 24600,
      },
    ])
    expect(covered(text, doc.turns[5]!)).toBe('Oops</c>, I see it now: a fault on the line &amp; a\nfirmware update still pending.')
    expect(comments.map((c) => c.value.trim())).toEqual([
      'Written for rapport in the shape of a Microsoft Teams transcript: voice spans,\ncue ids of the form <guid>/<n>-<k>. Priya is the agent.',
      "rapport-disable-next-line avoid-interjection -- she is echoing the caller's word",
    ])
  })

  it('reports inside a voice span and a <c> span, talks over the caller, and honours a NOTE directive', async () => {
    const result = await lintString(fixture('webvtt/teams-call.vtt'), 'teams-call.vtt', { [ID]: 'error' }, { agent: ['Priya'] })
    expect(result.messages.map(brief)).toEqual([
      { ruleId: ID, line: 21, column: 16, endLine: 21, endColumn: 48, message: overlap('1.3') },
      { ruleId: ID, line: 35, column: 29, endLine: 35, endColumn: 33, message: casual('Oops') },
    ])
    // The "Ugh" on line 31 is silenced by the NOTE before its cue.
    expect(result.suppressedMessages.map((m) => [m.line, m.column, m.message])).toEqual([[31, 16, casual('Ugh')]])
  })

  it('reads Zoom "Name:" prefixes and merges a speaker\'s cues less than 300 ms apart', async () => {
    const text = fixture('webvtt/zoom-call.vtt')
    const doc = await documentOf(text, 'zoom-call.vtt')
    expect(doc.turns.map((t) => [t.speaker, t.role, t.startMs, t.endMs])).toEqual([
      ['Priya', 'agent', 1040, 3520],
      ['Customer', 'customer', 4100, 7900],
      ['Priya', 'agent', 8300, 14600],
      ['Customer', 'customer', 15200, 16400],
    ])
    expect(doc.turns[2]!.text).toBe("Whoops, I can see both payments here. I've refunded the second one; it will show in three to five days.")
    expect(await lint(text, 'zoom-call.vtt', { agent: ['Priya'] })).toEqual([
      { ruleId: ID, line: 13, column: 8, endLine: 13, endColumn: 14, message: casual('Whoops') },
    ])
  })

  it('takes mm:ss.mmm times, cue settings, several voices in one cue, entities and <i>/<b>/timestamp tags', async () => {
    const text = [
      'WEBVTT - a call',
      '',
      '00:01.000 --> 00:04.000 align:left size:50%',
      '<v.loud Customer>My bill is wrong</v><v Agent>Let me look.',
      '',
      '01:00:05.250 --> 01:00:07.000',
      '<v Agent><i>Uh-oh</i>, <00:05.500><b>I&#39;m</b> &lt;sorry&gt;',
      '',
    ].join('\n')
    const doc = await documentOf(text, 'call.vtt')
    expect(doc.turns.map(turnFields)).toEqual([
      // One cue, two voices: its time shared in proportion to the text (16 and 12 characters).
      { role: 'customer', speaker: 'Customer', text: 'My bill is wrong', startMs: 1000, endMs: 2714 },
      { role: 'agent', speaker: 'Agent', text: 'Let me look.', startMs: 2714, endMs: 4000 },
      { role: 'agent', speaker: 'Agent', text: "Uh-oh, I'm <sorry>", startMs: 3_605_250, endMs: 3_607_000 },
    ])
    expect(await lint(text, 'call.vtt')).toEqual([
      { ruleId: ID, line: 7, column: 13, endLine: 7, endColumn: 18, message: casual('Uh-oh') },
    ])
  })

  it('keeps overlapping and out-of-order cues in file order, and cues with no speaker as unknown', async () => {
    const text = [
      'WEBVTT',
      '',
      '00:30.000 --> 00:31.500 align:right size:50%',
      '<v Customer>When I emailed you last week—',
      '00:30.500 --> 00:32.500 align:left size:50%',
      '<v Agent>Sorry, whoops, which email was that?',
      '',
      '00:10.000 --> 00:12.000',
      'Music playing',
      '',
    ].join('\n')
    const doc = await documentOf(text, 'overlap.vtt')
    expect(doc.turns.map((t) => [t.role, t.speaker, t.startMs, t.endMs])).toEqual([
      ['customer', 'Customer', 30000, 31500],
      ['agent', 'Agent', 30500, 32500],
      ['unknown', undefined, 10000, 12000],
    ])
    expect(await lint(text, 'overlap.vtt')).toEqual([
      { ruleId: ID, line: 6, column: 10, endLine: 6, endColumn: 46, message: overlap('1.0') },
      { ruleId: ID, line: 6, column: 17, endLine: 6, endColumn: 23, message: casual('whoops') },
    ])
  })

  it('reads an empty file, a cue with no text, and CRLF line ends', async () => {
    expect((await documentOf('WEBVTT\n', 'empty.vtt')).turns).toEqual([])
    const text = 'WEBVTT\r\n\r\n1\r\n00:00:01.000 --> 00:00:02.000\r\n\r\n2\r\n00:00:02.000 --> 00:00:04.000\r\nAgent: Oops,\r\nsorry.\r\n'
    const doc = await documentOf(text, 'crlf.vtt')
    expect(doc.turns.map((t) => [t.speaker, t.text])).toEqual([['Agent', 'Oops, sorry.']])
    expect(await lint(text, 'crlf.vtt')).toEqual([{ ruleId: ID, line: 8, column: 8, endLine: 8, endColumn: 12, message: casual('Oops') }])
  })

  it('is a fatal message without the WEBVTT header, and a problem for a bad cue', async () => {
    const result = await lintString('1\n00:01.000 --> 00:02.000\nhi\n', 'bad.vtt', { [ID]: 'error' })
    expect(result.messages.map((m) => [m.fatal, m.line, m.message])).toEqual([
      [true, 1, 'Not a WebVTT file: the first line must be "WEBVTT".'],
    ])
    const bad = await lintString('WEBVTT\n\n1\n00:01 --> 00:02\nhi\n\n00:03.000 --> 00:04.000\nAgent: ugh\n', 'bad.vtt', { [ID]: 'error' })
    expect(bad.messages.map((m) => [m.fatal ?? false, m.line, m.column, m.message])).toEqual([
      [true, 4, 1, 'Not a WebVTT cue: expected "start --> end" times (hh:mm:ss.mmm or mm:ss.mmm).'],
      [false, 8, 8, casual('ugh')],
    ])
  })
})

describe('srt', () => {
  it('reads NAME: prefixes, dash and >> speaker changes, continued cues, and shares a two-speaker cue', async () => {
    const text = fixture('srt/support-call.srt')
    const doc = await documentOf(text, 'support-call.srt')
    expect(doc.format).toBe('srt')
    expect(doc.turns.map(turnFields)).toEqual([
      { role: 'agent', speaker: 'PRIYA', text: 'Northwind support, Priya speaking.', startMs: 900, endMs: 3400 },
      { role: 'customer', speaker: 'CUSTOMER', text: 'Hi, my order arrived with a cracked screen.', startMs: 3900, endMs: 7200 },
      { role: 'agent', speaker: 'PRIYA', text: "I'm sorry to hear that.", startMs: 7600, endMs: 9243 },
      { role: 'customer', speaker: 'CUSTOMER', text: 'It was a birthday present.', startMs: 9243, endMs: 11100 },
      {
        role: 'agent',
        speaker: 'PRIYA',
        // Cue 5 has no marker: it carries on Priya, 100 ms after cue 4, so it joins her turn.
        text: "Oops, I see the courier marked the box as fragile, too. I'll send a replacement today.",
        startMs: 11500,
        endMs: 18200,
      },
      // ">>" with no name: a new speaker nobody named.
      { role: 'unknown', text: 'Thank you.', startMs: 18900, endMs: 20000 },
    ])
    expect(covered(text, doc.turns[0]!)).toBe('Northwind support,\nPriya speaking.')
    expect(await lint(text, 'support-call.srt', { agent: ['Priya'] })).toEqual([
      { ruleId: ID, line: 18, column: 11, endLine: 18, endColumn: 15, message: casual('Oops') },
    ])
  })

  it('points into a dash line, past tags, with comma or dot milliseconds', async () => {
    const text = [
      '1',
      '00:00:01,000 --> 00:00:03,000',
      '- Dana: <i>Whoops</i>, wrong form.',
      '- Customer: No worries.',
      '',
      '2',
      '00:00:03.500 --> 00:00:05.000',
      '{\\an8}- Dana: Yikes.',
      '',
    ].join('\n')
    const doc = await documentOf(text, 'dash.srt')
    expect(doc.turns.map((t) => [t.speaker, t.text, t.startMs, t.endMs])).toEqual([
      // One cue, two speakers: its time shared in proportion to the text (19 and 11 characters).
      ['Dana', 'Whoops, wrong form.', 1000, 2267],
      ['Customer', 'No worries.', 2267, 3000],
      ['Dana', 'Yikes.', 3500, 5000],
    ])
    expect(await lint(text, 'dash.srt', { agent: ['Dana'] })).toEqual([
      { ruleId: ID, line: 3, column: 12, endLine: 3, endColumn: 18, message: casual('Whoops') },
      { ruleId: ID, line: 8, column: 15, endLine: 8, endColumn: 20, message: casual('Yikes') },
    ])
  })

  it('leaves unnamed speakers unknown, reads an empty file, and computes overlap between cues', async () => {
    expect((await documentOf('', 'empty.srt')).turns).toEqual([])
    const unnamed = '1\n00:00:01,000 --> 00:00:02,000\n- Oops.\n- Fine.\n'
    expect((await documentOf(unnamed, 'u.srt')).turns.map((t) => [t.role, t.speaker])).toEqual([
      ['unknown', undefined],
      ['unknown', undefined],
    ])
    const talkOver = '1\n00:00:01,000 --> 00:00:06,000\nCUSTOMER: The app logs me out every time\n\n2\n00:00:04,000 --> 00:00:07,000\nAGENT: Have you updated it?\n'
    expect(await lint(talkOver, 'over.srt')).toEqual([
      { ruleId: ID, line: 7, column: 8, endLine: 7, endColumn: 28, message: overlap('2.0') },
    ])
  })
})

describe('Amazon Connect Contact Lens', () => {
  it('reads a voice analysis file: roles through Participants, timing, contact id, vendor interruptions', async () => {
    const text = fixture('contact-lens/voice-analysis.json')
    const doc = await documentOf(text, 'voice-analysis.json')
    expect(doc.format).toBe('contact-lens')
    expect(doc.id).toBe('5e1f0a3c-2b4d-4c6e-8f90-1a2b3c4d5e6f')
    expect(doc.interruptions).toEqual([{ interrupter: 'agent', startMs: 28200, endMs: 31000 }])
    expect(doc.turns.map((t) => [t.role, t.speaker, t.startMs, t.endMs])).toEqual([
      ['agent', 'AGENT', 1200, 4800],
      ['customer', 'CUSTOMER', 5400, 11940],
      ['agent', 'AGENT', 11920, 15800],
      ['customer', 'CUSTOMER', 16300, 19100],
      ['agent', 'AGENT', 19500, 23000],
      ['customer', 'CUSTOMER', 23400, 31000],
      ['agent', 'AGENT', 28200, 32600],
      ['agent', 'AGENT', 33100, 37000],
    ])
    expect(doc.turns[7]!.text).toBe('An engineer will call you "tomorrow" between eight and ten to fix it.')
  })

  it('reports the vendor interruption once, on the agent turn it starts in, not the 20 ms latch', async () => {
    const text = fixture('contact-lens/voice-analysis.json')
    expect(await lint(text, 'voice-analysis.json')).toEqual([
      { ruleId: ID, line: 79, column: 19, endLine: 79, endColumn: 48, message: vendorCut('2.8') },
      { ruleId: ID, line: 79, column: 19, endLine: 79, endColumn: 23, message: casual('Oops') },
    ])
  })

  it('resolves opaque participant ids, leaves unknown ones unknown, skips items with no text, takes the id from the file name', async () => {
    const text = JSON.stringify({
      Channel: 'VOICE',
      Participants: [
        { ParticipantId: 'p-7f3a', ParticipantRole: 'AGENT' },
        { ParticipantId: 'p-19c2', ParticipantRole: 'CUSTOMER' },
        { ParticipantId: 'p-0b11', ParticipantRole: 'SUPERVISOR' },
      ],
      Transcript: [
        { ParticipantId: 'p-19c2', Content: 'Hello?', BeginOffsetMillis: 0, EndOffsetMillis: 900 },
        { ParticipantId: 'p-7f3a', Content: '', BeginOffsetMillis: 1000, EndOffsetMillis: 1200 },
        { ParticipantId: 'p-7f3a', BeginOffsetMillis: 1300, EndOffsetMillis: 1400 },
        { ParticipantId: 'p-zzzz', Content: 'Who is this?', BeginOffsetMillis: 1500, EndOffsetMillis: 2100 },
        { ParticipantId: 'p-0b11', Content: 'Supervisor here, whoops.', BeginOffsetMillis: 2200, EndOffsetMillis: 3000 },
      ],
    })
    const file = '5e1f0a3c-2b4d-4c6e-8f90-1a2b3c4d5e6f_analysis_2026-03-02T10_00_00Z.json'
    const doc = await documentOf(text, file)
    expect(doc.id).toBe('5e1f0a3c-2b4d-4c6e-8f90-1a2b3c4d5e6f')
    expect(doc.interruptions).toBeUndefined()
    expect(doc.turns.map((t) => [t.role, t.speaker, t.text])).toEqual([
      ['customer', 'p-19c2', 'Hello?'],
      ['unknown', 'p-zzzz', 'Who is this?'],
      ['agent', 'p-0b11', 'Supervisor here, whoops.'],
    ])
  })

  it('reads an empty voice transcript', async () => {
    const text = JSON.stringify({ Channel: 'VOICE', Participants: [{ ParticipantId: 'AGENT', ParticipantRole: 'AGENT' }], Transcript: [] })
    const doc = await documentOf(text, 'empty.json')
    expect([doc.format, doc.turns]).toEqual(['contact-lens', []])
  })

  it('reads a chat analysis file: EVENT items skipped, SYSTEM messages, display names, AbsoluteTime', async () => {
    const text = fixture('contact-lens/chat-analysis.json')
    const doc = await documentOf(text, 'chat-analysis.json')
    expect(doc.format).toBe('contact-lens-chat')
    expect(doc.id).toBe('9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d')
    expect(doc.turns.map((t) => [t.role, t.speaker, t.at])).toEqual([
      ['system', 'SYSTEM_MESSAGE', '2026-03-02T09:00:01.120Z'],
      ['customer', 'Customer', '2026-03-02T09:00:05.210Z'],
      ['agent', 'Priya', '2026-03-02T09:00:41.870Z'],
      ['agent', 'Priya', '2026-03-02T09:02:10.004Z'],
    ])
    expect(doc.turns[2]!.text).toBe("Whoops, that's not right.\nLet me check with the courier for you.")
    expect(await lint(text, 'chat-analysis.json')).toEqual([
      { ruleId: ID, line: 52, column: 19, endLine: 52, endColumn: 25, message: casual('Whoops') },
    ])
  })

  it('maps CUSTOM_BOT to bot and points past a \\n escape in a chat message', async () => {
    const text =
      '{"Channel": "CHAT", "Transcript": [\n' +
      '  {"ParticipantRole": "CUSTOM_BOT", "Content": "Hi!", "Type": "MESSAGE"},\n' +
      '  {"ParticipantRole": "AGENT", "Content": "One moment.\\nUgh, sorry.", "Type": "MESSAGE"}\n' +
      ']}\n'
    const doc = await documentOf(text, 'chat.json')
    expect(doc.turns.map((t) => t.role)).toEqual(['bot', 'agent'])
    expect(await lint(text, 'chat.json')).toEqual([
      { ruleId: ID, line: 3, column: 57, endLine: 3, endColumn: 60, message: casual('Ugh') },
    ])
  })
})

describe('Amazon Transcribe Call Analytics', () => {
  it('reads roles on each turn, timing, the job name and both interrupters', async () => {
    const text = fixture('transcribe/call-analytics.json')
    const doc = await documentOf(text, 'call-analytics.json')
    expect(doc.format).toBe('transcribe-call-analytics')
    expect(doc.id).toBe('northwind-billing-0412')
    expect(doc.interruptions).toEqual([
      { interrupter: 'agent', startMs: 9100, endMs: 10500 },
      { interrupter: 'customer', startMs: 17600, endMs: 18500 },
    ])
    expect(doc.turns.map((t) => [t.role, t.speaker, t.startMs, t.endMs])).toEqual([
      ['agent', 'AGENT', 400, 2900],
      ['customer', 'CUSTOMER', 3300, 10500],
      ['agent', 'AGENT', 9100, 12800],
      ['agent', 'AGENT', 13200, 18500],
      ['customer', 'CUSTOMER', 17600, 20100],
    ])
  })

  it('reports the agent interruption, not the customer one, and computes no overlap of its own', async () => {
    const text = fixture('transcribe/call-analytics.json')
    expect(await lint(text, 'call-analytics.json')).toEqual([
      { ruleId: ID, line: 45, column: 19, endLine: 45, endColumn: 65, message: vendorCut('1.4') },
      { ruleId: ID, line: 45, column: 26, endLine: 45, endColumn: 31, message: casual('yikes') },
    ])
  })

  it('is told apart from Contact Lens and reads an empty transcript', async () => {
    const doc = await documentOf(JSON.stringify({ JobStatus: 'COMPLETED', Transcript: [] }), 'empty.json')
    expect([doc.format, doc.turns, doc.interruptions]).toEqual(['transcribe-call-analytics', [], undefined])
  })
})

describe('Google CCAI Insights', () => {
  it('reads roles, user ids, times from start_timestamp_usec, and points past a \\u escape', async () => {
    const text = fixture('ccai/refund-chat.json')
    const doc = await documentOf(text, 'refund-chat.json')
    expect(doc.format).toBe('ccai-insights')
    expect(doc.turns.map((t) => [t.role, t.speaker, t.startMs, t.at])).toEqual([
      ['bot', '3', 0, '2026-03-02T09:00:00.000Z'],
      ['customer', '2', 12500, '2026-03-02T09:00:12.500Z'],
      ['agent', '1', 75250, '2026-03-02T09:01:15.250Z'],
      ['agent', '1', 90000, '2026-03-02T09:01:30.000Z'],
    ])
    expect(doc.turns[2]!.text).toBe('Ugh, sorry about the wait — I can see the return arrived on the 3rd.')
    expect(await lint(text, 'refund-chat.json')).toEqual([
      { ruleId: ID, line: 19, column: 16, endLine: 19, endColumn: 19, message: casual('Ugh') },
    ])
  })

  it('reads CUSTOMER and an unknown role, skips an entry with no text, reads an empty conversation', async () => {
    const text = JSON.stringify({
      entries: [
        { text: 'hi', role: 'CUSTOMER', user_id: 2 },
        { text: '', role: 'AGENT', user_id: 1 },
        { text: 'hello', role: 'OBSERVER' },
      ],
    })
    expect((await documentOf(text, 'c.json')).turns.map((t) => [t.role, t.speaker, t.text])).toEqual([
      ['customer', '2', 'hi'],
      ['unknown', 'OBSERVER', 'hello'],
    ])
    const empty = await documentOf(JSON.stringify({ conversation_info: {}, entries: [] }), 'e.json')
    expect([empty.format, empty.turns]).toEqual(['ccai-insights', []])
  })
})

describe('Zendesk messaging', () => {
  it('reads Sunshine Conversations messages: user, business, AI business, no-text messages skipped', async () => {
    const text = fixture('zendesk-messaging/messages.json')
    const doc = await documentOf(text, 'messages.json')
    expect(doc.format).toBe('zendesk-messaging')
    expect(doc.id).toBe('6620f1c2a9b3e4d5c6b7a890')
    expect(doc.turns.map((t) => [t.role, t.speaker, t.at])).toEqual([
      ['customer', 'Alex Moreno', '2026-03-02T14:05:11.402Z'],
      ['bot', 'Northwind Bot', '2026-03-02T14:05:12.900Z'],
      ['agent', 'Priya', '2026-03-02T14:07:40.118Z'],
      ['agent', 'Priya', '2026-03-02T14:08:30.020Z'],
    ])
    expect(await lint(text, 'messages.json')).toEqual([
      { ruleId: ID, line: 22, column: 54, endLine: 22, endColumn: 58, message: casual('oops') },
    ])
  })

  it('reads a bare array of messages and a legacy Chat history', async () => {
    const bare = JSON.stringify([{ author: { type: 'business', displayName: 'Sam' }, content: { type: 'text', text: 'Hi there' } }])
    expect((await documentOf(bare, 'bare.json')).turns.map((t) => [t.role, t.speaker, t.text])).toEqual([['agent', 'Sam', 'Hi there']])
    const text = fixture('zendesk-messaging/chat-history.json')
    const doc = await documentOf(text, 'chat-history.json')
    expect(doc.id).toBe('1603.128431.SlTgqD0vPBMbX')
    expect(doc.turns.map((t) => [t.role, t.speaker, t.text, t.at])).toEqual([
      ['customer', 'Jordan', 'Can I change the delivery address on order 7781?', '2026-03-02T16:20:09Z'],
      ['agent', 'Priya', 'Hold on, it has already left our warehouse.', '2026-03-02T16:21:02Z'],
      ['agent', 'Priya', 'I can ask the courier to redirect it to the new address.', '2026-03-02T16:21:15Z'],
    ])
    const chats = await read(JSON.stringify({ chats: [JSON.parse(text), { ...JSON.parse(text), id: 'second' }] }), 'chats.json')
    expect(chats.documents.map((d) => [d.id, d.turns.length])).toEqual([
      ['1603.128431.SlTgqD0vPBMbX', 3],
      ['second', 3],
    ])
  })
})

describe('Intercom conversation', () => {
  it('reads the source and parts: HTML bodies, author types, notes internal, parts with no body skipped', async () => {
    const text = fixture('intercom/conversation.json')
    const doc = await documentOf(text, 'conversation.json')
    expect(doc.format).toBe('intercom-conversation')
    expect([doc.id, doc.title]).toEqual(['184302', 'Double charge on invoice'])
    expect(doc.turns.map(turnFields)).toEqual([
      { role: 'customer', speaker: 'Sam Okafor', text: 'I was charged twice for invoice INV-3381.', at: '2026-03-02T14:00:00.000Z' },
      {
        role: 'agent',
        speaker: 'Priya',
        text: 'Card processor retried the payment. Ugh, third one this week.',
        at: '2026-03-02T14:02:00.000Z',
        internal: true,
      },
      {
        role: 'agent',
        speaker: 'Priya',
        text: "Hi Sam,\n\nWhoops, our payment system charged you twice — I've refunded the second charge.",
        at: '2026-03-02T14:03:00.000Z',
      },
      { role: 'customer', speaker: 'Sam Okafor', text: 'Thanks, that was quick!', at: '2026-03-02T14:05:00.000Z' },
    ])
  })

  it('points inside the markup of an HTML body and leaves the internal note alone', async () => {
    const text = fixture('intercom/conversation.json')
    expect(await lint(text, 'conversation.json')).toEqual([
      { ruleId: ID, line: 37, column: 35, endLine: 37, endColumn: 41, message: casual('Whoops') },
    ])
  })

  it('maps bot and AI authors to bot, team to agent, and tags inside an escaped body', async () => {
    const text =
      '{"type": "conversation", "id": 7, "source": {"body": "", "author": {"type": "lead"}},\n' +
      ' "conversation_parts": {"conversation_parts": [\n' +
      '  {"part_type": "comment", "body": "<p>Hello</p>", "author": {"type": "bot"}},\n' +
      '  {"part_type": "comment", "body": "<p>Hi</p>", "author": {"type": "admin", "from_ai_agent": true}},\n' +
      '  {"part_type": "comment", "body": "<p class=\\"x\\">Sorry, <i>yikes</i></p>", "author": {"type": "team"}}\n' +
      ']}}\n'
    const doc = await documentOf(text, 'c.json')
    expect(doc.id).toBe('7')
    expect(doc.turns.map((t) => [t.role, t.text])).toEqual([
      ['bot', 'Hello'],
      ['bot', 'Hi'],
      ['agent', 'Sorry, yikes'],
    ])
    expect(await lint(text, 'c.json')).toEqual([
      { ruleId: ID, line: 5, column: 62, endLine: 5, endColumn: 67, message: casual('yikes') },
    ])
  })
})

describe('detection', () => {
  it('tells every vendor shape from the others and from rapport\'s own shape', async () => {
    const cases: [unknown, string][] = [
      [{ turns: [{ role: 'agent', text: 'hi' }] }, 'json'],
      [{ Channel: 'CHAT', Transcript: [] }, 'contact-lens-chat'],
      [{ Participants: [{ ParticipantId: 'A', ParticipantRole: 'AGENT' }], Transcript: [{ ParticipantId: 'A', Content: 'x', BeginOffsetMillis: 0 }] }, 'contact-lens'],
      [{ Transcript: [{ ParticipantRole: 'AGENT', Content: 'x', BeginOffsetMillis: 0 }] }, 'transcribe-call-analytics'],
      [{ entries: [{ text: 'x', role: 'END_USER' }] }, 'ccai-insights'],
      [{ messages: [{ author: { type: 'user' }, content: { type: 'text', text: 'x' } }] }, 'zendesk-messaging'],
      [{ conversation_parts: { conversation_parts: [] } }, 'intercom-conversation'],
    ]
    for (const [value, format] of cases) expect((await read(JSON.stringify(value), 'x.json')).documents[0]!.format, format).toBe(format)
  })

  it('lists the vendor shapes in the message for an unrecognised file, and forces a shape by name', async () => {
    const result = await lintString('{"entries": [{"type": "MESSAGE", "body": {}}]}', 'x.json', { [ID]: 'error' })
    const message = result.messages[0]!.message
    for (const name of ['contact-lens-chat', 'contact-lens (', 'transcribe-call-analytics', 'ccai-insights', 'zendesk-messaging', 'intercom-conversation'])
      expect(message).toContain(name)
    const forced = await read(JSON.stringify({ Transcript: [{ ParticipantRole: 'AGENT', Content: 'x', BeginOffsetMillis: 0 }] }), 'x.json', 'transcribe-call-analytics')
    expect(forced.documents[0]!.format).toBe('transcribe-call-analytics')
    await expect(read(JSON.stringify({ turns: [] }), 'x.json', 'intercom-conversation')).rejects.toThrow(/This is not intercom-conversation JSON/)
  })
})
