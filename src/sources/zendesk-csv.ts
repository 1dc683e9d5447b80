/**
 * zendesk-csv: Zendesk's macro import CSV — a header naming `title`, `active` and `actions_json` (any order,
 * any case; an `id` column is used when present), then one macro a row. `actions_json` is the macro's actions
 * as JSON inside a CSV cell, so a position goes through three maps: the reply text (HTML or a JSON string) to
 * the JSON text, the JSON text to the decoded cell, the decoded cell (where `""` stood for `"`) to the file.
 * A bad row is a problem on that row; the other rows are still read.
 *
 * The CSV tokenizer is written here rather than taken from a library: a position needs each cell's offsets
 * and its `""` escapes, which CSV libraries do not give.
 */
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser'
import type { Document, ParsedFile } from '../document.js'
import { SourceMap } from '../document.js'
import { SourceError } from '../errors.js'
import { loadHtmlParser } from '../text/html.js'
import { flagOf, included, macroDocument } from './collection.js'
import type { SourceContext, SourceReader } from './index.js'
import { JsonText, prop } from './json-tree.js'
import { zendeskParts, zendeskReply } from './zendesk-macros.js'

export interface CsvCell {
  /** The decoded value (quotes removed, `""` read as `"`). */
  value: string
  /** Offsets in `value` to offsets in the file. */
  map: SourceMap
  /** File offset of the cell's first character (its opening quote when quoted). */
  start: number
}

export interface CsvRecord {
  cells: CsvCell[]
  start: number
  /** A malformed record: what is wrong and where. */
  problem?: { message: string; offset: number }
}

/** RFC 4180 records: `,` between fields, CRLF, LF or CR between records, `"` quoting with `""` escapes. */
export function tokenizeCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = []
  const n = text.length
  let i = 0
  while (i < n) {
    const record: CsvRecord = { cells: [], start: i }
    for (;;) {
      const start = i
      const map = new SourceMap()
      let value = ''
      if (text[i] === '"') {
        i++
        let closed = false
        while (i < n) {
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              value += '"'
              map.push(1, i, 2)
              i += 2
              continue
            }
            i++
            closed = true
            break
          }
          const quote = text.indexOf('"', i)
          const stop = quote === -1 ? n : quote
          value += text.slice(i, stop)
          map.push(stop - i, i)
          i = stop
        }
        if (!closed) record.problem ??= { message: 'This quoted field is never closed (a `"` is missing).', offset: start }
        else if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          record.problem ??= { message: 'Unexpected text after the closing quote of a field (write `""` for a quote inside a quoted field).', offset: i }
          while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++
        }
      } else {
        let stop = i
        while (stop < n && text[stop] !== ',' && text[stop] !== '\n' && text[stop] !== '\r') stop++
        value = text.slice(i, stop)
        map.push(stop - i, i)
        i = stop
      }
      record.cells.push({ value, map, start })
      if (text[i] === ',') {
        i++
        continue
      }
      if (text[i] === '\r') i++
      if (text[i] === '\n') i++
      break
    }
    records.push(record)
  }
  return records
}

const isBlank = (record: CsvRecord) => record.cells.length === 1 && record.cells[0]!.value.trim() === '' && !record.problem

const HEADER = 'a header row naming the columns title, active and actions_json (in any order)'

/** "CommaExpected" → "comma expected". */
const describe = (e: ParseError) =>
  printParseErrorCode(e.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()

function readRow(record: CsvRecord, row: number, columns: Record<string, number>, context: SourceContext): Document | undefined {
  const cell = (name: string): CsvCell | undefined => (columns[name] === undefined ? undefined : record.cells[columns[name]!])
  const prefix = `row ${row}: `
  const actionsCell = cell('actions_json')
  if (!actionsCell) throw new SourceError(`${prefix}this row has ${record.cells.length} fields, too few to reach actions_json.`, record.start)
  const title = cell('title')?.value.trim() || undefined
  const active = flagOf(cell('active')?.value)
  if (!included(active, context)) return undefined
  const errors: ParseError[] = []
  const root = parseTree(actionsCell.value, errors, { disallowComments: true, allowTrailingComma: false })
  if (errors.length > 0 || !root) {
    const e = errors[0]
    const at = actionsCell.map.length > 0 ? actionsCell.map.toFileStart(e?.offset ?? 0) : actionsCell.start
    throw new SourceError(`${prefix}Invalid JSON in actions_json: ${e ? describe(e) : 'the cell is empty'}.`, at)
  }
  // The actions array itself, or a macro object holding it.
  const actions = root.type === 'array' ? root : prop(root, 'actions')
  if (actions?.type !== 'array')
    throw new SourceError(`${prefix}actions_json must be a JSON array of { "field", "value" } actions.`, actionsCell.map.toFileStart(root.offset))
  // The JSON is the decoded cell: its maps lead into the cell, and the cell's map into the file.
  const reply = zendeskReply(actions, new JsonText(actionsCell.value, 0, prefix))
  if (reply.body) reply.body = { text: reply.body.text, range: reply.body.range.through(actionsCell.map) }
  const id = cell('id')?.value.trim() || undefined
  return macroDocument('zendesk-csv', zendeskParts(title, id, active, reply))
}

async function readZendeskCsv(text: string, context: SourceContext): Promise<ParsedFile> {
  const records = tokenizeCsv(text).filter((r) => !isBlank(r))
  if (records.length === 0) return { documents: [], comments: [] }
  const [header, ...rows] = records
  if (header!.problem) throw new SourceError(`The header row is malformed: ${header!.problem.message}`, header!.problem.offset)
  const columns: Record<string, number> = {}
  for (const [i, cell] of header!.cells.entries()) columns[cell.value.trim().toLowerCase()] ??= i
  if (columns.title === undefined || columns.actions_json === undefined)
    throw new SourceError(`Not a Zendesk macro CSV: expected ${HEADER}.`, header!.start)
  await loadHtmlParser()
  const documents: Document[] = []
  const problems: { message: string; offset: number }[] = []
  for (const [i, record] of rows.entries()) {
    const row = i + 2 // the header is row 1
    if (record.problem) {
      problems.push({ message: `row ${row}: ${record.problem.message}`, offset: record.problem.offset })
      continue
    }
    try {
      const document = readRow(record, row, columns, context)
      if (document) documents.push(document)
    } catch (error) {
      if (!(error instanceof SourceError)) throw error
      problems.push({ message: error.message, offset: error.offset ?? record.start })
    }
  }
  return { documents, comments: [], problems }
}

export const zendeskCsvSource: SourceReader = { read: readZendeskCsv }
