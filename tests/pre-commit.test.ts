/**
 * The pre-commit hook (.pre-commit-hooks.yaml), run by the real `pre-commit` tool the way a team uses it: a
 * repository that names rapport by `repo:` and `rev:`. pre-commit clones that rev, runs `npm install` there (the
 * "prepare" script builds dist/), packs and installs it, and runs `rapport` on the files it selects.
 *
 * pre-commit only sees committed files, so the hook repo is a snapshot of this working tree (tracked and
 * untracked files, minus what .gitignore drops) committed to a temp repo: the test checks the hook as it is
 * now, not as of the last commit. Skipped, with a message, where `pre-commit` is not installed.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = resolve('.')
const available = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0
if (!available) console.log('pre-commit is not installed (apt-get install pre-commit, or pip install pre-commit): skipping the pre-commit hook test')

// Git variables set by an outer hook (husky, pre-commit itself) would point the inner git commands elsewhere.
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_')))
Object.assign(env, { GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', NO_COLOR: '1', TERM: 'dumb' })

function run(command: string, args: string[], cwd: string, options: SpawnSyncOptions = {}) {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', ...options })
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}`, error: r.error }
}

function git(cwd: string, ...args: string[]): string {
  const r = run('git', ['-c', 'user.name=rapport test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], cwd)
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.output}`)
  return r.output.trim()
}

/** The files of this working tree that a commit would hold. */
function workingTreeFiles(): string[] {
  const r = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, env, encoding: 'utf8' })
  // --cached lists files deleted from the tree but not yet from the index: keep only what exists.
  if (r.status === 0) return r.stdout.split('\0').filter((f) => f && !/^(node_modules|dist)\//.test(f) && existsSync(join(ROOT, f)))
  // Not a git checkout (an unpacked tarball): everything but build output and installed packages.
  const skip = new Set(['.git', 'node_modules', 'dist', 'coverage'])
  const out: string[] = []
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(ROOT, rel), { withFileTypes: true })) {
      if (skip.has(entry.name)) continue
      const path = rel ? `${rel}/${entry.name}` : entry.name
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile()) out.push(path)
    }
  }
  walk('')
  return out
}

const made: string[] = []
const temp = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix))
  made.push(d)
  return d
}
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true })
})

describe.skipIf(!available)('pre-commit hook', () => {
  it('fails on a bad macro, naming the file and the rule, and passes without it', { timeout: 600_000 }, () => {
    // The hook repo: this working tree, committed.
    const hookRepo = temp('rapport-hook-')
    for (const file of workingTreeFiles()) {
      mkdirSync(dirname(join(hookRepo, file)), { recursive: true })
      cpSync(join(ROOT, file), join(hookRepo, file))
    }
    git(hookRepo, 'init', '-q')
    git(hookRepo, 'add', '-A')
    git(hookRepo, 'commit', '-q', '--no-verify', '-m', 'snapshot')
    const rev = git(hookRepo, 'rev-parse', 'HEAD')

    // A team's macro library.
    const project = temp('rapport-precommit-')
    const files: Record<string, string> = {
      'macros/good.md': 'Hi Sam,\n\nYour order shipped today, and the tracking link is in your inbox.\n\nThanks,\nAlex\n',
      'macros/bad.md': 'Hi Sam,\n\nKindly note that your order shipped today.\n\nThanks,\nAlex\n',
      // Not macros: the hook's exclude must keep rapport from reading these as (unrecognised) JSON and YAML.
      'package.json': '{ "name": "macro-library", "private": true }\n',
      '.github/workflows/ci.yml': 'name: ci\non: push\njobs: {}\n',
      '.pre-commit-config.yaml': [
        'repos:',
        `  - repo: ${JSON.stringify(hookRepo)}`,
        `    rev: ${rev}`,
        '    hooks:',
        '      - id: rapport',
        "        args: ['--max-warnings=0']",
        '',
      ].join('\n'),
    }
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(project, name)), { recursive: true })
      writeFileSync(join(project, name), text)
    }
    git(project, 'init', '-q')
    git(project, 'add', '-A')
    git(project, 'commit', '-q', '--no-verify', '-m', 'macros')

    // A fresh pre-commit home: no cached environment from an older snapshot.
    const home = temp('rapport-pre-commit-home-')
    const preCommit = (cwd: string) =>
      run('pre-commit', ['run', '--all-files', '--color', 'never'], cwd, {
        env: { ...env, PRE_COMMIT_HOME: home },
        timeout: 540_000,
      })

    const failing = preCommit(project)
    expect(failing.error).toBeUndefined()
    expect(failing.output).toMatch(/^rapport\.+Failed$/m)
    expect(failing.status).toBe(1)
    expect(failing.output).toContain('macros/bad.md')
    expect(failing.output).toMatch(/3:1\s+warning\s+"Kindly note that".*avoid-robotic-language/)
    expect(failing.output).not.toContain('macros/good.md')
    expect(failing.output).not.toMatch(/Unrecognised|package\.json|ci\.yml/)

    git(project, 'rm', '-q', 'macros/bad.md')
    git(project, 'commit', '-q', '--no-verify', '-m', 'fix')
    const passing = preCommit(project)
    expect(passing.output).toMatch(/^rapport\.+Passed$/m)
    expect(passing.status).toBe(0)
  })
})
