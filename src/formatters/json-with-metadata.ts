/**
 * ESLint's json-with-metadata: `{ results, metadata: { cwd, rulesMeta } }`, the results exactly as the json
 * formatter writes them and the meta (description, url, recommended, tags, messages, schema…) of every rule that
 * reported, suppressed reports included.
 */
import type { RuleMeta } from '../rule.js'
import type { Formatter } from './index.js'
import { json } from './json.js'

export const jsonWithMetadata: Formatter = (results, context) => {
  const rulesMeta: Record<string, RuleMeta> = {}
  for (const result of results) {
    for (const m of [...result.messages, ...result.suppressedMessages]) {
      if (m.ruleId === null || m.ruleId in rulesMeta) continue
      const meta = context.rulesMeta[m.ruleId]
      if (meta) rulesMeta[m.ruleId] = meta
    }
  }
  return `{"results":${json(results, context)},"metadata":${JSON.stringify({ cwd: context.cwd, rulesMeta })}}`
}
