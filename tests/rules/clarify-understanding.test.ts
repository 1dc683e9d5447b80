import { describe, expect, it } from 'vitest'
import { messagesOf } from '../helpers.js'

const ID = 'clarify-understanding'
const unconfirmed = (s: string) =>
  `"${s}" proposes a solution before the issue was confirmed; restate it first ("just to confirm, ...", "so if I understand correctly, ...").`

describe('clarify-understanding', () => {
  it('fires on the first solution when the issue was never restated', async () => {
    const text = "Customer: I was charged twice for my order\nAgent: I've refunded the second charge.\n"
    expect(await messagesOf(ID, text, 'chat.txt')).toEqual([
      { ruleId: ID, line: 2, column: 8, endLine: 2, endColumn: 21, message: unconfirmed("I've refunded") },
    ])
  })

  it('passes when the agent confirms first, in an earlier turn or earlier in the same turn', async () => {
    const earlier = [
      'Customer: I was charged twice for my order',
      'Agent: Just to confirm, you see two charges of $20 on the same day?',
      'Customer: yes',
      "Agent: I've refunded the second charge.",
    ].join('\n')
    expect(await messagesOf(ID, earlier, 'chat.txt')).toEqual([])
    const same = 'Customer: I was charged twice\nAgent: So you were charged twice for one order. I have refunded the second charge.\n'
    expect(await messagesOf(ID, same, 'chat.txt')).toEqual([])
    const sounds = 'Customer: the app logs me out\nAgent: It sounds like your session expires. You can sign in again with the link.\n'
    expect(await messagesOf(ID, sounds, 'chat.txt')).toEqual([])
  })

  it('a confirmation after the solution is too late', async () => {
    const text = "Customer: I was charged twice\nAgent: I've refunded it. Just to confirm, it was the $20 charge?\n"
    expect((await messagesOf(ID, text, 'chat.txt')).map((m) => m.message)).toEqual([unconfirmed("I've refunded")])
  })

  it('does not fire without a solution, or on a solution before the customer spoke', async () => {
    expect(await messagesOf(ID, 'Customer: my parcel is late\nAgent: Sorry to hear that! What is the order number?\n', 'chat.txt')).toEqual([])
    expect(await messagesOf(ID, "Agent: We've upgraded our app.\nCustomer: ok\n", 'chat.txt')).toEqual([])
  })

  it('reads JSON transcripts and takes extended phrase lists', async () => {
    const json = JSON.stringify({
      turns: [
        { role: 'customer', text: 'My card was declined' },
        { role: 'agent', text: 'Let me recap: your card fails online. You can reset it in the app.' },
      ],
    })
    expect((await messagesOf(ID, json, 'chat.json')).map((m) => m.message)).toEqual([unconfirmed('You can reset')])
    expect(await messagesOf(ID, json, 'chat.json', { clarifications: { add: ['let me recap'] } })).toEqual([])
    expect(await messagesOf(ID, json, 'chat.json', { solutions: ['nothing like this'] })).toEqual([])
  })
})
