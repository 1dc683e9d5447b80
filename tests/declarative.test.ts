/** YAML rules: the file format and its errors, each check kind, options, rulesDir, and `rapport test-rules`. */
import { describe, expect, it, afterAll } from 'vitest'
import { writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { compileSpec } from '../src/declarative/compile.js'
import { parseRuleSpec } from '../src/declarative/spec.js'
import { ConfigError } from '../src/errors.js'
import { lintText } from '../src/linter.js'
import { buildRoleMap } from '../src/sources/roles.js'
import type { Rule } from '../src/rule.js'
import { project, rapport, removeProjects } from './process.js'

afterAll(removeProjects)

async function lint(yaml: string, text: string, file: string, options?: unknown) {
  const spec = parseRuleSpec(yaml, 'test-rule.yml', 'test-rule')
  const rule = compileSpec(spec) as Rule
  const config = { rules: { 'test-rule': { severity: 2 as const, options: options === undefined ? [] : [options] } }, roles: buildRoleMap(undefined), reportUnusedDisableDirectives: 0 as const }
  const result = await lintText(text, { filePath: file, config, rules: { 'test-rule': rule } })
  return result.messages.map((m) => ({ line: m.line, column: m.column, endColumn: m.endColumn, message: m.message, fix: m.fix?.text, suggestion: m.suggestions?.[0]?.fix.text }))
}

describe('YAML rule kinds', () => {
  it('existence: each phrase found, with per-phrase messages and suggestions, exceptions and scope', async () => {
    const yaml = [
      'description: No blame.',
      'kind: existence',
      'message: \'"{{match}}" blames the customer.\'',
      'phrases:',
      '  - you should have',
      '  - { phrase: calm down, message: \'"{{match}}" tells them how to feel.\', suggest: I understand }',
      'exceptions: [you should have received]',
    ].join('\n')
    const text = 'Customer: You should have called me. Calm down!\nAgent: Calm down, you should have booked it. You should have received an email.\n'
    expect(await lint(yaml, text, 'chat.txt')).toEqual([
      { line: 2, column: 8, endColumn: 17, message: '"Calm down" tells them how to feel.', fix: undefined, suggestion: 'I understand' },
      { line: 2, column: 19, endColumn: 34, message: '"you should have" blames the customer.', fix: undefined, suggestion: undefined },
    ])
  })

  it('substitution: a fix keeping the capital, and options adding swaps', async () => {
    const yaml = 'description: Warmer.\nkind: substitution\nmessage: \'"{{match}}": write "{{replacement}}".\'\nswap: { kindly: please }\n'
    expect(await lint(yaml, 'Kindly reply, and kindly wait.', 'macro.md')).toEqual([
      { line: 1, column: 1, endColumn: 7, message: '"Kindly": write "Please".', fix: 'Please', suggestion: 'Please' },
      { line: 1, column: 19, endColumn: 25, message: '"kindly": write "please".', fix: 'please', suggestion: 'please' },
    ])
    expect(await lint(yaml, 'Per our records, all is well.', 'macro.md', { swap: { 'per our records': 'I can see that' } })).toMatchObject([
      { line: 1, column: 1, fix: 'I can see that' },
    ])
  })

  it('requires: a turn matching `if` must also match `then`', async () => {
    const yaml = 'description: Way forward.\nkind: requires\nmessage: \'"{{match}}" with no way forward.\'\nif: ["we can\'t"]\nthen: [instead]\n'
    const text = "Customer: hi\nAgent: We can't do that.\nAgent: We can't do that, but instead we can call.\n"
    expect(await lint(yaml, text, 'chat.txt')).toEqual([{ line: 2, column: 8, endColumn: 16, message: '"We can\'t" with no way forward.', fix: undefined, suggestion: undefined }])
  })

  it('response: the reply to a customer turn that matches must match', async () => {
    const yaml = 'description: Sorry.\nkind: response\nmessage: \'They said "{{cue}}"; say sorry.\'\ncustomer: [broken]\nagent: [sorry]\n'
    const text = 'Customer: It arrived broken.\nAgent: Send a photo.\nCustomer: Also broken lid.\nAgent: So sorry about that.\n'
    expect(await lint(yaml, text, 'chat.txt')).toEqual([{ line: 2, column: 8, endColumn: 21, message: 'They said "broken"; say sorry.', fix: undefined, suggestion: undefined }])
  })

  it('occurrence: at least min in the scoped part (first agent turn, first sentence), at most max', async () => {
    const greet = 'description: Greet.\nkind: occurrence\nmin: 1\nscope: { role: agent, position: first, within: first-sentence }\nmessage: Greet the customer.\nphrases: [hi, hello]\n'
    expect(await lint(greet, 'Customer: hey\nAgent: Your order shipped. Hi!\nAgent: Hello again.\n', 'chat.txt')).toEqual([
      { line: 2, column: 8, endColumn: 27, message: 'Greet the customer.', fix: undefined, suggestion: undefined },
    ])
    expect(await lint(greet, 'Hi {{ticket.requester.first_name}}, your order shipped.', 'macro.md')).toEqual([])
    const sorry = 'description: Not too sorry.\nkind: occurrence\nmax: 1\nmessage: \'"{{match}}" again ({{count}} times).\'\nphrases: [sorry]\n'
    expect(await lint(sorry, 'Sorry! So sorry. Sorry again.', 'macro.md')).toEqual([
      { line: 1, column: 11, endColumn: 16, message: '"sorry" again (3 times).', fix: undefined, suggestion: undefined },
      { line: 1, column: 18, endColumn: 23, message: '"Sorry" again (3 times).', fix: undefined, suggestion: undefined },
    ])
  })

  it('caseSensitive rules match as written', async () => {
    const yaml = 'description: Caps.\nkind: existence\ncaseSensitive: true\nmessage: \'"{{match}}"\'\nphrases: [ASAP]\n'
    expect((await lint(yaml, 'Do it ASAP or asap.', 'macro.md')).map((m) => m.column)).toEqual([7])
  })
})

describe('YAML rule files that are wrong', () => {
  const error = (yaml: string) => {
    try {
      parseRuleSpec(yaml, 'r.yml', 'r')
    } catch (e) {
      return e instanceof ConfigError ? e.message : `not a ConfigError: ${String(e)}`
    }
    return 'no error'
  }
  it.each([
    ['an unknown kind', 'description: d\nkind: existance\nmessage: m\nphrases: [a]\n', 'r.yml:2: kind: unknown kind "existance"; did you mean "existence"? (expected existence, substitution, requires, response, occurrence)'],
    ['an unknown key', 'description: d\nkind: existence\nmessage: m\nphrase: [a]\n', 'r.yml:4: phrase: unknown key; did you mean "phrases"?'],
    ['a missing message', 'description: d\nkind: existence\nphrases: [a]\n', 'r.yml:1: message: is required'],
    ['a kind without what it needs', 'description: d\nkind: requires\nmessage: m\nif: [a]\n', 'r.yml:1: then: a rule of kind requires needs then'],
    ['an id that is not the file name', 'id: other\ndescription: d\nkind: existence\nmessage: m\nphrases: [a]\n', 'r.yml:1: id: must match the file name ("r"), got "other"'],
    ['a bad scope', 'description: d\nkind: existence\nmessage: m\nphrases: [a]\nscope: { role: bot }\n', 'r.yml:5: scope: role must be agent, customer or any, got "bot"'],
    ['a test with neither text nor transcript', 'description: d\nkind: existence\nmessage: m\nphrases: [a]\ntests:\n  - expect: 1\n', 'r.yml:6: tests: item 1: give exactly one of text (a macro) or transcript (chat-text)'],
    ['YAML that does not parse', 'description: d\nkind: [existence\n', 'r.yml:3: (file): not valid YAML:'],
  ])('%s is a config error naming file:line and key', (_name, yaml, expected) => {
    expect(error(yaml).startsWith(expected)).toBe(true)
  })
})

describe("a team's own rules (rulesDir) and rapport test-rules", () => {
  const rule = [
    'description: Say please.',
    'kind: substitution',
    'recommended: warn',
    'message: \'"{{match}}" sounds stiff; write "{{replacement}}".\'',
    'swap: { kindly: please }',
    'tests:',
    '  - text: Kindly send the form.',
    '    expect: 1',
    '  - transcript: "Customer: hi\\nAgent: Please send the form."',
    '    expect: 0',
    '',
  ].join('\n')

  it('lints with rules from rulesDir, configured like any rule', () => {
    const dir = project({ 'team-rules/no-kindly.yml': rule, '.rapportrc.yaml': 'extends: []\nrulesDir: team-rules\nrules:\n  no-kindly: error\n', 'a.txt': 'Agent: Kindly wait.\n' })
    const run = rapport(dir, ['-f', 'json', 'a.txt'])
    expect(run.status).toBe(1)
    expect(JSON.parse(run.stdout)[0].messages).toMatchObject([
      { ruleId: 'no-kindly', severity: 2, line: 1, column: 8, endColumn: 14, message: '"Kindly" sounds stiff; write "Please".', fix: { range: [7, 13], text: 'Please' } },
    ])
  })

  it('test-rules runs the inline tests: exit 0 when they pass, 1 naming file:line when one fails', () => {
    const dir = project({ 'team-rules/no-kindly.yml': rule, '.rapportrc.yaml': 'rulesDir: team-rules\n' })
    const ok = rapport(dir, ['test-rules', 'team-rules'])
    expect(ok.status).toBe(0)
    expect(ok.stdout).toBe('\u2714 no-kindly: 2/2 tests pass (team-rules/no-kindly.yml)\n2 passed, 0 failed\n')
    writeFileSync(join(dir, 'team-rules/no-kindly.yml'), `${rule}  - text: Please wait.\n    expect: 1\n`)
    const bad = rapport(dir, ['test-rules', 'team-rules/no-kindly.yml'])
    expect(bad.status).toBe(1)
    expect(bad.stdout).toContain('team-rules/no-kindly.yml:11: expected 1 report(s), got 0: "Please wait."')
    expect(bad.stdout.trimEnd().split('\n').pop()).toBe('2 passed, 1 failed')
  })

  it('a broken rule file or a clash with a built-in id exits 2 with one line', () => {
    const dir = project({ 'r/avoid-interjection.yml': rule, '.rapportrc.yaml': 'rulesDir: r\n', 'a.txt': 'Agent: hi\n' })
    const clash = rapport(dir, ['a.txt'])
    expect(clash.status).toBe(2)
    expect(clash.stderr).toMatch(/^rapport: .*r\/avoid-interjection\.yml: id: "avoid-interjection" is a built-in rule; give yours another id\n$/)
    mkdirSync(join(dir, 's'))
    writeFileSync(join(dir, 's', 'x.yml'), 'description: d\nkind: existence\nmessage: m\nphrases: a\n')
    writeFileSync(join(dir, '.rapportrc.yaml'), 'rulesDir: s\n')
    const broken = rapport(dir, ['a.txt'])
    expect(broken.status).toBe(2)
    expect(broken.stderr).toMatch(/^rapport: .*s\/x\.yml:4: phrases: expected a list of phrases or \{ phrase, message\?, suggest\? \}\n$/)
  })
})

describe('YAML details', () => {
  it('resolves anchors and aliases, and checks per-phrase messages are text', async () => {
    const yaml = 'description: d\nkind: existence\nmessage: &m \'"{{match}}" again.\'\nphrases:\n  - { phrase: oops, message: *m }\n'
    expect((await lint(yaml, 'Oops, sorry.', 'macro.md')).map((m) => m.message)).toEqual(['"Oops" again.'])
    expect(() => parseRuleSpec('description: d\nkind: existence\nmessage: m\nphrases:\n  - { phrase: oops, message: 3 }\n', 'r.yml', 'r')).toThrow(
      'r.yml:4: phrases: item 1: message must be a non-empty string',
    )
  })
})

describe('plugins', () => {
  it('bring rules from an npm package (defineRule) or a folder of YAML rules, named <plugin>/<id>', () => {
    const jsRule = [
      'export default { rules: { "no-jargon": {',
      '  meta: { description: "No jargon.", appliesTo: ["transcript", "macro"], recommended: false, messages: { jargon: "\\"{{word}}\\" is jargon." } },',
      '  create(context) { return { agentTurn(turn) { const i = turn.text.indexOf("synergy"); if (i >= 0) context.report({ turn, start: i, end: i + 7, messageId: "jargon", data: { word: "synergy" } }) } } },',
      '} } }',
    ].join('\n')
    const yamlRule = 'description: Say please.\nkind: substitution\nmessage: \'"{{match}}": write "{{replacement}}".\'\nswap: { kindly: please }\n'
    const dir = project({
      'node_modules/rapport-plugin-acme/package.json': '{ "name": "rapport-plugin-acme", "type": "module", "exports": "./index.js" }',
      'node_modules/rapport-plugin-acme/index.js': jsRule,
      'house-style/no-kindly.yml': yamlRule,
      '.rapportrc.yaml': 'extends: []\nplugins: [rapport-plugin-acme, ./house-style]\nrules:\n  acme/no-jargon: error\n  house-style/no-kindly: warn\n',
      'a.txt': 'Agent: Kindly note our synergy.\n',
    })
    const run = rapport(dir, ['-f', 'json', 'a.txt'])
    expect(run.stderr).toBe('')
    expect(JSON.parse(run.stdout)[0].messages.map((m: any) => [m.ruleId, m.severity, m.line, m.column, m.message])).toEqual([
      ['house-style/no-kindly', 1, 1, 8, '"Kindly": write "Please".'],
      ['acme/no-jargon', 2, 1, 24, '"synergy" is jargon.'],
    ])
  })

  it('a plugin that cannot be found or exports no rules is a config error', () => {
    const dir = project({ '.rapportrc.yaml': 'plugins: [rapport-plugin-nope]\n', 'a.txt': 'Agent: hi\n' })
    const run = rapport(dir, ['a.txt'])
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/^rapport: .*\.rapportrc\.yaml: plugins\[0\]: cannot find plugin "rapport-plugin-nope"/)
  })
})

describe('patterns that could hang a run', () => {
  const slow = `Agent: ${'a'.repeat(40)}!\n`
  it('a catastrophic /regex/ in rule options is refused before anything is linted', () => {
    const dir = project({ '.rapportrc.yaml': 'extends: []\nrules:\n  avoid-interjection: [error, { interjections: { add: ["/(a+)+$/"] } }]\n', 'a.txt': slow })
    const started = Date.now()
    const run = rapport(dir, ['a.txt'])
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/^rapport: .*\.rapportrc\.yaml: rules\.avoid-interjection: the pattern \/\(a\+\)\+\$\/ could take exponential time on some text/)
  })

  it('and in a YAML rule, naming the file, line and key; ordinary patterns pass', () => {
    expect(() => parseRuleSpec('description: d\nkind: existence\nmessage: m\nphrases:\n  - "/(\\\\w+\\\\s?)*$/"\n', 'r.yml', 'r')).toThrow(
      /^r\.yml:4: phrases: the pattern \/\(\\w\+\\s\?\)\*\$\/ could take exponential time/,
    )
    expect(() => parseRuleSpec('description: d\nkind: existence\nmessage: m\nphrases:\n  - "/(?<![\\\\p{L}])you\\\\s+(?:really\\\\s+)?should/"\n', 'r.yml', 'r')).not.toThrow()
  })
})
