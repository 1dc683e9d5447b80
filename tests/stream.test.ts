/** Streaming .jsonl (issue 6): a line at a time, with results identical to reading the file whole. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { lintFiles } from '../src/api.js'
import { builtinRules } from '../rules/index.js'
import { lintText } from '../src/linter.js'
import { lintJsonLines, type LineResult } from '../src/stream.js'
import { configFor, type RulesSetting } from './helpers.js'
import { project, rapport, removeProjects } from './process.js'

afterAll(removeProjects)

const RULES: RulesSetting = {
  'acknowledge-feelings': 'error',
  'offer-alternatives': 'error',
  'avoid-robotic-language': 'warn',
  'no-shouting': 'warn',
}

const conversation = (id: string, customer: string, agent: string) =>
  JSON.stringify({ id, turns: [{ role: 'customer', text: customer }, { role: 'agent', text: agent }] })

/** Every kind of line break, a BOM, a blank line, a broken line, astral characters and a fixable phrase. */
const TEXT =
  '\uFEFF' +
  conversation('a', 'I am so angry 😡 about this.', 'We cannot refund it. Kindly revert.') +
  '\r\n' +
  conversation('b', 'Fine.', 'Please be advised that WE ARE CLOSED!!') +
  '\r' +
  '{ "turns": [ broken\n' +
  '\n' +
  conversation('c', 'This is unacceptable.', 'Per our policy we cannot do that.') +
  '\n'

async function inChunks(text: string, size: number): Promise<AsyncIterable<string>> {
  return (async function* () {
    for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size)
  })()
}

describe('lintJsonLines', () => {
  const options = { filePath: 'talks.jsonl', config: configFor(RULES), rules: builtinRules }

  it.each([1, 2, 3, 7, 64, 100_000])('gives the whole-file result when the text arrives in chunks of %i', async (size) => {
    const whole = await lintText(TEXT, options)
    const { replacementChar, ...streamed } = await lintJsonLines(await inChunks(TEXT, size), options)
    expect(replacementChar).toBeUndefined()
    expect(streamed).toEqual(whole)
    // The test has teeth: problems on several lines, a fix, and the broken line's fatal message.
    expect(new Set(whole.messages.map((m) => m.line))).toEqual(new Set([1, 2, 3, 5]))
    expect(whole.messages.some((m) => m.fix)).toBe(true)
    expect(whole.messages.find((m) => m.fatal)).toMatchObject({ line: 3, message: expect.stringMatching(/^line 3: /) })
  })

  it('reports each line as soon as it is linted, with its records and messages', async () => {
    const seen: LineResult[] = []
    const ticks: number[] = []
    const streamed = await lintJsonLines(await inChunks(TEXT, 5), { ...options, records: 'full' }, { keep: false, onLine: (r) => void seen.push(r), tick: () => ticks.push(seen.length) })
    expect(seen.map((r) => [r.line, r.records.map((d) => d.id)])).toEqual([
      [1, ['a']],
      [2, ['b']],
      [3, []],
      [5, ['c']],
    ])
    expect(ticks).toEqual([1, 2, 3, 4])
    expect(seen[0]!.records[0]!.outcomes['acknowledge-feelings']).toBe('failed')
    expect(seen[2]!.messages[0]).toMatchObject({ fatal: true, line: 3 })
    // Each record's messages are the file's, moved to the line they are on; nothing is kept (flat memory).
    const whole = await lintText(TEXT, { ...options, records: 'full' })
    expect(seen.flatMap((r) => r.records)).toEqual(whole.documents)
    expect(streamed.messages).toEqual([])
    expect(streamed.documents).toEqual([])
    expect(streamed.errorCount).toBe(whole.errorCount)
    expect(streamed.tally).toEqual(whole.tally)
  })
})

describe('lintFiles streams .jsonl files', () => {
  it('with the same result as reading them whole, cache included', async () => {
    const dir = project({ '.rapportrc.json': JSON.stringify({ extends: [], rules: RULES }), 'talks.jsonl': TEXT })
    const file = join(dir, 'talks.jsonl')
    const whole = await lintText(TEXT, { filePath: file, config: configFor(RULES), rules: builtinRules })
    const run = await lintFiles([file], { cwd: dir, concurrency: 'off' })
    expect(run.results).toEqual([whole])
    const cached = await lintFiles([file], { cwd: dir, concurrency: 'off', cacheLocation: '.rapportcache' })
    expect(cached.results).toEqual([whole])
    expect((await lintFiles([file], { cwd: dir, concurrency: 'off', cacheLocation: '.rapportcache' })).results).toEqual([whole])
  })

  it('falls back to a whole read for invalid UTF-8 and UTF-16, keeping their notices', () => {
    const dir = project({})
    const line = conversation('x', 'I am upset.', 'We cannot help.')
    writeFileSync(join(dir, 'bad.jsonl'), Buffer.concat([Buffer.from(line + '\n'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]))
    writeFileSync(join(dir, 'wide.jsonl'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(line + '\n', 'utf16le')]))
    const r = rapport(dir, ['-f', 'json', 'bad.jsonl', 'wide.jsonl'])
    const [bad, wide] = JSON.parse(r.stdout) as { messages: { message: string; line: number; ruleId: string | null }[] }[]
    expect(bad!.messages.find((m) => /UTF-8/.test(m.message))).toMatchObject({ line: 2 })
    expect(wide!.messages.map((m) => m.ruleId)).toContain('offer-alternatives')
    // -f jsonl has written its lines before the end: it says so in a line of its own instead.
    const lines = rapport(dir, ['-f', 'jsonl', 'bad.jsonl']).stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(lines.at(-1)).toEqual({ file: 'bad.jsonl', line: 1, messages: [expect.objectContaining({ severity: 1, message: expect.stringMatching(/may not be valid UTF-8/) })] })
  })

  it('--fix reads a .jsonl whole and writes the fixed file', () => {
    const dir = project({ '.rapportrc.json': JSON.stringify({ extends: [], rules: { 'avoid-robotic-language': 'warn' } }), 't.jsonl': TEXT })
    const r = rapport(dir, ['--fix', 't.jsonl'])
    expect(r.status).toBe(1) // the broken line is still an error
    const fixed = rapport(dir, ['-f', 'json', 't.jsonl'])
    expect(JSON.parse(fixed.stdout)[0].messages.filter((m: { ruleId: string }) => m.ruleId === 'avoid-robotic-language')).toEqual([])
  })
})

describe('streaming is the whole-file reader, line by line (property)', () => {
  const turn = fc.record({
    role: fc.constantFrom('customer', 'agent'),
    text: fc.constantFrom('I am so angry about this.', 'We cannot refund it.', 'Kindly revert.', 'PLEASE NOTE THIS!!', 'Thanks, happy to help 🙂', 'é\u0301 ok', ''),
  })
  const line = fc.oneof(
    { weight: 5, arbitrary: fc.array(turn, { minLength: 1, maxLength: 4 }).map((turns) => JSON.stringify({ turns })) },
    { weight: 1, arbitrary: fc.constantFrom('{ broken', '[]', '"text"', '   ', '') },
  )
  const file = fc.tuple(fc.boolean(), fc.array(fc.tuple(line, fc.constantFrom('\n', '\r\n', '\r')), { maxLength: 8 }), fc.integer({ min: 1, max: 50 }))

  it('gives the same result, records included, whatever the line breaks, BOM and chunk sizes', async () => {
    const options = { filePath: 'p.jsonl', config: configFor(RULES), rules: builtinRules, records: 'full' as const }
    await fc.assert(
      fc.asyncProperty(file, async ([bom, lines, size]) => {
        const text = (bom ? '\uFEFF' : '') + lines.map(([l, end]) => l + end).join('')
        const whole = await lintText(text, options)
        const { replacementChar: _r, ...streamed } = await lintJsonLines(await inChunks(text, size), options)
        expect(streamed).toEqual(whole)
      }),
      { numRuns: 150 },
    )
  })
})
