/**
 * The CLI as a real process: exit codes, stylish and JSON output, -o, --quiet, colour, --stdin, broken files and
 * inline directives. Every test makes its own temp directory; rules are pinned by a config file (no `extends`)
 * so only avoid-interjection reports, whatever the tuning of the other rules.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, project as makeProject, rapport, removeProjects, STACK, type Run } from './process.js'

const PKG = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { version: string }
/** The problem matcher CI systems ship for ESLint's stylish output. */
const STYLISH_ROW = /^\s+(\d+):(\d+)\s+(error|warning|info)\s+(.*)\s\s+(.*)$/
const ANSI = /\u001b\[/
const OOPS = '"Oops" is a casual interjection; it reads as careless in a customer reply.'
const casual = (word: string) => `"${word}" is a casual interjection; it reads as careless in a customer reply.`

const project = (files: Record<string, string>) => makeProject(files, { prefix: 'rapport-cli-' })
afterAll(removeProjects)

function json(run: Run): any[] {
  return JSON.parse(run.stdout) as any[]
}

function stderrLines(run: Run): string[] {
  return run.stderr.split('\n').filter((l) => l !== '')
}

/** Only avoid-interjection, at error. */
const ERROR_ONLY = 'rules:\n  avoid-interjection: error\n'
const WARN_ONLY = 'rules:\n  avoid-interjection: warn\n'
const OOPS_TXT = 'Customer: The link you sent does not open.\nAgent: Oops, wrong link.\n'
const CLEAN_TXT = 'Customer: The link you sent does not open.\nAgent: Here is the right one.\n'

describe('exit codes', () => {
  it('exits 0 and prints nothing for a clean file', () => {
    const dir = project({ '.rapportrc': ERROR_ONLY, 'clean.txt': CLEAN_TXT })
    const run = rapport(dir, ['clean.txt'])
    expect(run).toEqual({ status: 0, stdout: '', stderr: '' })
  })

  it('exits 1 on a lint error and prints the stylish report exactly', () => {
    const dir = project({ '.rapportrc': ERROR_ONLY, 'a.txt': OOPS_TXT })
    const run = rapport(dir, ['a.txt'])
    expect(run.status).toBe(1)
    expect(run.stderr).toBe('')
    expect(run.stdout).toBe(
      '\n' +
        'a.txt\n' +
        '  2:8  error  "Oops" is a casual interjection; it reads as careless in a customer reply  avoid-interjection\n' +
        '\n' +
        '\u2716 1 problem (1 error, 0 warnings)\n',
    )
  })

  it('keeps its exit code, quietly, when the reader of its output goes away (`rapport . | head`)', () => {
    // Some 400 KB of report: far more than a pipe holds, so the writes fail once head has gone.
    // -f jsonl writes as it lints, so the reader can go before the run knows its exit code: errors written set it.
    const conversation = JSON.stringify({ turns: [{ role: 'customer', text: 'hi' }, { role: 'agent', text: 'Oops, wrong link. '.repeat(20) }] })
    const dir = project({ '.rapportrc': ERROR_ONLY, 'a.txt': OOPS_TXT.repeat(3000), 'a.jsonl': `${conversation}\n`.repeat(3000) })
    for (const [format, file] of [['json', 'a.txt'], ['jsonl', 'a.jsonl']]) {
      const script = `set -o pipefail; "${process.execPath}" "${BIN}" -f ${format} ${file} | head -c 100 > /dev/null`
      const run = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8' })
      expect(run.stderr, format).toBe('')
      expect(run.status, format).toBe(1)
    }
  })

  it('exits 0 with warnings only, and 1 when they exceed --max-warnings', () => {
    const dir = project({ '.rapportrc': WARN_ONLY, 'a.txt': OOPS_TXT })
    const plain = rapport(dir, ['a.txt'])
    expect(plain.status).toBe(0)
    expect(plain.stdout).toContain('\u2716 1 problem (0 errors, 1 warning)')
    const zero = rapport(dir, ['--max-warnings', '0', 'a.txt'])
    expect(zero.status).toBe(1)
    expect(zero.stdout).toContain('  2:8  warning  "Oops" is a casual interjection')
    expect(zero.stderr).toBe('rapport found too many warnings (maximum: 0).\n')
    const one = rapport(dir, ['--max-warnings', '1', 'a.txt'])
    expect(one.status).toBe(0)
    expect(one.stderr).toBe('')
  })

  it.each([
    ['an unknown option', ['--bogus', 'a.txt'], /^rapport: unknown option '--bogus'$/],
    ['an unknown formatter', ['-f', 'nope', 'a.txt'], /^rapport: --format: unknown formatter "nope" \(known: .*stylish.*json.*\)$/],
    ['a --rule without a severity', ['--rule', 'avoid-interjection', 'a.txt'], /^rapport: --rule "avoid-interjection": expected <rule-id>:<severity>/],
    ['a --rule with broken JSON', ['--rule', 'avoid-interjection:["warn",', 'a.txt'], /^rapport: --rule .*not valid JSON$/],
    ['a --rule with an unknown rule', ['--rule', 'avoid-interjections:warn', 'a.txt'], /unknown rule "avoid-interjections"; did you mean "avoid-interjection"\?$/],
    ['a --rule with a bad severity', ['--rule', 'avoid-interjection:loud', 'a.txt'], /avoid-interjection.*severity must be "off", "warn", "error", 0, 1 or 2, not "loud"$/],
    ['a bad --max-warnings', ['--max-warnings', 'lots', 'a.txt'], /^rapport: --max-warnings: expected a whole number, got "lots"$/],
    ['--stdin with paths', ['--stdin', 'a.txt'], /^rapport: --stdin .*do not pass paths/],
  ])('exits 2 with one line on stderr for %s', (_name, args, pattern) => {
    const dir = project({ '.rapportrc': ERROR_ONLY, 'a.txt': OOPS_TXT })
    const run = rapport(dir, args)
    expect(run.status).toBe(2)
    expect(run.stdout).toBe('')
    expect(stderrLines(run)).toHaveLength(1)
    expect(stderrLines(run)[0]).toMatch(pattern)
    expect(run.stderr).not.toMatch(STACK)
  })

  it('suggests "warn" for --rule avoid-interjection:warning', () => {
    const dir = project({ '.rapportrc': ERROR_ONLY, 'a.txt': OOPS_TXT })
    const run = rapport(dir, ['--rule', 'avoid-interjection:warning', 'a.txt'])
    expect(run.status).toBe(2)
    expect(stderrLines(run)).toHaveLength(1)
    expect(run.stderr).toContain('did you mean "warn"?')
  })

  it('still lints and reports the other files when a path is missing, then exits 2 naming it', () => {
    const dir = project({ '.rapportrc': ERROR_ONLY, 'a.txt': OOPS_TXT, 'b.txt': 'Agent: Yikes, sorry.\n' })
    const run = rapport(dir, ['a.txt', 'missing.txt', 'b.txt', '-f', 'json'])
    expect(run.status).toBe(2)
    expect(stderrLines(run)).toEqual(['rapport: missing.txt: no such file or directory'])
    const results = json(run)
    expect(results.map((r) => r.filePath)).toEqual([join(dir, 'a.txt'), join(dir, 'b.txt')])
    expect(results.map((r) => r.errorCount)).toEqual([1, 1])
  })

  it('prints no stack for a config error, but does with DEBUG=rapport', () => {
    const dir = project({ '.rapportrc.json': '{"rule": {}}', 'a.txt': OOPS_TXT })
    const quiet = rapport(dir, ['a.txt'])
    expect(quiet.status).toBe(2)
    expect(quiet.stderr).not.toMatch(STACK)
    const debug = rapport(dir, ['a.txt'], { env: { DEBUG: 'rapport' } })
    expect(debug.status).toBe(2)
    expect(debug.stderr).toMatch(STACK)
    expect(debug.stderr).toContain('rapport: ' + join(dir, '.rapportrc.json') + ': rule: unknown key')
  })

  it('reports an unwritable --output-file as a usage problem, not an internal error', () => {
    const dir = project({ '.rapportrc': ERROR_ONLY, 'a.txt': OOPS_TXT, 'out/keep': '' })
    const run = rapport(dir, ['-o', 'out', 'a.txt'])
    expect(run.status).toBe(2)
    expect(stderrLines(run)).toHaveLength(1)
    expect(run.stderr).toContain('out')
    expect(run.stderr).not.toContain('internal error')
  })
})

describe('-f json', () => {
  let dir: string
  let run: Run
  beforeAll(() => {
    dir = project({
      '.rapportrc': 'rules:\n  avoid-interjection: error\noverrides:\n  - files: ["*.md"]\n    rules: { avoid-interjection: warn }\n',
      'a.txt': OOPS_TXT,
      'b.md': '# Wrong link\n\nYikes, that link was wrong. Ugh.\n',
      'c.txt': CLEAN_TXT,
    })
    run = rapport(dir, ['-f', 'json', 'a.txt', 'b.md', 'c.txt'])
  })

  it('exits 1 and prints a JSON array, one ESLint-shaped result per file', () => {
    expect(run.status).toBe(1)
    expect(run.stderr).toBe('')
    const results = json(run)
    expect(results).toHaveLength(3)
    for (const r of results) {
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining([
          'filePath',
          'messages',
          'suppressedMessages',
          'errorCount',
          'fatalErrorCount',
          'warningCount',
          'fixableErrorCount',
          'fixableWarningCount',
          'usedDeprecatedRules',
        ]),
      )
    }
    expect(results.map((r) => r.filePath)).toEqual(['a.txt', 'b.md', 'c.txt'].map((f) => join(dir, f)))
  })

  it('gives each message ruleId, severity, message and an exact range', () => {
    const [a, b, c] = json(run)
    expect(a.messages).toHaveLength(1)
    expect(a.messages[0]).toMatchObject({ ruleId: 'avoid-interjection', severity: 2, message: OOPS, line: 2, column: 8, endLine: 2, endColumn: 12 })
    expect(a).toMatchObject({ errorCount: 1, warningCount: 0, fatalErrorCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 })
    expect(b.messages.map((m: any) => [m.ruleId, m.severity, m.message, m.line, m.column, m.endLine, m.endColumn])).toEqual([
      ['avoid-interjection', 1, casual('Yikes'), 3, 1, 3, 6],
      ['avoid-interjection', 1, casual('Ugh'), 3, 29, 3, 32],
    ])
    expect(b).toMatchObject({ errorCount: 0, warningCount: 2, fatalErrorCount: 0 })
    expect(c).toMatchObject({ messages: [], errorCount: 0, warningCount: 0, fatalErrorCount: 0 })
  })
})

describe('stylish', () => {
  it('prints a file line, problem-matcher rows and the total', () => {
    const dir = project({
      '.rapportrc': 'rules:\n  avoid-interjection: error\noverrides:\n  - files: ["*.md"]\n    rules: { avoid-interjection: warn }\n',
      'a.txt': 'Customer: It is broken, sorry.\nAgent: Oops. Yikes, let me check.\n',
      'b.md': '# Wrong link\n\nSorry, that link was wrong. Ugh.\n',
      'c.txt': CLEAN_TXT,
    })
    const run = rapport(dir, ['a.txt', 'b.md', 'c.txt'])
    expect(run.status).toBe(1)
    const lines = run.stdout.split('\n')
    // A clean file gets no heading; each file with problems is followed by its rows.
    expect(lines.filter((l) => /^\S/.test(l) && !l.startsWith('\u2716'))).toEqual(['a.txt', 'b.md', 'By rule, over 3 documents:'])
    const rows = lines.filter((l) => /^\s+\d+:\d+/.test(l)).map((l) => STYLISH_ROW.exec(l)?.slice(1).map((s) => s.trim()))
    expect(rows).toEqual([
      ['2', '8', 'error', '"Oops" is a casual interjection; it reads as careless in a customer reply', 'avoid-interjection'],
      ['2', '14', 'error', '"Yikes" is a casual interjection; it reads as careless in a customer reply', 'avoid-interjection'],
      ['3', '29', 'warning', '"Ugh" is a casual interjection; it reads as careless in a customer reply', 'avoid-interjection'],
    ])
    expect(lines.filter((l) => l.startsWith('\u2716'))).toEqual(['\u2716 3 problems (2 errors, 1 warning)'])
    // Three documents: the report ends with a line per rule that applied.
    const summary = run.stdout.slice(run.stdout.indexOf('\nBy rule, over 3 documents:\n'))
    expect(summary).toMatch(/\n {2}avoid-interjection +33% passed {2}\(1 of 3 documents where it applied; 2 failed\)\n/)
    expect(run.stdout).not.toMatch(ANSI)
  })

  it('keeps the columns aligned within a file', () => {
    const dir = project({
      '.rapportrc': ERROR_ONLY,
      'long.txt': 'Agent: Oops.\n' + 'Agent: Fine.\n'.repeat(9) + 'Agent: Well. Yikes.\n',
    })
    const run = rapport(dir, ['long.txt'])
    const rows = run.stdout.split('\n').filter((l) => /^\s+\d+:\d+/.test(l))
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatch(/^ {2}1:8 {4}error {2}"Oops"/)
    expect(rows[1]).toMatch(/^ {2}11:14 {2}error {2}"Yikes"/)
    // The rule column starts at the same offset on every row.
    expect(rows.map((r) => r.indexOf('avoid-interjection'))).toEqual([rows[1]!.indexOf('avoid-interjection'), rows[1]!.indexOf('avoid-interjection')])
  })
})

describe('output options', () => {
  it('-o writes the report (and creates its folder), prints nothing and keeps the exit code', () => {
    const dir = project({ '.rapportrc': ERROR_ONLY, 'a.txt': OOPS_TXT })
    const stylish = rapport(dir, ['-o', 'reports/lint.txt', '--color', 'a.txt'])
    expect(stylish).toEqual({ status: 1, stdout: '', stderr: '' })
    const text = readFileSync(join(dir, 'reports/lint.txt'), 'utf8')
    expect(text).toContain('  2:8  error  "Oops" is a casual interjection')
    expect(text).toContain('\u2716 1 problem (1 error, 0 warnings)')
    expect(text).not.toMatch(ANSI)
    const asJson = rapport(dir, ['--output-file', 'lint.json', '-f', 'json', 'a.txt'])
    expect(asJson).toEqual({ status: 1, stdout: '', stderr: '' })
    const results = JSON.parse(readFileSync(join(dir, 'lint.json'), 'utf8'))
    expect(results[0].messages[0]).toMatchObject({ ruleId: 'avoid-interjection', line: 2, column: 8 })
  })

  it('--quiet shows errors only and does not count warnings', () => {
    const dir = project({
      '.rapportrc': 'rules:\n  avoid-interjection: error\noverrides:\n  - files: ["*.md"]\n    rules: { avoid-interjection: warn }\n',
      'a.txt': OOPS_TXT,
      'b.md': 'Ugh, sorry.\n',
    })
    const run = rapport(dir, ['--quiet', '--max-warnings', '0', 'a.txt', 'b.md'])
    expect(run.status).toBe(1)
    expect(run.stdout).toContain('a.txt\n  2:8  error')
    expect(run.stdout).not.toContain('b.md')
    expect(run.stdout).not.toContain('warning  ')
    expect(run.stdout).toContain('\u2716 1 problem (1 error, 0 warnings)')
    const onlyWarnings = rapport(dir, ['--quiet', '--max-warnings', '0', '-f', 'json', 'b.md'])
    expect(onlyWarnings.status).toBe(0)
    expect(json(onlyWarnings)[0]).toMatchObject({ messages: [], warningCount: 0, errorCount: 0 })
  })

  it('--no-color prints no ANSI escapes even when colour is forced by the environment; --color does', () => {
    const dir = project({ '.rapportrc': ERROR_ONLY, 'a.txt': OOPS_TXT })
    const env = { NO_COLOR: undefined, FORCE_COLOR: '3' }
    const plain = rapport(dir, ['--no-color', 'a.txt'], { env })
    expect(plain.status).toBe(1)
    expect(plain.stdout).toContain('  2:8  error  "Oops"')
    expect(plain.stdout).not.toMatch(ANSI)
    const colored = rapport(dir, ['--color', 'a.txt'])
    expect(colored.status).toBe(1)
    expect(colored.stdout).toMatch(/\u001b\[31merror\u001b\[39m/)
  })

  it('--list-rules lists every rule with a page, alphabetically, and exits 0', () => {
    const run = rapport(project({}), ['--list-rules'])
    expect(run.status).toBe(0)
    expect(run.stderr).toBe('')
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^rule\s+recommended\s+applies to\s+description$/)
    const ids = lines.slice(1).map((l) => l.split(/\s+/)[0]!)
    const pages = readdirSync(resolve('rules')).filter((f) => f.endsWith('.md')).map((f) => f.replace(/\.md$/, '')).sort()
    expect(ids).toEqual(pages)
    expect(ids).toEqual([...ids].sort())
    expect(ids).toEqual(expect.arrayContaining(['acknowledge-feelings', 'avoid-interjection', 'offer-alternatives']))
    expect(lines.find((l) => l.startsWith('avoid-interjection'))).toMatch(/^avoid-interjection\s+warn\s+transcript, macro\s+Do not talk over/)
  })

  it('--version prints the package version and --help the usage, both exit 0', () => {
    const dir = project({})
    expect(rapport(dir, ['--version'])).toEqual({ status: 0, stdout: `${PKG.version}\n`, stderr: '' })
    expect(rapport(dir, ['-v']).stdout).toBe(`${PKG.version}\n`)
    const help = rapport(dir, ['--help'])
    expect(help.status).toBe(0)
    expect(help.stderr).toBe('')
    expect(help.stdout).toMatch(/^Usage: rapport \[options\] \[paths\.\.\.\]/)
    for (const flag of ['--config', '--format', '--output-file', '--rule', '--max-warnings', '--quiet', '--stdin', '--stdin-filename', '--print-config', '--list-rules'])
      expect(help.stdout).toContain(flag)
  })
})

describe('--stdin', () => {
  let dir: string
  beforeAll(() => {
    dir = project({ '.rapportrc': ERROR_ONLY, 'macros/.rapportrc': WARN_ONLY })
  })

  it('reads chat-text when the text does not look like JSON or Markdown', () => {
    const run = rapport(dir, ['--stdin', '-f', 'json'], { input: OOPS_TXT })
    expect(run.status).toBe(1)
    const [r] = json(run)
    expect(r.format).toBe('chat-text')
    expect(r.messages).toMatchObject([{ ruleId: 'avoid-interjection', severity: 2, line: 2, column: 8, endLine: 2, endColumn: 12 }])
  })

  it('names the result <text> when no --stdin-filename is given (as ESLint does)', () => {
    const run = rapport(dir, ['--stdin', '-f', 'json'], { input: OOPS_TXT })
    expect(json(run)[0].filePath).toBe('<text>')
    const stylish = rapport(dir, ['--stdin'], { input: OOPS_TXT })
    expect(stylish.stdout.split('\n')[1]).toBe('<text>')
  })

  it('sniffs JSON and points into the JSON string', () => {
    const run = rapport(dir, ['--stdin', '-f', 'json'], { input: '{"turns":[{"role":"agent","text":"Oops, wrong link."}]}' })
    expect(run.status).toBe(1)
    const [r] = json(run)
    expect(r.format).toBe('json')
    expect(r.messages).toMatchObject([{ ruleId: 'avoid-interjection', line: 1, column: 35, endLine: 1, endColumn: 39 }])
  })

  it('sniffs Markdown from a heading', () => {
    const run = rapport(dir, ['--stdin', '-f', 'json'], { input: '# Link\n\nOops, wrong link.\n' })
    const [r] = json(run)
    expect(r.format).toBe('markdown')
    expect(r.messages).toMatchObject([{ ruleId: 'avoid-interjection', severity: 2, line: 3, column: 1, endColumn: 5 }])
  })

  it('--stdin-filename picks the format by extension and the config by location', () => {
    // A macro read as Markdown (the "Agent:" is prose), with macros/.rapportrc (warn) applying.
    const run = rapport(dir, ['--stdin', '--stdin-filename', 'macros/link.md', '-f', 'json'], { input: 'Agent: Oops, wrong link.\n' })
    expect(run.status).toBe(0)
    const [r] = json(run)
    expect(r.filePath).toBe(join(dir, 'macros/link.md'))
    expect(r.format).toBe('markdown')
    expect(r.messages).toMatchObject([{ ruleId: 'avoid-interjection', severity: 1, line: 1, column: 8 }])
    // JSON-looking text named .txt is read as chat-text, not sniffed.
    const txt = rapport(dir, ['--stdin', '--stdin-filename', 'note.txt', '-f', 'json'], { input: OOPS_TXT })
    expect(json(txt)[0]).toMatchObject({ format: 'chat-text', filePath: join(dir, 'note.txt'), errorCount: 1 })
  })
})

describe('a broken file among good ones', () => {
  let dir: string
  let run: Run
  beforeAll(() => {
    dir = project({
      '.rapportrc': ERROR_ONLY,
      'bad.json': '{"turns": [\n  {"role": "agent", "text": "hi"},,\n]}\n',
      'bad.md': '---\ntitle: [unclosed\n---\nOops, sorry.\n',
      'good.txt': OOPS_TXT,
      'mixed.jsonl':
        '{"turns":[{"role":"agent","text":"Oops"}]}\n{"turns": nope}\n{"turns":[{"role":"agent","text":"Yikes"}]}\n',
      'noturns.json': '{"messages": []}\n',
      'list.json': '[{"turns": []}, {"id": 2}]\n',
    })
    run = rapport(dir, ['-f', 'json', 'bad.json', 'bad.md', 'good.txt', 'mixed.jsonl', 'noturns.json', 'list.json'])
  })
  const result = (name: string) => json(run).find((r) => r.filePath === join(dir, name))

  it('exits 1, with nothing on stderr, and lints every file', () => {
    expect(run.status).toBe(1)
    expect(run.stderr).toBe('')
    expect(json(run)).toHaveLength(6)
    expect(result('good.txt').messages).toMatchObject([{ ruleId: 'avoid-interjection', line: 2, column: 8 }])
  })

  it('invalid JSON: one fatal message at the bad token', () => {
    expect(result('bad.json')).toMatchObject({ errorCount: 1, fatalErrorCount: 1, warningCount: 0 })
    expect(result('bad.json').messages).toEqual([
      { ruleId: null, severity: 2, fatal: true, message: 'Invalid JSON: expected a value.', line: 2, column: 35 },
    ])
  })

  it('invalid YAML front matter: one fatal message inside the front matter', () => {
    const [m, ...rest] = result('bad.md').messages
    expect(rest).toEqual([])
    expect(m).toMatchObject({ ruleId: null, severity: 2, fatal: true, line: 2, column: 17 })
    expect(m.message).toMatch(/^Invalid YAML front matter: /)
  })

  it('a .jsonl with one bad line: a fatal message on that line, the other lines still linted', () => {
    const r = result('mixed.jsonl')
    expect(r.messages.map((m: any) => [m.ruleId, m.line, m.column, m.fatal ?? false])).toEqual([
      ['avoid-interjection', 1, 35, false],
      [null, 2, 11, true],
      ['avoid-interjection', 3, 35, false],
    ])
    expect(r.messages[1].message).toBe('line 2: Invalid JSON: unexpected character.')
    expect(r).toMatchObject({ errorCount: 3, fatalErrorCount: 1 })
  })

  it('a YAML front-matter message has no dangling ":" and no position counted inside the front matter', () => {
    const m = result('bad.md').messages[0].message as string
    expect(m).not.toMatch(/:$/)
    // The YAML parser's own "at line 1, column 17" counts from the start of the front matter, not the file.
    expect(m).not.toMatch(/at line \d+, column \d+/)
  })

  it('a JSON value without "turns" gets a message with a clean location prefix', () => {
    const root = result('noturns.json').messages[0]
    expect(root).toMatchObject({ fatal: true, line: 1, column: 1 })
    expect(root.message).toMatch(/^Unrecognised JSON: no known format matches\. Tried: .*json \(\{ "turns"/)
    const item = result('list.json').messages[0]
    expect(item).toMatchObject({ fatal: true, line: 1, column: 17 })
    expect(item.message).toMatch(/^\[1\]: no "turns" array/)
  })

  it('prints fatal messages in stylish too', () => {
    const stylish = rapport(dir, ['bad.json', 'good.txt'])
    expect(stylish.status).toBe(1)
    expect(stylish.stdout).toContain('bad.json\n  2:35  error  Invalid JSON: expected a value\n')
    expect(stylish.stdout).toContain('\u2716 2 problems (2 errors, 0 warnings)')
  })
})

describe('inline directives', () => {
  let dir: string
  beforeAll(() => {
    dir = project({
      '.rapportrc': ERROR_ONLY,
      'a.md': [
        '# Macro', // 1
        '', // 2
        '<!-- rapport-disable-next-line avoid-interjection -->', // 3
        'Oops, first.', // 4
        '', // 5
        'Oops, second.', // 6
        '', // 7
        '<!-- rapport-disable avoid-interjection -- legacy wording -->', // 8
        'Yikes, third.', // 9
        '<!-- rapport-enable avoid-interjection -->', // 10
        '', // 11
        'Ugh, fourth.', // 12
        '', // 13
        '<!-- rapport-disable-next-line avoid-interjectoin -->', // 14
        'Fine line.', // 15
        '', // 16
        '<!-- rapport-disable-next-line avoid-interjection -->', // 17
        'Nothing here.', // 18
        '', // 19
        'Whoops, fifth. <!-- rapport-disable-line avoid-interjection -->', // 20
        '', // 21
      ].join('\n'),
      'b.txt': [
        'Customer: The link is broken.',
        '<!-- rapport-disable-next-line avoid-interjection -->',
        'Agent: Oops, wrong link.',
        'Agent: Whoops, again.',
        '<!-- rapport-disable -->',
        'Agent: Yikes, until the end.',
        '',
      ].join('\n'),
    })
  })

  it('silences the lines and ranges they name, and reports unknown rules in them', () => {
    const run = rapport(dir, ['-f', 'json', 'a.md', 'b.txt'])
    expect(run.status).toBe(1)
    const [a, b] = json(run)
    expect(a.messages.map((m: any) => [m.line, m.column, m.ruleId, m.severity])).toEqual([
      [6, 1, 'avoid-interjection', 2],
      [12, 1, 'avoid-interjection', 2],
      [14, 1, null, 2],
    ])
    expect(a.messages[2].message).toBe('Unknown rule "avoid-interjectoin" in a rapport-disable-next-line directive; did you mean "avoid-interjection"?')
    expect(a.suppressedMessages.map((m: any) => [m.line, m.column])).toEqual([
      [4, 1],
      [9, 1],
      [20, 1],
    ])
    expect(b.messages.map((m: any) => [m.line, m.column, m.message])).toEqual([[4, 8, casual('Whoops')]])
    expect(b.suppressedMessages.map((m: any) => [m.line, m.column])).toEqual([
      [3, 8],
      [6, 8],
    ])
  })

  it('records the "-- reason" as the justification of what it silenced (ESLint suppressions)', () => {
    const [a] = json(rapport(dir, ['-f', 'json', 'a.md']))
    const third = a.suppressedMessages.find((m: any) => m.line === 9)
    expect(third.suppressions).toEqual([{ kind: 'directive', justification: 'legacy wording' }])
  })

  it('--report-unused-disable-directives reports directives that silenced nothing', () => {
    const run = rapport(dir, ['--report-unused-disable-directives', '-f', 'json', 'a.md', 'b.txt'])
    expect(run.status).toBe(1)
    const [a, b] = json(run)
    const unused = a.messages.filter((m: any) => m.message.startsWith('Unused'))
    expect(unused.map((m: any) => [m.line, m.column, m.ruleId, m.message])).toEqual([
      [17, 1, null, 'Unused rapport-disable-next-line directive (no problem from avoid-interjection was reported here).'],
    ])
    expect(b.messages.filter((m: any) => m.message.startsWith('Unused'))).toEqual([])
    // Without the flag, nothing about unused directives.
    const plain = json(rapport(dir, ['-f', 'json', 'a.md']))[0]
    expect(plain.messages.filter((m: any) => m.message.startsWith('Unused'))).toEqual([])
  })
})

describe('--init', () => {
  it('writes a starter config that lints with the recommended rules, and never overwrites one', () => {
    const dir = project({ 'a.txt': 'Agent: Oops, wrong link.\n' })
    const first = rapport(dir, ['--init'])
    expect(first.status).toBe(0)
    expect(first.stdout).toBe(`Wrote ${join(dir, '.rapportrc.yaml')}\n`)
    const config = readFileSync(join(dir, '.rapportrc.yaml'), 'utf8')
    expect(config).toContain('extends: rapport:recommended')
    const lint = rapport(dir, ['-f', 'json', 'a.txt'])
    expect(lint.status).toBe(0)
    expect(json(lint)[0].messages.map((m: any) => [m.line, m.column, m.ruleId])).toEqual([[1, 8, 'avoid-interjection']])
    const again = rapport(dir, ['--init'])
    expect(again.status).toBe(2)
    expect(again.stderr).toBe(`rapport: --init: ${join(dir, '.rapportrc.yaml')} already exists; not overwriting it\n`)
    expect(readFileSync(join(dir, '.rapportrc.yaml'), 'utf8')).toBe(config)
  })

  it('takes --yes --preset --input-format for CI, and rejects an unknown preset', () => {
    const dir = project({ 'a.txt': 'Oops, wrong link.\n' })
    const run = rapport(dir, ['--init', '--yes', '--preset', 'strict', '--input-format', 'markdown'])
    expect(run.status).toBe(0)
    const config = readFileSync(join(dir, '.rapportrc.yaml'), 'utf8')
    expect(config).toContain('extends: rapport:strict')
    expect(config).toContain('formats:\n  "**/*": markdown')
    const lint = rapport(dir, ['-f', 'json', 'a.txt'])
    expect(JSON.parse(lint.stdout)[0]).toMatchObject({ format: 'markdown', messages: expect.arrayContaining([expect.objectContaining({ ruleId: 'avoid-interjection', severity: 2 })]) })
    const other = project({})
    const bad = rapport(other, ['--init', '--yes', '--preset', 'loose'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toBe('rapport: --preset: expected recommended, strict, all, got "loose"\n')
  })
})
