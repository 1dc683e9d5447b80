/**
 * A progress bar on stderr for long runs (many files, or many conversations in a big `.jsonl`).
 *
 * Drawing is done by `cli-progress`, loaded only once the delay has passed, so short runs and
 * non-interactive runs never pay for it. The bar never writes to stdout, redraws at most ten
 * times a second, keeps no timer alive, and `stop()` clears its line.
 */
import type { SingleBar } from 'cli-progress'
import { HUMAN_FORMATS } from './formatters/index.js'

export interface ProgressOptions {
  /** What is counted: 'files' or 'conversations'. */
  unit: 'files' | 'conversations'
  /** Total when known (files after the walk); undefined while unknown (conversations in a stream). */
  total?: number
  /** Where to draw; default process.stderr. */
  stream?: NodeJS.WriteStream
  /** The output format: machine formats never get a bar. */
  format: string
  /** Milliseconds to wait before showing anything (default 1000): short runs never show a bar. */
  delayMs?: number
  env?: NodeJS.ProcessEnv
}

export interface Progress {
  /** n more done (default 1). */
  tick(n?: number): void
  setTotal(total: number): void
  /** Removes the bar (clears its line) so nothing is left on the terminal; safe to call twice. */
  stop(): void
}

/** Redraws per second, at most. */
const FPS = 10
const REDRAW_MS = 1000 / FPS
/** Widest the bar itself gets, in cells. */
const BAR_CELLS = 24
// Made on first draw: creating an Intl formatter costs about 10 ms, which every run would pay at start-up.
let numberFormat: Intl.NumberFormat | undefined
const formatNumber = (n: number): string => (numberFormat ??= new Intl.NumberFormat('en-US')).format(n)

/** An environment flag counts as on when set to anything but '', '0' or 'false'. */
function flagOn(value: string | undefined): boolean {
  if (value === undefined) return false
  const v = value.trim().toLowerCase()
  return v !== '' && v !== '0' && v !== 'false'
}

/** Whether a bar may be shown at all: stream is a TTY, not CI (env CI set to anything but "false"/"0"), TERM not "dumb", format is a human one ('stylish' or 'compact'), and not NO_PROGRESS. */
export function progressAllowed(options: ProgressOptions): boolean {
  const stream = options.stream ?? process.stderr
  const env = options.env ?? process.env
  if (stream.isTTY !== true) return false
  if (!HUMAN_FORMATS.has(options.format)) return false
  if (env.CI !== undefined) {
    const ci = env.CI.trim().toLowerCase()
    if (ci !== 'false' && ci !== '0') return false
  }
  if (env.TERM === 'dumb') return false
  if (flagOn(env.NO_PROGRESS)) return false
  return true
}

const NO_PROGRESS: Progress = Object.freeze({
  tick() {},
  setTotal() {},
  stop() {},
})

/** 3s, 42s, 2m 05s, 1h 07m. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds))
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
}

function formatRate(perSecond: number): string {
  if (perSecond >= 10) return formatNumber(Math.round(perSecond))
  return perSecond.toFixed(1)
}

interface Counts {
  done: number
  total: number | undefined
  /** performance.now() when counting started. */
  startedAt: number
}

/**
 * The bar's one line for `width` terminal columns, e.g.
 * `linting ████████░░░░ 2,400/5,000 files · 830 files/s · ETA 3s`; without a total, no bar and no ETA.
 * `drawBar(cells, fraction)` draws the bar part.
 */
export function progressLine(
  counts: Counts,
  unit: ProgressOptions['unit'],
  width: number,
  now: number,
  drawBar: (cells: number, fraction: number) => string,
): string {
  const { done, total } = counts
  const seconds = Math.max((now - counts.startedAt) / 1000, 0.001)
  const rate = done / seconds
  const known = total !== undefined && total > 0
  const count = known ? `${formatNumber(done)}/${formatNumber(total)}` : formatNumber(done)
  const parts = [`${count} ${unit}`]
  if (done > 0) parts.push(`${formatRate(rate)} ${unit}/s`)
  if (known && done > 0 && done < total) parts.push(`ETA ${formatDuration((total - done) / rate)}`)
  const text = parts.join(' · ')
  const label = 'linting'
  // Keep one column free so the cursor never sits in the last one (no wrap, clean redraws).
  const room = width - 1
  if (known) {
    const cells = Math.min(BAR_CELLS, room - label.length - text.length - 2)
    if (cells >= 6) return `${label} ${drawBar(cells, Math.min(1, done / total))} ${text}`
  }
  const line = `${label} ${text}`
  return line.length <= room ? line : line.slice(0, Math.max(0, room))
}

type CliProgress = typeof import('cli-progress')

/** The library, loaded on first use only (it is CommonJS: its exports arrive as the default). */
async function loadLibrary(): Promise<CliProgress> {
  const mod = (await import('cli-progress')) as CliProgress & { default?: CliProgress }
  return mod.default ?? mod
}

/** A Progress that draws only when allowed and only after delayMs; the library is loaded only then, so start-up stays small. Not allowed: a no-op. */
export function startProgress(options: ProgressOptions): Progress {
  if (!progressAllowed(options)) return NO_PROGRESS
  const stream = options.stream ?? process.stderr
  const unit = options.unit
  const counts: Counts = { done: 0, total: validTotal(options.total), startedAt: performance.now() }
  let stopped = false
  let bar: SingleBar | undefined
  /** When the library last heard of the count (Date.now()). */
  let pushedAt = 0

  const onExit = (): void => stop()

  async function show(): Promise<void> {
    let lib: CliProgress
    try {
      lib = await loadLibrary()
    } catch {
      return // a progress bar is a nicety: without the library, run without one
    }
    if (stopped) return
    const drawBar = (cells: number, fraction: number): string => {
      const full = Math.round(fraction * cells)
      return '█'.repeat(full) + '░'.repeat(cells - full)
    }
    /** cli-progress re-arms a setTimeout after every draw; unref it so the bar never keeps the process alive. */
    class UnrefBar extends lib.SingleBar {
      override render(): void {
        super.render()
        ;(this as unknown as { timer?: NodeJS.Timeout | null }).timer?.unref()
      }
    }
    const b = new UnrefBar({
      stream,
      fps: FPS,
      format: (_o, params) => progressLine(counts, unit, params.maxWidth, performance.now(), drawBar),
      clearOnComplete: true,
      stopOnComplete: false,
      hideCursor: false, // a crash must not leave the cursor hidden
      linewrap: true, // never toggles the terminal's wrap mode; lines are kept shorter than the width
      gracefulExit: false, // a SIGINT listener would stop Ctrl-C from ending rapport
      noTTYOutput: false,
    })
    bar = b
    process.once('exit', onExit)
    b.start(counts.total ?? 0, counts.done)
    pushedAt = Date.now()
  }

  const delay = Math.max(0, options.delayMs ?? 1000)
  const timer = setTimeout(() => void show(), delay)
  timer.unref()

  function tick(n = 1): void {
    if (stopped) return
    counts.done += n
    if (bar === undefined) return
    // The bar redraws itself on its timer; telling it now and then also redraws while the
    // event loop is busy with long synchronous work (its own throttle keeps that ≤ FPS).
    const now = Date.now()
    if (now - pushedAt >= REDRAW_MS) {
      pushedAt = now
      bar.update(counts.done)
    }
  }

  function setTotal(total: number): void {
    if (stopped) return
    counts.total = validTotal(total)
    if (counts.total !== undefined) bar?.setTotal(counts.total)
  }

  function stop(): void {
    if (stopped) return
    stopped = true
    clearTimeout(timer)
    process.removeListener('exit', onExit)
    if (bar === undefined) return
    bar.stop() // clears the line and leaves the cursor in column 0
    bar = undefined
  }

  return { tick, setTotal, stop }
}

function validTotal(total: number | undefined): number | undefined {
  return total !== undefined && Number.isFinite(total) && total >= 0 ? total : undefined
}
