/** Scorecards (issue 7): rule outcomes from the rules themselves, aggregates, -f scorecard / jsonl, merging. */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { builtinRules } from '../rules/index.js'
import { lintText } from '../src/linter.js'
import { mergeScorecards, scorecardOf, scoreDocument, type Scorecard } from '../src/scorecard.js'
import { configFor, type RulesSetting } from './helpers.js'
import { BIN, project, rapport, removeProjects } from './process.js'

afterAll(removeProjects)

async function outcomesOf(text: string, rules: RulesSetting, filePath = 't.txt') {
  const result = await lintText(text, { filePath, config: configFor(rules), rules: builtinRules, records: 'full' })
  return result.documents!.map((d) => d.outcomes)
}

describe('rules say when they applied', () => {
  it.each([
    ['acknowledge-feelings', 'Customer: I am furious about this.\nAgent: I understand how frustrating this is.\n', 'passed'],
    ['acknowledge-feelings', 'Customer: I am furious about this.\nAgent: Send me the order number.\n', 'failed'],
    ['acknowledge-feelings', 'Customer: Where is my order?\nAgent: It ships today.\n', 'not-applicable'],
    ['offer-alternatives', 'Customer: Can I get a refund?\nAgent: We cannot refund it, but I can offer store credit.\n', 'passed'],
    ['offer-alternatives', 'Customer: Can I get a refund?\nAgent: We cannot refund it.\n', 'failed'],
    ['offer-alternatives', 'Customer: Can I get a refund?\nAgent: Yes, it is on its way.\n', 'not-applicable'],
    ['timely-response', 'Customer: Hello?\nAgent: Hi there.\n', 'not-applicable'],
    ['timely-response', '[10:00] Customer: Hello, my parcel is late.\n[10:01] Agent: Let me look.\n', 'passed'],
    ['timely-response', '[10:00] Customer: Hello, my parcel is late.\n[10:30] Agent: Let me look.\n', 'failed'],
    ['no-shouting', 'Customer: hi\nAgent: Hello, happy to help.\n', 'passed'],
    ['no-shouting', 'Customer: hi\nAgent: PLEASE NOTE this.\n', 'failed'],
    ['avoid-interjection', 'Customer: hi\nAgent: Hello.\n', 'passed'],
    ['valid-placeholders', 'Customer: hi\nAgent: Hello [insert name].\n', 'failed'],
    ['ask-open-questions', 'Customer: My card was declined.\nAgent: Is it a Visa?\nCustomer: Yes.\nAgent: Did you enter the code?\nCustomer: Yes.\n', 'failed'],
    ['ask-open-questions', 'Customer: hi\nAgent: Hello.\n', 'not-applicable'],
    ['clarify-understanding', 'Customer: hi\nAgent: Hello.\n', 'not-applicable'],
    ['no-blame', 'Customer: hi\nAgent: Hello.\n', 'passed'],
    ['avoid-robotic-language', 'Customer: hi\nAgent: Kindly revert.\n', 'failed'],
  ])('%s: %j is %s', async (rule, text, outcome) => {
    expect(await outcomesOf(text, { [rule]: 'error' })).toEqual([{ [rule]: outcome }])
  })

  it('valid-placeholders applies to every macro', async () => {
    expect(await outcomesOf('Hello {{ticket.requester.first_name | default: "there"}}.\n', { 'valid-placeholders': 'error' }, 'm.md')).toEqual([{ 'valid-placeholders': 'passed' }])
  })

  it('a report silenced by a directive counts as neither passed nor failed', async () => {
    const text = '<!-- rapport-disable-next-line no-shouting -->\nPLEASE NOTE this.\n'
    expect(await outcomesOf(text, { 'no-shouting': 'error' }, 'm.md')).toEqual([{ 'no-shouting': 'not-applicable' }])
  })

  it('records carry agents, day, line and the failing turn quoted', async () => {
    const json = JSON.stringify([
      { id: 'c1', turns: [{ role: 'customer', text: 'I am so angry.', at: '2026-05-01T09:00:00Z' }, { role: 'agent', speaker: 'Dana', text: 'Send the number.', at: '2026-05-01T09:00:30Z' }] },
      { id: 'c2', turns: [{ role: 'customer', text: 'Hi' }, { role: 'agent', speaker: 'Lee', text: 'Hello!' }, { role: 'agent', speaker: 'Dana', text: 'Hi.' }] },
    ], null, 1)
    const result = await lintText(json, { filePath: 'c.json', config: configFor({ 'acknowledge-feelings': 'error' }), rules: builtinRules, records: 'full' })
    const [c1, c2] = result.documents!
    expect(c1).toMatchObject({ index: 0, id: 'c1', agents: ['Dana'], day: '2026-05-01', outcomes: { 'acknowledge-feelings': 'failed' } })
    expect(c1!.failures).toEqual([expect.objectContaining({ ruleId: 'acknowledge-feelings', speaker: 'Dana', quote: 'Send the number.', turn: 1 })])
    expect(c1!.messages).toHaveLength(1)
    expect(c2).toMatchObject({ index: 1, id: 'c2', agents: ['Lee', 'Dana'], outcomes: { 'acknowledge-feelings': 'not-applicable' }, failures: [], messages: [] })
    expect(c2!.day).toBeUndefined()
    expect(result.tally).toEqual({ 'acknowledge-feelings': { applicable: 1, passed: 0, failed: 1 } })
  })
})

describe('records', () => {
  it('take the day as the source wrote it, leave out role labels as agents, and merge agents by case', async () => {
    const json = JSON.stringify({
      turns: [
        { role: 'customer', text: 'Hi', at: '2026-05-02T23:30:00-05:00' },
        { role: 'agent', speaker: 'Agent', text: 'Hello.' },
        { role: 'agent', speaker: 'Priya', text: 'Hi.' },
        { role: 'agent', speaker: 'PRIYA', text: 'Hi again.' },
      ],
    })
    const result = await lintText(json, { filePath: 'c.json', config: configFor({ 'no-shouting': 'error' }), rules: builtinRules, records: 'full' })
    expect(result.documents![0]).toMatchObject({ day: '2026-05-02', agents: ['Priya'] })
  })

  it('leave out documents with no turns', async () => {
    const result = await lintText('', { filePath: 'empty.txt', config: configFor({ 'no-shouting': 'error' }), rules: builtinRules, records: 'full' })
    expect(result.documents).toEqual([])
  })

  it('list a broken .jsonl line as unreadable, with its line', async () => {
    const { scorecardOfResults } = await import('../src/scorecard.js')
    const text = JSON.stringify({ id: 'a', turns: [{ role: 'agent', text: 'Hello.' }] }) + '\n{ nope\n'
    const result = await lintText(text, { filePath: 'x.jsonl', config: configFor({ 'no-shouting': 'error' }), rules: builtinRules, records: 'full' })
    const card = scorecardOfResults([result], 'agent', (p) => p)
    expect(card.records).toHaveLength(1)
    expect(card.unreadable).toEqual([{ file: 'x.jsonl', line: 2, message: expect.stringMatching(/^line 2: Invalid JSON/) }])
  })
})

describe('scorecardOf', () => {
  const doc = (file: string, agents: string[], outcomes: Record<string, 'passed' | 'failed' | 'not-applicable'>, extra = {}) =>
    scoreDocument(file, { index: 0, line: 1, agents, outcomes, failures: [], ...extra })
  const records = [
    doc('a.json', ['Dana'], { ack: 'passed', offer: 'failed' }, { day: '2026-05-01', tags: ['billing'] }),
    doc('a.json', ['Dana', 'Lee'], { ack: 'failed', offer: 'not-applicable' }, { day: '2026-05-02', index: 1 }),
    doc('b.md', [], { ack: 'not-applicable', offer: 'passed' }, { tags: ['billing', 'refunds'] }),
  ]

  it('counts per rule, per document, and overall', () => {
    const card = scorecardOf(records, 'agent')
    expect(card.documents).toBe(3)
    expect(card.rules).toEqual({
      ack: { applicable: 2, passed: 1, failed: 1, passRate: 0.5, notApplicable: 1 },
      offer: { applicable: 2, passed: 1, failed: 1, passRate: 0.5, notApplicable: 1 },
    })
    expect(card.overall).toEqual({ applicable: 4, passed: 2, failed: 2, passRate: 0.5 })
    expect(card.records.map((r) => r.score)).toEqual([0.5, 0, 1])
  })

  it('groups by agent (a document counts for each of its agents), tag, file and day', () => {
    const byAgent = scorecardOf(records, 'agent').groups
    expect(byAgent.map((g) => [g.key, g.documents, g.overall.passRate])).toEqual([
      ['Dana', 2, 1 / 3],
      ['Lee', 1, 0],
      ['(no agent)', 1, 1],
    ])
    expect(scorecardOf(records, 'tag').groups.map((g) => [g.key, g.documents])).toEqual([
      ['billing', 2],
      ['refunds', 1],
      ['(no tag)', 1],
    ])
    expect(scorecardOf(records, 'file').groups.map((g) => [g.key, g.documents])).toEqual([
      ['a.json', 2],
      ['b.md', 1],
    ])
    const card = scorecardOf(records, 'file')
    // Days are always given when some source has dates, and only over the dated documents.
    expect(card.days.map((g) => [g.key, g.overall.passRate])).toEqual([
      ['2026-05-01', 0.5],
      ['2026-05-02', 0],
    ])
    expect(card.agents.map((g) => g.key)).toEqual(['Dana', 'Lee', '(no agent)'])
  })

  it('with two agents, a failure counts against the one who wrote the failing turn', () => {
    const shared = scoreDocument('c.json', {
      index: 0,
      line: 1,
      agents: ['Dana', 'Lee'],
      outcomes: { offer: 'failed', ack: 'passed' },
      failures: [{ ruleId: 'offer', message: 'x', line: 3, column: 1, speaker: 'Lee' }],
    })
    const groups = scorecardOf([shared], 'agent').groups
    expect(groups.find((g) => g.key === 'Lee')!.rules).toEqual({ ack: { applicable: 1, passed: 1, failed: 0, passRate: 1 }, offer: { applicable: 1, passed: 0, failed: 1, passRate: 0 } })
    expect(groups.find((g) => g.key === 'Dana')!.rules).toEqual({ ack: { applicable: 1, passed: 1, failed: 0, passRate: 1 } })
  })

  it('puts the "(no agent)", "(no tag)" and "(no date)" groups last', () => {
    const undated = doc('c.md', [], { ack: 'passed' })
    expect(scorecardOf([undated, ...records], 'day').groups.map((g) => g.key)).toEqual(['2026-05-01', '2026-05-02', '(no date)'])
  })

  it('a rule that never applied has no pass rate, not a perfect one', () => {
    const card = scorecardOf([doc('x', [], { ack: 'not-applicable' })], 'agent')
    expect(card.rules.ack).toEqual({ applicable: 0, passed: 0, failed: 0, passRate: null, notApplicable: 1 })
    expect(card.records[0]!.score).toBeNull()
  })

  it('merges scorecards and jsonl shards into the scorecard of the whole, counting a repeated document once', () => {
    const whole = scorecardOf(records, 'agent')
    const first: Scorecard = scorecardOf(records.slice(0, 1), 'agent')
    const jsonl = records
      .slice(1)
      .map((r) => JSON.stringify({ ...r, messages: [] }))
      .join('\n')
    const merged = mergeScorecards([
      { name: 'a.json', text: JSON.stringify(first) },
      { name: 'b.jsonl', text: jsonl },
      { name: 'again.json', text: JSON.stringify(first) },
    ])
    expect(merged).toEqual(whole)
    // Only a file given twice is read once: the same conversation in two shards is two documents.
    const withId = scoreDocument('s.jsonl', { index: 0, line: 1, id: 'c1', agents: [], outcomes: { ack: 'passed' }, failures: [] })
    const twoShards = mergeScorecards([
      { name: '1.jsonl', text: JSON.stringify({ ...withId, messages: [] }) },
      { name: '2.jsonl', text: [withId, { ...withId, line: 2, index: 1, id: 'c2' }].map((r) => JSON.stringify({ ...r, messages: [] })).join('\n') },
    ])
    expect(twoShards.documents).toBe(3)
  })

  it.each([
    ['not json\n{}', /x\.txt: line 1 is not a line of -f jsonl output/],
    ['{"foo":1}\n{"bar":2}\n', /x\.txt: line 1 is not a line of -f jsonl output/],
    ['5\n6\n', /x\.txt: line 1 is not a line of -f jsonl output/],
    ['null\n', /x\.txt: not a scorecard/],
    ['{"foo":1}', /x\.txt: not a scorecard/],
  ])('refuses what is neither a scorecard nor -f jsonl output: %j', (text, error) => {
    expect(() => mergeScorecards([{ name: 'x.txt', text }])).toThrow(error)
  })
})

const CHATS = {
  '.rapportrc.json': JSON.stringify({ extends: [], rules: { 'acknowledge-feelings': 'error', 'offer-alternatives': 'error' } }),
  'talks.jsonl': [
    JSON.stringify({ id: 'c1', turns: [{ role: 'customer', text: 'I am furious.' }, { role: 'agent', speaker: 'Dana', text: 'We cannot refund it.' }] }),
    '{ broken',
    JSON.stringify({ id: 'c2', turns: [{ role: 'customer', text: 'Hi' }, { role: 'agent', speaker: 'Lee', text: 'Hello, how can I help?' }] }),
  ].join('\n') + '\n',
  'more/chat.txt': 'Customer: This is so frustrating.\nAgent: I am sorry, that is frustrating. We cannot refund it, but I can send a replacement.\n',
}

describe('the CLI', () => {
  it('-f scorecard writes the scorecard; --group-by picks the groups; a bad key is a usage error', () => {
    const dir = project(CHATS)
    const r = rapport(dir, ['-f', 'scorecard', '--group-by', 'file', '.'])
    expect(r.status).toBe(1)
    const card = JSON.parse(r.stdout) as Scorecard
    expect(card.documents).toBe(3)
    expect(card.groupBy).toBe('file')
    expect(card.groups.map((g) => g.key)).toEqual(['talks.jsonl', 'more/chat.txt'])
    expect(card.rules['acknowledge-feelings']).toMatchObject({ applicable: 2, passed: 1, failed: 1 })
    expect(card.rules['offer-alternatives']).toMatchObject({ applicable: 2, passed: 1, failed: 1 })
    // "Agent:" in the chat-text file is a role label, not a name.
    expect(card.agents.map((g) => g.key)).toEqual(['Dana', 'Lee', '(no agent)'])
    const bad = rapport(dir, ['-f', 'scorecard', '--group-by', 'team', '.'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toBe('rapport: --group-by: expected agent, file, tag, day, got "team"\n')
  })

  it('-f jsonl writes a line per conversation (and one for a broken line), from a file or a stream on stdin', () => {
    const dir = project(CHATS)
    const fromFile = rapport(dir, ['-f', 'jsonl', 'talks.jsonl'])
    expect(fromFile.status).toBe(1)
    const lines = fromFile.stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(lines.map((l) => [l.file, l.line, l.id ?? null])).toEqual([
      ['talks.jsonl', 1, 'c1'],
      ['talks.jsonl', 2, null],
      ['talks.jsonl', 3, 'c2'],
    ])
    expect(lines[0].outcomes).toEqual({ 'acknowledge-feelings': 'failed', 'offer-alternatives': 'failed' })
    expect(lines[0].messages.map((m: { line: number }) => m.line)).toEqual([1, 1])
    expect(lines[1].messages[0]).toMatchObject({ fatal: true, line: 2 })
    const fromStdin = rapport(dir, ['-f', 'jsonl', '--stdin', '--input-format', 'jsonl', '--stdin-filename', 'talks.jsonl'], { input: CHATS['talks.jsonl'] })
    expect(fromStdin.stdout).toBe(fromFile.stdout)
    expect(fromStdin.status).toBe(1)
  })

  it('-f jsonl -o writes the file whole at the end; merge-scorecards combines shards into the whole', () => {
    const dir = project(CHATS)
    expect(rapport(dir, ['-f', 'jsonl', '-o', 'out/a.jsonl', 'talks.jsonl']).status).toBe(1)
    expect(rapport(dir, ['-f', 'scorecard', '-o', 'out/b.json', 'more']).status).toBe(0)
    const whole = JSON.parse(rapport(dir, ['-f', 'scorecard', '.']).stdout) as Scorecard
    const merged = rapport(dir, ['merge-scorecards', 'out/a.jsonl', 'out/b.json'])
    expect(merged.status).toBe(0)
    const card = JSON.parse(merged.stdout) as Scorecard
    expect(card.rules).toEqual(whole.rules)
    expect(card.overall).toEqual(whole.overall)
    expect(card.records.map((r) => r.file).sort()).toEqual(whole.records.map((r) => r.file).sort())
    expect(readFileSync(join(dir, 'out/a.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3)
    const missing = rapport(dir, ['merge-scorecards', 'nope.json'])
    expect(missing.status).toBe(2)
    expect(missing.stderr).toBe('rapport: merge-scorecards: nope.json: no such file\n')
  })

  it('bulk suppressions take hidden failures out of -f jsonl and scorecards too (as --changed-since does, by the same path)', () => {
    const dir = project(CHATS)
    // The broken line stays an error: suppressions never hide what could not be read.
    expect(rapport(dir, ['--suppress-all', '.']).status).toBe(1)
    // The suppressions file is rapport's own, never linted as content.
    const after = rapport(dir, ['-f', 'json', '.'])
    expect((JSON.parse(after.stdout) as { filePath: string }[]).map((r) => r.filePath.slice(dir.length + 1)).sort()).toEqual(['more/chat.txt', 'talks.jsonl'])
    const lines = rapport(dir, ['-f', 'jsonl', '-o', 'out.jsonl', 'talks.jsonl', 'more'])
    expect(lines.status).toBe(1) // the broken line is fatal, which suppressions never hide
    const written = readFileSync(join(dir, 'out.jsonl'), 'utf8')
    expect(written.endsWith('\n')).toBe(true)
    const c1 = written.split('\n').map((l) => (l ? JSON.parse(l) : undefined)).find((l) => l?.id === 'c1')
    expect(c1).toMatchObject({ messages: [], failures: [], outcomes: { 'acknowledge-feelings': 'not-applicable', 'offer-alternatives': 'not-applicable' } })
    const card = JSON.parse(rapport(dir, ['-f', 'scorecard', 'talks.jsonl', 'more']).stdout) as Scorecard
    expect(card.overall.failed).toBe(0)
    expect(card.unreadable).toEqual([{ file: 'talks.jsonl', line: 2, message: expect.stringMatching(/^line 2: /) }])
  })

  it('--stdin --input-format jsonl honours ignores for --stdin-filename', () => {
    const dir = project({ ...CHATS, '.rapportrc.json': JSON.stringify({ extends: [], ignores: ['shards/**'], rules: { 'offer-alternatives': 'error' } }) })
    const r = rapport(dir, ['-f', 'json', '--stdin', '--input-format', 'jsonl', '--stdin-filename', 'shards/a.jsonl'], { input: CHATS['talks.jsonl'] })
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)[0].messages).toEqual([expect.objectContaining({ severity: 1, message: expect.stringMatching(/File ignored/) })])
  })

  it('stylish ends with a line per rule over more than one document, and not for one', () => {
    const dir = project(CHATS)
    const many = rapport(dir, ['.'])
    expect(many.stdout.endsWith(
      [
        '\nBy rule, over 3 documents:',
        '  acknowledge-feelings   50% passed  (1 of 2 documents where it applied; 1 failed)',
        '  offer-alternatives     50% passed  (1 of 2 documents where it applied; 1 failed)',
        '',
      ].join('\n'),
    )).toBe(true)
    const one = rapport(dir, ['more/chat.txt', 'talks.jsonl', '--rule', 'offer-alternatives:off'])
    expect(one.stdout).toContain('By rule')
    const single = rapport(project({ ...CHATS, 'more/chat.txt': 'Customer: I am furious.\nAgent: Send the number.\n' }), ['more/chat.txt'])
    expect(single.stdout).not.toContain('By rule')
  })
})

describe('-f jsonl as it goes, under pressure', () => {
  it('waits for a slow reader instead of piling up output (no listener warnings, nothing lost)', async () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 300; i++) files[`chats/c${i}.txt`] = `Customer: I am furious about order ${i}, ${'this has gone on for weeks '.repeat(20)}\nAgent: We cannot refund it.\n`
    const dir = project(files)
    const child = spawn(process.execPath, [BIN, '-f', 'jsonl', '.'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d))
    // Read nothing for a while: the pipe fills and rapport has to wait.
    await new Promise((r) => setTimeout(r, 1500))
    const chunks: Buffer[] = []
    child.stdout.on('data', (d: Buffer) => chunks.push(d))
    const code = await new Promise<number | null>((r) => child.on('close', r))
    expect(code).toBe(1)
    expect(stderr).toBe('')
    const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n')
    expect(lines).toHaveLength(300)
  })

  it.skipIf(process.platform === 'win32')('Ctrl-C leaves neither the report nor its temporary file behind', async () => {
    const dir = project({ '.rapportrc.json': '{}' })
    const child = spawn(process.execPath, [BIN, '--stdin', '--input-format', 'jsonl', '-f', 'jsonl', '-o', 'out/r.jsonl'], { cwd: dir })
    child.stdin.write(CHATS['talks.jsonl'])
    // The input stays open: wait until the temporary file is there, then interrupt.
    const temp = () => (existsSync(join(dir, 'out')) ? readdirSync(join(dir, 'out')) : [])
    for (let t = 0; t < 5000 && temp().length === 0; t += 50) await new Promise((r) => setTimeout(r, 50))
    expect(temp()).toEqual([expect.stringMatching(/^r\.jsonl\.\d+\.tmp$/)])
    child.kill('SIGINT')
    const code = await new Promise<number | null>((r) => child.on('close', r))
    expect(code).toBe(130)
    expect(temp()).toEqual([])
  })
})
