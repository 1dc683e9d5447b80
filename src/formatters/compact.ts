/**
 * One line per message, `path:line:col: severity message (rule)` — the shape compilers print, which editors'
 * quickfix lists and GitHub problem matchers read — then a blank line and the total, as ESLint's compact.
 */
import type { Formatter } from './index.js'
import { reportPath } from './checkstyle.js'

export const compact: Formatter = (results, context) => {
  const lines: string[] = []
  for (const result of results) {
    const path = reportPath(result.filePath, context.cwd)
    for (const m of result.messages) {
      const where = m.documentId !== undefined && result.documentCount > 1 ? `[${m.documentId}] ` : ''
      // One message, one line: a line break inside it would start a bogus entry.
      const text = `${where}${m.message}`.replace(/\r\n|\r|\n/g, ' ')
      lines.push(`${path}:${m.line}:${m.column}: ${m.severity === 2 ? 'error' : 'warning'} ${text}${m.ruleId ? ` (${m.ruleId})` : ''}`)
    }
  }
  if (lines.length === 0) return ''
  return `${lines.join('\n')}\n\n${lines.length} problem${lines.length === 1 ? '' : 's'}`
}
