import { describe, expect, it } from 'vitest'
import { messagesOf } from '../helpers.js'

const RULE = 'acknowledge-feelings'
const said = (cue: string) => `The customer said "${cue}" but this reply does not acknowledge how they feel.`

describe('acknowledge-feelings: chat-text transcripts', () => {
  it('reports a reply that ignores an explicit feeling, quoting the cue', async () => {
    const text = ['Customer: My order is two weeks late and I am really frustrated.', 'Agent: Please send me your order number.'].join('\n')
    expect(await messagesOf(RULE, text)).toEqual([
      { ruleId: RULE, line: 2, column: 8, endLine: 2, endColumn: 41, message: said('frustrated') },
    ])
  })

  it('passes a reply that acknowledges the feeling', async () => {
    const text = [
      'Customer: My order is two weeks late and I am really frustrated.',
      'Agent: I am so sorry to hear that. Please send me your order number.',
    ].join('\n')
    expect(await messagesOf(RULE, text)).toEqual([])
  })

  it('accepts empathy statements as well as apologies', async () => {
    for (const reply of ['I can imagine how annoying that is.', 'I understand how frustrating this must be.', "That's not the experience we want for you."]) {
      const text = `Customer: This is ridiculous, the app logged me out again.\nAgent: ${reply} Let me look.`
      expect(await messagesOf(RULE, text)).toEqual([])
    }
  })

  it('reads negation: "not happy" is upset, "not worried" is not', async () => {
    const upset = 'Customer: Honestly I am not happy with how this went.\nAgent: Your refund was issued today.'
    expect(await messagesOf(RULE, upset)).toEqual([
      { ruleId: RULE, line: 2, column: 8, endLine: 2, endColumn: 37, message: said('not happy') },
    ])
    const calm = "Customer: I'm not worried about it, just curious when it ships.\nAgent: It ships on Monday."
    expect(await messagesOf(RULE, calm)).toEqual([])
  })

  it('ignores happy exclamation at every sureness', async () => {
    const text = 'Customer: Thank you SO MUCH!!! You are the best!!\nAgent: Glad we could help, enjoy the trip.'
    for (const sureness of ['high', 'medium', 'low']) expect(await messagesOf(RULE, text, 'test.txt', { sureness })).toEqual([])
  })

  it('reads the customer turns since the last reply together and reports the first agent turn of the reply', async () => {
    const text = [
      'Customer: Third time I write about this. Absolutely unacceptable.',
      'Customer: Order 5521.',
      'Agent: Thanks, looking now.',
      'Agent: It left the warehouse this morning.',
    ].join('\n')
    expect(await messagesOf(RULE, text)).toEqual([
      { ruleId: RULE, line: 3, column: 8, endLine: 3, endColumn: 28, message: said('unacceptable') },
    ])
  })

  it('counts an acknowledgement in any agent turn of the reply', async () => {
    const text = [
      'Customer: Third time I write about this. Absolutely unacceptable.',
      'Agent: Thanks, looking now.',
      'Agent: I apologise for the hassle, it left the warehouse this morning.',
    ].join('\n')
    expect(await messagesOf(RULE, text)).toEqual([])
  })

  it('reports nothing when the agent has not replied yet', async () => {
    expect(await messagesOf(RULE, 'Agent: Hello, how can I help?\nCustomer: I am furious about this bill.')).toEqual([])
  })
})

describe('acknowledge-feelings: sureness and tone', () => {
  const waiting = 'Customer: Still waiting for that callback 🙄\nAgent: Your ticket is open.'
  const implicit = 'Customer: Nobody has called back, as usual.\nAgent: Your ticket is open.'

  it('high (default) reads explicit signals, eye-rolls and the strongest implicit cues, not the weaker ones', async () => {
    expect(await messagesOf(RULE, waiting)).toEqual([
      { ruleId: RULE, line: 2, column: 8, endLine: 2, endColumn: 28, message: said('🙄') },
    ])
    expect(await messagesOf(RULE, waiting, 'test.txt', { tone: false })).toEqual([
      { ruleId: RULE, line: 2, column: 8, endLine: 2, endColumn: 28, message: said('Still waiting') },
    ])
    expect(await messagesOf(RULE, implicit)).toEqual([])
  })

  it('medium adds implicit upset: repetition, being ignored, milder tone', async () => {
    expect(await messagesOf(RULE, implicit, 'test.txt', { sureness: 'medium' })).toEqual([
      { ruleId: RULE, line: 2, column: 8, endLine: 2, endColumn: 28, message: said('Nobody') },
    ])
    const shouting = 'Customer: WHERE IS MY PARCEL\nAgent: Your ticket is open.'
    expect(await messagesOf(RULE, shouting, 'test.txt', { sureness: 'medium' })).toEqual([
      { ruleId: RULE, line: 2, column: 8, endLine: 2, endColumn: 28, message: said('WHERE IS MY PARCEL') },
    ])
  })

  it('tone: false leaves out "!!", capitals and emoji', async () => {
    const shouting = 'Customer: WHERE IS MY PARCEL\nAgent: Your ticket is open.'
    expect(await messagesOf(RULE, shouting, 'test.txt', { sureness: 'medium', tone: false })).toEqual([])
  })

  it('an angry emoji is explicit enough for high', async () => {
    const text = 'Customer: Where is my parcel 😡\nAgent: Your ticket is open.'
    expect(await messagesOf(RULE, text)).toEqual([
      { ruleId: RULE, line: 2, column: 8, endLine: 2, endColumn: 28, message: said('😡') },
    ])
  })
})

describe('acknowledge-feelings: options', () => {
  const text = 'Customer: I am gutted, the gift came too late.\nAgent: It was delivered on Friday.'

  it('a feelings array replaces the list', async () => {
    expect(await messagesOf(RULE, text, 'test.txt', { feelings: ['livid'] })).toEqual([])
    expect(await messagesOf(RULE, 'Customer: Livid right now.\nAgent: Noted.', 'test.txt', { feelings: ['livid'] })).toHaveLength(1)
  })

  it('feelings {add} extends the list and {remove} takes a phrase out', async () => {
    const cheesed = 'Customer: I am cheesed off.\nAgent: Noted.'
    expect(await messagesOf(RULE, cheesed)).toEqual([])
    expect(await messagesOf(RULE, cheesed, 'test.txt', { feelings: { add: ['cheesed off'] } })).toEqual([
      { ruleId: RULE, line: 2, column: 8, endLine: 2, endColumn: 14, message: said('cheesed off') },
    ])
    expect(await messagesOf(RULE, text, 'test.txt', { feelings: { remove: ['gutted'] } })).toEqual([])
  })

  it('acknowledgements {add} accepts a house phrase', async () => {
    const ours = 'Customer: I am gutted, the gift came too late.\nAgent: That stinks. It was delivered on Friday.'
    expect(await messagesOf(RULE, ours)).toHaveLength(1)
    expect(await messagesOf(RULE, ours, 'test.txt', { acknowledgements: { add: ['that stinks'] } })).toEqual([])
  })
})

describe('acknowledge-feelings: macros', () => {
  it('reports the first problem word of a Markdown macro that does not acknowledge it', async () => {
    const md = ['# Parcel delayed', '', 'Hi {{ticket.requester.first_name}},', '', 'Your parcel is delayed by two days. We will email you when it moves.', ''].join('\n')
    expect(await messagesOf(RULE, md, 'delay.md')).toEqual([
      {
        ruleId: RULE,
        line: 1,
        column: 10,
        endLine: 1,
        endColumn: 17,
        message: 'This macro deals with a problem ("delayed") but does not acknowledge it; say you are sorry or that you understand.',
      },
    ])
  })

  it('passes a macro that apologises, and treats placeholders as tokens', async () => {
    const md = 'Hi {{ticket.requester.first_name}},\n\nSorry about the delay. Your parcel moves again on Monday.\n'
    expect(await messagesOf(RULE, md, 'delay.md')).toEqual([])
    const placeholder = 'Hi {{delay.reason}},\n\nYour parcel moves on Monday.\n'
    expect(await messagesOf(RULE, placeholder, 'note.md')).toEqual([])
  })

  it('leaves routine words such as "refund" to sureness medium, and problemWords can replace the list', async () => {
    const md = 'Refund approved. It reaches your card in 3 to 5 days.\n'
    expect(await messagesOf(RULE, md, 'refund.md')).toEqual([])
    expect(await messagesOf(RULE, md, 'refund.md', { sureness: 'medium' })).toHaveLength(1)
    expect(await messagesOf(RULE, md, 'refund.md', { problemWords: ['refund'] })).toHaveLength(1)
  })

  it('ignores problems mentioned only as a condition', async () => {
    const md = 'If your parcel arrives damaged, reply with a photo and we will replace it.\n'
    expect(await messagesOf(RULE, md, 'care.md')).toEqual([])
  })
})

describe('acknowledge-feelings: JSON transcripts', () => {
  it('points into the JSON string', async () => {
    const json = JSON.stringify(
      {
        id: 'c1',
        turns: [
          { role: 'customer', text: 'This is the worst service I have had.' },
          { role: 'agent', text: 'Please DM your booking code.' },
        ],
      },
      null,
      2,
    )
    expect(await messagesOf(RULE, json, 'chat.json')).toEqual([
      { ruleId: RULE, line: 10, column: 16, endLine: 10, endColumn: 44, message: said('worst') },
    ])
  })
})

describe('acknowledge-feelings: other ways of acknowledging', () => {
  const reply = (agent: string) => `Customer: The lounge was closed and nobody told us. Really disappointed.\nAgent: ${agent}`
  it('accepts "disappointing to hear", "we never want you to feel", and naming the feeling back', async () => {
    for (const agent of [
      "That's disappointing to hear. Which airport was it?",
      'We never want our customers to feel let down like that.',
      'Disappointed, and rightly so. Which airport was it?',
    ]) {
      expect(await messagesOf('acknowledge-feelings', reply(agent)), agent).toEqual([])
    }
  })

  it('still reports a procedural reply', async () => {
    expect(await messagesOf('acknowledge-feelings', reply('Which airport was it?'))).toEqual([
      {
        ruleId: 'acknowledge-feelings',
        line: 2,
        column: 8,
        endLine: 2,
        endColumn: 29,
        message: 'The customer said "disappointed" but this reply does not acknowledge how they feel.',
      },
    ])
  })
})

describe('acknowledge-feelings: strong tone and words that only look like feelings (default sureness)', () => {
  const fired = async (customer: string) =>
    (await messagesOf('acknowledge-feelings', `Customer: ${customer}\nAgent: What is the order number?`)).map((m) => m.message)

  it('reads "!!!" and shouted words as upset, quoting them', async () => {
    expect(await fired('WHY IS MY ORDER NOT HERE')).toEqual([
      'The customer said "WHY IS MY ORDER NOT HERE" but this reply does not acknowledge how they feel.',
    ])
    expect(await fired('The parcel went to the wrong town again!!!')).toEqual([
      'The customer said "The parcel went to the wrong town again!!!" but this reply does not acknowledge how they feel.',
    ])
  })

  it('leaves happy shouting, "hate to bother you" and "mad respect" alone', async () => {
    for (const customer of ['THANK YOU SO MUCH!!!', 'I hate to bother you, where is my parcel?', 'Mad respect to your driver, he was great.'])
      expect(await fired(customer), customer).toEqual([])
  })
})
