import { describe, expect, it } from 'vitest'
import { messagesOf } from '../helpers.js'

const ID = 'timely-response'
const late = (delay: string, limit = '2 min') => `The customer waited ${delay} for this reply (more than ${limit}); answer sooner, or say you are on it.`
const hold = (delay: string, limit = '2 min') =>
  `The customer was left on hold for ${delay} with no update (more than ${limit}); check back with a holding message such as "thanks for waiting, still checking".`

describe('timely-response: response time in chat', () => {
  const slow = '[10:02] Customer: My order never arrived\n[10:06] Agent: Sorry about that. Let me look.\n'

  it('fires on a reply more than 120 s after the customer, on its first sentence', async () => {
    expect(await messagesOf(ID, slow, 'chat.txt')).toEqual([
      { ruleId: ID, line: 2, column: 16, endLine: 2, endColumn: 33, message: late('4 min') },
    ])
  })

  it('does not fire within the limit, and honours maxResponseSeconds', async () => {
    expect(await messagesOf(ID, '[10:02] Customer: hi\n[10:04] Agent: Hello! How can I help?\n', 'chat.txt')).toEqual([])
    expect(await messagesOf(ID, slow, 'chat.txt', { maxResponseSeconds: 300 })).toEqual([])
    expect((await messagesOf(ID, slow, 'chat.txt', { maxResponseSeconds: 90 })).map((m) => m.message)).toEqual([late('4 min', '1 min 30 s')])
  })

  it('measures from the first unanswered customer message', async () => {
    const text = '[10:00:00] Customer: hello?\n[10:01:30] Customer: anyone there?\n[10:02:10] Agent: Hi, sorry for the wait.\n'
    expect(await messagesOf(ID, text, 'chat.txt')).toEqual([
      { ruleId: ID, line: 3, column: 19, endLine: 3, endColumn: 42, message: late('2 min 10 s') },
    ])
  })

  it('reads ISO send times from JSON transcripts', async () => {
    const text = JSON.stringify({
      turns: [
        { role: 'customer', text: 'Where is my refund?', at: '2024-05-01T10:00:00Z' },
        { role: 'agent', text: 'Hi! It went out today.', at: '2024-05-01T10:05:30Z' },
      ],
    })
    expect(await messagesOf(ID, text, 'chat.json')).toEqual([
      { ruleId: ID, line: 1, column: 112, endLine: 1, endColumn: 115, message: late('5 min 30 s') },
    ])
  })

  it('crosses midnight on clock times', async () => {
    expect(await messagesOf(ID, '[23:59] Customer: hi\n[00:01] Agent: Hello!\n', 'chat.txt')).toEqual([])
    expect((await messagesOf(ID, '[23:59] Customer: hi\n[00:03] Agent: Hello!\n', 'chat.txt')).map((m) => m.message)).toEqual([late('4 min')])
  })

  it('does not apply to voice: turns with a start and an end', async () => {
    const cues = '[00:00:01.000 --> 00:00:04.000] Customer: my card was declined\n[00:05:00.000 --> 00:05:04.000] Agent: Sorry to hear that.\n'
    expect(await messagesOf(ID, cues, 'call.txt')).toEqual([])
    const json = JSON.stringify({ turns: [{ role: 'customer', text: 'hi', start: 0, end: 2 }, { role: 'agent', text: 'Hello.', start: 400, end: 402 }] })
    expect(await messagesOf(ID, json, 'call.json')).toEqual([])
  })

  it('does not fire without times, or on agent messages nobody was waiting for', async () => {
    expect(await messagesOf(ID, 'Customer: hi\nAgent: Hello!\n', 'chat.txt')).toEqual([])
    const followUp = '[10:00] Customer: thanks\n[10:01] Agent: Your refund is done.\n[10:30] Agent: Just checking in: did it arrive?\n'
    expect(await messagesOf(ID, followUp, 'chat.txt')).toEqual([])
  })
})

describe('timely-response: holds', () => {
  it('fires when a hold runs past maxHoldSeconds without an update, even if the customer said "ok"', async () => {
    const text = [
      '[10:02] Customer: Where is my parcel?',
      '[10:03] Agent: Let me check that for you.',
      '[10:04] Customer: ok',
      '[10:09] Agent: It is at the depot.',
    ].join('\n')
    expect(await messagesOf(ID, text, 'chat.txt')).toEqual([
      { ruleId: ID, line: 4, column: 16, endLine: 4, endColumn: 35, message: hold('6 min') },
    ])
    expect(await messagesOf(ID, text, 'chat.txt', { maxHoldSeconds: 600 })).toEqual([])
  })

  it('does not fire when holding messages keep the customer informed', async () => {
    const text = [
      '[10:02] Customer: Where is my parcel?',
      '[10:03] Agent: Let me check that for you.',
      '[10:05] Agent: Thanks for waiting, still checking with the depot.',
      '[10:07] Agent: It is at the depot.',
    ].join('\n')
    expect(await messagesOf(ID, text, 'chat.txt')).toEqual([])
  })

  it('reports the gap after a holding message too', async () => {
    const text = [
      '[10:02] Customer: Where is my parcel?',
      '[10:03] Agent: One moment, please.',
      '[10:04] Agent: Still checking, bear with me.',
      '[10:08] Agent: Found it: it is at the depot.',
    ].join('\n')
    expect((await messagesOf(ID, text, 'chat.txt')).map((m) => [m.line, m.message])).toEqual([[4, hold('4 min')]])
  })

  it('a customer message with something new ends the hold; the wait is then a response time', async () => {
    const text = [
      '[10:00] Customer: Where is my parcel?',
      '[10:01] Agent: Let me check that for you.',
      '[10:05] Customer: Also, can I change the delivery address to my office?',
      '[10:06] Agent: Yes, you can.',
    ].join('\n')
    expect(await messagesOf(ID, text, 'chat.txt')).toEqual([])
  })

  it('takes extended and replaced hold phrase lists', async () => {
    const text = '[10:00] Customer: Is my order shipped?\n[10:01] Agent: Let me dig into it.\n[10:06] Agent: Yes, it shipped.\n'
    expect(await messagesOf(ID, text, 'chat.txt')).toEqual([])
    expect((await messagesOf(ID, text, 'chat.txt', { holdOpeners: { add: ['let me dig'] } })).map((m) => m.message)).toEqual([hold('5 min')])
    expect((await messagesOf(ID, text, 'chat.txt', { holdOpeners: ['dig into'] })).map((m) => m.message)).toEqual([hold('5 min')])
  })
})
