/**
 * ESLint's stylish layout, kept compatible with the "eslint-stylish" problem matcher that CI setups ship:
 * a file line, then `  line:column  severity  message  rule` rows, then a total.
 */
import { Chalk } from 'chalk'
import { relative } from 'node:path'
import { addTally, type Tally } from '../linter.js'
import { wholePercent } from '../scorecard.js'
import type { Formatter } from './index.js'

function pluralize(word: string, count: number): string {
  return count === 1 ? word : `${word}s`
}

export const stylish: Formatter = (results, context) => {
  const c = new Chalk({ level: context.color ? 1 : 0 })
  let output = '\n'
  let errors = 0
  let warnings = 0
  let fixableErrors = 0
  let fixableWarnings = 0
  for (const result of results) {
    if (result.messages.length === 0) continue
    errors += result.errorCount
    warnings += result.warningCount
    fixableErrors += result.fixableErrorCount
    fixableWarnings += result.fixableWarningCount
    const path = relative(context.cwd, result.filePath) || result.filePath
    output += `${c.underline(path)}\n`
    const rows = result.messages.map((m) => {
      const where = m.documentId !== undefined && result.documentCount > 1 ? `[${m.documentId}] ` : ''
      return [
        `${m.line}:${m.column}`,
        m.severity === 2 ? 'error' : 'warning',
        `${where}${m.message.replace(/([^ ])\.$/, '$1')}`,
        m.ruleId ?? '',
      ]
    })
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)))
    for (const [i, row] of rows.entries()) {
      const [pos, sev, msg, rule] = row as [string, string, string, string]
      const coloredSev = result.messages[i]!.severity === 2 ? c.red(sev) : c.yellow(sev)
      output +=
        `  ${c.dim(pos.padEnd(widths[0]!))}  ${coloredSev}${' '.repeat(widths[1]! - sev.length)}  ` +
        `${msg.padEnd(rule ? widths[2]! : 0)}${rule ? `  ${c.dim(rule)}` : ''}`.trimEnd() +
        '\n'
    }
    output += '\n'
  }
  const total = errors + warnings
  if (total === 0) return ''
  const summary =
    `\u2716 ${total} ${pluralize('problem', total)} (${errors} ${pluralize('error', errors)}, ` +
    `${warnings} ${pluralize('warning', warnings)})`
  output += `${errors > 0 ? c.red.bold(summary) : c.yellow.bold(summary)}\n`
  if (fixableErrors + fixableWarnings > 0) {
    output += c.dim(`  ${fixableErrors} ${pluralize('error', fixableErrors)} and ${fixableWarnings} ${pluralize('warning', fixableWarnings)} potentially fixable with the \`--fix\` option.\n`)
  }
  return output + ruleSummary(results, c)
}

/**
 * Over more than one document, a line per rule: in how many documents it applied and how many of those
 * passed (the rules say when they apply). Rules that applied nowhere are left out.
 */
function ruleSummary(results: Parameters<Formatter>[0], c: InstanceType<typeof Chalk>): string {
  const documents = results.reduce((n, r) => n + r.documentCount, 0)
  if (documents <= 1) return ''
  const tally: Record<string, Tally> = {}
  for (const r of results) addTally(tally, r.tally)
  const rows = Object.entries(tally).filter(([, t]) => t.applicable > 0).sort(([a], [b]) => a.localeCompare(b))
  if (rows.length === 0) return ''
  const width = Math.max(...rows.map(([id]) => id.length))
  const lines = rows.map(([id, t]) => {
    const percent = wholePercent(t.passed / t.applicable)
    const line = `  ${id.padEnd(width)}  ${String(percent).padStart(3)}% passed  (${t.passed} of ${t.applicable} ${pluralize('document', t.applicable)} where it applied; ${t.failed} failed)`
    return t.failed > 0 ? line : c.dim(line)
  })
  return `\nBy rule, over ${documents} documents:\n${lines.join('\n')}\n`
}
