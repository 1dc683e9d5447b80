/**
 * -f jsonl: one line per document — its file, line, id, agents, rule outcomes, score and messages — so that
 * shards of a big run can be concatenated and merged (rapport merge-scorecards). The CLI writes these lines as
 * each conversation or file is done; this formatter writes the same lines for results gathered in memory.
 */
import { relative } from 'node:path'
import type { LintResult } from '../linter.js'
import { jsonlLine } from '../scorecard.js'
import type { Formatter } from './index.js'

/** The lines of one file's result: a line per document, and one for messages that belong to no document. */
export function jsonlLines(result: Pick<LintResult, 'messages' | 'documents'>, file: string): string[] {
  const lines: string[] = []
  const owned = new Set<unknown>()
  for (const record of result.documents ?? []) {
    for (const m of record.messages) owned.add(m)
    lines.push(jsonlLine(file, record))
  }
  const loose = result.messages.filter((m) => !owned.has(m))
  if (loose.length > 0 || (result.documents ?? []).length === 0 && result.messages.length > 0)
    lines.push(JSON.stringify({ file, line: loose[0]?.line ?? 1, messages: loose }))
  return lines
}

export const jsonl: Formatter = (results, context) =>
  results.flatMap((r) => jsonlLines(r, relative(context.cwd, r.filePath) || r.filePath)).join('\n')
