/**
 * Checkstyle XML, as ESLint's checkstyle formatter writes it (Jenkins warnings-ng, reviewdog, SonarQube read it):
 * `<checkstyle version="4.3"><file name="…"><error line column severity message source="rapport.<rule>"/>`.
 * Every linted file gets a <file> element, clean ones empty.
 */
import { isAbsolute, relative, sep } from 'node:path'
import type { Formatter } from './index.js'

/** Characters XML 1.0 cannot carry at all (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Replaces what XML 1.0 cannot carry with U+FFFD. */
export function xmlSafe(s: string): string {
  return s.replace(INVALID_XML, '\uFFFD')
}

/** Escapes text for XML content or a double- or single-quoted attribute; line breaks survive attribute normalization. */
export function xmlEscape(s: string): string {
  return xmlSafe(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
}

/** A path for reports: relative to the working directory with forward slashes; absolute when outside it. */
export function reportPath(filePath: string, cwd: string): string {
  if (!isAbsolute(filePath)) return filePath
  const rel = relative(cwd, filePath)
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return filePath
  return rel.split(sep).join('/')
}

export const checkstyle: Formatter = (results, context) => {
  let out = '<?xml version="1.0" encoding="utf-8"?>\n<checkstyle version="4.3">\n'
  for (const result of results) {
    const name = xmlEscape(reportPath(result.filePath, context.cwd))
    if (result.messages.length === 0) {
      out += `  <file name="${name}"/>\n`
      continue
    }
    out += `  <file name="${name}">\n`
    for (const m of result.messages) {
      const where = m.documentId !== undefined && result.documentCount > 1 ? `[${m.documentId}] ` : ''
      const text = `${where}${m.message}${m.ruleId ? ` (${m.ruleId})` : ''}`
      const severity = m.fatal || m.severity === 2 ? 'error' : 'warning'
      const source = m.ruleId ? ` source="${xmlEscape(`rapport.${m.ruleId}`)}"` : ''
      out += `    <error line="${m.line}" column="${m.column}" severity="${severity}" message="${xmlEscape(text)}"${source}/>\n`
    }
    out += '  </file>\n'
  }
  return out + '</checkstyle>'
}
