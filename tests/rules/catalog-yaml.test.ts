import { describe, expect, it } from 'vitest'
import { builtinYamlRules } from '../../rules/index.js'
import { runRuleTests } from '../../src/declarative/load.js'
import { messagesOf } from '../helpers.js'

describe('built-in YAML rules: inline tests', () => {
  it('loads the catalog rules written in YAML', () => {
    for (const id of ['warm-greeting', 'express-gratitude', 'personalize', 'no-blame', 'no-policy-speak', 'avoid-robotic-language', 'offer-follow-up'])
      expect(builtinYamlRules.has(id), id).toBe(true)
  })

  it('every built-in YAML rule passes its own tests', async () => {
    expect(builtinYamlRules.size).toBeGreaterThan(0)
    for (const [id, loaded] of builtinYamlRules) {
      expect(loaded.spec.tests.length, `${id} has inline tests`).toBeGreaterThan(0)
      const { passed, failures } = await runRuleTests(loaded)
      expect(failures, `${id}: ${JSON.stringify(failures)}`).toEqual([])
      expect(passed, id).toBe(loaded.spec.tests.length)
    }
  })
})

describe('warm-greeting', () => {
  const ID = 'warm-greeting'
  const message = 'Open with a greeting ("Hi Sam," "Hello," "Thanks for reaching out") so the first thing the customer reads is warm.'

  it('fires on the first sentence of a first agent turn without a greeting, and on a macro opening', async () => {
    const chat = 'Customer: my card was charged twice\nAgent: I can see two charges on your card.\nAgent: Hi Sam, I have refunded one.\n'
    expect(await messagesOf(ID, chat, 'chat.txt')).toEqual([{ ruleId: ID, line: 2, column: 8, endLine: 2, endColumn: 43, message }])
    expect(await messagesOf(ID, 'Your order shipped today.\n\nThanks,\nThe team\n', 'macro.md')).toEqual([
      { ruleId: ID, line: 1, column: 1, endLine: 1, endColumn: 26, message },
    ])
  })

  it('does not fire on a greeting, with a name or a name placeholder', async () => {
    expect(await messagesOf(ID, 'Customer: my card was charged twice\nAgent: Hi Sam, I can see two charges.\n', 'chat.txt')).toEqual([])
    expect(await messagesOf(ID, 'Hi {{ticket.requester.first_name}},\n\nYour order shipped today.\n', 'macro.md')).toEqual([])
  })

  it('takes phrases to add and remove', async () => {
    expect(await messagesOf(ID, 'Yo Sam, your order shipped today.\n', 'macro.md', { phrases: { add: ['yo'] } })).toEqual([])
    expect(await messagesOf(ID, 'Dear Sam, your order shipped today.\n', 'macro.md', { phrases: { remove: ['dear'] } })).toEqual([
      { ruleId: ID, line: 1, column: 1, endLine: 1, endColumn: 36, message },
    ])
  })
})

describe('express-gratitude', () => {
  const ID = 'express-gratitude'
  const message = 'Thank the customer somewhere in the reply (for reaching out, their patience, their feedback).'

  it('fires once, on the first agent turn, when no agent turn thanks the customer', async () => {
    const chat = 'Customer: where is my parcel\nAgent: It left the depot this morning.\nCustomer: ok\nAgent: It should arrive tomorrow.\n'
    expect(await messagesOf(ID, chat, 'chat.txt')).toEqual([{ ruleId: ID, line: 2, column: 8, endLine: 2, endColumn: 39, message }])
    expect(await messagesOf(ID, 'Hi Sam,\n\nYour parcel arrives tomorrow.\n', 'macro.md')).toEqual([
      { ruleId: ID, line: 1, column: 1, endLine: 1, endColumn: 8, message },
    ])
  })

  it('does not fire when any agent turn thanks the customer', async () => {
    const chat = 'Customer: where is my parcel\nAgent: It left the depot this morning.\nCustomer: ok\nAgent: Thanks for waiting, it should arrive tomorrow.\n'
    expect(await messagesOf(ID, chat, 'chat.txt')).toEqual([])
  })

  it('takes phrases to add', async () => {
    const text = 'Hi Sam,\n\nKudos for your patience. Your parcel arrives tomorrow.\n'
    expect(await messagesOf(ID, text, 'macro.md')).toHaveLength(1)
    expect(await messagesOf(ID, text, 'macro.md', { phrases: { add: ['kudos'] } })).toEqual([])
  })
})

describe('personalize', () => {
  const ID = 'personalize'
  const message = (m: string) =>
    `"${m}" is a generic salutation; address the customer by name, or with your tool's name placeholder ("Hi {{ticket.requester.first_name}}").`

  it('fires on generic salutations', async () => {
    expect(await messagesOf(ID, 'Dear Customer,\n\nYour parcel arrives tomorrow.\n', 'macro.md')).toEqual([
      { ruleId: ID, line: 1, column: 1, endLine: 1, endColumn: 14, message: message('Dear Customer') },
    ])
    const chat = 'Customer: hi\nAgent: Hello, valued customer. To whom it may concern: your parcel arrives tomorrow.\n'
    expect(await messagesOf(ID, chat, 'chat.txt')).toEqual([
      { ruleId: ID, line: 2, column: 32, endLine: 2, endColumn: 54, message: message('To whom it may concern') },
    ])
  })

  it('does not fire on a name placeholder', async () => {
    expect(await messagesOf(ID, 'Hi {{ticket.requester.first_name}},\n\nYour parcel arrives tomorrow.\n', 'macro.md')).toEqual([])
  })

  it('takes phrases to add and remove', async () => {
    const text = 'Hello friend,\n\nYour parcel arrives tomorrow. Dear customer, enjoy.\n'
    expect(await messagesOf(ID, text, 'macro.md', { phrases: { add: ['hello friend'], remove: ['dear customer'] } })).toEqual([
      { ruleId: ID, line: 1, column: 1, endLine: 1, endColumn: 13, message: message('Hello friend') },
    ])
  })
})

describe('no-blame', () => {
  const ID = 'no-blame'

  it('fires on blame and condescension, with per-phrase messages', async () => {
    const chat = 'Customer: my bag is lost\nAgent: You should have labelled it. As I already said, we will look for it.\n'
    expect(await messagesOf(ID, chat, 'chat.txt')).toEqual([
      { ruleId: ID, line: 2, column: 8, endLine: 2, endColumn: 32, message: '"You should have labelled" blames the customer for the past; say what can be done now.' },
      { ruleId: ID, line: 2, column: 37, endLine: 2, endColumn: 54, message: '"As I already said" sounds impatient; just give the answer again, kindly.' },
    ])
    expect(await messagesOf(ID, 'Hi Sam,\n\nObviously the code expired.\n', 'macro.md')).toEqual([
      { ruleId: ID, line: 3, column: 1, endLine: 3, endColumn: 10, message: '"Obviously" implies the customer should have known; drop it.' },
    ])
  })

  it('does not fire on an expected update or on "not your fault"', async () => {
    const chat = 'Customer: no email yet\nAgent: You should have received it by now, and it is not your fault it went missing.\n'
    expect(await messagesOf(ID, chat, 'chat.txt')).toEqual([])
  })

  it('takes phrases to add and remove', async () => {
    const text = 'Hi Sam,\n\nObviously the code expired. Sadly, you misread it.\n'
    expect(await messagesOf(ID, text, 'macro.md', { phrases: { add: ['you misread'], remove: ['obviously'] } })).toEqual([
      {
        ruleId: ID,
        line: 3,
        column: 36,
        endLine: 3,
        endColumn: 47,
        message: '"you misread" puts the blame on the customer or talks down to them; say what happens next instead.',
      },
    ])
  })
})

describe('no-policy-speak', () => {
  const ID = 'no-policy-speak'

  it('fires on policy and helplessness, naming what to say instead', async () => {
    expect(await messagesOf(ID, "Customer: can I change my seat\nAgent: Sorry, that's our policy.\n", 'chat.txt')).toEqual([
      {
        ruleId: ID,
        line: 2,
        column: 15,
        endLine: 2,
        endColumn: 32,
        message: `"that's our policy" hides behind the rules; say what you can do instead, e.g. "I can't change that, but here's what I can do".`,
      },
    ])
    expect(await messagesOf(ID, "Hi Sam,\n\nThere's nothing I can do about the fee.\n", 'macro.md')).toEqual([
      {
        ruleId: ID,
        line: 3,
        column: 1,
        endLine: 3,
        endColumn: 25,
        message: `"There's nothing I can do" hides behind the rules; say what you can do instead, e.g. "here's what I can do".`,
      },
    ])
  })

  it('does not fire on a limit explained with an alternative', async () => {
    const chat = 'Customer: can I change my seat\nAgent: Seats are fixed on this fare, but I can move you for free on the next flight.\n'
    expect(await messagesOf(ID, chat, 'chat.txt')).toEqual([])
  })

  it('takes phrases to add and remove; an added phrase gets the default message', async () => {
    const text = "Hi Sam,\n\nComputer says no. That's our policy.\n"
    expect(await messagesOf(ID, text, 'macro.md', { phrases: { add: ['computer says no'], remove: ["that's our policy"] } })).toEqual([
      {
        ruleId: ID,
        line: 3,
        column: 1,
        endLine: 3,
        endColumn: 17,
        message: '"Computer says no" hides behind the rules; give the reason and say what you can do instead.',
      },
    ])
  })
})

describe('avoid-robotic-language', () => {
  const ID = 'avoid-robotic-language'
  const message = (m: string, r: string) => `"${m}" sounds like a form letter; write "${r}".`

  it('fires on form-letter phrases, keeping the capital in the replacement', async () => {
    expect(await messagesOf(ID, 'Customer: any news\nAgent: Please be advised that your parcel is delayed.\n', 'chat.txt')).toEqual([
      { ruleId: ID, line: 2, column: 8, endLine: 2, endColumn: 30, message: message('Please be advised that', 'Just so you know,') },
    ])
    expect(await messagesOf(ID, 'Hi Sam,\n\nKindly reply at your earliest convenience.\n', 'macro.md')).toEqual([
      { ruleId: ID, line: 3, column: 1, endLine: 3, endColumn: 7, message: message('Kindly', 'Please') },
      { ruleId: ID, line: 3, column: 14, endLine: 3, endColumn: 42, message: message('at your earliest convenience', 'when you can') },
    ])
  })

  it('does not fire on plain wording', async () => {
    expect(await messagesOf(ID, 'Hi Sam,\n\nJust so you know, your parcel is delayed.\n', 'macro.md')).toEqual([])
  })

  it('takes swap additions and exceptions', async () => {
    const text = 'Hi Sam,\n\nKindly note the new address. We are in receipt of your form.\n'
    expect(await messagesOf(ID, text, 'macro.md', { swap: { 'we are in receipt of': 'we got' }, exceptions: { add: ['kindly note'] } })).toEqual([
      { ruleId: ID, line: 3, column: 30, endLine: 3, endColumn: 50, message: message('We are in receipt of', 'We got') },
    ])
  })
})

describe('offer-follow-up', () => {
  const ID = 'offer-follow-up'
  const message =
    'Close by offering more help or saying when you will follow up ("Is there anything else I can help with?", "I\'ll update you by Friday", "Just reply to this email").'

  it('fires on a last agent turn or macro that closes without an offer', async () => {
    const chat = 'Customer: where is my parcel\nAgent: Let me check.\nCustomer: ok\nAgent: It arrives tomorrow.\n'
    expect(await messagesOf(ID, chat, 'chat.txt')).toEqual([{ ruleId: ID, line: 4, column: 8, endLine: 4, endColumn: 28, message }])
    expect(await messagesOf(ID, 'Hi Sam,\n\nYour parcel arrives tomorrow.\n\nBest,\nAlex\n', 'macro.md')).toEqual([
      { ruleId: ID, line: 1, column: 1, endLine: 1, endColumn: 8, message },
    ])
  })

  it('does not fire on an offer of more help or a follow-up date', async () => {
    const chat = 'Customer: where is my parcel\nAgent: It arrives tomorrow. Is there anything else I can help with?\n'
    expect(await messagesOf(ID, chat, 'chat.txt')).toEqual([])
    expect(await messagesOf(ID, "Hi Sam,\n\nI'll follow up by Friday with the tracking number.\n", 'macro.md')).toEqual([])
  })

  it('takes phrases to add and a higher min', async () => {
    expect(await messagesOf(ID, 'Hi Sam,\n\nYour parcel arrives tomorrow. Holler if it does not.\n', 'macro.md', { phrases: { add: ['holler'] } })).toEqual([])
    expect(await messagesOf(ID, 'Hi Sam,\n\nYour parcel arrives tomorrow. Let me know if it does not.\n', 'macro.md', { min: 2 })).toEqual([
      { ruleId: ID, line: 1, column: 1, endLine: 1, endColumn: 8, message },
    ])
  })
})
