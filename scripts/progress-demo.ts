/**
 * Try the progress bar in a real terminal:
 *   node dist/scripts/progress-demo.js [--total N] [--delay MS] [--duration MS] [--format NAME] [--unit files|conversations]
 * Ticks N times over about `duration` ms (default 2500), stops the bar, then prints `done` on stdout.
 */
import { parseArgs } from 'node:util'
import { startProgress } from '../src/progress.js'

const { values } = parseArgs({
  options: {
    total: { type: 'string', default: '5000' },
    delay: { type: 'string', default: '300' },
    duration: { type: 'string', default: '2500' },
    format: { type: 'string', default: 'stylish' },
    unit: { type: 'string', default: 'files' },
  },
})

const total = Math.max(0, Number(values.total))
const delayMs = Math.max(0, Number(values.delay))
const duration = Math.max(1, Number(values.duration))
const unit = values.unit === 'conversations' ? 'conversations' : 'files'

const progress = startProgress({ unit, total, format: values.format ?? 'stylish', delayMs })

const STEP_MS = 20
const steps = Math.max(1, Math.round(duration / STEP_MS))
let done = 0
let step = 0

function next(): void {
  step++
  const upTo = Math.round((total * step) / steps)
  while (done < upTo) {
    progress.tick()
    done++
  }
  if (step < steps) {
    setTimeout(next, STEP_MS)
  } else {
    progress.stop()
    process.stdout.write('done\n')
  }
}

setTimeout(next, STEP_MS)
