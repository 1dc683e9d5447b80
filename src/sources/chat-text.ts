/**
 * chat-text: one `Speaker: text` line per turn, with an optional time prefix `[10:02]`, `[10:02:13]` or
 * `[00:01:02.500 --> 00:01:04.000]` (start and end). A line without a label continues the turn before it;
 * an indented line always does (so a turn may contain "Note: ..." without starting a new one). Blank lines
 * are skipped; a line that is an HTML comment is a comment (directives live there).
 */
import type { Document, ParsedFile, SourceComment, Turn } from '../document.js'
import { SourceMap } from '../document.js'
import type { SourceContext, SourceReader } from './index.js'
import { roleOf } from './roles.js'

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,](\d{1,3}))?`
const PREFIX = new RegExp(String.raw`^\[\s*${TIME}(?:\s*-->\s*${TIME})?\s*\]\s*`)
// A label: 1–4 words starting with a letter, no colon, then ":" and white space or the end of the line.
const LABEL = /^([\p{L}][\p{L}\p{N}_.'’()#-]*(?: [\p{L}\p{N}_.'’()#-]+){0,3}):(?:[ \t]+|$)/u
const COMMENT = /^\s*<!--([^]*?)-->\s*$/

function toMs(h: string | undefined, m: string | undefined, s: string | undefined, frac: string | undefined): number {
  const ms = frac ? Number(frac.padEnd(3, '0')) : 0
  return ((Number(h) * 60 + Number(m)) * 60 + Number(s ?? 0)) * 1000 + ms
}

interface Line {
  start: number
  /** End of the content, before the line break. */
  end: number
  /** Offset just past the line break. */
  next: number
}

function splitLines(text: string): Line[] {
  const lines: Line[] = []
  const re = /\r\n|\n|\r/g
  let start = 0
  let m: RegExpExecArray | null
  while ((m = re.exec(text)) !== null) {
    lines.push({ start, end: m.index, next: m.index + m[0].length })
    start = m.index + m[0].length
  }
  if (start < text.length) lines.push({ start, end: text.length, next: text.length })
  return lines
}

/** Reads chat-text out of `text`, whose offset 0 stands at `base` in the file (Markdown bodies use this). */
export function readChatText(text: string, context: SourceContext, base = 0): ParsedFile {
  const turns: Turn[] = []
  const comments: SourceComment[] = []
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
      startMs = toMs(prefix[1], prefix[2], prefix[3], prefix[4])
      if (prefix[5] !== undefined) endMs = toMs(prefix[5], prefix[6], prefix[7], prefix[8])
      pos = prefix[0].length
    }
    const label = indented ? null : LABEL.exec(raw.slice(pos))
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
