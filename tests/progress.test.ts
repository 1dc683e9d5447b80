/** The progress bar on stderr: when it may show, what it draws, and that it leaves the terminal clean. */
import { execFileSync, spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatDuration, progressAllowed, progressLine, startProgress, type ProgressOptions } from '../src/progress.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

interface FakeStream {
  stream: NodeJS.WriteStream
  writes: string[]
}

/** A stand-in for process.stderr that records what is written to it. */
function fakeStream({ isTTY = true, columns = 80 }: { isTTY?: boolean; columns?: number } = {}): FakeStream {
  const writes: string[] = []
  const stream = {
    isTTY,
    columns,
    write(chunk: unknown, ...rest: unknown[]): boolean {
      writes.push(String(chunk))
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined
      cb?.()
      return true
    },
  }
  return { stream: stream as unknown as NodeJS.WriteStream, writes }
}

function options(over: Partial<ProgressOptions> = {}): ProgressOptions {
  return { unit: 'files', format: 'stylish', env: {}, stream: fakeStream().stream, ...over }
}

async function until(check: () => boolean, ms = 3000): Promise<boolean> {
  for (let t = 0; t < ms; t += 20) {
    if (check()) return true
    await sleep(20)
  }
  return check()
}

describe('progressAllowed', () => {
  it('needs a TTY', () => {
    expect(progressAllowed(options())).toBe(true)
    expect(progressAllowed(options({ stream: fakeStream({ isTTY: false }).stream }))).toBe(false)
  })

  it('is off in CI unless CI is "false" or "0"', () => {
    expect(progressAllowed(options({ env: { CI: 'true' } }))).toBe(false)
    expect(progressAllowed(options({ env: { CI: '1' } }))).toBe(false)
    expect(progressAllowed(options({ env: { CI: 'woodpecker' } }))).toBe(false)
    expect(progressAllowed(options({ env: { CI: 'false' } }))).toBe(true)
    expect(progressAllowed(options({ env: { CI: '0' } }))).toBe(true)
  })

  it('is only for the human formats', () => {
    for (const format of ['stylish', 'compact']) expect(progressAllowed(options({ format }))).toBe(true)
    for (const format of ['json', 'sarif', 'scorecard', 'jsonl', 'html']) {
      expect(progressAllowed(options({ format }))).toBe(false)
    }
  })

  it('respects NO_PROGRESS and TERM=dumb', () => {
    expect(progressAllowed(options({ env: { NO_PROGRESS: '1' } }))).toBe(false)
    expect(progressAllowed(options({ env: { NO_PROGRESS: 'true' } }))).toBe(false)
    expect(progressAllowed(options({ env: { NO_PROGRESS: '0' } }))).toBe(true)
    expect(progressAllowed(options({ env: { TERM: 'dumb' } }))).toBe(false)
    expect(progressAllowed(options({ env: { TERM: 'xterm-256color' } }))).toBe(true)
  })
})

describe('the line', () => {
  const bar = (cells: number, fraction: number) => '#'.repeat(Math.round(fraction * cells)).padEnd(cells, '.')

  it('shows done/total, the unit, the rate and an ETA', () => {
    const line = progressLine({ done: 2400, total: 5000, startedAt: 0 }, 'files', 100, 3000, bar)
    expect(line).toMatch(/^linting [#.]+ 2,400\/5,000 files · 800 files\/s · ETA 4s$/)
    expect(line.length).toBeLessThan(100)
  })

  it('shows just the count and the rate while the total is unknown', () => {
    const line = progressLine({ done: 1234, total: undefined, startedAt: 0 }, 'conversations', 80, 2000, bar)
    expect(line).toBe('linting 1,234 conversations · 617 conversations/s')
  })

  it('fits a narrow terminal', () => {
    for (const width of [20, 40, 60]) {
      const line = progressLine({ done: 2400, total: 5000, startedAt: 0 }, 'files', width, 3000, bar)
      expect(line.length).toBeLessThan(width)
    }
  })

  it('formats durations', () => {
    expect(formatDuration(2.2)).toBe('3s')
    expect(formatDuration(125)).toBe('2m 05s')
    expect(formatDuration(3 * 3600 + 7 * 60)).toBe('3h 07m')
  })
})

describe('startProgress', () => {
  it('draws the counts and the unit once the delay has passed', async () => {
    const { stream, writes } = fakeStream()
    const p = startProgress(options({ stream, total: 5000, delayMs: 0 }))
    p.tick(2000)
    p.tick(400)
    expect(await until(() => writes.some((w) => w.includes('2,400/5,000 files')))).toBe(true)
    expect(writes.join('')).toMatch(/files\/s · ETA/)
    p.stop()
  })

  it('draws the count alone while the total is unknown, and the total once set', async () => {
    const { stream, writes } = fakeStream()
    const p = startProgress(options({ stream, unit: 'conversations', delayMs: 0 }))
    p.tick(12)
    expect(await until(() => writes.some((w) => w.includes('12 conversations')))).toBe(true)
    p.setTotal(48)
    p.tick()
    expect(await until(() => writes.some((w) => w.includes('13/48 conversations')))).toBe(true)
    p.stop()
  })

  it('writes nothing for a run shorter than the delay', async () => {
    const { stream, writes } = fakeStream()
    const p = startProgress(options({ stream, total: 10, delayMs: 10_000 }))
    for (let i = 0; i < 10; i++) p.tick()
    await sleep(50)
    p.stop()
    p.stop()
    expect(writes).toEqual([])
  })

  it('clears its line on stop, and stopping twice is safe', async () => {
    const { stream, writes } = fakeStream()
    const p = startProgress(options({ stream, total: 3, delayMs: 0 }))
    p.tick()
    expect(await until(() => writes.some((w) => w.includes('1/3 files')))).toBe(true)
    p.stop()
    // The last write erases the whole line (ESC [2K); the cursor was put in column 0 just before.
    expect(writes.at(-1)).toBe('\x1b[2K')
    expect(writes.at(-2)).toBe('\x1b[1G')
    const count = writes.length
    p.stop()
    p.tick()
    await sleep(250)
    expect(writes.length).toBe(count)
  })

  it('redraws at most about ten times a second', async () => {
    const { stream, writes } = fakeStream()
    const p = startProgress(options({ stream, total: 1_000_000, delayMs: 0 }))
    const started = Date.now()
    while (Date.now() - started < 600) {
      p.tick()
      await new Promise((r) => setImmediate(r))
    }
    p.stop()
    const draws = writes.filter((w) => w.startsWith('linting')).length
    expect(draws).toBeGreaterThan(0)
    expect(draws).toBeLessThanOrEqual(10) // 600 ms at 10 a second, plus the final draw in stop()
  })

  it('never writes to a stream it may not draw on', async () => {
    const notTTY = fakeStream({ isTTY: false })
    const machine = fakeStream()
    const ci = fakeStream()
    const bars = [
      startProgress(options({ stream: notTTY.stream, total: 5, delayMs: 0 })),
      startProgress(options({ stream: machine.stream, total: 5, delayMs: 0, format: 'json' })),
      startProgress(options({ stream: ci.stream, total: 5, delayMs: 0, env: { CI: 'true' } })),
    ]
    for (const p of bars) p.tick(3)
    await sleep(250)
    for (const p of bars) p.stop()
    expect([...notTTY.writes, ...machine.writes, ...ci.writes]).toEqual([])
  })

  it('loads the library only when it draws, and keeps no process alive', () => {
    const script = `
      import { createRequire } from 'node:module'
      const require = createRequire(import.meta.url)
      const { startProgress } = await import(${JSON.stringify(resolve('dist/src/progress.js'))})
      const loaded = () => Object.keys(require.cache).some((k) => k.includes('cli-progress'))
      const stream = { isTTY: true, columns: 80, write(s, cb) { if (typeof cb === 'function') cb(); return true } }
      const quiet = startProgress({ unit: 'files', total: 9, format: 'json', delayMs: 0, stream, env: {} })
      quiet.tick()
      const p = startProgress({ unit: 'files', total: 9, format: 'stylish', delayMs: 100, stream, env: {} })
      p.tick()
      const early = loaded()
      setTimeout(() => console.log(JSON.stringify({ early, late: loaded() })), 400)
      // no stop(): the bar's timers must not hold the process open
    `
    const started = Date.now()
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000 })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ early: false, late: true })
    expect(Date.now() - started).toBeLessThan(5000)
  })
})

const DEMO = resolve('dist/scripts/progress-demo.js')

describe('the demo with stderr not a terminal', () => {
  it('draws nothing', () => {
    const r = spawnSync(process.execPath, [DEMO, '--total', '300', '--delay', '0', '--duration', '400'], {
      encoding: 'utf8',
      env: { ...process.env, CI: 'false' },
    })
    expect(r.status).toBe(0)
    expect(r.stdout).toBe('done\n')
    expect(r.stderr).toBe('')
  })
})

const hasTmux = spawnSync('tmux', ['-V']).status === 0
if (!hasTmux) console.log('tmux is not installed: skipping the progress-bar terminal test')

describe.skipIf(!hasTmux)('the bar in a terminal', () => {
  it('shows counts and a rate while running, and leaves only `done` behind', async () => {
    const session = `rapport-progress-${process.pid}`
    const pane = () => execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' })
    // CI=false: the bar is under test here even when the suite runs in CI.
    const command = `env CI=false NO_PROGRESS= ${process.execPath} ${DEMO} --total 5000 --delay 200 --duration 2500; sleep 30`
    execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '100', '-y', '12', command])
    try {
      let seen = ''
      for (let t = 0; t < 2000 && !/files\/s/.test(seen); t += 100) {
        await sleep(100)
        seen = pane()
      }
      expect(seen).toMatch(/linting .*\b[\d,]+\/5,000 files · [\d,.]+ files\/s/)
      let after = ''
      for (let t = 0; t < 6000 && !/^done$/m.test(after); t += 100) {
        await sleep(100)
        after = pane()
      }
      expect(after).toMatch(/^done$/m)
      expect(after).not.toMatch(/linting|files\/s|█|░/)
      expect(after.trim()).toBe('done')
    } finally {
      spawnSync('tmux', ['kill-session', '-t', session])
    }
  })
})
