import { describe, expect, it } from 'vitest'
import { lintText } from '../src/linter.js'
import { builtinRules } from '../rules/index.js'
import { configFor } from './helpers.js'

async function lint(text: string, file = 'macro.md', unused = 0) {
  const config = { ...configFor({ 'avoid-interjection': 'error' }), reportUnusedDisableDirectives: unused as 0 | 1 | 2 }
  const result = await lintText(text, { filePath: file, config, rules: builtinRules })
  return result
}

const where = (r: Awaited<ReturnType<typeof lint>>) => r.messages.map((m) => [m.line, m.column, m.ruleId, m.message])

describe('inline directives', () => {
  it('disable-next-line silences the next line only', async () => {
    const r = await lint('<!-- rapport-disable-next-line avoid-interjection -->\nOops, sorry.\n\nUgh, again.\n')
    expect(where(r).map((m) => m.slice(0, 3))).toEqual([[4, 1, 'avoid-interjection']])
    expect(r.suppressedMessages).toHaveLength(1)
  })

  it('disable … enable covers the lines between, for all rules or the named ones', async () => {
    const text = 'Oops one.\n\n<!-- rapport-disable -->\n\nOops two.\n\n<!-- rapport-enable -->\n\nOops three.\n'
    expect(where(await lint(text)).map((m) => m[0])).toEqual([1, 9])
    const named = 'Oops one.\n\n<!-- rapport-disable avoid-interjection, offer-alternatives -- legacy wording -->\n\nOops two.\n'
    expect(where(await lint(named)).map((m) => m[0])).toEqual([1])
  })

  it('enable of one rule re-enables only that rule', async () => {
    const text = '<!-- rapport-disable -->\n\n<!-- rapport-enable avoid-interjection -->\n\nOops.\n'
    expect(where(await lint(text)).map((m) => m[0])).toEqual([5])
  })

  it('a directive naming another rule does not silence this one', async () => {
    const text = '<!-- rapport-disable-next-line offer-alternatives -->\nOops.\n'
    expect(where(await lint(text)).map((m) => m[0])).toEqual([2])
  })

  it('reports an unknown rule in a directive', async () => {
    const r = await lint('<!-- rapport-disable-next-line avoid-interjections -->\nOops.\n')
    expect(where(r)).toEqual([
      [1, 1, null, 'Unknown rule "avoid-interjections" in a rapport-disable-next-line directive; did you mean "avoid-interjection"?'],
      [2, 1, 'avoid-interjection', '"Oops" is a casual interjection; it reads as careless in a customer reply.'],
    ])
  })

  it('reports unused directives when asked', async () => {
    const r = await lint('<!-- rapport-disable-next-line avoid-interjection -->\nAll good here.\n', 'macro.md', 1)
    expect(r.messages).toEqual([
      expect.objectContaining({ line: 1, column: 1, severity: 1, ruleId: null, message: expect.stringMatching(/^Unused rapport-disable-next-line directive/) }),
    ])
  })

  it('works in chat-text transcripts, on whole-line comments', async () => {
    const text = 'Customer: it broke\n<!-- rapport-disable-next-line -->\nAgent: oops\nAgent: ugh\n'
    expect(where(await lint(text, 'chat.txt')).map((m) => m[0])).toEqual([4])
  })
})
