/**
 * The bad-input matrix of issue 6, through the built CLI as a real process: each bad file gets a clear one-line
 * message on that file, the other files are still linted, the exit code follows DESIGN.md (0 clean or
 * warnings only, 1 lint errors including a fatal one on a file, 2 usage/config/internal), and no stack trace
 * reaches stderr.
 */
import { chmodSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { project, rapport, removeProjects, STACK, type Run } from './process.js'

afterAll(removeProjects)

interface Message {
  ruleId: string | null
  severity: 1 | 2
  message: string
  line: number
  column: number
  endLine?: number
  endColumn?: number
  fatal?: boolean
}
interface Result {
  filePath: string
  messages: Message[]
}

/** A file with one known problem: proof that the run went on to lint it. */
const GOOD = { 'good.txt': 'Customer: hi\nAgent: Oops, let me check.\n' }

function json(run: Run): Result[] {
  expect(run.stderr, run.stderr).not.toMatch(STACK)
  return JSON.parse(run.stdout) as Result[]
}

function fileResult(results: Result[], name: string): Result {
  const found = results.find((r) => r.filePath.endsWith(`/${name}`) || r.filePath.endsWith(`\\${name}`))
  expect(found, `no result for ${name} in ${results.map((r) => r.filePath).join(', ')}`).toBeDefined()
  return found!
}

/** The good file was linted: its one interjection is reported. */
function expectGoodLinted(results: Result[]): void {
  expect(fileResult(results, 'good.txt').messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['avoid-interjection', 2, 8]])
}

/** A message is one line: no line break inside it. */
function oneLine(m: Message): void {
  expect(m.message).not.toMatch(/[\r\n]/)
}

describe('bad input, file by file', () => {
  it('an empty file lints clean, in every format', () => {
    const dir = project({ ...GOOD, 'empty.txt': '', 'empty.md': '', 'empty.json': '', 'empty.jsonl': '', 'empty.vtt': '', 'empty.srt': '', 'empty.csv': '', 'empty.yml': '' })
    const run = rapport(dir, ['-f', 'json', '.'])
    const results = json(run)
    expect(run.status).toBe(0) // the good file's warning only
    expectGoodLinted(results)
    for (const ext of ['txt', 'md', 'json', 'jsonl', 'vtt', 'srt', 'csv', 'yml']) {
      // An empty file holds nothing to lint, whatever its format (even one whose content needs a header).
      expect(fileResult(results, `empty.${ext}`).messages).toEqual([])
    }
  })

  it('a binary file is skipped with a one-line warning, and the others are linted', () => {
    const dir = project(GOOD)
    // Bytes of a PNG header and NULs: what an image renamed .txt looks like.
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, ...Array(200).fill(0)])
    writeFileSync(join(dir, 'image.txt'), bytes)
    const run = rapport(dir, ['-f', 'json', '.'])
    const results = json(run)
    expect(run.status).toBe(0) // a warning: the run is not failed by a file it cannot read as text
    expectGoodLinted(results)
    expect(fileResult(results, 'image.txt').messages).toEqual([
      { ruleId: null, severity: 1, message: 'Binary file (NUL bytes in its first 8 KB) skipped.', line: 1, column: 1 },
    ])
    // In the default (stylish) report the notice is one line, and stderr is empty.
    const stylish = rapport(dir, ['image.txt'])
    expect(stylish.status).toBe(0)
    expect(stylish.stdout).toMatch(/^ {2}1:1 {2}warning {2}Binary file \(NUL bytes in its first 8 KB\) skipped/m)
    expect(stylish.stderr).toBe('')
  })

  it('invalid UTF-8 is read with U+FFFD and a warning where the first bad byte was', () => {
    const dir = project(GOOD)
    // "café" in Latin-1 (0xe9 alone is invalid UTF-8), then a stray 0xff.
    writeFileSync(join(dir, 'latin1.txt'), Buffer.concat([Buffer.from('Customer: hi\nAgent: caf'), Buffer.from([0xe9, 0x20, 0xff]), Buffer.from(' oops.\n')]))
    const run = rapport(dir, ['-f', 'json', '.'])
    const results = json(run)
    expect(run.status).toBe(0)
    expectGoodLinted(results)
    const messages = fileResult(results, 'latin1.txt').messages
    expect(messages.map((m) => [m.ruleId, m.severity, m.line, m.column])).toEqual([
      [null, 1, 2, 11], // "Agent: caf" is 10 characters; the bad byte is the 11th
      ['avoid-interjection', 1, 2, 15], // U+FFFD, space, U+FFFD, space: "oops" at 15
    ])
    expect(messages[0]!.message).toBe('This file is not valid UTF-8; invalid bytes were read as U+FFFD.')
  })

  it('valid UTF-8 that holds U+FFFD itself gets no warning', () => {
    const dir = project({ 'replacement.txt': 'Agent: the \uFFFD sign, oops.\n' })
    const results = json(rapport(dir, ['-f', 'json', '.']))
    expect(fileResult(results, 'replacement.txt').messages.map((m) => m.ruleId)).toEqual(['avoid-interjection'])
  })

  it('UTF-16 with a byte-order mark (LE and BE) is decoded, positions in characters; --fix never rewrites it', () => {
    const dir = project(GOOD)
    const text = 'Customer: hi\r\nAgent: Oops, café 😀 here.\r\n'
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])
    writeFileSync(join(dir, 'le.txt'), le)
    writeFileSync(join(dir, 'be.txt'), be)
    const results = json(rapport(dir, ['-f', 'json', '.']))
    expectGoodLinted(results)
    for (const name of ['le.txt', 'be.txt'])
      expect(fileResult(results, name).messages.map((m) => [m.ruleId, m.line, m.column, m.endColumn])).toEqual([['avoid-interjection', 2, 8, 12]])

    // A fixable problem in UTF-16: reported, but the file is left byte for byte (a fix would write UTF-8).
    const fixable = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Agent: We apologize for any inconvenience caused.\n', 'utf16le')])
    writeFileSync(join(dir, 'fixable.txt'), fixable)
    const fix = rapport(dir, ['--fix', '-f', 'json', 'fixable.txt'])
    expect(fix.stderr).not.toMatch(STACK)
    expect(readFileSync(join(dir, 'fixable.txt')).equals(fixable)).toBe(true)
  })

  it('CRLF and lone CR line breaks give the lines an editor shows', () => {
    const dir = project({
      ...GOOD,
      'crlf.txt': 'Customer: hi\r\nAgent: let me look.\r\n  Oops, my mistake.\r\n',
      'cr.txt': 'Customer: hi\rAgent: let me look.\r  Oops, my mistake.\r',
      'mixed.md': '# Refund\r\n\rWe sent the wrong item.\n\r\nSorry, oops.\r',
    })
    const results = json(rapport(dir, ['-f', 'json', '.']))
    expectGoodLinted(results)
    for (const name of ['crlf.txt', 'cr.txt'])
      expect(fileResult(results, name).messages.map((m) => [m.ruleId, m.line, m.column, m.endLine, m.endColumn])).toEqual([['avoid-interjection', 3, 3, 3, 7]])
    const md = fileResult(results, 'mixed.md').messages.filter((m) => m.ruleId === 'avoid-interjection')
    expect(md.map((m) => [m.line, m.column, m.endColumn])).toEqual([[5, 8, 12]])
  })

  it('a big file (about 5 MB) is linted, with positions at its end', () => {
    // The issue names 50 MB; 5 MB keeps the suite fast and still far past any single buffer or regex limit.
    const block = 'Customer: my order has not arrived and I need it for Friday.\nAgent: I understand, let me check the tracking for you right now.\n'
    const count = Math.ceil(5_000_000 / block.length)
    const dir = project({ ...GOOD, 'big.txt': block.repeat(count) + 'Agent: Oops, found it.\n' })
    const run = rapport(dir, ['-f', 'json', '--rule', 'avoid-interjection:error', '.'])
    const results = json(run)
    expect(run.status).toBe(1)
    const big = fileResult(results, 'big.txt').messages.filter((m) => m.ruleId === 'avoid-interjection')
    expect(big.map((m) => [m.line, m.column])).toEqual([[count * 2 + 1, 8]])
    expectGoodLinted(results)
  })

  it('a line of 1 MB is linted, in chat-text and Markdown', () => {
    const long = 'word '.repeat(200_000)
    const dir = project({ ...GOOD, 'long.txt': `Agent: ${long}oops.\n`, 'long.md': `# Title\n\n${long}oops.\n` })
    const results = json(rapport(dir, ['-f', 'json', '.']))
    expectGoodLinted(results)
    expect(fileResult(results, 'long.txt').messages.filter((m) => m.ruleId === 'avoid-interjection').map((m) => [m.line, m.column])).toEqual([[1, 8 + long.length]])
    expect(fileResult(results, 'long.md').messages.filter((m) => m.ruleId === 'avoid-interjection').map((m) => [m.line, m.column])).toEqual([[3, 1 + long.length]])
  })

  it('JSON nested 10,000 deep is a fatal message on that file, not a crash; a .jsonl keeps its other lines', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000)
    const deepObject = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)
    const dir = project({
      ...GOOD,
      'deep.json': deep,
      'deep-object.json': deepObject,
      'deep.jsonl': `{"turns": [{"role": "agent", "text": "Oops."}]}\n${deep}\n{"turns": [{"role": "agent", "text": "Whoops."}]}\n`,
      'deep.yml': `macros:\n  - title: x\n    body: ${deep}\n`,
      'deep.md': `# Title\n\n${'>'.repeat(10_000)} oops\n`,
    })
    const run = rapport(dir, ['-f', 'json', '.'])
    const results = json(run)
    expect(run.status).toBe(1)
    expectGoodLinted(results)
    for (const name of ['deep.json', 'deep-object.json'])
      expect(fileResult(results, name).messages).toEqual([{ ruleId: null, severity: 2, fatal: true, message: 'JSON nested too deeply to read.', line: 1, column: 1 }])
    expect(fileResult(results, 'deep.jsonl').messages.map((m) => [m.ruleId, m.line, m.message.startsWith('line 2: JSON nested too deeply') || m.ruleId])).toEqual([
      ['avoid-interjection', 1, 'avoid-interjection'],
      [null, 2, true],
      ['avoid-interjection', 3, 'avoid-interjection'],
    ])
    // Other readers nested that deep: a fatal message that says so, never "internal error".
    for (const name of ['deep.yml', 'deep.md']) {
      const messages = fileResult(results, name).messages
      for (const m of messages) {
        oneLine(m)
        expect(m.message).not.toMatch(/internal error/)
      }
    }
  })

  it('valid JSON of no known shape is one fatal message naming what was expected', () => {
    const dir = project({ ...GOOD, 'data.json': '{"orders": [1, 2, 3]}\n', 'numbers.json': '[1, 2, 3]\n', 'string.json': '"hello"\n' })
    const run = rapport(dir, ['-f', 'json', '.'])
    const results = json(run)
    expect(run.status).toBe(1)
    expectGoodLinted(results)
    for (const name of ['data.json', 'numbers.json', 'string.json']) {
      const messages = fileResult(results, name).messages
      expect(messages).toHaveLength(1)
      expect(messages[0]).toMatchObject({ ruleId: null, severity: 2, fatal: true, line: 1, column: 1 })
      expect(messages[0]!.message).toMatch(/^Unrecognised JSON: no known format matches\. Tried: .*"turns"/)
      oneLine(messages[0]!)
    }
  })

  it('a symlink loop in a walked folder is walked once, with a one-line notice per link', () => {
    const dir = project({ ...GOOD, 'macros/a.md': '# A\n\nWhoops, sorry.\n' })
    symlinkSync('..', join(dir, 'macros', 'up')) // macros/up → the project root: a cycle
    symlinkSync('self', join(dir, 'macros', 'self')) // a link to itself: ELOOP when followed
    symlinkSync('b-link.txt', join(dir, 'a-link.txt')) // two links pointing at each other
    symlinkSync('a-link.txt', join(dir, 'b-link.txt'))
    const run = rapport(dir, ['-f', 'json', '.'])
    const results = json(run)
    expect(run.status).toBe(0)
    expectGoodLinted(results)
    expect(results.map((r) => r.filePath.slice(dir.length + 1)).sort()).toEqual(['good.txt', 'macros/a.md'])
    expect(run.stderr.split('\n').filter(Boolean).sort()).toEqual([
      'rapport: warning: a-link.txt: symbolic link loop (it points back at itself); skipped',
      'rapport: warning: b-link.txt: symbolic link loop (it points back at itself); skipped',
      'rapport: warning: macros/self: symbolic link loop (it points back at itself); skipped',
      'rapport: warning: macros/up: symbolic link to a folder already walked (a loop); not walked again',
    ])
  })

  // Root reads any file whatever its mode, so this case can only be shown as another user.
  it.skipIf(process.getuid?.() === 0 || process.platform === 'win32')('an unreadable file is a fatal message on that file', () => {
    const dir = project({ ...GOOD, 'secret.txt': 'Agent: oops\n' })
    chmodSync(join(dir, 'secret.txt'), 0)
    const run = rapport(dir, ['-f', 'json', '.'])
    const results = json(run)
    expect(run.status).toBe(1)
    expectGoodLinted(results)
    expect(fileResult(results, 'secret.txt').messages).toEqual([
      { ruleId: null, severity: 2, fatal: true, message: expect.stringMatching(/^Cannot read file: EACCES permission denied/), line: 1, column: 1 },
    ])
  })

  it('a folder given as --output-file is a usage error (exit 2) in one line, and nothing is lost', () => {
    const dir = project({ ...GOOD, 'reports/keep.txt': 'x' })
    const run = rapport(dir, ['good.txt', '--output-file', 'reports'])
    expect(run.status).toBe(2)
    expect(run.stderr).not.toMatch(STACK)
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(run.stderr).toMatch(/^rapport: --output-file: cannot write .*reports: EISDIR\n$/)
    expect(readFileSync(join(dir, 'reports/keep.txt'), 'utf8')).toBe('x')
  })

  it('a config that throws when loaded is a config error (exit 2) in one line, naming the file and the cause', () => {
    const dir = project({ ...GOOD, 'rapport.config.mjs': "throw new Error('boom')\n" })
    const run = rapport(dir, ['good.txt'])
    expect(run.status).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).not.toMatch(STACK)
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(run.stderr).toBe(`rapport: ${join(dir, 'rapport.config.mjs')}: (file): threw an error while loading: boom (line 1, column 7)\n`)
    // A module that does not parse says so instead.
    const broken = project({ ...GOOD, 'rapport.config.mjs': 'export default { rules: {\n' })
    expect(rapport(broken, ['good.txt']).stderr).toMatch(/^rapport: .*rapport\.config\.mjs: \(file\): cannot be parsed: Unexpected end of input\n$/)
  })
})
