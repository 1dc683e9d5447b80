/** Test helpers: lint a string as a file of a given name, with chosen rules, through the real linter. */
import { builtinRules } from '../rules/index.js'
import type { RuleEntry, ResolvedConfig } from '../src/config/types.js'
import { lintText, type LintMessage, type LintResult } from '../src/linter.js'
import { buildRoleMap } from '../src/sources/roles.js'

export type RulesSetting = Record<string, 'warn' | 'error' | ['warn' | 'error', ...unknown[]]>

export function configFor(rules: RulesSetting, roles?: Record<string, string[]>): ResolvedConfig {
  const entries: Record<string, RuleEntry> = {}
  for (const [id, setting] of Object.entries(rules)) {
    const [severity, ...options] = Array.isArray(setting) ? setting : [setting]
    entries[id] = { severity: severity === 'error' ? 2 : 1, options }
  }
  return { rules: entries, roles: buildRoleMap(roles), reportUnusedDisableDirectives: 0 }
}

export async function lintString(text: string, filePath: string, rules: RulesSetting, roles?: Record<string, string[]>): Promise<LintResult> {
  return lintText(text, { filePath, config: configFor(rules, roles), rules: builtinRules })
}

/** The fields a rule test asserts: where, what, which rule. */
export function brief(m: LintMessage) {
  return { ruleId: m.ruleId, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn, message: m.message }
}

/** Messages of one rule only, as brief records. */
export async function messagesOf(ruleId: string, text: string, filePath = 'test.txt', options?: unknown): Promise<ReturnType<typeof brief>[]> {
  const setting = options === undefined ? 'error' : (['error', options] as ['error', unknown])
  const result = await lintString(text, filePath, { [ruleId]: setting })
  return result.messages.filter((m) => m.ruleId === ruleId).map(brief)
}
