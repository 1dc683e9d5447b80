/** `rapport --init` in a real terminal (tmux): it asks for the preset and the input format. */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { project, removeProjects } from './process.js'

afterAll(removeProjects)
const hasTmux = spawnSync('tmux', ['-V']).status === 0
if (!hasTmux) console.log('tmux is not installed: skipping the interactive --init test')

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function waitFor(path: string, ms: number): Promise<boolean> {
  for (let t = 0; t < ms; t += 100) {
    if (existsSync(path)) return true
    await sleep(100)
  }
  return false
}

describe.skipIf(!hasTmux)('--init in a terminal', () => {
  it('asks, and writes what was answered', async () => {
    const dir = project({})
    const session = `rapport-init-${process.pid}`
    const bin = resolve('bin/rapport.js')
    execFileSync('tmux', ['new-session', '-d', '-s', session, '-c', dir, `${process.execPath} ${bin} --init; sleep 5`])
    try {
      await sleep(800)
      execFileSync('tmux', ['send-keys', '-t', session, 'strict', 'Enter'])
      await sleep(400)
      execFileSync('tmux', ['send-keys', '-t', session, 'markdown', 'Enter'])
      expect(await waitFor(join(dir, '.rapportrc.yaml'), 5000)).toBe(true)
      await sleep(200)
      const config = readFileSync(join(dir, '.rapportrc.yaml'), 'utf8')
      expect(config).toContain('extends: rapport:strict')
      expect(config).toContain('"**/*": markdown')
    } finally {
      spawnSync('tmux', ['kill-session', '-t', session])
    }
  })
})
