import { describe, expect, it } from 'vitest'
import { messagesOf } from '../helpers.js'

const ID = 'avoid-interjection'
const casual = (w: string) => `"${w}" is a casual interjection; it reads as careless in a customer reply.`
const cut = (w: string) => `"${w}" cuts the customer off; let them finish, then respond.`
const overlap = (s: string) => `The agent started speaking ${s} s before the customer had finished; let them finish.`

describe('avoid-interjection: overlap in timed transcripts', () => {
  it('fires when the agent starts more than 500 ms before the customer ends', async () => {
    const text = [
      '[00:00:01.000 --> 00:00:06.000] Customer: I was charged twice and I want to know why',
      '[00:00:04.800 --> 00:00:08.000] Agent: I can refund that. Let me check.',
    ].join('\n')
    expect(await messagesOf(ID, text, 'call.txt')).toEqual([
      { ruleId: ID, line: 2, column: 40, endLine: 2, endColumn: 58, message: overlap('1.2') },
    ])
  })

  it('does not fire at or under the threshold, or for backchannels', async () => {
    const within = '[00:00:01.000 --> 00:00:06.000] Customer: one\n[00:00:05.500 --> 00:00:07.000] Agent: Thanks for waiting.\n'
    expect(await messagesOf(ID, within, 'call.txt')).toEqual([])
    const backchannel = '[00:00:01.000 --> 00:00:09.000] Customer: and then\n[00:00:03.000 --> 00:00:03.400] Agent: Mm-hmm, I see.\n'
    expect(await messagesOf(ID, backchannel, 'call.txt')).toEqual([])
  })

  it('honours minOverlapMs and reads JSON timings', async () => {
    const text = JSON.stringify({
      turns: [
        { role: 'customer', text: 'My card was declined at the store', start: 0, end: 4 },
        { role: 'agent', text: 'Which store was it?', start: 3.2, end: 5 },
      ],
    })
    expect(await messagesOf(ID, text, 'call.json')).toEqual([
      { ruleId: ID, line: 1, column: 116, endLine: 1, endColumn: 135, message: overlap('0.8') },
    ])
    expect(await messagesOf(ID, text, 'call.json', { minOverlapMs: 1000 })).toEqual([])
  })

  it('does not fire without timing or when the agent starts after the customer', async () => {
    expect(await messagesOf(ID, 'Customer: hello there\nAgent: Hi! How can I help?\n', 'chat.txt')).toEqual([])
    const later = '[00:00:01.000 --> 00:00:03.000] Customer: hi\n[00:00:03.100 --> 00:00:04.000] Agent: Hello!\n'
    expect(await messagesOf(ID, later, 'call.txt')).toEqual([])
  })
})

describe('avoid-interjection: phrases', () => {
  it('fires on interrupting phrases at the start of a sentence', async () => {
    const text = 'Customer: so the thing is\nAgent: Hold on, let me stop you there. Wait, which order?\n'
    expect(await messagesOf(ID, text, 'chat.txt')).toEqual([
      { ruleId: ID, line: 2, column: 8, endLine: 2, endColumn: 15, message: cut('Hold on') },
      { ruleId: ID, line: 2, column: 17, endLine: 2, endColumn: 38, message: cut('let me stop you there') },
      { ruleId: ID, line: 2, column: 40, endLine: 2, endColumn: 44, message: cut('Wait') },
    ])
  })

  it('does not fire on hold requests or "wait" used plainly', async () => {
    const text = 'Agent: Please hold on while I check. I can\'t wait to hear how it goes. Thanks for your wait.\n'
    expect(await messagesOf(ID, text, 'chat.txt')).toEqual([])
  })

  it('fires on casual interjections in macros, with exact positions', async () => {
    const text = '# Shipping\n\nWhoops! We sent the wrong size. Uh-oh, that is on us.\n'
    expect(await messagesOf(ID, text, 'macro.md')).toEqual([
      { ruleId: ID, line: 3, column: 1, endLine: 3, endColumn: 7, message: casual('Whoops') },
      { ruleId: ID, line: 3, column: 33, endLine: 3, endColumn: 38, message: casual('Uh-oh') },
    ])
  })

  it('leaves customer turns and words that merely contain an interjection alone', async () => {
    const text = 'Customer: ugh, yikes\nAgent: The dugh-out and mehndi are loopsided examples.\n'
    expect(await messagesOf(ID, text, 'chat.txt')).toEqual([])
  })

  it('takes extended and replaced phrase lists', async () => {
    const text = 'Agent: Bummer, oops.\n'
    expect(await messagesOf(ID, text, 'chat.txt', { interjections: { add: ['bummer'], remove: ['oops'] } })).toEqual([
      { ruleId: ID, line: 1, column: 8, endLine: 1, endColumn: 14, message: casual('Bummer') },
    ])
    expect(await messagesOf(ID, text, 'chat.txt', { interjections: ['bummer'] })).toHaveLength(1)
  })
})

describe('avoid-interjection: interruptions the vendor measured', () => {
  const vendor = (s: string) =>
    `The agent cut in while the customer was speaking (${s} s of talking over, as measured by the call analytics); let them finish.`
  /** A Contact Lens voice file, one transcript item a line (line 4 holds the first item). */
  const contactLens = (turns: [string, string, number, number][], interruptions?: unknown) =>
    [
      '{"Channel": "VOICE",',
      ' "Participants": [{"ParticipantId": "c-1", "ParticipantRole": "CUSTOMER"}, {"ParticipantId": "a-1", "ParticipantRole": "AGENT"}],',
      ` "ConversationCharacteristics": ${JSON.stringify(interruptions === undefined ? {} : { Interruptions: interruptions })},`,
      ' "Transcript": [',
      turns
        .map(([id, content, begin, end]) => `  {"ParticipantId": "${id}", "Content": "${content}", "BeginOffsetMillis": ${begin}, "EndOffsetMillis": ${end}}`)
        .join(',\n'),
      ']}',
    ].join('\n')

  it("does not fire on the 20 ms overlap of AWS's own example, with or without the vendor's count", async () => {
    const turns: [string, string, number, number][] = [
      ['c-1', 'I want to cancel my plan subscription.', 22610, 24140],
      ['a-1', 'I can offer a discount to make you stay with us.', 24120, 27000],
    ]
    const none = { InterruptionsByInterrupter: {}, TotalCount: 0, TotalTimeMillis: 0 }
    expect(await messagesOf(ID, contactLens(turns, none), 'call.json')).toEqual([])
    expect(await messagesOf(ID, contactLens(turns), 'call.json')).toEqual([])
  })

  it('computes no overlap of its own when the vendor measured none', async () => {
    const turns: [string, string, number, number][] = [
      ['c-1', 'My card was declined at the store today', 0, 5000],
      ['a-1', 'Which store was it?', 3000, 6000],
    ]
    // Without the vendor's block the rule measures 2 s of talking over itself ...
    expect(await messagesOf(ID, contactLens(turns), 'call.json')).toEqual([
      { ruleId: ID, line: 6, column: 40, endLine: 6, endColumn: 59, message: overlap('2.0') },
    ])
    // ... with it, the vendor's count (none) stands.
    const none = { InterruptionsByInterrupter: {}, TotalCount: 0, TotalTimeMillis: 0 }
    expect(await messagesOf(ID, contactLens(turns, none), 'call.json')).toEqual([])
  })

  it("reports each agent interruption once, on the agent turn that holds its start, with the vendor's duration", async () => {
    const turns: [string, string, number, number][] = [
      ['c-1', 'So the router keeps failing and I', 1000, 6000],
      ['a-1', 'Right. Let me check the line.', 4000, 7000],
      ['c-1', 'I already did that twice', 6500, 9000],
      ['a-1', 'Okay. Then I will book an engineer.', 9000, 12000],
    ]
    const measured = {
      TotalCount: 3,
      InterruptionsByInterrupter: {
        // Keyed by participant id here; the agent's at 4000 falls in the turn 4000–7000, the customer's is not reported.
        'a-1': [
          { BeginOffsetMillis: 4000, DurationMillis: 2000, EndOffsetMillis: 6000 },
          { BeginOffsetMillis: 20000, DurationMillis: 500, EndOffsetMillis: 20500 },
        ],
        'c-1': [{ BeginOffsetMillis: 6500, DurationMillis: 500, EndOffsetMillis: 7000 }],
      },
    }
    expect(await messagesOf(ID, contactLens(turns, measured), 'call.json')).toEqual([
      // The first sentence of the agent's turn on line 6; the one at 20000 ms falls in no agent turn.
      { ruleId: ID, line: 6, column: 40, endLine: 6, endColumn: 46, message: vendor('2.0') },
    ])
  })

  it('reads AGENT/CUSTOMER keys in a Transcribe Call Analytics file and ignores the minOverlapMs option there', async () => {
    const text = JSON.stringify({
      JobStatus: 'COMPLETED',
      ConversationCharacteristics: {
        Interruptions: { InterruptionsByInterrupter: { AGENT: [{ BeginOffsetMillis: 2100, DurationMillis: 300, EndOffsetMillis: 2400 }] } },
      },
      Transcript: [
        { ParticipantRole: 'CUSTOMER', Content: 'The parcel never came', BeginOffsetMillis: 0, EndOffsetMillis: 2400 },
        { ParticipantRole: 'AGENT', Content: 'Mm-hmm, I see.', BeginOffsetMillis: 2100, EndOffsetMillis: 3000 },
      ],
    })
    const messages = await messagesOf(ID, text, 'tca.json', { minOverlapMs: 5000 })
    expect(messages.map((m) => m.message)).toEqual([vendor('0.3')])
  })
})

describe('avoid-interjection: cues out of file order', () => {
  it('finds the customer turn still running by time, not by position in the file', async () => {
    const text = [
      '[00:00:04.000 --> 00:00:06.000] Agent: Let me check that for you.',
      '[00:00:01.000 --> 00:00:05.500] Customer: My card was declined twice today',
    ].join('\n')
    expect(await messagesOf(ID, text, 'call.txt')).toEqual([
      { ruleId: ID, line: 1, column: 40, endLine: 1, endColumn: 66, message: overlap('1.5') },
    ])
  })
})
