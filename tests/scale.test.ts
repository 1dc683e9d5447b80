/**
 * Running at scale (README, "Running at scale"): GNU parallel cuts one .jsonl export into shards, one rapport
 * process lints each, and `rapport merge-scorecards` puts the shards' -f jsonl output back together into the
 * scorecard of the whole file. The commands below are the README's recipe, with `rapport` spelled as the built CLI.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Scorecard } from '../src/scorecard.js'
import { BIN, project, rapport, removeProjects, type Run } from './process.js'

afterAll(removeProjects)

/** GNU parallel, not the `parallel` of moreutils (which has no --version). */
const gnuParallel = /GNU parallel/.test(spawnSync('parallel', ['--version'], { encoding: 'utf8', input: '' }).stdout ?? '')
if (!gnuParallel) console.log('GNU parallel is not installed (apt-get install parallel): skipping tests/scale.test.ts')

const AGENTS = ['Dana', 'Lee', 'Sam']
const DAYS = ['2026-03-02', '2026-03-03', '2026-03-04']
const CONVERSATIONS = 310
const SHARD = 50
/** Conversations without an id: every tenth. Their shards' names are what tells them apart (see test a). */
const hasId = (i: number) => i % 10 !== 9

/** [customer, agent reply]: upset customers answered with and without a word for how they feel, refusals with and without an alternative, and plain questions. */
const EXCHANGES: [string, string][] = [
  ['My parcel is four days late and I am really upset about it.', 'I am sorry about the wait, that is frustrating. Let me find out where it is.'],
  ['My parcel is four days late and I am really upset about it.', 'Send me the order number.'],
  ['You charged my card twice this month. I am furious.', 'I understand how annoying a double charge is. I have started the refund for the second one.'],
  ['You charged my card twice this month. I am furious.', 'Please be advised that refunds take ten working days.'],
  ['Can I get a refund for the green raincoat? It tore on the first day.', 'We cannot refund that item.'],
  ['Can I get a refund for the green raincoat? It tore on the first day.', 'We cannot refund it, but I can send a replacement today or give you store credit.'],
  ['Could you move my delivery to Saturday?', 'Unfortunately that is not possible.'],
  ['Could you move my delivery to Saturday?', "Saturday is full, but I can book Friday evening or Monday morning. Which suits you?"],
  ['What time does the Leeds shop open on Sundays?', 'It opens at ten and closes at four.'],
  ['How do I change the email on my account?', 'PLEASE NOTE you must verify the new address first. Kindly revert once done.'],
]

/** The export: one conversation a line, a few over two agents, most with timestamps across three days, one broken line. */
function exportText(): { text: string; ids: string[] } {
  const lines: string[] = []
  const ids: string[] = []
  for (let i = 0; i < CONVERSATIONS; i++) {
    const [customer, reply] = EXCHANGES[(i * 7) % EXCHANGES.length]!
    const agent = AGENTS[i % AGENTS.length]!
    const day = DAYS[Math.floor(i / 7) % DAYS.length]!
    const dated = i % 4 !== 0
    const at = (minute: number) => (dated ? { at: `${day}T${String(9 + (i % 8)).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z` } : {})
    const turns: object[] = [
      { role: 'customer', text: customer, ...at(0) },
      // Every fifth dated conversation waits half an hour for its first answer.
      { role: 'agent', speaker: agent, text: reply, ...at(i % 5 === 0 ? 30 : 1) },
    ]
    if (i % 6 === 0) {
      const next = AGENTS[(i + 1) % AGENTS.length]!
      turns.push({ role: 'customer', text: 'Can someone else look at this? I am still waiting.', ...at(33) })
      turns.push({ role: 'agent', speaker: next, text: `Hi, this is ${next}. I have picked this up and will email you by five today.`, ...at(35) })
    }
    const id = `conv-${String(i + 1).padStart(4, '0')}`
    if (hasId(i)) ids.push(id)
    lines.push(JSON.stringify({ ...(hasId(i) ? { id } : {}), channel: 'chat', turns }))
    if (i === 137) lines.push('{"id": "half-written", "turns": [{"role": "customer", "text": "hel')
  }
  return { text: lines.join('\n') + '\n', ids }
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`
/** `rapport` as the README spells it; here, the built CLI. */
const RAPPORT = `${quote(process.execPath)} ${quote(BIN)}`

/**
 * GNU parallel with the export on standard input. --will-cite keeps it from printing its citation notice;
 * PARALLEL_SHELL fixes the shell the job commands run in (else it is the caller's shell, or $SHELL).
 */
function parallel(cwd: string, args: string[], input: string): Run {
  const r = spawnSync('parallel', ['--will-cite', ...args], {
    cwd,
    input,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', PARALLEL_SHELL: '/bin/sh' },
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

const jsonLines = (text: string) => text.trim().split('\n').map((l) => JSON.parse(l) as { id?: string; file: string; line: number; outcomes?: object; messages: { fatal?: boolean; message: string }[] })

describe.skipIf(!gnuParallel)('sharding a .jsonl export with GNU parallel', () => {
  const { text, ids } = exportText()
  let dir: string
  let whole: Scorecard

  /**
   * Merged shards against one run over the whole file: the same counts for every rule, agent and day. File
   * names and line numbers differ by design (a shard's lines are `shard-N.jsonl`, numbered from 1 in each
   * shard), so records and `groups` by file are not compared. Nor is `unreadable`: -f scorecard lists only files
   * with no document at all, while a merge of -f jsonl lists the shard that held the broken line.
   */
  function expectWhole(merged: Run) {
    expect(merged.stderr).toBe('')
    expect(merged.status).toBe(0)
    const card = JSON.parse(merged.stdout) as Scorecard
    expect(card.documents).toBe(CONVERSATIONS)
    expect(card.rules).toEqual(whole.rules)
    expect(card.overall).toEqual(whole.overall)
    expect(card.agents).toEqual(whole.agents)
    expect(card.days).toEqual(whole.days)
  }

  beforeAll(() => {
    dir = project({ '.rapportrc.yaml': 'extends: rapport:recommended\n', 'export.jsonl': text }, { git: true, prefix: 'rapport-scale-' })
    const once = rapport(dir, ['-f', 'scorecard', 'export.jsonl'])
    expect(once.status).toBe(1)
    whole = JSON.parse(once.stdout) as Scorecard
    // The export has teeth: rules that pass and fail, three agents, three days.
    expect(whole.documents).toBe(CONVERSATIONS)
    for (const rule of ['acknowledge-feelings', 'offer-alternatives', 'timely-response', 'no-shouting', 'avoid-robotic-language'])
      expect(whole.rules[rule], rule).toMatchObject({ passed: expect.any(Number), failed: expect.any(Number) })
    for (const rule of ['acknowledge-feelings', 'offer-alternatives', 'timely-response']) {
      expect(whole.rules[rule]!.passed, rule).toBeGreaterThan(0)
      expect(whole.rules[rule]!.failed, rule).toBeGreaterThan(0)
    }
    expect(whole.agents.map((g) => g.key).sort()).toEqual(AGENTS)
    expect(whole.days.map((g) => g.key)).toEqual(DAYS)
  })

  it('a: one stream of shards, in order, merges into the scorecard of the whole file', () => {
    // rapport exits 1 when it finds problems: a result, not a failed job. `test $? -le 1` turns 1 into 0 and
    // keeps 2 (bad config, unreadable input) and deaths by signal (128+n) failures.
    const run = parallel(dir, ['--pipe', '-N', String(SHARD), '--keep-order', '-j', '2', `${RAPPORT} --stdin --input-format jsonl --stdin-filename shard-{#}.jsonl -f jsonl; test $? -le 1`], text)
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    writeFileSync(join(dir, 'all.jsonl'), run.stdout)

    const lines = jsonLines(run.stdout)
    expect(lines).toHaveLength(CONVERSATIONS + 1)
    // Every conversation exactly once, in the order of the export (--keep-order).
    expect(lines.filter((l) => l.id !== undefined).map((l) => l.id)).toEqual(ids)
    expect(lines.filter((l) => l.outcomes && l.id === undefined)).toHaveLength(CONVERSATIONS - ids.length)
    // The broken line: a line of its own, with its place in its shard (line 39 of shard 3 is line 139 of the export).
    const broken = lines.filter((l) => !l.outcomes)
    expect(broken).toEqual([{ file: 'shard-3.jsonl', line: 39, messages: [expect.objectContaining({ fatal: true, message: expect.stringMatching(/^line 39: /) })] }])
    expect(new Set(lines.map((l) => l.file))).toEqual(new Set(['1', '2', '3', '4', '5', '6', '7'].map((n) => `shard-${n}.jsonl`)))

    expectWhole(rapport(dir, ['merge-scorecards', 'all.jsonl']))

    // Under one name (`<stdin>`, the default) line numbers repeat across shards; merging still counts every
    // conversation: only the same file and id twice (a shard merged twice) is counted once.
    writeFileSync(join(dir, 'unnamed.jsonl'), run.stdout.replace(/"file":"shard-\d+\.jsonl"/g, '"file":"<stdin>"'))
    const unnamed = JSON.parse(rapport(dir, ['merge-scorecards', 'unnamed.jsonl']).stdout) as Scorecard
    expect(unnamed.documents).toBe(CONVERSATIONS)
    // all.jsonl given twice is read once; under other file names the same conversations are other documents.
    const twice = JSON.parse(rapport(dir, ['merge-scorecards', 'unnamed.jsonl', 'all.jsonl', 'all.jsonl']).stdout) as Scorecard
    expect(twice.documents).toBe(2 * CONVERSATIONS)
  })

  it('b: a file per shard (written whole by -o), merged with merge-scorecards', () => {
    const run = parallel(dir, ['--pipe', '-N', String(SHARD), '-j', '2', `${RAPPORT} --stdin --input-format jsonl --stdin-filename shard-{#}.jsonl -f jsonl -o out/shard-{#}.jsonl; test $? -le 1`], text)
    expect(run.stderr).toBe('')
    expect(run.stdout).toBe('')
    expect(run.status).toBe(0)
    const files = readdirSync(join(dir, 'out')).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    // Seven shards (six of 50 lines, one of 11), and no temporary file left behind.
    expect(files).toEqual(['1', '2', '3', '4', '5', '6', '7'].map((n) => `shard-${n}.jsonl`))
    const lines = files.flatMap((f) => jsonLines(readFileSync(join(dir, 'out', f), 'utf8')))
    expect(lines).toHaveLength(CONVERSATIONS + 1)
    const seen = lines.flatMap((l) => (l.id === undefined ? [] : [l.id]))
    expect(seen.sort()).toEqual([...ids].sort())

    expectWhole(rapport(dir, ['merge-scorecards', ...files.map((f) => `out/${f}`)]))
  })

  it('c: a shard that fails (a missing config: exit 2) makes parallel exit non-zero, though the others write their lines', () => {
    const run = parallel(dir, ['--pipe', '-N', String(SHARD), '--keep-order', '-j', '2', `cfg=.rapportrc.yaml; [ {#} -ne 2 ] || cfg=missing.json; ${RAPPORT} --stdin --input-format jsonl --stdin-filename shard-{#}.jsonl -f jsonl -c "$cfg"; test $? -le 1`], text)
    // parallel's exit status is the number of jobs that failed.
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/^rapport: .*missing\.json: .*no such file\n$/)
    // Only the exit status says so: the other six shards' lines are all there (shard 2 held lines 51-100).
    expect(jsonLines(run.stdout)).toHaveLength(CONVERSATIONS + 1 - SHARD)
  })

  // A shard of one conversation is one line of -f jsonl, which parses as one JSON object: still read as a line.
  it('merge-scorecards reads the output of a shard of one conversation', () => {
    const one = rapport(dir, ['--stdin', '--input-format', 'jsonl', '--stdin-filename', 'shard-9.jsonl', '-f', 'jsonl', '-o', 'one/shard-9.jsonl'], { input: text.split('\n')[0] + '\n' })
    expect(one.status).toBeLessThanOrEqual(1)
    expect(readFileSync(join(dir, 'one/shard-9.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1)
    const merged = rapport(dir, ['merge-scorecards', 'one/shard-9.jsonl'])
    expect(merged.stderr).toBe('')
    expect((JSON.parse(merged.stdout) as Scorecard).documents).toBe(1)
  })
})
