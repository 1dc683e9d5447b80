/** Loading YAML rules from files and folders, and running their inline tests. */
import { readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { ConfigError } from '../errors.js'
import type { Rule } from '../rule.js'
import { compileSpec } from './compile.js'
import { parseRuleSpec, type DeclarativeSpec } from './spec.js'

export interface LoadedRule {
  spec: DeclarativeSpec
  rule: Rule
}

export function loadRuleFile(file: string): LoadedRule {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new ConfigError(file, '(file)', `cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
  const spec = parseRuleSpec(text, file, basename(file).replace(/\.ya?ml$/i, ''))
  return { spec, rule: compileSpec(spec) as Rule }
}

/** Every `*.yml` / `*.yaml` rule in a folder, by id. */
export function loadRulesDir(dir: string): Map<string, LoadedRule> {
  let names: string[]
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort()
  } catch (error) {
    throw new ConfigError(dir, 'rulesDir', `cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
  const out = new Map<string, LoadedRule>()
  for (const name of names) {
    const loaded = loadRuleFile(join(dir, name))
    out.set(loaded.spec.id, loaded)
  }
  return out
}

export interface RuleTestFailure {
  line: number
  expected: number
  actual: number
  input: string
  messages: string[]
}

/** Runs a YAML rule's inline tests through the real linter: `text` as a Markdown macro, `transcript` as chat-text. */
export async function runRuleTests(loaded: LoadedRule): Promise<{ passed: number; failures: RuleTestFailure[] }> {
  const { lintText } = await import('../linter.js')
  const { buildRoleMap } = await import('../sources/roles.js')
  const { spec, rule } = loaded
  const config = { rules: { [spec.id]: { severity: 2 as const, options: [] } }, roles: buildRoleMap(undefined), reportUnusedDisableDirectives: 0 as const }
  let passed = 0
  const failures: RuleTestFailure[] = []
  for (const test of spec.tests) {
    const input = test.text ?? test.transcript ?? ''
    const result = await lintText(input, {
      filePath: test.text !== undefined ? 'test.md' : 'test.txt',
      config,
      rules: { [spec.id]: rule },
    })
    const mine = result.messages.filter((m) => m.ruleId === spec.id || m.fatal)
    if (mine.length === test.expect && !mine.some((m) => m.fatal)) passed++
    else failures.push({ line: test.line, expected: test.expect, actual: mine.length, input, messages: mine.map((m) => `${m.line}:${m.column} ${m.message}`) })
  }
  return { passed, failures }
}
