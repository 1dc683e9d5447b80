/**
 * Streaming .jsonl: one conversation a line, read and linted a line at a time, so memory stays flat however
 * long the file is (issue 6); only the problems found are kept. Each line is read as the whole-file reader reads
 * it (json.ts readJsonLine) and linted on its own, and its positions are moved to the line's place in the file:
 * the result is the same, message for message, as reading the whole file at once.
 */
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { extname } from 'node:path'
import type { ParsedFile } from './document.js'
import { addTally, lintParsed, summarize, type DocumentRecord, type LintFix, type LintMessage, type LintResult, type LintTextOptions, type Tally } from './linter.js'
import { LineIndex } from './location.js'

/** What one line of a .jsonl gave, as soon as it is linted (what `-f jsonl` writes). */
export interface LineResult {
  /** 1-based line of the file. */
  line: number
  /** The line's documents (usually one), with records: 'full'; positions are the file's. */
  records: DocumentRecord[]
  /** Every message of the line, a broken line's fatal one included. */
  messages: LintMessage[]
}

export interface StreamOptions {
  /** Keep every message in the returned result (default). Off, only the counts are kept: flat memory. */
  keep?: boolean
  /** Awaited, so a slow reader of the output slows the reading of the input instead of filling memory. */
  onLine?: (result: LineResult) => void | Promise<void>
  /** Called after each conversation (a progress bar). */
  tick?: () => void
}

const STREAMED = new Set(['.jsonl', '.ndjson'])

/** Whether a file is streamed: a .jsonl read as JSON (by detection or a JSON shape named with --input-format). */
export async function isStreamed(filePath: string, format: string | undefined): Promise<boolean> {
  if (format === 'jsonl') return true
  if (!STREAMED.has(extname(filePath).toLowerCase())) return false
  if (format === undefined || format === 'json') return true
  const { jsonShapeNames } = await import('./sources/json.js')
  return jsonShapeNames.includes(format)
}

/** Lines of a stream of text with the file offset each starts at; \n, \r\n and a lone \r end a line (as LineIndex). */
async function* linesOf(input: AsyncIterable<string>): AsyncGenerator<{ text: string; offset: number }> {
  let pending = ''
  let offset = 0
  for await (const chunk of input) {
    pending += chunk
    const re = /\r\n|\n|\r/g
    let from = 0
    let m: RegExpExecArray | null
    while ((m = re.exec(pending)) !== null) {
      // A \r at the very end of what has arrived may be the first half of \r\n: wait for the next chunk.
      if (m[0] === '\r' && m.index === pending.length - 1) break
      yield { text: pending.slice(from, m.index), offset: offset + from }
      from = m.index + m[0].length
    }
    offset += from
    pending = pending.slice(from)
  }
  if (pending !== '') yield { text: pending, offset }
}

/** Lints every line of `input`; `onLine` hears of each line's result as soon as it is done. */
export async function lintJsonLines(
  input: AsyncIterable<string>,
  options: LintTextOptions,
  stream: StreamOptions = {},
): Promise<LintResult & { replacementChar?: boolean }> {
  const { readJsonLine } = await import('./sources/json.js')
  const context = {
    filePath: options.filePath,
    roles: options.config.roles,
    // "jsonl" names this way of reading; which JSON shape each line is, is still detected.
    format: (options.format ?? options.config.format) === 'jsonl' ? undefined : (options.format ?? options.config.format),
    includeInactive: options.includeInactive,
  }
  const keep = stream.keep !== false
  const messages: LintMessage[] = []
  const suppressed: LintMessage[] = []
  const documents: DocumentRecord[] = []
  const tally: Record<string, Tally> = {}
  const counts = { errorCount: 0, warningCount: 0, fatalErrorCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 }
  let documentCount = 0
  let format: string | undefined
  let lineNo = -1
  let bom = 0
  let replacementChar = false
  for await (const next of linesOf(input)) {
    lineNo++
    let line = next.text
    // The whole-file reader counts offsets after the byte-order mark; so does this.
    if (lineNo === 0 && line.startsWith('\uFEFF')) {
      line = line.slice(1)
      bom = 1
    }
    if (line.trim() === '') continue
    // U+FFFD may stand for bytes that were not UTF-8: the caller then reads the file whole to say where.
    if (line.includes('\uFFFD')) replacementChar = true
    const parsed: ParsedFile = await readJsonLine(line, lineNo, 0, context)
    const result = lintParsed(parsed, new LineIndex(line), options)
    const base = next.offset - (lineNo === 0 ? 0 : bom)
    const moveFix = (f: LintFix): LintFix => ({ range: [f.range[0] + base, f.range[1] + base], text: f.text })
    const shifted = new Map<LintMessage, LintMessage>()
    const shift = (m: LintMessage): LintMessage => {
      const out: LintMessage = { ...m, line: m.line + lineNo }
      if (m.endLine !== undefined) out.endLine = m.endLine + lineNo
      if (m.fix) out.fix = moveFix(m.fix)
      if (m.suggestions) out.suggestions = m.suggestions.map((s) => ({ ...s, fix: moveFix(s.fix) }))
      shifted.set(m, out)
      return out
    }
    const own = result.messages.map(shift)
    const records = (result.documents ?? []).map((r) => ({
      ...r,
      index: r.index + documentCount,
      line: r.line + lineNo,
      failures: r.failures.map((f) => ({ ...f, line: f.line + lineNo })),
      messages: r.messages.map((m) => shifted.get(m) ?? shift(m)),
    }))
    for (const key of Object.keys(counts) as (keyof typeof counts)[]) counts[key] += result[key]
    addTally(tally, result.tally)
    if (keep) {
      for (const m of own) messages.push(m)
      for (const m of result.suppressedMessages) suppressed.push(shift(m))
      for (const r of records) documents.push(r)
    }
    documentCount += result.documentCount
    format ??= parsed.documents[0]?.format
    await stream.onLine?.({ line: lineNo + 1, records, messages: own })
    stream.tick?.()
  }
  const summary = summarize(options.filePath, messages, suppressed, documentCount, format ?? 'json')
  return {
    ...summary,
    ...counts,
    ...(options.records ? { tally } : {}),
    ...(options.records === 'full' ? { documents } : {}),
    ...(replacementChar ? { replacementChar } : {}),
  }
}

/**
 * Lints a .jsonl file from disk a line at a time. Undefined when the file should be read whole instead: it is
 * binary or UTF-16 (the first 8 KB tell), may hold invalid UTF-8, or cannot be read (the whole-file path then
 * gives the usual one-line message).
 */
export async function lintJsonLinesFile(options: LintTextOptions, stream: StreamOptions = {}): Promise<LintResult | undefined> {
  try {
    const head = await firstBytes(options.filePath, 8192)
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff) || head.includes(0)) return undefined
    const { replacementChar, ...result } = await lintJsonLines(createReadStream(options.filePath, { encoding: 'utf8' }), options, stream)
    if (!replacementChar) return result
    if (!stream.onLine) return undefined
    // Lines already handed on cannot be taken back: the streamed result stands, with a notice in place of the
    // exact place a whole read would give (U+FFFD may also have been written on purpose).
    const notice: LintMessage = {
      ruleId: null,
      severity: 1,
      message: 'U+FFFD appears in this file: it may not be valid UTF-8 (lint it without -f jsonl to see where).',
      line: 1,
      column: 1,
    }
    await stream.onLine({ line: 1, records: [], messages: [notice] })
    return { ...result, messages: [...result.messages, notice], warningCount: result.warningCount + 1 }
  } catch (error) {
    // A file that cannot be opened gets the whole-file path's message; an error after lines went out cannot.
    if (stream.onLine && !(error as NodeJS.ErrnoException).code) throw error
    return undefined
  }
}

async function firstBytes(path: string, count: number): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(count)
    const { bytesRead } = await handle.read(buffer, 0, count, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}
