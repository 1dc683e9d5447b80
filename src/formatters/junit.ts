/**
 * JUnit XML, laid out as ESLint's junit formatter does it (CI test reporters read it): a <testsuite> per file,
 * a <testcase> with a <failure> per message, and one passing <testcase> for a clean file.
 */
import type { Formatter } from './index.js'
import { reportPath, xmlEscape, xmlSafe } from './checkstyle.js'

/** CDATA cannot hold "]]>": split it across two sections. Characters XML cannot carry are replaced. */
function cdata(s: string): string {
  return `<![CDATA[${xmlSafe(s).replace(/]]>/g, ']]]]><![CDATA[>')}]]>`
}

/** "macros/billing/refund.yaml" → "macros/billing/refund": ESLint's classname for a file. */
function className(path: string): string {
  return path.replace(/\.[^./\\]*$/, '')
}

export const junit: Formatter = (results, context) => {
  let out = '<?xml version="1.0" encoding="utf-8"?>\n<testsuites>\n'
  for (const result of results) {
    const path = reportPath(result.filePath, context.cwd)
    const name = xmlEscape(path)
    const cls = xmlEscape(className(path))
    const n = result.messages.length
    if (n === 0) {
      out += `<testsuite package="rapport" time="0" tests="1" errors="0" failures="0" name="${name}">\n`
      out += `<testcase time="0" name="${name}" classname="${cls}"/>\n`
      out += '</testsuite>\n'
      continue
    }
    out += `<testsuite package="rapport" time="0" tests="${n}" errors="0" failures="${n}" name="${name}">\n`
    for (const m of result.messages) {
      const where = m.documentId !== undefined && result.documentCount > 1 ? `[${m.documentId}] ` : ''
      const message = `${where}${m.message}`
      const kind = m.fatal || m.severity === 2 ? 'Error' : 'Warning'
      const body = `line ${m.line}, col ${m.column}, ${kind} - ${message}${m.ruleId ? ` (${m.ruleId})` : ''}`
      out += `<testcase time="0" name="rapport.${xmlEscape(m.ruleId ?? 'unknown')}" classname="${cls}">`
      out += `<failure message="${xmlEscape(message)}" type="${kind.toLowerCase()}">${cdata(body)}</failure></testcase>\n`
    }
    out += '</testsuite>\n'
  }
  return out + '</testsuites>'
}
