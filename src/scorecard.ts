/**
 * Scorecards (issue 7): for each document, how each rule came out (passed, failed, not applicable, as the rules
 * themselves say through context.applies), and the pass rates that QA leads ask for, per rule, per agent (or
 * file, tag or day) and per day. A scorecard keeps its documents, so scorecards of shards merge exactly.
 */
import { tallyOf, type DocumentRecord, type LintMessage, type LintResult, type Outcome } from './linter.js'

export type GroupBy = 'agent' | 'file' | 'tag' | 'day'
export const GROUP_BY: readonly GroupBy[] = ['agent', 'file', 'tag', 'day']

export interface Rate {
  /** Documents where the rule applied. */
  applicable: number
  passed: number
  failed: number
  /** passed / applicable, or null when it never applied. */
  passRate: number | null
}

export interface Group {
  key: string
  documents: number
  /** Over every (document, rule) pair of the group that applied. */
  overall: Rate
  rules: Record<string, Rate>
}

/** A document as the scorecard keeps it: its outcomes, its failures quoted, and its score. */
export interface ScoredDocument extends Omit<DocumentRecord, 'messages'> {
  /** Path relative to where rapport ran. */
  file: string
  applicable: number
  passed: number
  /** passed / applicable over its rules, or null when no rule applied. */
  score: number | null
}

export interface Scorecard {
  /** The format's version: a reader can refuse what it does not know. */
  scorecard: 1
  groupBy: GroupBy
  documents: number
  overall: Rate
  rules: Record<string, Rate & { notApplicable: number }>
  /** By `groupBy`. */
  groups: Group[]
  /** By agent, whatever `groupBy` is (the report's heat map). */
  agents: Group[]
  /** By day, for documents whose source has dates (empty when none has). */
  days: Group[]
  /** What could not be read (a file, or a line of a .jsonl), so no document of it is scored. */
  unreadable: { file: string; line?: number; message: string }[]
  records: ScoredDocument[]
}

const NO_AGENT = '(no agent)'
const NO_TAG = '(no tag)'
const NO_DAY = '(no date)'

/** A pass rate as a whole percentage that never rounds a failure up to 100 or a pass down to 0. */
export function wholePercent(rate: number): number {
  const p = Math.round(rate * 100)
  if (p === 100 && rate < 1) return 99
  if (p === 0 && rate > 0) return 1
  return p
}

function rate(applicable: number, passed: number): Rate {
  return { applicable, passed, failed: applicable - passed, passRate: applicable ? passed / applicable : null }
}

/** The scored form of a document record. */
export function scoreDocument(file: string, record: DocumentRecord | Omit<DocumentRecord, 'messages'>): ScoredDocument {
  const { messages: _messages, ...rest } = record as DocumentRecord
  const values = Object.values(record.outcomes)
  const applicable = values.filter((o) => o !== 'not-applicable').length
  const passed = values.filter((o) => o === 'passed').length
  return { file, ...rest, applicable, passed, score: applicable ? passed / applicable : null }
}

function keysOf(d: ScoredDocument, by: GroupBy): string[] {
  if (by === 'agent') return d.agents.length ? d.agents.map((a) => a.toLowerCase()) : [NO_AGENT]
  if (by === 'tag') return d.tags?.length ? d.tags : [NO_TAG]
  if (by === 'day') return [d.day ?? NO_DAY]
  return [d.file]
}

function grouped(records: ScoredDocument[], by: GroupBy): Group[] {
  const groups = new Map<string, { name: string; documents: number; counts: Map<string, [number, number]> }>()
  for (const d of records)
    for (const [k, key] of keysOf(d, by).entries()) {
      let g = groups.get(key)
      // Agents are grouped without regard to case, under the first spelling seen.
      if (!g) groups.set(key, (g = { name: by === 'agent' && d.agents.length ? d.agents[k]! : key, documents: 0, counts: new Map() }))
      g.documents++
      for (const [id, o] of Object.entries(d.outcomes)) {
        if (o === 'not-applicable') continue
        // With two agents in a conversation, a failure counts against the one who wrote the failing turn.
        if (by === 'agent' && o === 'failed' && !failedBy(d, id, key)) continue
        const c = g.counts.get(id) ?? [0, 0]
        c[0]++
        if (o === 'passed') c[1]++
        g.counts.set(id, c)
      }
    }
  const none = (key: string) => key.startsWith('(no ')
  return [...groups.values()]
    .map((g) => {
      const rules = Object.fromEntries([...g.counts].sort(([a], [b]) => a.localeCompare(b)).map(([id, [a, p]]) => [id, rate(a, p)]))
      const total = Object.values(rules).reduce((t, r) => [t[0] + r.applicable, t[1] + r.passed], [0, 0])
      return { key: g.name, documents: g.documents, overall: rate(total[0], total[1]), rules }
    })
    .sort((a, b) => Number(none(a.key)) - Number(none(b.key)) || (by === 'day' ? a.key.localeCompare(b.key) : b.documents - a.documents || a.key.localeCompare(b.key)))
}

/** Whether `agent` (lower-cased) wrote a turn that failed rule `id`; failures with no speaker count for all. */
function failedBy(d: ScoredDocument, id: string, agent: string): boolean {
  const own = d.failures.filter((f) => f.ruleId === id)
  return own.length === 0 || own.some((f) => f.speaker === undefined || f.speaker.toLowerCase() === agent || d.agents.length === 1)
}

/** A scorecard over scored documents. */
export function scorecardOf(records: ScoredDocument[], groupBy: GroupBy, unreadable: Scorecard['unreadable'] = []): Scorecard {
  const perRule = new Map<string, Record<Outcome, number>>()
  for (const d of records)
    for (const [id, o] of Object.entries(d.outcomes)) {
      const c = perRule.get(id) ?? { passed: 0, failed: 0, 'not-applicable': 0 }
      c[o]++
      perRule.set(id, c)
    }
  const rules = Object.fromEntries(
    [...perRule]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, c]) => [id, { ...rate(c.passed + c.failed, c.passed), notApplicable: c['not-applicable'] }]),
  )
  const all = Object.values(rules).reduce((t, r) => [t[0] + r.applicable, t[1] + r.passed], [0, 0])
  const dated = records.some((d) => d.day !== undefined)
  return {
    scorecard: 1,
    groupBy,
    documents: records.length,
    overall: rate(all[0], all[1]),
    rules,
    groups: grouped(records, groupBy),
    agents: grouped(records, 'agent'),
    days: dated ? grouped(records.filter((d) => d.day !== undefined), 'day') : [],
    unreadable,
    records,
  }
}

const messageKey = (m: { ruleId: string | null; line: number; column: number; message: string }) => `${m.ruleId}\u0000${m.line}\u0000${m.column}\u0000${m.message}`

/**
 * Records brought in line with the messages a result shows after the CLI's filters (--changed-since, bulk
 * suppressions, --quiet): a failure no longer shown leaves its record, and a rule with none left counts as
 * neither passed nor failed — as a report silenced by a directive does.
 */
export function reconcileRecords(result: LintResult): LintResult {
  if (!result.documents) return result
  const shown = new Set(result.messages.map(messageKey))
  const documents = result.documents.map((d) => {
    const failures = d.failures.filter((f) => shown.has(messageKey(f)))
    const outcomes = { ...d.outcomes }
    for (const [id, o] of Object.entries(outcomes)) if (o === 'failed' && !failures.some((f) => f.ruleId === id)) outcomes[id] = 'not-applicable'
    return { ...d, outcomes, failures, messages: d.messages.filter((m) => shown.has(messageKey(m))) }
  })
  return { ...result, documents, tally: tallyOf(documents) }
}

/** A scorecard of lint results (made with records: 'full'); paths are shown relative to `cwd`. */
export function scorecardOfResults(results: LintResult[], groupBy: GroupBy, relativePath: (path: string) => string): Scorecard {
  const records: ScoredDocument[] = []
  const unreadable: Scorecard['unreadable'] = []
  for (const r of results) {
    const file = relativePath(r.filePath)
    const owned = new Set<LintMessage>()
    for (const d of r.documents ?? []) {
      records.push(scoreDocument(file, d))
      for (const m of d.messages) owned.add(m)
    }
    // What could not be read (the file, or a broken line of it) is said, not dropped silently.
    for (const m of r.messages) if (m.fatal && !owned.has(m)) unreadable.push({ file, line: m.line, message: m.message })
  }
  return scorecardOf(records, groupBy, unreadable)
}

/**
 * Scorecards of shards as one: their documents put together and counted again. Inputs may be scorecards or
 * `-f jsonl` output (a line per document), so shards can be merged whichever way they were written.
 */
export function mergeScorecards(inputs: { name: string; text: string }[], groupBy?: GroupBy): Scorecard {
  const records: ScoredDocument[] = []
  const unreadable: Scorecard['unreadable'] = []
  let by: GroupBy | undefined = groupBy
  // The same shard given twice is read once. Otherwise every document counts: shards of stdin are all
  // "<stdin>" with lines from 1, and one export may hold a conversation id twice, so nothing else is merged away.
  const seen = new Set<string>()
  for (const { name, text } of inputs) {
    const trimmed = text.trim()
    if (trimmed === '' || seen.has(trimmed)) continue
    seen.add(trimmed)
    let card: unknown
    try {
      card = JSON.parse(trimmed)
    } catch {
      card = undefined
    }
    // A one-line -f jsonl file parses as one JSON object too: it is a line if it has a file and messages.
    if (card !== undefined && !isScorecard(card) && !isLine(card)) throw new Error(`${name}: not a scorecard (no "scorecard": 1) and not -f jsonl output`)
    if (isScorecard(card)) {
      by ??= card.groupBy
      records.push(...card.records)
      unreadable.push(...card.unreadable)
      continue
    }
    // Not one JSON document: -f jsonl output, a line each, every one an object with its file and messages.
    const lines = trimmed.split(/\r?\n/)
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue
      let entry: unknown
      try {
        entry = JSON.parse(line)
      } catch {
        entry = undefined
      }
      if (!isLine(entry)) throw new Error(`${name}: line ${i + 1} is not a line of -f jsonl output (nor is the file a scorecard)`)
      if (entry.outcomes && typeof entry.outcomes === 'object') {
        const { messages: _messages, file, ...rest } = entry
        records.push(scoreDocument(file, { ...rest, index: rest.index ?? 0, line: rest.line ?? 1, agents: rest.agents ?? [], failures: rest.failures ?? [], outcomes: entry.outcomes }))
      } else for (const m of entry.messages) if (m.fatal) unreadable.push({ file: entry.file, line: m.line, message: m.message })
    }
  }
  return scorecardOf(records, by ?? 'agent', unreadable)
}

/** A line of -f jsonl output: an object with its file and its messages. */
function isLine(value: unknown): value is JsonlLine {
  return typeof value === 'object' && value !== null && typeof (value as JsonlLine).file === 'string' && Array.isArray((value as JsonlLine).messages)
}

function isScorecard(value: unknown): value is Scorecard {
  return typeof value === 'object' && value !== null && (value as Scorecard).scorecard === 1 && Array.isArray((value as Scorecard).records)
}

/** One line of -f jsonl output: a document's record, or a file-level line for a file that could not be read. */
export interface JsonlLine extends Partial<Omit<ScoredDocument, 'file'>> {
  file: string
  messages: LintMessage[]
}

/** The -f jsonl line of a document. */
export function jsonlLine(file: string, record: DocumentRecord): string {
  const scored = scoreDocument(file, record)
  return JSON.stringify({ ...scored, messages: record.messages })
}
