/**
 * chat-text: one `Speaker: text` line per turn, with an optional time prefix `[10:02]`, `[10:02:13]`,
 * `[00:01:02.500 --> 00:01:04.000]` or `[01:02.500 --> 01:04.000]` (the last two give start and end).
 * A line without a speaker continues the turn before it, and so does an indented line. Blank lines are
 * skipped; a line that is an HTML comment is a comment (directives live there).
 *
 * What counts as a speaker: a label with a time prefix, a label that names a role (default or configured,
 * also inside "Agent (Dana)" or "Support Agent"), a label used on two or more lines of the file, or a single
 * word that is not a common lead-in of prose ("Dana:" yes, "Note:" no). So "Order number: 5512" inside a
 * customer's message does not start a turn of its own.
 */
import type { Document, ParsedFile, SourceComment, Turn } from '../document.js'
import { SourceMap } from '../document.js'
import { splitLines } from '../location.js'
import type { SourceContext, SourceReader } from './index.js'
import { roleOf } from './roles.js'

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,](\d{1,3}))?`
const PREFIX = new RegExp(String.raw`^\[\s*${TIME}(?:\s*-->\s*${TIME})?\s*\]\s*`)
// A label: 1–4 words starting with a letter, no colon, then ":" and white space or the end of the line.
const LABEL = /^([\p{L}][\p{L}\p{N}_.'’()#-]*(?: [\p{L}\p{N}_.'’()#-]+){0,3}):(?:[ \t]+|$)/u
const COMMENT = /^\s*<!--([^]*?)-->\s*$/
/** Words that open a line of prose with a colon, never a speaker. */
const PROSE_LEADS = new Set([
  'note', 'nb', 'ps', 'pps', 'tip', 'hint', 'update', 'edit', 'reminder', 'important', 'warning', 'caution',
  'fyi', 'example', 'e.g', 'i.e', 'question', 'answer', 'reason', 'result', 'step', 'steps', 'subject', 're', 'to',
  'from', 'date', 'time', 'ref', 'reference', 'order', 'total', 'price', 'status', 'summary', 'issue', 'problem',
  'solution', 'details', 'address', 'phone', 'email', 'website', 'link', 'code', 'error', 'also', 'btw', 'however',
  'then', 'now', 'so', 'and', 'but', 'yes', 'no', 'ok', 'okay', 'well', 'update', 'http', 'https',
])

/**
 * Milliseconds for a time prefix. Three parts are h:m:s; two parts are h:m for a clock time (`[10:02]`) but
 * m:s when they carry a fraction or a range (`[01:02.500 --> 01:04.000]`, the short cue form).
 */
function toMs(a: string | undefined, b: string | undefined, c: string | undefined, frac: string | undefined, range: boolean): number {
  const ms = frac ? Number(frac.padEnd(3, '0')) : 0
  if (c === undefined && (frac !== undefined || range)) return (Number(a) * 60 + Number(b)) * 1000 + ms
  return ((Number(a) * 60 + Number(b)) * 60 + Number(c ?? 0)) * 1000 + ms
}


/** Reads chat-text out of `text`, whose offset 0 stands at `base` in the file (Markdown bodies use this). */
export function readChatText(text: string, context: SourceContext, base = 0): ParsedFile {
  const turns: Turn[] = []
  const comments: SourceComment[] = []
  // How often each label opens a line: a label used twice is a speaker even when nothing else says so.
  const uses = new Map<string, number>()
  for (const m of text.matchAll(/^(?:\[[^\]\n]*\]\s*)?([\p{L}][^:\n]{0,60}):/gmu)) {
    const key = m[1]!.trim().toLowerCase()
    uses.set(key, (uses.get(key) ?? 0) + 1)
  }
  const isSpeaker = (label: string): boolean => {
    const key = label.toLowerCase()
    if (roleOf(label, context.roles) !== 'unknown' || (uses.get(key) ?? 0) >= 2) return true
    return !/\s/.test(label) && !PROSE_LEADS.has(key.replace(/\.$/, ''))
  }
  let current: { turn: Turn; parts: string[]; lastEnd: number } | undefined

  const finish = () => {
    if (!current) return
    current.turn.text = current.parts.join('')
    turns.push(current.turn)
    current = undefined
  }

  for (const line of splitLines(text)) {
    const raw = text.slice(line.start, line.end)
    if (raw.trim() === '') continue
    const comment = COMMENT.exec(raw)
    if (comment) {
      comments.push({ value: comment[1]!, start: base + line.start, end: base + line.end })
      continue
    }
    const indented = /^[ \t]/.test(raw)
    let pos = 0
    let startMs: number | undefined
    let endMs: number | undefined
    const prefix = indented ? null : PREFIX.exec(raw)
    if (prefix) {
      const range = prefix[5] !== undefined
      startMs = toMs(prefix[1], prefix[2], prefix[3], prefix[4], range)
      if (range) endMs = toMs(prefix[5], prefix[6], prefix[7], prefix[8], range)
      pos = prefix[0].length
    }
    const candidate = indented ? null : LABEL.exec(raw.slice(pos))
    const label = candidate && (prefix || isSpeaker(candidate[1]!.trim())) ? candidate : null
    if (label || prefix) {
      finish()
      const speaker = label ? label[1]!.trim() : undefined
      const textStart = pos + (label ? label[0].length : 0)
      const body = raw.slice(textStart).trimEnd()
      const turn: Turn = {
        index: turns.length,
        role: roleOf(speaker, context.roles),
        text: '',
        range: SourceMap.contiguous(base + line.start + textStart, body.length),
      }
      if (speaker) turn.speaker = speaker
      if (startMs !== undefined) turn.startMs = startMs
      if (endMs !== undefined) turn.endMs = endMs
      current = { turn, parts: [body], lastEnd: line.start + textStart + body.length }
      continue
    }
    // A continuation line: joined to the turn with a line break that maps to the file's own line break.
    const lead = raw.length - raw.trimStart().length
    const body = raw.slice(lead).trimEnd()
    if (!current) {
      current = {
        turn: { index: turns.length, role: 'unknown', text: '', range: new SourceMap() },
        parts: [],
        lastEnd: line.start + lead,
      }
    } else {
      current.parts.push('\n')
      current.turn.range.push(1, base + current.lastEnd, line.start + lead - current.lastEnd)
    }
    current.parts.push(body)
    current.turn.range.push(body.length, base + line.start + lead)
    current.lastEnd = line.start + lead + body.length
  }
  finish()
  const document: Document = { kind: 'transcript', format: 'chat-text', turns }
  return { documents: [document], comments }
}

export const chatTextSource: SourceReader = {
  read: (text, context) => readChatText(text, context),
}
