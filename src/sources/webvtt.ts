/**
 * webvtt (.vtt): meeting and call captions (Microsoft Teams, Zoom, Google Meet, the W3C format itself).
 *
 *   WEBVTT
 *
 *   NOTE rapport-disable-next-line avoid-interjection
 *
 *   cue-id
 *   00:01.000 --> 00:04.000 align:left
 *   <v Dana>Hello, how can I help?</v>
 *
 * - Speakers come from `<v Name>` voice spans (Teams; the closing `</v>` is optional, several spans in one cue
 *   are several speakers) or from a `Name:` prefix at the start of the payload (Zoom). A cue with neither has
 *   no speaker and the role 'unknown'. Roles go through the configured labels (roleOf).
 * - Other tags (`<c.x>`, `<i>`, `<b>`, `<u>`, `<lang>`, `<ruby>`, timestamps `<00:01.000>`) are dropped and
 *   character references decoded, every character keeping its place in the file. The lines of one payload
 *   are joined with a space (a caption line wrap is not a sentence break), mapped to the line break.
 * - Cue times give startMs/endMs. When one cue holds several speakers (rare), its time is shared out between
 *   them in proportion to their text, so they do not appear to talk over each other.
 * - Consecutive cues of the same named speaker less than 300 ms apart are one turn (Teams and Zoom cut a
 *   long utterance into several cues), joined with a space that maps to the file between them. Cues with no
 *   speaker are never merged.
 * - Turns keep the file's order, also when cues are out of order (Teams files sometimes are): a rule that
 *   reads timing sees the file as it is. Overlapping cues are kept as they are.
 * - `NOTE` blocks are comments, so directives live there. A NOTE's comment runs from `NOTE` to the end of the
 *   timing line of the cue that follows it, which makes `NOTE rapport-disable-next-line rule` apply to the
 *   first payload line of the next cue (the whole cue when it is one line, as transcript cues almost always
 *   are). `rapport-disable` / `rapport-enable` NOTEs work as anywhere else.
 *
 * The cue helpers here (payload scanning, speaker labels, merging) are shared with the SRT reader.
 */
import type { Document, ParsedFile, Role, SourceComment, Turn } from '../document.js'
import { SourceMap } from '../document.js'
import { splitLines, type Line } from '../location.js'
import { SourceError } from '../errors.js'
import type { SourceContext, SourceReader } from './index.js'
import { roleOf } from './roles.js'


/** A piece of a segment's text: `text` stands for `fileLen` characters of the file from `fileStart`. */
interface Piece {
  text: string
  fileStart: number
  fileLen: number
}

/** One speaker's stretch of a cue, before cues are merged into turns. */
export interface Segment {
  speaker?: string
  pieces: Piece[]
  startMs?: number
  endMs?: number
}

export function segmentText(segment: Segment): string {
  return segment.pieces.map((p) => p.text).join('')
}

/** Drops white space at both ends of a segment. */
export function trimSegment(segment: Segment): void {
  const blank = (p: Piece) => /^\s*$/.test(p.text)
  while (segment.pieces.length > 0 && blank(segment.pieces[0]!)) segment.pieces.shift()
  while (segment.pieces.length > 0 && blank(segment.pieces[segment.pieces.length - 1]!)) segment.pieces.pop()
}

/** Removes the first `length` characters of a segment's text (a speaker label). */
export function dropPrefix(segment: Segment, length: number): void {
  let left = length
  while (left > 0 && segment.pieces.length > 0) left -= segment.pieces.shift()!.text.length
}

/** Pushes plain file text, one piece per character (so trimming and label cutting stay simple). */
export function pushPlain(segment: Segment, file: string, from: number, to: number): void {
  for (let i = from; i < to; i++) segment.pieces.push({ text: file[i]!, fileStart: i, fileLen: 1 })
}

/** Joins two stretches of a segment with a space standing for the file text between them. */
export function pushJoin(segment: Segment, from: number, to: number): void {
  if (segment.pieces.length === 0) return
  segment.pieces.push({ text: ' ', fileStart: from, fileLen: Math.max(0, to - from) })
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', lrm: '', rlm: '' }
const ENTITY = /^&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z]+));/
const VOICE = /^<v(?:\.[^\s>]*)?[ \t]+([^>]*)>/
const TAG = /^<[^>\n]*>/
/** SRT files often carry ASS override blocks: `{\an8}`. */
const ASS_OVERRIDE = /^\{\\[^}\n]*\}/

export interface PayloadOptions {
  /** Decode character references (WebVTT does, SRT does not). */
  entities: boolean
  /** Read `<v Name>` voice spans: returns the speaker each new span opens. */
  voices: boolean
}

/**
 * Scans one payload line into `current`, starting new segments at voice spans. Returns the segment that is
 * current at the end of the line.
 */
export function scanPayloadLine(
  file: string,
  line: { start: number; end: number },
  current: Segment,
  segments: Segment[],
  options: PayloadOptions,
): Segment {
  let i = line.start
  let plainFrom = i
  const flush = (to: number) => {
    pushPlain(current, file, plainFrom, to)
  }
  while (i < line.end) {
    const ch = file[i]
    if (ch === '<') {
      const rest = file.slice(i, line.end)
      const voice = options.voices ? VOICE.exec(rest) : null
      const tag = voice ?? TAG.exec(rest)
      if (tag) {
        flush(i)
        i += tag[0].length
        plainFrom = i
        if (voice) {
          current = { speaker: voice[1]!.trim() || undefined, pieces: [], startMs: current.startMs, endMs: current.endMs }
          segments.push(current)
        }
        continue
      }
    } else if (ch === '{' && !options.entities) {
      const override = ASS_OVERRIDE.exec(file.slice(i, line.end))
      if (override) {
        flush(i)
        i += override[0].length
        plainFrom = i
        continue
      }
    } else if (ch === '&' && options.entities) {
      const m = ENTITY.exec(file.slice(i, Math.min(line.end, i + 40)))
      const value = m
        ? m[1] !== undefined || m[2] !== undefined
          ? safeCodePoint(m[1] !== undefined ? Number(m[1]) : parseInt(m[2]!, 16))
          : ENTITIES[m[3]!.toLowerCase()]
        : undefined
      if (m && value !== undefined) {
        flush(i)
        if (value !== '') current.pieces.push({ text: value, fileStart: i, fileLen: m[0].length })
        i += m[0].length
        plainFrom = i
        continue
      }
    }
    i++
  }
  flush(line.end)
  return current
}

function safeCodePoint(n: number): string {
  return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '\uFFFD'
}

// A label: 1–4 words starting with a letter, then ":" and white space ("Dana:", "Dana Smith:", "AGENT:").
const LABEL = /^([\p{L}][\p{L}\p{N}_.'’()@#-]*(?: [\p{L}\p{N}_.'’()@#-]+){0,3}):[ \t]+/u
/** Words that open a line of prose with a colon, never a speaker. */
const PROSE_LEADS = new Set([
  'note', 'nb', 'ps', 'tip', 'hint', 'update', 'edit', 'reminder', 'important', 'warning', 'caution', 'fyi',
  'example', 'question', 'answer', 'reason', 'result', 'step', 'subject', 're', 'to', 'from', 'date', 'time',
  'ref', 'order', 'total', 'price', 'status', 'summary', 'issue', 'problem', 'solution', 'details', 'address',
  'phone', 'email', 'link', 'code', 'error', 'also', 'btw', 'however', 'then', 'now', 'so', 'and', 'but', 'yes',
  'no', 'ok', 'okay', 'well', 'http', 'https',
])

/** The speaker label at the start of `text`, if any: [label, length of the prefix to drop]. */
export function labelAt(text: string): [string, number] | undefined {
  const m = LABEL.exec(text)
  return m ? [m[1]!.trim(), m[0].length] : undefined
}

/**
 * Whether a label is a speaker: it names a role (default or configured), it opens two or more cues of the
 * file, or it is a single word that is not a common lead-in of prose ("Dana:" yes, "Note:" no).
 */
export function speakerTest(labels: readonly string[], roles: Record<string, Role>): (label: string) => boolean {
  const uses = new Map<string, number>()
  for (const l of labels) uses.set(l.toLowerCase(), (uses.get(l.toLowerCase()) ?? 0) + 1)
  return (label) => {
    const key = label.toLowerCase()
    if (roleOf(label, roles) !== 'unknown' || (uses.get(key) ?? 0) >= 2) return true
    return !/\s/.test(label) && !PROSE_LEADS.has(key.replace(/\.$/, ''))
  }
}

/** Shares a cue's time among the segments it holds, in proportion to their text. */
export function shareTime(cueSegments: Segment[], startMs: number, endMs: number): void {
  const lengths = cueSegments.map((s) => Math.max(1, segmentText(s).length))
  const total = lengths.reduce((a, b) => a + b, 0)
  let done = 0
  for (const [k, s] of cueSegments.entries()) {
    s.startMs = cueSegments.length === 1 ? startMs : startMs + Math.round(((endMs - startMs) * done) / total)
    done += lengths[k]!
    s.endMs = cueSegments.length === 1 ? endMs : startMs + Math.round(((endMs - startMs) * done) / total)
  }
}

export const MERGE_GAP_MS = 300

/** Segments → turns: same named speaker, less than MERGE_GAP_MS apart, in file order → one turn. */
export function segmentsToTurns(segments: Segment[], roles: Record<string, Role>): Turn[] {
  const merged: Segment[] = []
  for (const s of segments) {
    if (s.pieces.length === 0) continue
    const last = merged[merged.length - 1]
    const gap = last && last.endMs !== undefined && s.startMs !== undefined ? s.startMs - last.endMs : undefined
    if (last && last.speaker !== undefined && last.speaker === s.speaker && gap !== undefined && gap >= 0 && gap < MERGE_GAP_MS) {
      const tail = last.pieces[last.pieces.length - 1]!
      const head = s.pieces[0]!
      const from = tail.fileStart + tail.fileLen
      last.pieces.push({ text: ' ', fileStart: from, fileLen: Math.max(0, head.fileStart - from) })
      last.pieces.push(...s.pieces)
      last.endMs = Math.max(last.endMs!, s.endMs ?? last.endMs!)
      continue
    }
    merged.push({ ...s, pieces: [...s.pieces] })
  }
  return merged.map((s, index) => {
    const range = new SourceMap()
    for (const p of s.pieces) range.push(p.text.length, p.fileStart, p.fileLen)
    const turn: Turn = { index, role: roleOf(s.speaker, roles), text: segmentText(s), range }
    if (s.speaker !== undefined) turn.speaker = s.speaker
    if (s.startMs !== undefined) turn.startMs = s.startMs
    if (s.endMs !== undefined) turn.endMs = s.endMs
    return turn
  })
}

/** `hh:mm:ss.mmm` or `mm:ss.mmm` (hours may have any number of digits; a comma is taken for the dot). */
const TIME = String.raw`(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})`
export const TIMING = new RegExp(String.raw`^[ \t]*${TIME}[ \t]+-->[ \t]+${TIME}(?=[ \t]|$)`)

export function timingOf(line: string): { startMs: number; endMs: number } | undefined {
  const m = TIMING.exec(line)
  if (!m) return undefined
  const ms = (h: string | undefined, mi: string, s: string, f: string) =>
    ((Number(h ?? 0) * 60 + Number(mi)) * 60 + Number(s)) * 1000 + Number(f.padEnd(3, '0'))
  return { startMs: ms(m[1], m[2]!, m[3]!, m[4]!), endMs: ms(m[5], m[6]!, m[7]!, m[8]!) }
}

const blank = (text: string, line: Line) => text.slice(line.start, line.end).trim() === ''

interface Cue {
  startMs: number
  endMs: number
  payload: Line[]
}

export function readWebVtt(text: string, context: SourceContext): ParsedFile {
  // An empty file holds no cues, as an empty .srt, .json or .txt holds nothing (a header is asked of content).
  if (text.trim() === '') return { documents: [], comments: [] }
  const lines = splitLines(text)
  const first = lines[0] ? text.slice(lines[0].start, lines[0].end) : ''
  if (!/^\uFEFF?WEBVTT(?:[ \t]|$)/.test(first))
    throw new SourceError('Not a WebVTT file: the first line must be "WEBVTT".', 0)
  const comments: SourceComment[] = []
  const problems: { message: string; offset: number }[] = []
  const cues: Cue[] = []
  /** NOTEs waiting for the cue they stand before. */
  let pending: SourceComment[] = []

  let i = 1
  // The header runs to the first blank line.
  while (i < lines.length && !blank(text, lines[i]!)) i++
  while (i < lines.length) {
    if (blank(text, lines[i]!)) {
      i++
      continue
    }
    const line = lines[i]!
    const raw = text.slice(line.start, line.end)
    if (/^NOTE(?:[ \t]|$)/.test(raw)) {
      let last = i
      while (last + 1 < lines.length && !blank(text, lines[last + 1]!)) last++
      const comment = { value: text.slice(line.start + 4, lines[last]!.end), start: line.start, end: lines[last]!.end }
      comments.push(comment)
      pending.push(comment)
      i = last + 1
      continue
    }
    if (/^(?:STYLE|REGION)[ \t]*$/.test(raw)) {
      while (i < lines.length && !blank(text, lines[i]!)) i++
      continue
    }
    // A cue: an optional id line, then the timing line.
    let timingIndex = i
    if (!raw.includes('-->')) timingIndex = i + 1
    const timingLine = lines[timingIndex]
    const timing = timingLine && !blank(text, timingLine) ? timingOf(text.slice(timingLine.start, timingLine.end)) : undefined
    if (!timing) {
      const bad = timingLine && !blank(text, timingLine) && text.slice(timingLine.start, timingLine.end).includes('-->') ? timingLine : line
      problems.push({ message: `Not a WebVTT cue: expected "start --> end" times (hh:mm:ss.mmm or mm:ss.mmm).`, offset: bad.start })
      while (i < lines.length && !blank(text, lines[i]!)) i++
      continue
    }
    for (const note of pending) note.end = timingLine!.end
    pending = []
    const cue: Cue = { ...timing, payload: [] }
    i = timingIndex + 1
    // The payload runs to a blank line, or to a line with "-->" (a file that leaves out the blank lines).
    while (i < lines.length && !blank(text, lines[i]!)) {
      const next = lines[i]!
      if (text.slice(next.start, next.end).includes('-->')) break
      // A one-word line directly before a timing line, with no blank line between: the next cue's id.
      const after = lines[i + 1]
      if (cue.payload.length > 0 && after && timingOf(text.slice(after.start, after.end)) && !/\s/.test(text.slice(next.start, next.end).trim()))
        break
      cue.payload.push(next)
      i++
    }
    cues.push(cue)
  }

  const segments: Segment[] = []
  const unlabelled: Segment[][] = []
  for (const cue of cues) {
    const cueSegments: Segment[] = []
    let current: Segment = { pieces: [] }
    cueSegments.push(current)
    for (const [k, line] of cue.payload.entries()) {
      if (k > 0) pushJoin(current, cue.payload[k - 1]!.end, line.start)
      current = scanPayloadLine(text, line, current, cueSegments, { entities: true, voices: true })
    }
    for (const s of cueSegments) trimSegment(s)
    const kept = cueSegments.filter((s) => s.pieces.length > 0)
    if (kept.length === 1 && kept[0]!.speaker === undefined) unlabelled.push(kept)
    shareTime(kept, cue.startMs, cue.endMs)
    segments.push(...kept)
  }
  // Zoom: "Name: text" in cues with no voice span.
  const labels = unlabelled.map(([s]) => labelAt(segmentText(s!))?.[0]).filter((l): l is string => l !== undefined)
  const isSpeaker = speakerTest(labels, context.roles)
  for (const [s] of unlabelled) {
    const label = labelAt(segmentText(s!))
    if (label && isSpeaker(label[0])) {
      s!.speaker = label[0]
      dropPrefix(s!, label[1])
      trimSegment(s!)
    }
  }
  const document: Document = { kind: 'transcript', format: 'webvtt', turns: segmentsToTurns(segments, context.roles) }
  return { documents: [document], comments, problems }
}

export const webvttSource: SourceReader = {
  read: (text, context) => readWebVtt(text, context),
}
