/** A worker thread of --concurrency (see threads.ts): claims batches of files from the shared counter and lints them. */
import { parentPort, workerData } from 'node:worker_threads'
import { lintBatch, prepareRun, type LintOptions } from './api.js'
import { ConfigError } from './errors.js'
import { ruleTimings } from './linter.js'
import { claim, stopClaims, type FileJob, type WorkerMessage } from './threads.js'

const port = parentPort!
const { options, files, counter, batch } = workerData as { options: LintOptions; files: FileJob[]; counter: Int32Array; batch: number }
const post = (message: WorkerMessage) => port.postMessage(message)
const run = await prepareRun(options)
for (let start = claim(counter, batch); start < files.length; start = claim(counter, batch)) {
  const length = Math.min(batch, files.length - start)
  post({ type: 'claim', start, length })
  try {
    post({ type: 'results', items: await lintBatch(run, files.slice(start, start + length), start) })
  } catch (error) {
    // A config error ends the whole run, as it does on one thread: the main thread rethrows it.
    if (!(error instanceof ConfigError)) throw error
    stopClaims(counter, files.length)
    post({ type: 'config-error', file: error.file, key: error.key, detail: error.detail })
    break
  }
}
post({ type: 'timings', timings: ruleTimings() })
port.close()
