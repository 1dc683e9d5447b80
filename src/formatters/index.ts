/** The formatter registry: each formatter is loaded only when chosen. */
import type { LintResult } from '../linter.js'
import type { RuleMeta } from '../rule.js'

export interface FormatterContext {
  cwd: string
  color: boolean
  rulesMeta: Record<string, RuleMeta>
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
}

export const formatterNames: readonly string[] = Object.keys(formatters)

export async function loadFormatter(name: string): Promise<Formatter | undefined> {
  return formatters[name]?.()
}
