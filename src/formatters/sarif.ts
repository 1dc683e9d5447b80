/**
 * SARIF 2.1.0 for code scanning (GitHub, Azure DevOps). One run: the tool with a reportingDescriptor per rule
 * that reported, one result per message with its exact region, paths relative to %SRCROOT% (the working
 * directory). Messages without a rule that are not fatal (an unused disable directive) are results of a
 * rule `rapport`; fatal messages (a file that could not be read) are not findings about the text, so they are
 * toolExecutionNotifications of the invocation, as the SARIF spec (§3.58) has it for a tool that could not
 * analyse a file. The output passes `sarif-multitool validate` with no errors or warnings.
 */
import { readFileSync } from 'node:fs'
import { isAbsolute, relative, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { LintMessage } from '../linter.js'
import type { RuleMeta } from '../rule.js'
import type { Formatter } from './index.js'

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'
const SRCROOT = '%SRCROOT%'

/** The package's version and home page, read once; the formatter runs from src/formatters (tests) and dist/src/formatters. */
let pkg: { version: string; homepage: string } | undefined
function packageInfo(): { version: string; homepage: string } {
  if (pkg) return pkg
  pkg = { version: 'unknown', homepage: 'https://www.npmjs.com/package/rapport' }
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const json = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string; homepage?: string }
      if (json.name !== 'rapport') continue
      if (json.version) pkg.version = json.version
      // SARIF2005 wants an informationUri; the npm page stands in until package.json has a homepage.
      if (json.homepage && /^https?:\/\//.test(json.homepage)) pkg.homepage = json.homepage
      break
    } catch {
      // not there from this layout
    }
  }
  return pkg
}

/**
 * Messages no rule reported that are not fatal — an unknown rule or an unused directive in a rapport-disable
 * comment, an explicitly named file that the config ignores — still point at a place in a file, so they are
 * results; SARIF requires a ruleId on every result (SARIF1010), so they carry rapport's own.
 */
const OWN_RULE = 'rapport'
const OWN_DESCRIPTOR = {
  id: OWN_RULE,
  shortDescription: { text: 'Problems rapport itself reports: inline directives and configuration.' },
  fullDescription: {
    text: 'Problems rapport itself reports rather than a rule: an unknown rule or an unused rapport-disable directive, a file named on the command line that the config ignores.',
  },
  help: { text: 'Fix or remove the directive, or the configuration, that the message names.' },
  defaultConfiguration: { level: 'warning' },
}

type Level = 'error' | 'warning' | 'note'

interface ArtifactLocation {
  uri: string
  uriBaseId?: string
}

/** Each path segment percent-encoded (RFC 3986): spaces, `%`, `#`, `?` and `:` cannot be misread. */
function encodeSegments(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/')
}

/** A file under cwd: a relative URI against %SRCROOT%; anywhere else, an absolute file: URI. */
export function artifactLocation(filePath: string, cwd: string): ArtifactLocation {
  if (!isAbsolute(filePath)) return { uri: encodeSegments(filePath.split(sep).join('/')) }
  const rel = relative(cwd, filePath)
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return { uri: pathToFileURL(filePath).href }
  return { uri: encodeSegments(rel.split(sep).join('/')), uriBaseId: SRCROOT }
}

function level(severity: 1 | 2): Level {
  return severity === 2 ? 'error' : 'warning'
}

/** SARIF messages are sentences (SARIF2001): end one with a period when it has no closing punctuation. */
function sentence(text: string): string {
  const trimmed = text.trim()
  if (trimmed === '') return 'Problem.'
  return /[.!?]["')\]]*$/.test(trimmed) ? trimmed : `${trimmed}.`
}

function messageText(m: LintMessage, documentCount: number): string {
  const where = m.documentId !== undefined && documentCount > 1 ? `[${m.documentId}] ` : ''
  return sentence(`${where}${m.message}`)
}

function region(m: LintMessage): Record<string, number> {
  const r: Record<string, number> = { startLine: Math.max(1, m.line), startColumn: Math.max(1, m.column) }
  if (m.endLine !== undefined && m.endColumn !== undefined && m.endLine >= r.startLine!) {
    r.endLine = m.endLine
    // An empty span (endColumn === startColumn) is a valid insertion-point region in SARIF.
    r.endColumn = m.endLine === r.startLine ? Math.max(r.startColumn!, m.endColumn) : Math.max(1, m.endColumn)
  }
  return r
}

/** The Markdown of a rule page given by a file: URL (the built-in rules' pages ship with the package). */
function rulePage(url: string): string | undefined {
  if (!url.startsWith('file:')) return undefined
  try {
    const text = readFileSync(fileURLToPath(url), 'utf8').trim()
    return text === '' ? undefined : text
  } catch {
    return undefined
  }
}

/** "avoid-interjection" → "AvoidInterjection": SARIF2012 wants a rule name distinct from its id. */
function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('')
}

function descriptor(id: string, meta: RuleMeta | undefined, fallbackUrl: string | undefined): Record<string, unknown> {
  const text = sentence(meta?.description ?? id)
  const name = pascal(id)
  const rule: Record<string, unknown> = {
    id,
    // SARIF1001: a name the same as the id (ignoring case) must be left out.
    ...(name && name.toLowerCase() !== id.toLowerCase() ? { name } : {}),
    shortDescription: { text },
    fullDescription: { text },
  }
  const url = meta?.url ?? fallbackUrl
  if (url) rule.helpUri = url
  // GitHub code scanning shows `help` on the alert (GH2012 requires it): the rule's page when it is a local file.
  const page = url ? rulePage(url) : undefined
  rule.help = page ? { text, markdown: page } : { text: url ? `${text} See ${url}` : text }
  rule.defaultConfiguration = { level: meta?.recommended === 'error' ? 'error' : 'warning' }
  const properties: Record<string, unknown> = {}
  if (meta?.tags?.length) properties.tags = [...meta.tags]
  if (meta) properties.recommended = meta.recommended !== false
  if (Object.keys(properties).length) rule.properties = properties
  return rule
}

export const sarif: Formatter = (results, context) => {
  const rules: Record<string, unknown>[] = []
  const ruleIndex = new Map<string, number>()
  const sarifResults: Record<string, unknown>[] = []
  const notifications: Record<string, unknown>[] = []

  for (const result of results) {
    const artifact = artifactLocation(result.filePath, context.cwd)
    for (const m of result.messages) {
      const location = { physicalLocation: { artifactLocation: artifact, region: region(m) } }
      const text = messageText(m, result.documentCount)
      if (m.fatal) {
        notifications.push({ level: 'error', message: { text }, locations: [location] })
        continue
      }
      const id = m.ruleId ?? OWN_RULE
      let index = ruleIndex.get(id)
      if (index === undefined) {
        index = rules.length
        ruleIndex.set(id, index)
        rules.push(m.ruleId === null ? OWN_DESCRIPTOR : descriptor(id, context.rulesMeta[id], m.url))
      }
      const out: Record<string, unknown> = { ruleId: id, ruleIndex: index }
      out.level = level(m.severity)
      out.message = { text }
      out.locations = [location]
      if (m.documentId !== undefined) out.properties = { documentId: m.documentId }
      sarifResults.push(out)
    }
  }

  const { version, homepage } = packageInfo()
  const invocation: Record<string, unknown> = { executionSuccessful: true }
  if (notifications.length) invocation.toolExecutionNotifications = notifications
  const log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'rapport',
            fullName: `rapport ${version}`,
            informationUri: homepage,
            version,
            ...(/^\d+\.\d+\.\d+/.test(version) ? { semanticVersion: version } : {}),
            rules,
          },
        },
        invocations: [invocation],
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(context.cwd.endsWith(sep) ? context.cwd : context.cwd + sep).href } },
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  }
  return JSON.stringify(log, null, 2)
}
