/** The formatter registry: each formatter is loaded only when chosen. */
import type { LintResult } from '../linter.js'
import type { RuleMeta } from '../rule.js'

export interface FormatterContext {
  cwd: string
  color: boolean
  rulesMeta: Record<string, RuleMeta>
  /** --group-by, for scorecards and the HTML report (default agent). */
  groupBy?: import('../scorecard.js').GroupBy
}

export type Formatter = (results: LintResult[], context: FormatterContext) => string

const formatters: Record<string, () => Promise<Formatter>> = {
  stylish: async () => (await import('./stylish.js')).stylish,
  json: async () => (await import('./json.js')).json,
  'json-with-metadata': async () => (await import('./json-with-metadata.js')).jsonWithMetadata,
  sarif: async () => (await import('./sarif.js')).sarif,
  github: async () => (await import('./github.js')).github,
  junit: async () => (await import('./junit.js')).junit,
  checkstyle: async () => (await import('./checkstyle.js')).checkstyle,
  compact: async () => (await import('./compact.js')).compact,
  scorecard: async () => (await import('./scorecard.js')).scorecard,
  jsonl: async () => (await import('./jsonl.js')).jsonl,
  html: async () => (await import('./html.js')).html,
}

/** Formatters that need each document's record (outcomes and failures), not only the messages. */
/** Formats meant for a person at a terminal: only these get a progress bar. */
export const HUMAN_FORMATS: ReadonlySet<string> = new Set(['stylish', 'compact'])

export const RECORD_FORMATS: ReadonlySet<string> = new Set(['scorecard', 'jsonl', 'html'])

export const formatterNames: readonly string[] = Object.keys(formatters)

export async function loadFormatter(name: string): Promise<Formatter | undefined> {
  return formatters[name]?.()
}
