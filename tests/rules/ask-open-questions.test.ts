import { describe, expect, it } from 'vitest'
import { messagesOf } from '../helpers.js'

const ID = 'ask-open-questions'
const closed = (q: string) =>
  `Every question before a solution is offered is a yes/no question, starting with "${q}"; ask at least one open question (what, how, "could you tell me ...") so the customer can explain the whole problem.`

const chat = (second: string, last = 'Agent: You can reinstall the app from the store.') =>
  ['Customer: My app keeps crashing', 'Agent: Sorry about that. Are you on the latest version?', 'Customer: yes', `Agent: ${second}`, 'Customer: yes', last].join('\n')

describe('ask-open-questions', () => {
  it('fires on the first yes/no question when discovery has only yes/no questions', async () => {
    expect(await messagesOf(ID, chat('Did you restart your phone?'), 'chat.txt')).toEqual([
      { ruleId: ID, line: 2, column: 26, endLine: 2, endColumn: 56, message: closed('Are you on the latest version?') },
    ])
  })

  it('passes when one question or prompt is open', async () => {
    expect(await messagesOf(ID, chat('What happens right before it crashes?'), 'chat.txt')).toEqual([])
    expect(await messagesOf(ID, chat('Okay, so could you tell me which screen you were on?'), 'chat.txt')).toEqual([])
    expect(await messagesOf(ID, chat('Please describe the error you see.'), 'chat.txt')).toEqual([])
  })

  it('only looks before the solution: questions after it do not count', async () => {
    const text = chat('You can reinstall the app from the store. Did that help?', 'Agent: Great. Is there anything else?')
    expect(await messagesOf(ID, text, 'chat.txt')).toEqual([])
  })

  it('does not fire with no questions, a short conversation, offers or closings', async () => {
    expect(await messagesOf(ID, chat('I see.'), 'chat.txt')).toEqual([])
    expect(await messagesOf(ID, 'Customer: it crashes\nAgent: Is it on Android? Did you update?\nCustomer: yes\n', 'chat.txt')).toEqual([])
    expect(await messagesOf(ID, chat('Would you like me to send a new link? Anything else?'), 'chat.txt')).toEqual([])
  })

  it('honours minQuestions and minTurns, and reads JSON transcripts', async () => {
    const one = ['Customer: My app keeps crashing', 'Agent: Are you on the latest version?', 'Customer: yes', 'Agent: Then please try reinstalling it.'].join('\n')
    expect(await messagesOf(ID, one, 'chat.txt')).toEqual([])
    expect(await messagesOf(ID, one, 'chat.txt', { minQuestions: 1 })).toEqual([
      { ruleId: ID, line: 2, column: 8, endLine: 2, endColumn: 38, message: closed('Are you on the latest version?') },
    ])
    expect(await messagesOf(ID, one, 'chat.txt', { minQuestions: 1, minTurns: 5 })).toEqual([])
    const json = JSON.stringify({
      turns: [
        { role: 'customer', text: 'My card was declined' },
        { role: 'agent', text: 'Is it a debit card? Was it at a store?' },
        { role: 'customer', text: 'yes, yes' },
        { role: 'agent', text: "I've unlocked the card." },
      ],
    })
    expect((await messagesOf(ID, json, 'chat.json')).map((m) => m.message)).toEqual([closed('Is it a debit card?')])
  })

  it('takes extended and replaced phrase lists', async () => {
    const text = chat('Did you restart your phone?')
    expect(await messagesOf(ID, text, 'chat.txt', { openQuestions: { add: ['restart'] } })).toEqual([])
    // With "reinstall" no longer a solution, the whole conversation is discovery; still only yes/no questions.
    expect(await messagesOf(ID, text, 'chat.txt', { solutions: ['nothing like this'] })).toHaveLength(1)
  })
})
