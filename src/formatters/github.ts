/**
 * GitHub Actions workflow commands, one per message, which the runner turns into annotations on the diff:
 * `::error file=a.txt,line=2,col=8,endLine=2,endColumn=12,title=avoid-interjection::message`. Values are escaped
 * as @actions/core's `issueCommand` does: `%`, CR and LF in the message; also `:` and `,` in properties.
 */
import { isAbsolute, relative, sep } from 'node:path'
import type { Formatter } from './index.js'

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** Relative to the working directory (the checkout) with forward slashes; absolute when outside it. */
function annotationPath(filePath: string, cwd: string): string {
  if (!isAbsolute(filePath)) return filePath
  const rel = relative(cwd, filePath)
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return filePath
  return rel.split(sep).join('/')
}

export const github: Formatter = (results, context) => {
  const lines: string[] = []
  for (const result of results) {
    const file = annotationPath(result.filePath, context.cwd)
    for (const m of result.messages) {
      const props: [string, string | number | undefined][] = [
        ['file', file],
        ['line', m.line],
        ['col', m.column],
        ['endLine', m.endLine],
        ['endColumn', m.endColumn],
        ['title', m.ruleId ?? undefined],
      ]
      const where = m.documentId !== undefined && result.documentCount > 1 ? `[${m.documentId}] ` : ''
      const list = props
        .filter((p): p is [string, string | number] => p[1] !== undefined)
        .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
        .join(',')
      lines.push(`::${m.severity === 2 ? 'error' : 'warning'} ${list}::${escapeData(where + m.message)}`)
    }
  }
  return lines.join('\n')
}
