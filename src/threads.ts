/**
 * --concurrency: lint files across worker threads. Each worker reads its own config and rules (nothing but
 * options and paths crosses the thread boundary) and asks for files in small batches, so a slow file holds up
 * only its own worker. Results are put back in the order the files were found, so the output is the same as a
 * single-threaded run, byte for byte.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { CacheEntry } from './cache.js'
import { ConfigError } from './errors.js'
import { fatalResult, mergeRuleTimings, type LintResult } from './linter.js'
import type { LintOptions, PreparedRun } from './api.js'

export type Concurrency = 'auto' | 'off' | number

/**
 * When `auto` starts threads. Measured on the 2-core machines rapport is built on (`npm run bench`, 5,000 Markdown
 * macros, medians of 3): 4.7 s on one thread and 4.4–4.6 s on two, at 200 MB and 235–250 MB peak. Markdown
 * parsing, most of the work, gains nothing from the second core there: the bench's two processes parsing half
 * each take as long as one parsing all. So `auto` stays on one thread below 4 cores, and uses half of them from
 * 4,000 files — a threshold taken from the 2-core figures, not measured on a bigger machine; --concurrency <n>
 * decides there.
 */
export const AUTO_MIN_FILES = 4000
export const AUTO_MIN_CORES = 4
/** Files handed to a worker at a time: enough to keep messages cheap, few enough to balance the load. */
const BATCH = 16

export interface FileJob {
  path: string
  explicit: boolean
}

export interface WorkerItem {
  index: number
  result?: LintResult
  cacheEntry?: CacheEntry
}

/** How many threads a run over `fileCount` files uses (1 = no workers). */
export function threadCount(concurrency: Concurrency | undefined, fileCount: number): number {
  const cores = availableParallelism()
  if (concurrency === undefined || concurrency === 'auto')
    return fileCount >= AUTO_MIN_FILES && cores >= AUTO_MIN_CORES ? Math.min(Math.floor(cores / 2), 8) : 1
  if (concurrency === 'off') return 1
  return Math.max(1, Math.min(concurrency, fileCount))
}

/** Lints `files` on `threads` threads (this one and threads - 1 workers); `results[i]` is the result of `files[i]` (undefined when ignored). */
export async function lintInWorkers(
  files: FileJob[],
  options: LintOptions,
  threads: number,
  prepared: PreparedRun,
): Promise<(LintResult | undefined)[]> {
  const cache = prepared.cache
  const results: (LintResult | undefined)[] = new Array(files.length)
  // Every thread claims its next batch from one shared counter, so no worker ever waits for the main thread
  // to hand it work (when the main thread handed batches out between its own, workers sat idle a third of the time).
  const counter = new Int32Array(new SharedArrayBuffer(4))
  const stopAll = () => stopClaims(counter, files.length)
  // The worker is the built JavaScript beside this file; run from source (vitest), it is the one in dist/.
  const url = import.meta.url.endsWith('.ts') ? new URL('../dist/src/lint-worker.js', import.meta.url) : new URL('./lint-worker.js', import.meta.url)
  const jobs = files.map((f) => ({ path: f.path, explicit: f.explicit }))
  let configError: ConfigError | undefined
  const run = (): Promise<void> =>
    new Promise((resolvePromise) => {
      // Functions cannot cross into a thread: callbacks stay here (progress is told as results arrive).
      const { progress: _progress, onResult: _onResult, onLine: _onLine, ...plain } = options
      const worker = new Worker(url, { workerData: { options: { ...plain, concurrency: 'off' }, files: jobs, counter, batch: BATCH } })
      // The batch this worker claimed and has not answered yet: lost with it if the worker dies.
      let inFlight: { start: number; length: number } | undefined
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'claim') inFlight = { start: message.start, length: message.length }
        else if (message.type === 'config-error') {
          configError ??= new ConfigError(message.file, message.key, message.detail)
          stopAll()
          void worker.terminate()
        } else if (message.type === 'results') {
          for (const item of message.items) {
            results[item.index] = item.result
            options.progress?.file()
            if (item.cacheEntry && cache) cache.adopt(files[item.index]!.path, item.cacheEntry)
          }
          inFlight = undefined
        } else if (message.type === 'timings') mergeRuleTimings(message.timings)
      })
      // A worker that dies costs only the files it held; the others carry on with the rest.
      worker.on('error', (error) => {
        if (process.env.DEBUG?.includes('rapport')) console.error(error)
        if (inFlight)
          for (let i = inFlight.start; i < inFlight.start + inFlight.length; i++)
            results[i] ??= fatalResult(files[i]!.path, `Could not lint this file (worker thread failed: ${error.message.split('\n')[0]}).`)
        inFlight = undefined
      })
      worker.on('exit', () => resolvePromise())
    })
  // The main thread is one of the threads: it claims and lints batches too, between handling the workers' messages.
  const local = async (): Promise<void> => {
    const { lintBatch } = await import('./api.js')
    for (let start = claim(counter, BATCH); start < files.length; start = claim(counter, BATCH)) {
      const batch = files.slice(start, start + BATCH)
      try {
        for (const item of await lintBatch(prepared, batch, start)) results[item.index] = item.result
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error
        configError ??= error
        stopAll()
      }
      // Let the workers' results in between batches.
      await new Promise((r) => setImmediate(r))
    }
  }
  await Promise.all([local(), ...Array.from({ length: threads - 1 }, run)])
  if (configError) throw configError
  return results
}

/** Claims the next `size` files from the shared counter: the index of the first (past the end when none are left). */
export function claim(counter: Int32Array, size: number): number {
  return Atomics.add(counter, 0, size)
}

/** Leaves nothing more to claim, for every thread (a config error ends the run). */
export function stopClaims(counter: Int32Array, total: number): void {
  Atomics.store(counter, 0, total)
}

/** What a worker tells the main thread. */
export type WorkerMessage =
  | { type: 'claim'; start: number; length: number }
  | { type: 'results'; items: WorkerItem[] }
  | { type: 'timings'; timings: [string, number][] }
  | { type: 'config-error'; file: string; key: string; detail: string }
