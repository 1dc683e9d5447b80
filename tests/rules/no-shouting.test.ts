import { describe, expect, it } from 'vitest'
import { messagesOf } from '../helpers.js'

const ID = 'no-shouting'
const caps = (w: string) => `"${w}" in capitals reads as shouting; write it in normal case (use bold or italics for emphasis).`
const marks = (m: string) => `"${m}" reads as shouting; one "!" or "?" is enough.`

describe('no-shouting: capitals', () => {
  it('fires on a long word in capitals and on two short ones side by side', async () => {
    const text = 'Customer: my card\nAgent: We will NEVER ask for it. DO NOT share your code.\n'
    expect(await messagesOf(ID, text, 'chat.txt')).toEqual([
      { ruleId: ID, line: 2, column: 16, endLine: 2, endColumn: 21, message: caps('NEVER') },
      { ruleId: ID, line: 2, column: 34, endLine: 2, endColumn: 40, message: caps('DO NOT') },
    ])
  })

  it('does not fire on acronyms, codes, short words, placeholders or customer turns', async () => {
    const text = [
      'Customer: THIS IS RIDICULOUS!!',
      'Agent: See our FAQ and the TSA rules for flight DL123 (LAX-JFK) via ESPN or HTML, do NOT worry, {{TICKET.REQUESTER.NAME}}.',
    ].join('\n')
    expect(await messagesOf(ID, text, 'chat.txt')).toEqual([])
  })

  it('reports in Markdown macros, and a lone short word once minLength is lowered', async () => {
    const text = '# Security\n\nPlease do NOT share your PIN. We will ALWAYS ask first.\n'
    expect(await messagesOf(ID, text, 'macro.md')).toEqual([
      { ruleId: ID, line: 3, column: 39, endLine: 3, endColumn: 45, message: caps('ALWAYS') },
    ])
    expect((await messagesOf(ID, text, 'macro.md', { minLength: 3 })).map((m) => m.message)).toEqual([caps('NOT'), caps('ALWAYS')])
  })

  it('takes extended and replaced acronym lists', async () => {
    const text = 'Agent: Your ACME ROUTER is on its way.\n'
    expect(await messagesOf(ID, text, 'chat.txt')).toEqual([
      { ruleId: ID, line: 1, column: 13, endLine: 1, endColumn: 24, message: caps('ACME ROUTER') },
    ])
    expect((await messagesOf(ID, text, 'chat.txt', { acronyms: { add: ['ACME'] } })).map((m) => m.message)).toEqual([caps('ROUTER')])
    expect((await messagesOf(ID, 'Agent: Call the FAQS team.\n', 'chat.txt', { acronyms: ['ACME'] })).map((m) => m.message)).toEqual([])
    expect((await messagesOf(ID, 'Agent: Call the ABOUT team.\n', 'chat.txt', { acronyms: ['ABOUT'] })).map((m) => m.message)).toEqual([])
  })
})

describe('no-shouting: "!!" and "?!"', () => {
  it('fires on runs of "!" and "?" with exact ranges', async () => {
    const text = 'Agent: Your order was cancelled!! Why did you not reply?!\n'
    expect(await messagesOf(ID, text, 'chat.txt')).toEqual([
      { ruleId: ID, line: 1, column: 32, endLine: 1, endColumn: 34, message: marks('!!') },
      { ruleId: ID, line: 1, column: 56, endLine: 1, endColumn: 58, message: marks('?!') },
    ])
  })

  it('leaves happy excitement and single marks alone unless allowHappy is false', async () => {
    const text = 'Agent: Thanks so much for the kind words!! Is there anything else? Great!\n'
    expect(await messagesOf(ID, text, 'chat.txt')).toEqual([])
    expect(await messagesOf(ID, text, 'chat.txt', { allowHappy: false })).toEqual([
      { ruleId: ID, line: 1, column: 41, endLine: 1, endColumn: 43, message: marks('!!') },
    ])
    expect(await messagesOf(ID, 'Agent: Cancelled!!\n', 'chat.txt', { punctuation: false })).toEqual([])
  })

  it('reads agent turns of JSON transcripts', async () => {
    const text = JSON.stringify({ turns: [{ role: 'customer', text: 'hi' }, { role: 'agent', text: 'READ THE EMAIL!!!' }] })
    expect((await messagesOf(ID, text, 'chat.json')).map((m) => m.message)).toEqual([caps('READ THE EMAIL'), marks('!!!')])
  })
})
