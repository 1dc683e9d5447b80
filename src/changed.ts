/**
 * --changed-since <ref>: keep only diagnostics on lines the working tree changed since a git ref (added or
 * modified lines, new side of `git diff`), the review-only-what-I-touched mode of vale-action and alex --diff.
 * Files git does not track count as changed throughout; fatal messages are always kept.
 */
import { execFile } from 'node:child_process'
import { relative, resolve, sep } from 'node:path'
import { promisify } from 'node:util'
import { UsageError } from './errors.js'
import type { LintResult } from './linter.js'

const run = promisify(execFile)

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 256 * 1024 * 1024 })
    return stdout
  } catch (error) {
    const e = error as { stderr?: string; code?: string | number; message?: string }
    if (e.code === 'ENOENT') throw new UsageError('--changed-since needs git, which is not installed')
    const first = String(e.stderr ?? e.message ?? error).split('\n').find((l) => l.trim()) ?? 'git failed'
    throw new UsageError(`--changed-since: ${first.replace(/^fatal:\s*/, '')}`)
  }
}

/** Changed lines per absolute path, and the untracked files (changed throughout). */
export async function changedLines(ref: string, cwd: string): Promise<{ lines: Map<string, Set<number>>; untracked: Set<string> }> {
  const root = (await git(cwd, ['rev-parse', '--show-toplevel'])).trim()
  await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => {
    throw new UsageError(`--changed-since: "${ref}" is not a commit, branch or tag in this repository`)
  })
  const diff = await git(root, ['diff', '--unified=0', '--no-color', '--no-ext-diff', '--relative', ref, '--'])
  const lines = new Map<string, Set<number>>()
  let current: Set<number> | undefined
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const path = line.slice(4).trim()
      current = path === '/dev/null' ? undefined : new Set()
      if (current) lines.set(resolve(root, path.replace(/^b\//, '')), current)
    } else if (line.startsWith('@@') && current) {
      // @@ -a,b +c,d @@: d lines from c on the new side (d omitted means 1; 0 means a pure deletion).
      const m = /\+(\d+)(?:,(\d+))?/.exec(line)
      if (!m) continue
      const start = Number(m[1])
      const count = m[2] === undefined ? 1 : Number(m[2])
      for (let i = 0; i < count; i++) current.add(start + i)
    }
  }
  const untracked = new Set(
    (await git(root, ['ls-files', '--others', '--exclude-standard', '-z'])).split('\0').filter(Boolean).map((p) => resolve(root, p)),
  )
  return { lines, untracked }
}

/** The results with only messages on changed lines (fatal ones always kept); counts recomputed. */
export function keepChanged(results: LintResult[], changed: { lines: Map<string, Set<number>>; untracked: Set<string> }, cwd: string): LintResult[] {
  return results.map((r) => {
    const path = resolve(cwd, r.filePath)
    if (changed.untracked.has(path)) return r
    const lines = changed.lines.get(path)
    const messages = r.messages.filter((m) => m.fatal || (lines?.has(m.line) ?? false))
    return recount({ ...r, messages })
  })
}

export function recount(r: LintResult): LintResult {
  const errors = r.messages.filter((m) => m.severity === 2)
  const warnings = r.messages.filter((m) => m.severity === 1)
  return {
    ...r,
    errorCount: errors.length,
    warningCount: warnings.length,
    fatalErrorCount: errors.filter((m) => m.fatal).length,
    fixableErrorCount: errors.filter((m) => m.fix).length,
    fixableWarningCount: warnings.filter((m) => m.fix).length,
  }
}

/** A path relative to cwd with forward slashes (the key used in suppression files). */
export function relativeKey(cwd: string, path: string): string {
  return relative(cwd, resolve(cwd, path)).split(sep).join('/')
}
