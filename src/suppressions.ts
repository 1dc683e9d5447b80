/**
 * Bulk suppressions for adopting a rule on an existing library (ESLint's design): `--suppress-all` and
 * `--suppress-rule <id>` record the current error counts per file and rule in rapport-suppressions.json;
 * later runs hide a file's errors of a rule while there are no more of them than recorded, and report all of
 * them once there are more. `--prune-suppressions` lowers the counts to what still occurs.
 */
import { readFile } from 'node:fs/promises'
import { ConfigError } from './errors.js'
import { recount, relativeKey } from './changed.js'
import type { LintMessage, LintResult } from './linter.js'

export type Suppressions = Record<string, Record<string, { count: number }>>

export async function loadSuppressions(path: string): Promise<Suppressions> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new ConfigError(path, '(file)', `cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
  try {
    const data = JSON.parse(text) as unknown
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('expected an object of file → rule → { count }')
    return data as Suppressions
  } catch (error) {
    throw new ConfigError(path, '(file)', `is not a valid suppressions file: ${(error as Error).message}`)
  }
}

/** Error counts per file and rule in these results (only the named rules when `only` is given). */
export function countErrors(results: LintResult[], cwd: string, only?: Set<string>): Suppressions {
  const out: Suppressions = {}
  for (const r of results) {
    for (const m of r.messages) {
      if (m.severity !== 2 || !m.ruleId || m.fatal || (only && !only.has(m.ruleId))) continue
      const file = (out[relativeKey(cwd, r.filePath)] ??= {})
      file[m.ruleId] = { count: (file[m.ruleId]?.count ?? 0) + 1 }
    }
  }
  return out
}

/** Merges new counts over old ones: the rules recorded now replace their old entries. */
export function mergeSuppressions(old: Suppressions, now: Suppressions, rules?: Set<string>): Suppressions {
  const out: Suppressions = JSON.parse(JSON.stringify(old)) as Suppressions
  // Entries of the recorded rules are rewritten from the current counts (a rule that is now clean drops out).
  for (const file of Object.keys(out)) {
    for (const rule of Object.keys(out[file]!)) if (!rules || rules.has(rule)) delete out[file]![rule]
    if (Object.keys(out[file]!).length === 0) delete out[file]
  }
  for (const [file, byRule] of Object.entries(now)) out[file] = { ...(out[file] ?? {}), ...byRule }
  return sortKeys(out)
}

/** The counts lowered to what still occurs; entries that no longer occur are dropped. */
export function pruneSuppressions(old: Suppressions, now: Suppressions): Suppressions {
  const out: Suppressions = {}
  for (const [file, byRule] of Object.entries(old)) {
    for (const [rule, { count }] of Object.entries(byRule)) {
      const actual = now[file]?.[rule]?.count ?? 0
      if (actual > 0) (out[file] ??= {})[rule] = { count: Math.min(count, actual) }
    }
  }
  return sortKeys(out)
}

function sortKeys(s: Suppressions): Suppressions {
  return Object.fromEntries(
    Object.keys(s)
      .sort()
      .map((f) => [f, Object.fromEntries(Object.keys(s[f]!).sort().map((r) => [r, s[f]![r]!]))]),
  )
}

/** Hides the errors the suppressions cover (moved to suppressedMessages), unless a file has more than recorded. */
export function applySuppressions(results: LintResult[], suppressions: Suppressions, cwd: string): LintResult[] {
  return results.map((r) => {
    const recorded = suppressions[relativeKey(cwd, r.filePath)]
    if (!recorded) return r
    const errors = new Map<string, LintMessage[]>()
    for (const m of r.messages) if (m.severity === 2 && m.ruleId && !m.fatal) errors.set(m.ruleId, [...(errors.get(m.ruleId) ?? []), m])
    const hidden = new Set<LintMessage>()
    for (const [rule, list] of errors) {
      const count = recorded[rule]?.count
      if (count !== undefined && list.length <= count) list.forEach((m) => hidden.add(m))
    }
    if (hidden.size === 0) return r
    const suppressed = [...hidden].map((m) => ({ ...m, suppressions: [{ kind: 'file' as const, justification: '' }] }))
    return recount({ ...r, messages: r.messages.filter((m) => !hidden.has(m)), suppressedMessages: [...r.suppressedMessages, ...suppressed] })
  })
}
