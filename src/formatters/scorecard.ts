/** -f scorecard: the scorecard as JSON (src/scorecard.ts has the shape). */
import { relative } from 'node:path'
import { scorecardOfResults } from '../scorecard.js'
import type { Formatter } from './index.js'

export const scorecard: Formatter = (results, context) =>
  JSON.stringify(scorecardOfResults(results, context.groupBy ?? 'agent', (p) => relative(context.cwd, p) || p), null, 2)
