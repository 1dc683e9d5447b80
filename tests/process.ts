/** Running the built CLI as a real process, in throw-away project folders. */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

export const BIN = resolve('bin/rapport.js')
/** A line of a Node stack trace: never on stderr unless DEBUG=rapport. */
export const STACK = /^\s{4}at /m

export interface Run {
  status: number | null
  stdout: string
  stderr: string
}

const made: string[] = []

/** A temp folder holding `files` (path → content); with `git`, a git root (a .git folder is what walks look for). */
export function project(files: Record<string, string>, { git = false, prefix = 'rapport-' } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.push(dir)
  if (git) mkdirSync(join(dir, '.git'))
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, text)
  }
  return dir
}

/** Removes every folder `project` made (call from afterAll). */
export function removeProjects(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true })
}

export function rapport(cwd: string, args: string[], options: { input?: string; env?: Record<string, string | undefined> } = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}
