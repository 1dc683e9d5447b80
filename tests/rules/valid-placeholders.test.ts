import { describe, expect, it } from 'vitest'
import { messagesOf } from '../helpers.js'

const ID = 'valid-placeholders'
const noFallback = (p: string, rendered: string, example: string) =>
  `"${p}" has no fallback: when the name is missing the greeting reads "${rendered}". Add one, e.g. ${example}.`
const unclosed = (t: string, close: string) => `"${t}" is missing its closing "${close}"; the customer would see it as written.`
const fillIn = (t: string) => `"${t}" is a fill-in left unfilled; replace it with the real value before sending.`

describe('valid-placeholders: a name in a greeting needs a fallback', () => {
  it('fires on "Hi {{ticket.requester.first_name}}," in a Markdown macro', async () => {
    const text = 'Hi {{ticket.requester.first_name}},\n\nYour refund is on its way.\n'
    expect(await messagesOf(ID, text, 'macro.md')).toEqual([
      {
        ruleId: ID, line: 1, column: 4, endLine: 1, endColumn: 35,
        message: noFallback('{{ticket.requester.first_name}}', 'Hi ,', '{{ticket.requester.first_name | default: "there"}}'),
      },
    ])
  })

  it('fires on Help Scout and percent variables, with their own advice', async () => {
    expect((await messagesOf(ID, 'Hello {%customer.firstName%}!\n', 'macro.md')).map((m) => m.message)).toEqual([
      noFallback('{%customer.firstName%}', 'Hello !', '{%customer.firstName,fallback=there%}'),
    ])
    expect((await messagesOf(ID, 'Dear %customer_name%,\n', 'macro.md')).map((m) => m.message)).toEqual([
      noFallback('%customer_name%', 'Dear ,', 'a greeting that does not need the name'),
    ])
  })

  it('passes with a fallback, inside {% if %}, outside a greeting, or with requireFallback off', async () => {
    for (const text of [
      'Hi {{ticket.requester.first_name | default: "there"}},\n',
      "Hi {{ first_name | fallback: 'there' }},\n",
      'Hi {%customer.firstName,fallback=there%},\n',
      '{% if ticket.requester.first_name %}Hi {{ticket.requester.first_name}},{% else %}Hi there,{% endif %}\n',
      'Your order for {{ticket.requester.first_name}} has shipped.\n',
      'Hi there, your ticket {{ticket.id}} is solved.\n',
    ])
      expect(await messagesOf(ID, text, 'macro.md'), text).toEqual([])
    expect(await messagesOf(ID, 'Hi {{ticket.requester.first_name}},\n', 'macro.md', { requireFallback: false })).toEqual([])
  })

  it('counts an empty fallback as none, and takes extended greetings', async () => {
    expect(await messagesOf(ID, 'Hi {{name | default: ""}},\n', 'macro.md')).toHaveLength(1)
    expect(await messagesOf(ID, 'Ahoy {{name}},\n', 'macro.md')).toEqual([])
    expect(await messagesOf(ID, 'Ahoy {{name}},\n', 'macro.md', { greetings: { add: ['ahoy'] } })).toHaveLength(1)
  })
})

describe('valid-placeholders: malformed placeholders', () => {
  it('fires on a missing brace, an empty placeholder and an unclosed tag', async () => {
    const text = 'Hi {{ticket.requester.first_name},\n\nCase {{ }} is {% if open.\n'
    expect(await messagesOf(ID, text, 'macro.md')).toEqual([
      { ruleId: ID, line: 1, column: 4, endLine: 1, endColumn: 34, message: unclosed('{{ticket.requester.first_name}', '}}') },
      { ruleId: ID, line: 3, column: 6, endLine: 3, endColumn: 11, message: '"{{ }}" is an empty placeholder; name the variable or remove it.' },
      { ruleId: ID, line: 3, column: 15, endLine: 3, endColumn: 17, message: unclosed('{%', '%}') },
    ])
  })

  it('fires on a closing pair with no opening, and on Liquid blocks left open or closed twice', async () => {
    const text = 'Hi {ticket.requester.name}},\n\n{% if ticket.status %}Open{% endif %}{% endif %} {% unless x %}\n'
    expect(await messagesOf(ID, text, 'macro.md')).toEqual([
      { ruleId: ID, line: 1, column: 4, endLine: 1, endColumn: 28, message: '"{ticket.requester.name}}" closes a placeholder that was never opened with "{{".' },
      { ruleId: ID, line: 3, column: 38, endLine: 3, endColumn: 49, message: '"{% endif %}" closes a block that was never opened.' },
      { ruleId: ID, line: 3, column: 50, endLine: 3, endColumn: 64, message: '"{% unless x %}" opens a block that is never closed with "{% endunless %}".' },
    ])
  })
})

describe('valid-placeholders: unknown variables', () => {
  it('checks names against the allow-list for their syntax only when one is given', async () => {
    const text = 'Your ticket {{ticket.idd}} about {{ticket.title}} for {%customer.email%}.\n'
    expect(await messagesOf(ID, text, 'macro.md')).toEqual([])
    expect(await messagesOf(ID, text, 'macro.md', { known: { liquid: ['ticket.id', 'ticket.title', 'current_user.*'] } })).toEqual([
      { ruleId: ID, line: 1, column: 13, endLine: 1, endColumn: 27, message: '"ticket.idd" is not a known liquid variable; check the spelling against your help desk\'s list.' },
    ])
    expect(await messagesOf(ID, text, 'macro.md', { known: { liquid: ['ticket.*'] } })).toEqual([])
  })
})

describe('valid-placeholders: fill-ins and unrendered placeholders', () => {
  it('fires on fill-ins in an agent turn, and on a placeholder a transcript shows was sent as written', async () => {
    const text = 'Customer: [Customer Name] XXXX\nAgent: Hi {{first_name}}, it arrives <insert date>. Ref XXXX, [[MISSING TOKEN - FIRST NAME]].\n'
    expect(await messagesOf(ID, text, 'chat.txt')).toEqual([
      { ruleId: ID, line: 2, column: 11, endLine: 2, endColumn: 25, message: '"{{first_name}}" was sent as written: the customer saw the placeholder, not its value.' },
      { ruleId: ID, line: 2, column: 38, endLine: 2, endColumn: 51, message: fillIn('<insert date>') },
      { ruleId: ID, line: 2, column: 57, endLine: 2, endColumn: 61, message: fillIn('XXXX') },
      { ruleId: ID, line: 2, column: 63, endLine: 2, endColumn: 93, message: fillIn('[[MISSING TOKEN - FIRST NAME]]') },
    ])
  })

  it('fires on "[Customer Name]" and "[insert link]" in a Markdown macro, not on export markers or masked numbers', async () => {
    const text = 'Hi [Customer Name],\n\nReset it here: [insert link]. [Image] Card XXXX-XXXX-1234.\n'
    expect(await messagesOf(ID, text, 'macro.md')).toEqual([
      { ruleId: ID, line: 1, column: 4, endLine: 1, endColumn: 19, message: fillIn('[Customer Name]') },
      { ruleId: ID, line: 3, column: 16, endLine: 3, endColumn: 29, message: fillIn('[insert link]') },
    ])
  })

  it('takes extended fill-in lists and exceptions', async () => {
    const text = 'Agent: See TODO and [Agent Name].\n'
    expect((await messagesOf(ID, text, 'chat.txt')).map((m) => m.message)).toEqual([fillIn('[Agent Name]')])
    expect((await messagesOf(ID, text, 'chat.txt', { fillIns: { add: ['TODO'] }, notFillIns: { add: ['Agent Name'] } })).map((m) => m.message)).toEqual([fillIn('TODO')])
  })
})
