import { describe, expect, it } from 'vitest'
import { messagesOf } from '../helpers.js'

const RULE = 'offer-alternatives'
const closes = (refusal: string) => `"${refusal}" closes a door without offering another one; say what the customer can do instead.`

describe('offer-alternatives: chat-text transcripts', () => {
  it('reports the refusal phrase when no way forward is offered', async () => {
    const text = 'Customer: Can I move my booking to June?\nAgent: We can\'t change the date on this fare.'
    expect(await messagesOf(RULE, text)).toEqual([
      { ruleId: RULE, line: 2, column: 8, endLine: 2, endColumn: 16, message: closes("We can't") },
    ])
  })

  it('passes when the same reply offers a way forward', async () => {
    for (const way of [
      'You can pick up a new card at any branch.',
      'What I can do is hold the seat until Friday.',
      'Please contact our billing team on 0800 123 456.',
      'Ask at the front desk and they will print one.',
      "I'll pass this on and follow up with you tomorrow.",
      'In the meantime, the web version works.',
      'How about a later slot on the same day?',
    ]) {
      const text = `Customer: Can I move my booking to June?\nAgent: Unfortunately we're unable to change the date. ${way}`
      expect(await messagesOf(RULE, text), way).toEqual([])
    }
  })

  it('finds the way forward in a later agent turn of the same reply', async () => {
    const text = [
      'Customer: Can I get a refund?',
      'Agent: Refunds are not possible on this ticket.',
      'Agent: Instead, we can give you a travel credit for the full amount.',
    ].join('\n')
    expect(await messagesOf(RULE, text)).toEqual([])
  })

  it('does not fire on phrases that refuse nothing', async () => {
    for (const line of [
      "We can't wait to see you again next month!",
      'No problem at all, it is done.',
      'That is not a problem, I have updated it.',
      "Don't hesitate to write again.",
    ]) {
      expect(await messagesOf(RULE, `Customer: Thanks!\nAgent: ${line}`), line).toEqual([])
    }
  })

  it('does not read a condition or a question as a refusal', async () => {
    const text = "Customer: Hello\nAgent: If you're unable to log in, tell me which browser you use. Are you not able to see the menu?"
    expect(await messagesOf(RULE, text)).toEqual([])
  })

  it('reads negation: "no other option" is no way forward', async () => {
    const text = 'Customer: Please refund me.\nAgent: We cannot refund this order and there is no other option.'
    expect(await messagesOf(RULE, text)).toEqual([
      { ruleId: RULE, line: 2, column: 8, endLine: 2, endColumn: 17, message: closes('We cannot') },
    ])
  })
})

describe('offer-alternatives: macros', () => {
  it('reports a refusal in a Markdown macro', async () => {
    const md = ['Hi {{ticket.requester.first_name}},', '', 'Gift cards are not refundable, and our policy does not allow exchanges.', ''].join('\n')
    expect(await messagesOf(RULE, md, 'gift-cards.md')).toEqual([
      { ruleId: RULE, line: 3, column: 36, endLine: 3, endColumn: 61, message: closes('our policy does not allow') },
    ])
  })

  it('passes a macro that offers another way', async () => {
    const md = 'Hi {{ticket.requester.first_name}},\n\nGift cards are not available in stores. You can buy one on our website instead.\n'
    expect(await messagesOf(RULE, md, 'gift-cards.md')).toEqual([])
  })
})

describe('offer-alternatives: JSON transcripts', () => {
  it('points into the JSON string', async () => {
    const json = JSON.stringify({
      id: 'c2',
      turns: [
        { role: 'customer', text: 'Can you hold my bag?' },
        { role: 'agent', text: 'Sorry, that is not possible at this airport.' },
      ],
    })
    const at = json.indexOf('not possible') + 1
    expect(await messagesOf(RULE, json, 'chat.json')).toEqual([
      { ruleId: RULE, line: 1, column: at, endLine: 1, endColumn: at + 12, message: closes('not possible') },
    ])
  })
})

describe('offer-alternatives: options', () => {
  const pets = 'Customer: Can my dog come?\nAgent: You can\'t bring pets into the cabin.'

  it('sureness medium adds limitations such as "you can\'t"', async () => {
    expect(await messagesOf(RULE, pets)).toEqual([])
    expect(await messagesOf(RULE, pets, 'test.txt', { sureness: 'medium' })).toEqual([
      { ruleId: RULE, line: 2, column: 8, endLine: 2, endColumn: 17, message: closes("You can't") },
    ])
  })

  it('a refusals array replaces the list', async () => {
    const text = 'Customer: Can I?\nAgent: No can do, sorry.'
    expect(await messagesOf(RULE, text)).toEqual([])
    expect(await messagesOf(RULE, text, 'test.txt', { refusals: ['no can do'] })).toEqual([
      { ruleId: RULE, line: 2, column: 8, endLine: 2, endColumn: 17, message: closes('No can do') },
    ])
    expect(await messagesOf(RULE, 'Customer: Hi\nAgent: We cannot do that.', 'test.txt', { refusals: ['no can do'] })).toEqual([])
  })

  it('alternatives {add} accepts a house way forward; exceptions {add} silences a phrase', async () => {
    const text = 'Customer: Do you sell size 14?\nAgent: We do not sell size 14. Our sister shop Tall & Co stocks it.'
    expect(await messagesOf(RULE, text)).toHaveLength(1)
    expect(await messagesOf(RULE, text, 'test.txt', { alternatives: { add: ['our sister shop'] } })).toEqual([])
    expect(await messagesOf(RULE, text, 'test.txt', { exceptions: { add: ['we do not sell size'] } })).toEqual([])
  })
})

describe('offer-alternatives: rules stated about the product, and what is not a refusal', () => {
  it('reports limits stated without "we": a fare that does not allow changes, points that cannot transfer', async () => {
    const text = [
      'Customer: Can I change my flight or move my points to my wife?',
      'Agent: This fare does not allow changes. Points cannot be transferred between accounts.',
    ].join('\n')
    expect(await messagesOf(RULE, text)).toEqual([
      { ruleId: RULE, line: 2, column: 18, endLine: 2, endColumn: 32, message: closes('does not allow') },
    ])
  })

  it('takes an instruction to go elsewhere, or what is available instead, as a way forward', async () => {
    for (const way of [
      "You'd need to contact the partner airline directly.",
      'We do carry a range of vegetarian meals on board.',
      'We would advise you to check with the lost property office.',
      'You can always stream the match over the on-board wifi.',
    ]) {
      const text = `Customer: Can you sort this out?\nAgent: We can't arrange that from here. ${way}`
      expect(await messagesOf(RULE, text), way).toEqual([])
    }
  })

  it('does not read an apology for a late reply, or the customer\'s own trouble, as a refusal', async () => {
    for (const line of [
      "Sorry we couldn't reply sooner, how is the trip going?",
      "Sorry you've been unable to log in to the app today.",
      "We couldn't have put it better, thank you!",
    ]) {
      expect(await messagesOf(RULE, `Customer: Hello there\nAgent: ${line}`), line).toEqual([])
    }
  })
})

describe('offer-alternatives: lookups and requests for details', () => {
  it('does not read a lookup that found nothing as a refusal', async () => {
    const text = "Customer: Where is my order?\nAgent: I can't find your order. Could you send the number?"
    expect(await messagesOf(RULE, text)).toEqual([])
  })

  it('does not take a request for details as a way forward', async () => {
    const text = 'Customer: Can you refund me?\nAgent: Please send your order number. We can\'t help with that.'
    expect(await messagesOf(RULE, text)).toEqual([
      { ruleId: RULE, line: 2, column: 39, endLine: 2, endColumn: 47, message: closes("We can't") },
    ])
    const offer = "Customer: Can you refund me?\nAgent: We can't refund it, but send us your order number and we'll rebook you."
    expect(await messagesOf(RULE, offer)).toEqual([])
  })
})

describe('offer-alternatives: a policy or decision given as the answer', () => {
  it('reports "this policy is in place" and "fully booked" with no way forward', async () => {
    const text = 'Customer: Why can I not bring it?\nAgent: Sorry. This policy is in place for everyone. The flight is fully booked.'
    expect(await messagesOf(RULE, text)).toEqual([
      { ruleId: RULE, line: 2, column: 15, endLine: 2, endColumn: 38, message: closes('This policy is in place') },
    ])
  })
})
