/**
 * The pure per-file linter: text + resolved config → messages. No file system, no config lookup; that is what
 * lets the CLI, the API, stdin, and later threads and caching share it.
 */
import type { Document, ParsedFile, Turn } from './document.js'
import { findSuppressor, parseDirectives, type Directive } from './directives.js'
import { SourceError } from './errors.js'
import { didYouMean } from './suggest.js'
import { LineIndex, stripBom } from './location.js'
import type { ResolvedConfig } from './config/types.js'
import type { ReportDescriptor, Rule, RuleContext, RuleVisitor, SeverityLevel, TextHelpers } from './rule.js'
import { readSource } from './sources/index.js'
import { DEFAULT_ROLES } from './sources/roles.js'
import { compileLexicon } from './text/lexicon.js'
import { findPlaceholders, maskPlaceholders } from './text/placeholders.js'
import { isNegated, sentences } from './text/sentences.js'

export interface LintFix {
  /** File offsets. */
  range: [number, number]
  text: string
}

export interface LintMessage {
  ruleId: string | null
  severity: 1 | 2
  message: string
  messageId?: string
  line: number
  column: number
  endLine?: number
  endColumn?: number
  fatal?: boolean
  /** The rule's page. */
  url?: string
  /** Where a file holds many documents: which one. */
  documentId?: string
  documentTitle?: string
  turn?: { index: number; role: string; speaker?: string }
  fix?: LintFix
  suggestions?: { desc: string; fix: LintFix }[]
  /** On suppressed messages: what silenced it (ESLint's shape). */
  suppressions?: { kind: 'directive' | 'file'; justification: string }[]
}

export interface LintResult {
  filePath: string
  messages: LintMessage[]
  errorCount: number
  warningCount: number
  fatalErrorCount: number
  fixableErrorCount: number
  fixableWarningCount: number
  /** Number of documents (macros, conversations) read from the file. */
  documentCount: number
  /** Format the file was read as. */
  format?: string
  /** Messages silenced by inline directives. */
  suppressedMessages: LintMessage[]
  /** With --fix / --fix-dry-run: the fixed text, when fixes changed it (ESLint's shape). */
  output?: string
  /** When asked for (scorecards, -f jsonl): each document with its rules' outcomes and its own messages. */
  documents?: DocumentRecord[]
  /** When asked for: per rule, in how many documents it applied, passed and failed (the stylish summary). */
  tally?: Record<string, Tally>
}

export type Outcome = 'passed' | 'failed' | 'not-applicable'

export interface Tally {
  applicable: number
  passed: number
  failed: number
}

/** A rule's failure in a document, quoted for reports people read (the scorecard's worst conversations). */
export interface Failure {
  ruleId: string
  message: string
  line: number
  column: number
  turn?: number
  speaker?: string
  /** The failing turn's text, cut to a readable length. */
  quote?: string
}

/** One document of a file: where it is, who the agents were, and how each rule that ran came out. */
export interface DocumentRecord {
  /** 0-based place in the file. */
  index: number
  id?: string
  title?: string
  /** Line where the document starts in the file (its first turn). */
  line: number
  /** Speaker names or participant ids of the agent turns, in order of first appearance. */
  agents: string[]
  tags?: string[]
  /** YYYY-MM-DD of the first timed turn, when the source has dates. */
  day?: string
  outcomes: Record<string, Outcome>
  failures: Failure[]
  /** The document's own messages (what -f jsonl writes). */
  messages: LintMessage[]
}

export type RuleRegistry = Record<string, Rule>

export interface LintTextOptions {
  filePath: string
  config: ResolvedConfig
  rules: RuleRegistry
  /** Force a source format instead of detecting it from the file name. */
  format?: string
  /** Read macros marked inactive too. */
  includeInactive?: boolean
  /** 'tally': count outcomes per rule; 'full': also each document's record (outcomes, failures, messages). */
  records?: 'tally' | 'full'
}

const textHelpers: TextHelpers = {
  compile: compileLexicon,
  sentences,
  isNegated,
  placeholders: findPlaceholders,
  maskPlaceholders,
}

function interpolate(template: string, data: Record<string, string | number> | undefined): string {
  if (!data) return template
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole))
}

function mergeOptions(defaults: unknown[] | undefined, configured: unknown[]): unknown[] {
  const length = Math.max(defaults?.length ?? 0, configured.length)
  const out: unknown[] = []
  for (let i = 0; i < length; i++) {
    const d = defaults?.[i]
    const c = configured[i]
    if (c === undefined) out.push(d)
    else if (isPlainObject(d) && isPlainObject(c)) out.push({ ...d, ...c })
    else out.push(c)
  }
  return out
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function fatalResult(filePath: string, message: string, line = 1, column = 1): LintResult {
  return summarize(filePath, [{ ruleId: null, severity: 2, fatal: true, message, line, column }], [], 0)
}

export function summarize(
  filePath: string,
  messages: LintMessage[],
  suppressed: LintMessage[],
  documentCount: number,
  format?: string,
): LintResult {
  let errorCount = 0
  let warningCount = 0
  let fatalErrorCount = 0
  let fixableErrorCount = 0
  let fixableWarningCount = 0
  for (const m of messages) {
    if (m.severity === 2) {
      errorCount++
      if (m.fatal) fatalErrorCount++
      if (m.fix) fixableErrorCount++
    } else {
      warningCount++
      if (m.fix) fixableWarningCount++
    }
  }
  return {
    filePath,
    messages,
    errorCount,
    warningCount,
    fatalErrorCount,
    fixableErrorCount,
    fixableWarningCount,
    documentCount,
    format,
    suppressedMessages: suppressed,
  }
}

/** Reads `text` with the right source and lints every document in it. */
export async function lintText(rawText: string, options: LintTextOptions): Promise<LintResult> {
  const text = stripBom(rawText)
  const lines = new LineIndex(text)
  let parsed: ParsedFile
  let format: string
  try {
    const read = await readSource(text, options.filePath, {
      roles: options.config.roles,
      format: options.format ?? options.config.format,
      includeInactive: options.includeInactive,
    })
    parsed = read.parsed
    format = read.format
  } catch (error) {
    if (error instanceof SourceError) {
      const at = error.offset !== undefined ? lines.locate(error.offset) : { line: 1, column: 1 }
      return fatalResult(options.filePath, error.message, at.line, at.column)
    }
    // A reader that fails in a way it did not foresee still costs only this file, never the run.
    if (process.env.DEBUG?.includes('rapport')) console.error(error)
    // Parsers recurse per level of nesting: a document nested thousands deep exhausts the stack.
    if (error instanceof RangeError && /call stack/i.test(error.message))
      return fatalResult(options.filePath, 'Could not read this file: it is nested too deeply.')
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error)
    return fatalResult(options.filePath, `Could not read this file (internal error: ${detail}).`)
  }
  return lintParsed(parsed, lines, options, format)
}

/** Lints documents already read from a file whose lines are `lines` (exposed for sources that stream). */
export function lintParsed(
  parsed: ParsedFile,
  lines: LineIndex,
  options: LintTextOptions,
  format?: string,
): LintResult {
  const { config, rules, filePath } = options
  const messages: LintMessage[] = []
  const directives = parseDirectives(parsed.comments, lines)
  for (const problem of parsed.problems ?? []) {
    const at = lines.locate(problem.offset)
    messages.push({ ruleId: null, severity: 2, fatal: true, message: problem.message, line: at.line, column: at.column })
  }

  for (const [id, directive] of directives.flatMap((d) => d.rules.map((r) => [r, d] as const))) {
    if (!rules[id]) {
      directive.used = true // reported here; not again as unused
      messages.push({
        ruleId: null,
        severity: 2,
        message: `Unknown rule "${id}" in a rapport-${directive.kind} directive${didYouMean(id, Object.keys(rules)) || '.'}`,
        line: directive.start.line,
        column: directive.start.column,
      })
    }
  }

  const active = Object.entries(config.rules).filter(([id, entry]) => entry.severity > 0 && rules[id])
  const many = parsed.documents.length > 1
  // What each rule did in each document, for records (scorecards): whether it applied, what it reported.
  const runs: { document: Document; id: string; applied: boolean; reported: LintMessage[] }[][] = []
  for (const document of parsed.documents) {
    const ran: (typeof runs)[number] = []
    runs.push(ran)
    for (const [id, entry] of active) {
      const rule = rules[id]!
      if (!rule.meta.appliesTo.includes(document.kind)) continue
      const run = { document, id, applied: false, reported: [] as LintMessage[] }
      ran.push(run)
      try {
        runRule(id, rule, entry.severity, entry.options, document, lines, filePath, many, messages, run)
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error)
        if (process.env.DEBUG?.includes('rapport')) console.error(error)
        const failed: LintMessage = {
          ruleId: id,
          severity: 2,
          fatal: true,
          message: `Rule "${id}" failed on this file: ${detail}`,
          line: 1,
          column: 1,
        }
        messages.push(failed)
        run.reported.push(failed)
      }
    }
  }

  const kept: LintMessage[] = []
  const suppressed: LintMessage[] = []
  for (const m of messages) {
    const by = m.ruleId && !m.fatal ? findSuppressor(directives, m.ruleId, m) : undefined
    if (by) {
      by.used = true
      suppressed.push({ ...m, suppressions: [{ kind: 'directive', justification: by.reason ?? '' }] })
    } else kept.push(m)
  }
  if (config.reportUnusedDisableDirectives > 0) kept.push(...unusedDirectiveMessages(directives, config.reportUnusedDisableDirectives))
  kept.sort((a, b) => a.line - b.line || a.column - b.column)
  const result = summarize(filePath, kept, suppressed, parsed.documents.length, format)
  if (options.records) {
    const documents = documentRecords(parsed, runs, kept, lines)
    result.tally = tallyOf(documents)
    if (options.records === 'full') result.documents = documents
  }
  return result
}

const QUOTE_LENGTH = 280

/** Adds `tally` into `into` (per rule), and returns `into`. */
export function addTally(into: Record<string, Tally>, tally: Record<string, Tally> | undefined): Record<string, Tally> {
  for (const [id, t] of Object.entries(tally ?? {})) {
    const sum = (into[id] ??= { applicable: 0, passed: 0, failed: 0 })
    sum.applicable += t.applicable
    sum.passed += t.passed
    sum.failed += t.failed
  }
  return into
}

/** Outcomes counted per rule over documents. */
export function tallyOf(documents: Pick<DocumentRecord, 'outcomes'>[], into: Record<string, Tally> = {}): Record<string, Tally> {
  for (const d of documents)
    for (const [id, outcome] of Object.entries(d.outcomes)) {
      const t = (into[id] ??= { applicable: 0, passed: 0, failed: 0 })
      if (outcome === 'not-applicable') continue
      t.applicable++
      if (outcome === 'passed') t.passed++
      else t.failed++
    }
  return into
}

/** Each document's outcomes, failures and own messages. */
function documentRecords(
  parsed: ParsedFile,
  runs: { document: Document; id: string; applied: boolean; reported: LintMessage[] }[][],
  kept: LintMessage[],
  lines: LineIndex,
): DocumentRecord[] {
  const isKept = new Set(kept)
  const owner = new Map<LintMessage, number>()
  const records = parsed.documents.map((document, index): DocumentRecord => {
    const outcomes: Record<string, Outcome> = {}
    const failures: Failure[] = []
    for (const run of runs[index] ?? []) {
      const shown = run.reported.filter((m) => isKept.has(m))
      for (const m of run.reported) owner.set(m, index)
      // A report implies the check applied; one silenced by a directive counts as neither pass nor fail.
      outcomes[run.id] = shown.length > 0 ? 'failed' : run.applied && run.reported.length === 0 ? 'passed' : 'not-applicable'
      for (const m of shown) {
        const turn = m.turn ? document.turns[m.turn.index] : undefined
        const quote = turn ? (turn.text.length > QUOTE_LENGTH ? `${turn.text.slice(0, QUOTE_LENGTH - 1).trimEnd()}…` : turn.text) : undefined
        failures.push({ ruleId: run.id, message: m.message, line: m.line, column: m.column, turn: m.turn?.index, speaker: m.turn?.speaker, quote })
      }
    }
    const first = document.turns[0]
    // Agents by name or id; a bare role label ("Agent:") names nobody. "Priya" and "PRIYA" are one agent.
    const agents = new Map<string, string>()
    for (const t of document.turns)
      if (t.role === 'agent' && !t.internal && t.speaker && !(t.speaker.toLowerCase() in DEFAULT_ROLES) && !agents.has(t.speaker.toLowerCase()))
        agents.set(t.speaker.toLowerCase(), t.speaker)
    // The day as the source wrote it (its own time zone), from the first turn with a dated time.
    const at = document.turns.find((t) => t.at && /^\d{4}-\d{2}-\d{2}/.test(t.at))?.at
    return {
      index,
      ...(document.id !== undefined ? { id: document.id } : {}),
      ...(document.title !== undefined ? { title: document.title } : {}),
      line: first ? lines.locate(first.range.toFileStart(0)).line : 1,
      agents: [...agents.values()],
      ...(document.tags?.length ? { tags: document.tags } : {}),
      ...(at ? { day: at.slice(0, 10) } : {}),
      outcomes,
      failures,
      messages: [],
    }
  })
  // Messages of no document (a broken .jsonl line, an unknown rule in a directive) stay with the file only.
  for (const m of kept) {
    const index = owner.get(m)
    if (index !== undefined) records[index]!.messages.push(m)
  }
  // A document with no turns (an empty file) has nothing to score.
  return records.filter((r, i) => parsed.documents[i]!.turns.length > 0 || r.messages.length > 0)
}

function unusedDirectiveMessages(directives: Directive[], severity: SeverityLevel): LintMessage[] {
  return directives
    .filter((d) => d.kind !== 'enable' && !d.used)
    .map((d) => ({
      ruleId: null,
      severity: severity as 1 | 2,
      message: `Unused rapport-${d.kind} directive (no problem${d.rules.length ? ` from ${d.rules.join(', ')}` : ''} was reported here).`,
      line: d.start.line,
      column: d.start.column,
      endLine: d.end.line,
      endColumn: d.end.column,
    }))
}

function runRule(
  id: string,
  rule: Rule,
  severity: SeverityLevel,
  configured: unknown[],
  document: Document,
  lines: LineIndex,
  filePath: string,
  many: boolean,
  out: LintMessage[],
  run: { applied: boolean; reported: LintMessage[] },
): void {
  const turns = document.turns
  const toFix = (turn: Turn, range: [number, number], replacement: string): LintFix => ({
    range: [turn.range.toFileStart(range[0]), turn.range.toFileEnd(range[1])],
    text: replacement,
  })
  const context: RuleContext = {
    id,
    options: mergeOptions(rule.meta.defaultOptions, configured),
    document,
    filePath,
    text: textHelpers,
    previousTurn: (turn) => turns[turns.indexOf(turn) - 1],
    nextTurn: (turn) => {
      const i = turns.indexOf(turn)
      return i >= 0 ? turns[i + 1] : undefined
    },
    report(d: ReportDescriptor) {
      const template = rule.meta.messages[d.messageId]
      if (template === undefined) throw new Error(`rule "${id}" reported an unknown messageId "${d.messageId}"`)
      if (d.fix && !rule.meta.fixable) throw new Error(`rule "${id}" reported a fix without meta.fixable`)
      if (d.suggest && !rule.meta.hasSuggestions) throw new Error(`rule "${id}" reported suggestions without meta.hasSuggestions`)
      const turn = d.turn ?? turns[0]
      let startOffset = 0
      let endOffset = 0
      if (turn) {
        const start = Math.max(0, Math.min(d.start ?? 0, turn.text.length))
        const end = Math.max(start, Math.min(d.end ?? turn.text.length, turn.text.length))
        startOffset = turn.range.toFileStart(start)
        endOffset = Math.max(startOffset, turn.range.toFileEnd(end))
      }
      const from = lines.locate(startOffset)
      const to = lines.locate(endOffset)
      const message: LintMessage = {
        ruleId: id,
        severity: severity as 1 | 2,
        message: interpolate(template, d.data),
        messageId: d.messageId,
        line: from.line,
        column: from.column,
        endLine: to.line,
        endColumn: to.column,
        url: rule.meta.url,
      }
      if (many || document.id) {
        if (document.id) message.documentId = document.id
        if (document.title) message.documentTitle = document.title
      }
      if (turn && d.turn) message.turn = { index: turn.index, role: turn.role, ...(turn.speaker ? { speaker: turn.speaker } : {}) }
      if (turn && d.fix) message.fix = toFix(turn, d.fix.range, d.fix.text)
      if (turn && d.suggest) message.suggestions = d.suggest.map((s) => ({ desc: s.desc, fix: toFix(turn, s.fix.range, s.fix.text) }))
      out.push(message)
      run.reported.push(message)
      run.applied = true
    },
    applies() {
      run.applied = true
    },
  }
  const started = TIMING ? performance.now() : 0
  const visitor: RuleVisitor = rule.create(context)
  visitor.document?.(document)
  if (visitor.turn || visitor.agentTurn || visitor.customerTurn) {
    for (const turn of turns) {
      visitor.turn?.(turn)
      if (turn.role === 'agent' && !turn.internal) visitor.agentTurn?.(turn)
      else if (turn.role === 'customer') visitor.customerTurn?.(turn)
    }
  }
  visitor['document:exit']?.(document)
  if (TIMING) timings.set(id, (timings.get(id) ?? 0) + performance.now() - started)
}

/** TIMING=1 (as ESLint): time spent in each rule, summed over the run. */
const TIMING = Boolean(process.env.TIMING)
const timings = new Map<string, number>()

/** Adds times measured elsewhere (a worker thread) to this process's. */
export function mergeRuleTimings(entries: [string, number][]): void {
  for (const [id, t] of entries) timings.set(id, (timings.get(id) ?? 0) + t)
}

/** The per-rule times of this process, slowest first (empty unless TIMING is set). */
export function ruleTimings(): [string, number][] {
  return [...timings].sort((a, b) => b[1] - a[1])
}
