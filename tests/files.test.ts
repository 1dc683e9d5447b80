/**
 * Which files a run lints: directory walks (extensions, node_modules, .gitignore), globs, config `ignores`,
 * explicitly named files and paths that match nothing. Through the real CLI, in temp directories that are git roots.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { project as makeProject, rapport, removeProjects, STACK, type Run } from './process.js'

const project = (files: Record<string, string>, { git = true } = {}) => makeProject(files, { git, prefix: 'rapport-files-' })
afterAll(removeProjects)

/** The linted files, relative to `base`, in report order (from a -f json run). */
function linted(base: string, run: Run): string[] {
  return (JSON.parse(run.stdout) as any[]).map((r) => r.filePath.slice(base.length + 1))
}

const CONFIG = 'rules:\n  avoid-interjection: error\n'
const OOPS = 'Agent: Oops, wrong link.\n'
const OOPS_JSON = '{"turns":[{"role":"agent","text":"Oops, wrong link."}]}\n'

describe('directory walks', () => {
  let dir: string
  beforeAll(() => {
    dir = project({
      '.rapportrc': CONFIG,
      'a.md': OOPS,
      'b.txt': OOPS,
      'c.chat': OOPS,
      'd.log': OOPS,
      'e.json': OOPS_JSON,
      'f.jsonl': OOPS_JSON,
      'g.html': OOPS,
      'h.docx': OOPS,
      'i.MD': OOPS,
      'notes': OOPS,
      'node_modules/pkg/readme.md': OOPS,
      'sub/node_modules/x.txt': OOPS,
      'sub/deeper/j.txt': OOPS,
      '.git/COMMIT_EDITMSG.txt': OOPS,
    })
  })

  it('picks up only .md/.txt/.chat/.log/.json/.jsonl files, skipping node_modules and .git, in a stable order', () => {
    const run = rapport(dir, ['-f', 'json'])
    expect(run.stderr).toBe('')
    expect(run.status).toBe(1)
    expect(linted(dir, run)).toEqual(['a.md', 'b.txt', 'c.chat', 'd.log', 'e.json', 'f.jsonl', 'i.MD', 'sub/deeper/j.txt'])
    expect((JSON.parse(run.stdout) as any[]).every((r) => r.errorCount === 1 && r.fatalErrorCount === 0)).toBe(true)
  })

  it('walks "." by default and a named directory relative to the cwd', () => {
    const fromSub = rapport(join(dir, 'sub'), ['-f', 'json'])
    expect(linted(join(dir, 'sub'), fromSub)).toEqual(['deeper/j.txt'])
    expect(linted(dir, rapport(dir, ['-f', 'json', 'sub']))).toEqual(['sub/deeper/j.txt'])
  })

  it('lints a file named explicitly whatever its extension (a source error if none reads it)', () => {
    const run = rapport(dir, ['-f', 'json', 'g.html', 'node_modules/pkg/readme.md'])
    const [html, readme] = JSON.parse(run.stdout) as any[]
    expect(html.messages).toMatchObject([{ ruleId: null, fatal: true, line: 1, column: 1 }])
    expect(html.messages[0].message).toMatch(/^No source reads files of type \.html/)
    expect(readme.messages).toMatchObject([{ ruleId: 'avoid-interjection', line: 1, column: 8 }])
  })

  it('lints each file once when paths overlap', () => {
    const run = rapport(dir, ['-f', 'json', 'b.txt', './b.txt', 'sub', 'sub/deeper/j.txt', join(dir, 'b.txt')])
    expect(linted(dir, run)).toEqual(['b.txt', 'sub/deeper/j.txt'])
  })
})

describe('config files in a walk', () => {
  it('does not lint rapport config files, package.json or package-lock.json as transcripts', () => {
    const dir = project({
      '.rapportrc.json': '{ "rules": { "avoid-interjection": "error" } }',
      'package.json': '{ "name": "macros", "version": "1.0.0" }',
      'package-lock.json': '{ "name": "macros", "lockfileVersion": 3, "packages": {} }',
      'team/.rapportrc.json': '{ "rules": { "avoid-interjection": "warn" } }',
      'team/a.txt': OOPS,
      'chat.json': OOPS_JSON,
    })
    const run = rapport(dir, ['-f', 'json'])
    expect(run.stderr).toBe('')
    expect(linted(dir, run)).toEqual(['chat.json', 'team/a.txt'])
    expect((JSON.parse(run.stdout) as any[]).map((r) => r.fatalErrorCount)).toEqual([0, 0])
  })
})

describe('.gitignore', () => {
  let dir: string
  beforeAll(() => {
    dir = project({
      '.rapportrc': CONFIG,
      '.gitignore': 'build/\n*.log\n!keep.log\n',
      'a.txt': OOPS,
      'build/out.md': OOPS,
      'trace.log': OOPS,
      'keep.log': OOPS,
      'sub/.gitignore': 'secret.md\n/local/\n',
      'sub/secret.md': OOPS,
      'sub/public.md': OOPS,
      'sub/local/x.md': OOPS,
      'sub/other/local/y.md': OOPS,
      'sub/other/secret.md': OOPS,
      'sub/other/z.log': OOPS,
    })
  })

  it('honours the .gitignore files of the repository, root and nested, with negation and anchoring', () => {
    const run = rapport(dir, ['-f', 'json'])
    expect(run.stderr).toBe('')
    expect(linted(dir, run)).toEqual(['a.txt', 'keep.log', 'sub/other/local/y.md', 'sub/public.md'])
  })

  it('honours the root .gitignore when walking a subdirectory or from a subdirectory', () => {
    expect(linted(dir, rapport(dir, ['-f', 'json', 'sub']))).toEqual(['sub/other/local/y.md', 'sub/public.md'])
    const cwd = join(dir, 'sub', 'other')
    expect(linted(cwd, rapport(cwd, ['-f', 'json']))).toEqual(['local/y.md'])
  })

  it('honours .gitignore in globs, but lints an ignored file named explicitly', () => {
    expect(linted(dir, rapport(dir, ['-f', 'json', '**/*.log']))).toEqual(['keep.log'])
    expect(linted(dir, rapport(dir, ['-f', 'json', 'build/out.md', 'trace.log']))).toEqual(['build/out.md', 'trace.log'])
  })
})

describe('symbolic links and special files', () => {
  it('follows links to files and folders, walks a linked loop once, and reads a named device as a file', () => {
    const dir = project({ '.rapportrc': CONFIG, 'real/a.txt': OOPS, 'elsewhere/b.md': OOPS })
    symlinkSync(join(dir, 'elsewhere', 'b.md'), join(dir, 'real', 'linked.md'))
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'real', 'more'))
    symlinkSync(join(dir, 'real'), join(dir, 'real', 'loop'))
    const run = rapport(dir, ['-f', 'json', 'real'])
    expect(run.stderr).toBe('rapport: warning: real/loop: symbolic link to a folder already walked (a loop); not walked again\n')
    expect(linted(dir, run)).toEqual(['real/a.txt', 'real/linked.md', 'real/more/b.md'])
    const device = rapport(dir, ['-f', 'json', '--input-format', 'chat-text', '/dev/null'])
    expect(device.status).toBe(0)
    expect(JSON.parse(device.stdout)).toMatchObject([{ filePath: '/dev/null', messages: [] }])
  })
})

describe('globs', () => {
  let dir: string
  beforeAll(() => {
    dir = project({
      '.rapportrc': CONFIG,
      'macros/billing/refund.md': OOPS,
      'macros/billing/refund.txt': OOPS,
      'macros/welcome.md': OOPS,
      'macros/.hidden/x.md': OOPS,
      'macros/node_modules/y.md': OOPS,
      'other/z.md': OOPS,
      'top.md': OOPS,
    })
  })

  it("'macros/**/*.md' matches Markdown under macros only", () => {
    const run = rapport(dir, ['-f', 'json', 'macros/**/*.md'])
    expect(run.stderr).toBe('')
    expect(run.status).toBe(1)
    expect(linted(dir, run)).toEqual(['macros/billing/refund.md', 'macros/welcome.md'])
  })

  it('matches a glob relative to the working folder even when its own name has glob characters', () => {
    const inner = join(dir, 'drafts (copy) [v2]')
    mkdirSync(join(inner, 'm'), { recursive: true })
    writeFileSync(join(inner, '.rapportrc'), CONFIG)
    writeFileSync(join(inner, 'm', 'a.md'), OOPS)
    const run = rapport(inner, ['-f', 'json', 'm/*.md'])
    expect(run.stderr).toBe('')
    expect(linted(inner, run)).toEqual(['m/a.md'])
  })

  it('combines globs, files and directories', () => {
    const run = rapport(dir, ['-f', 'json', '*.md', 'other', 'macros/billing/*.txt'])
    expect(linted(dir, run)).toEqual(['top.md', 'other/z.md', 'macros/billing/refund.txt'])
  })

  it('a glob or directory that matches nothing: exit 2 with one line each, after linting the rest', () => {
    const dir2 = project({ '.rapportrc': CONFIG, 'a.txt': OOPS, 'empty/readme.html': '<p>hi</p>' })
    const run = rapport(dir2, ['-f', 'json', 'nomatch/**/*.md', 'a.txt', 'empty', 'gone'])
    expect(run.status).toBe(2)
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      'rapport: nomatch/**/*.md: no files match this pattern',
      'rapport: empty: no lintable files in this directory',
      'rapport: gone: no such file or directory',
    ])
    expect(run.stderr).not.toMatch(STACK)
    expect(linted(dir2, run)).toEqual(['a.txt'])
  })
})

describe('config ignores', () => {
  let dir: string
  beforeAll(() => {
    dir = project({
      '.rapportrc': CONFIG + 'ignores: ["drafts/**", "*.log", "archive/"]\n',
      'a.txt': OOPS,
      'drafts/b.md': OOPS,
      'drafts/deep/c.md': OOPS,
      'logs/d.log': OOPS,
      'archive/old.md': OOPS,
      'team/.rapportrc': CONFIG + 'ignores: ["wip-*.md"]\n',
      'team/wip-1.md': OOPS,
      'team/done.md': OOPS,
      'bare/.rapportrc': CONFIG + 'ignores: ["drafts"]\n',
      'bare/drafts/e.md': OOPS,
      'bare/f.md': OOPS,
    })
  })

  it('skips ignored files in a walk and in globs (patterns relative to the config file)', () => {
    const run = rapport(dir, ['-f', 'json', '.', 'drafts/**/*.md'])
    expect(run.stderr).toBe('')
    const files = linted(dir, run)
    expect(files).toEqual(expect.arrayContaining(['a.txt', 'team/done.md', 'bare/f.md']))
    for (const f of ['drafts/b.md', 'drafts/deep/c.md', 'logs/d.log', 'archive/old.md', 'team/wip-1.md']) expect(files).not.toContain(f)
  })

  it('a bare directory name in ignores skips everything inside it, as in .gitignore', () => {
    const files = linted(dir, rapport(dir, ['-f', 'json', 'bare']))
    expect(files).toEqual(['bare/f.md'])
  })

  it('"!pattern" in ignores makes an exception, as in .gitignore', () => {
    const dir2 = project({ '.rapportrc': `${CONFIG}ignores: [drafts, "!drafts/keep.md"]\n`, 'drafts/keep.md': OOPS, 'drafts/skip.md': OOPS })
    expect(linted(dir2, rapport(dir2, ['-f', 'json', '.']))).toEqual(['drafts/keep.md'])
  })

  it('warns about an ignored file named explicitly, and lints nothing in it', () => {
    const run = rapport(dir, ['-f', 'json', 'drafts/b.md', 'a.txt'])
    expect(run.status).toBe(1)
    const [b, a] = JSON.parse(run.stdout) as any[]
    expect(b.filePath).toBe(join(dir, 'drafts/b.md'))
    expect(b).toMatchObject({ errorCount: 0, warningCount: 1, fatalErrorCount: 0 })
    expect(b.messages).toEqual([
      { ruleId: null, severity: 1, fatal: false, message: 'File ignored because of a matching "ignores" pattern in the config.', line: 1, column: 1 },
    ])
    expect(a.errorCount).toBe(1)
    const alone = rapport(dir, ['drafts/b.md'])
    expect(alone.status).toBe(0)
    expect(alone.stdout).toContain('drafts/b.md\n  1:1  warning  File ignored because of a matching "ignores" pattern in the config\n')
    expect(alone.stdout).toContain('\u2716 1 problem (0 errors, 1 warning)')
  })

  it('warns about an ignored --stdin-filename instead of linting the text', () => {
    const run = rapport(dir, ['--stdin', '--stdin-filename', 'drafts/new.md', '-f', 'json'], { input: OOPS })
    expect(run.status).toBe(0)
    const [r] = JSON.parse(run.stdout) as any[]
    expect(r.filePath).toBe(join(dir, 'drafts/new.md'))
    expect(r.messages).toMatchObject([{ ruleId: null, severity: 1, message: 'File ignored because of a matching "ignores" pattern in the config.' }])
  })
})

describe('.github and ignored files named on the command line', () => {
  it('a walk reads .github/replies.yml but not workflows; --no-warn-ignored drops the ignored-file warning', () => {
    const dir = project({
      '.rapportrc': `${CONFIG}ignores: [drafts]\n`,
      '.github/replies.yml': 'replies:\n  - name: Thanks\n    body: Oops, thanks.\n',
      '.github/workflows/ci.yml': 'on: push\njobs: {}\n',
      'drafts/a.txt': OOPS,
    })
    expect(linted(dir, rapport(dir, ['-f', 'json', '.']))).toEqual(['.github/replies.yml'])
    const warned = rapport(dir, ['-f', 'json', 'drafts/a.txt'])
    expect(JSON.parse(warned.stdout)[0].warningCount).toBe(1)
    const quiet = rapport(dir, ['-f', 'json', '--no-warn-ignored', 'drafts/a.txt'])
    expect(quiet.status).toBe(0)
    expect(JSON.parse(quiet.stdout)).toEqual([])
  })
})
