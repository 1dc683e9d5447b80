/** A worker thread of --concurrency (see threads.ts): lints the batches of files the main thread sends. */
import { parentPort, workerData } from 'node:worker_threads'
import { lintBatch, prepareRun } from './api.js'
import { ConfigError } from './errors.js'
import { ruleTimings } from './linter.js'
import type { WorkerItem } from './threads.js'

const port = parentPort!
const run = await prepareRun((workerData as { options: import('./api.js').LintOptions }).options)
port.on('message', async (message: { type: string; start: number; files: { path: string; explicit: boolean }[] }) => {
  if (message.type === 'done') {
    port.postMessage({ type: 'timings', timings: ruleTimings() })
    port.close()
    return
  }
  try {
    const items: WorkerItem[] = await lintBatch(run, message.files, message.start)
    port.postMessage({ type: 'results', items })
  } catch (error) {
    // A config error ends the whole run, as it does on one thread: the main thread rethrows it.
    if (error instanceof ConfigError) port.postMessage({ type: 'config-error', file: error.file, key: error.key, detail: error.detail })
    else throw error
  }
})
port.postMessage({ type: 'ready' })
