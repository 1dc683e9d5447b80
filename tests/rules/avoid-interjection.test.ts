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
