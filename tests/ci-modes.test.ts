/** --changed-since and bulk suppressions, through the CLI in temp git repositories. */
import { execFileSync } from 'node:child_process'
import { appendFileSync, chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { project, rapport, removeProjects } from './process.js'

afterAll(removeProjects)

const CONFIG = 'extends: []\nrules:\n  avoid-interjection: error\n'
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' })

function repo(files: Record<string, string>): string {
  const dir = project(files)
  git(dir, 'init', '-q')
  git(dir, 'add', '.')
  git(dir, 'commit', '-q', '-m', 'base')
  return dir
}

const lines = (run: { stdout: string }) =>
  (JSON.parse(run.stdout) as any[]).flatMap((r) => r.messages.map((m: any) => `${r.filePath.split('/').pop()}:${m.line}`))

describe('--changed-since', () => {
  it('reports only problems on lines changed since the ref, and all of an untracked file', () => {
    const dir = repo({ '.rapportrc.yaml': CONFIG, 'a.txt': 'Agent: Oops one.\nAgent: fine\nAgent: fine\n' })
    writeFileSync(join(dir, 'a.txt'), 'Agent: Oops one.\nAgent: Ugh two.\nAgent: fine\nAgent: Whoa four.\n')
    writeFileSync(join(dir, 'new.txt'), 'Agent: Yikes.\n')
    const all = rapport(dir, ['-f', 'json', 'a.txt', 'new.txt'])
    expect(lines(all)).toEqual(['a.txt:1', 'a.txt:2', 'a.txt:4', 'new.txt:1'])
    const changed = rapport(dir, ['-f', 'json', '--changed-since', 'HEAD', 'a.txt', 'new.txt'])
    expect(changed.status).toBe(1)
    expect(lines(changed)).toEqual(['a.txt:2', 'a.txt:4', 'new.txt:1'])
    expect(JSON.parse(changed.stdout)[0]).toMatchObject({ errorCount: 2 })
    expect(lines(rapport(dir, ['-f', 'json', '--diff', 'HEAD', 'a.txt']))).toEqual(['a.txt:2', 'a.txt:4'])
  })

  it('a ref that does not exist, or no git repository, is a usage error (exit 2, one line)', () => {
    const dir = repo({ '.rapportrc.yaml': CONFIG, 'a.txt': 'Agent: hi\n' })
    const bad = rapport(dir, ['--changed-since', 'no-such-branch', 'a.txt'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toBe('rapport: --changed-since: "no-such-branch" is not a commit, branch or tag in this repository\n')
    const plain = project({ '.rapportrc.yaml': CONFIG, 'a.txt': 'Agent: hi\n' })
    const none = rapport(plain, ['--changed-since', 'HEAD', 'a.txt'], { env: { GIT_CEILING_DIRECTORIES: join(plain, '..') } })
    expect(none.status).toBe(2)
    expect(none.stderr).toMatch(/^rapport: --changed-since: not a git repository/)
  })
})

describe('bulk suppressions', () => {
  it('--suppress-all records error counts; later runs hide them until there are more; --prune-suppressions drops what is gone', () => {
    const dir = project({ '.rapportrc.yaml': CONFIG, 'a.txt': 'Agent: Oops.\nAgent: Ugh.\n', 'b.txt': 'Agent: fine\n' })
    const first = rapport(dir, ['--suppress-all', 'a.txt', 'b.txt'])
    expect(first.status).toBe(0)
    expect(first.stdout).toBe('')
    const file = join(dir, 'rapport-suppressions.json')
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ 'a.txt': { 'avoid-interjection': { count: 2 } } })

    // The same errors: hidden, listed as suppressed in JSON.
    const again = rapport(dir, ['-f', 'json', 'a.txt'])
    expect(again.status).toBe(0)
    expect(JSON.parse(again.stdout)[0]).toMatchObject({ errorCount: 0, messages: [] })
    expect(JSON.parse(again.stdout)[0].suppressedMessages.map((m: any) => m.suppressions)).toEqual([
      [{ kind: 'file', justification: '' }],
      [{ kind: 'file', justification: '' }],
    ])

    // One more than recorded: all of them are reported.
    appendFileSync(join(dir, 'a.txt'), 'Agent: Yikes.\n')
    const more = rapport(dir, ['-f', 'json', 'a.txt'])
    expect(more.status).toBe(1)
    expect(lines(more)).toEqual(['a.txt:1', 'a.txt:2', 'a.txt:3'])

    // Fixed down to one: pruning lowers the count.
    writeFileSync(join(dir, 'a.txt'), 'Agent: Oops.\nAgent: fine\n')
    expect(rapport(dir, ['--prune-suppressions', 'a.txt']).status).toBe(0)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ 'a.txt': { 'avoid-interjection': { count: 1 } } })
    writeFileSync(join(dir, 'a.txt'), 'Agent: fine\n')
    rapport(dir, ['--prune-suppressions', 'a.txt'])
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({})
  })

  it('--suppress-rule records one rule only, at a chosen location', () => {
    const dir = project({
      '.rapportrc.yaml': 'extends: []\nrules:\n  avoid-interjection: error\n  offer-alternatives: error\n',
      'a.txt': "Customer: refund?\nAgent: Oops, we can't refund it.\n",
    })
    const ok = rapport(dir, ['-f', 'json', '--suppress-rule', 'avoid-interjection', '--suppressions-location', 'ci/baseline.json', 'a.txt'])
    expect(existsSync(join(dir, 'rapport-suppressions.json'))).toBe(false)
    expect(JSON.parse(readFileSync(join(dir, 'ci/baseline.json'), 'utf8'))).toEqual({ 'a.txt': { 'avoid-interjection': { count: 1 } } })
    expect(ok.status).toBe(1)
    expect(JSON.parse(ok.stdout)[0].messages.map((m: any) => m.ruleId)).toEqual(['offer-alternatives'])
  })
})

describe('--fix and --fix-dry-run', () => {
  const config = 'extends: []\nrules:\n  avoid-robotic-language: warn\n  personalize: warn\n'
  it('--fix-dry-run puts the fixed text in the JSON output and writes nothing', () => {
    const dir = project({ '.rapportrc.yaml': config, 'a.txt': 'Agent: Kindly wait.\r\n' })
    const run = rapport(dir, ['-f', 'json', '--fix-dry-run', 'a.txt'])
    expect(run.status).toBe(0)
    const [r] = JSON.parse(run.stdout)
    expect(r.output).toBe('Agent: Please wait.\r\n')
    expect(r.messages).toEqual([])
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('Agent: Kindly wait.\r\n')
  })

  it('--fix writes only files a fix changed, keeps line ends and mode, and never applies suggestions', () => {
    const dir = project({
      '.rapportrc.yaml': config,
      'a.txt': 'Agent: Kindly wait.\r\n',
      'b.md': 'Dear customer, thanks for writing.\n',
      'c.txt': 'Agent: hello\n',
    })
    chmodSync(join(dir, 'a.txt'), 0o640)
    const run = rapport(dir, ['-f', 'json', '--fix', 'a.txt', 'b.md', 'c.txt'])
    expect(run.status).toBe(0)
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('Agent: Please wait.\r\n')
    expect(statSync(join(dir, 'a.txt')).mode & 0o777).toBe(0o640)
    // personalize only suggests: the file is reported and left as it was.
    expect(readFileSync(join(dir, 'b.md'), 'utf8')).toBe('Dear customer, thanks for writing.\n')
    const b = JSON.parse(run.stdout)[1]
    expect(b.output).toBeUndefined()
    expect(b.messages.map((m: any) => m.ruleId)).toEqual(['personalize'])
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([])
  })
})

describe('atomic writes', () => {
  it('a --fix run killed part-way leaves every file either as it was or fully fixed', async () => {
    const files: Record<string, string> = { '.rapportrc.yaml': 'extends: []\nrules:\n  avoid-robotic-language: warn\n' }
    const original = 'Agent: Kindly wait. Please be advised that we close at 5. Per our records, all is well.\n'
    for (let i = 0; i < 400; i++) files[`m${String(i).padStart(3, '0')}.txt`] = original
    const dir = project(files)
    const { spawn } = await import('node:child_process')
    const child = spawn(process.execPath, [resolve('bin/rapport.js'), '--fix', '.'], { cwd: dir, stdio: 'ignore' })
    const exited = new Promise((r) => child.on('exit', r))
    await new Promise((r) => setTimeout(r, 700))
    child.kill('SIGKILL')
    await exited
    const fixed = 'Agent: Please wait. Just so you know, we close at 5. From what I can see, all is well.\n'
    const seen = new Set<string>()
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
      const text = readFileSync(join(dir, name), 'utf8')
      expect([original, fixed], name).toContain(text)
      seen.add(text === original ? 'original' : 'fixed')
    }
    // A process killed mid-write cannot remove its temporary file; it is a dot-file that walks skip, and
    // there is at most the one it was writing.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp')).length).toBeLessThanOrEqual(1)
    expect(seen.size).toBeGreaterThanOrEqual(1)
  })
})
