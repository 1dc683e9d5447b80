/**
 * srt (.srt, SubRip): blocks of an index line, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, text lines and a blank line.
 * SubRip has no speaker field; these conventions mark speakers:
 *
 * - `Name:` or `NAME:` at the start of a line: that speaker from here on;
 * - `- ` at the start of a line: a change of speaker inside the cue (`- Dana: Hi.` names the new speaker);
 * - `>>` at the start of a line: a change of speaker (broadcast captions; `>> DANA: Hi.` names them).
 *
 * A change with no name has no speaker and the role 'unknown'. A cue that opens with no marker carries on
 * the speaker before it (captions mark only the changes); a cue that carries on no named speaker stays
 * unknown. Lines of one cue are joined with a space mapped to the line break; `<i>`, `<b>`, `<font>` tags and
 * `{\an8}` overrides are dropped with positions kept. Timing, merging of a named speaker's cues less than
 * 300 ms apart, and the sharing of a cue's time between the speakers inside it are as in WebVTT
 * (webvtt.ts). A block with no timing line continues the cue before it (some files have blank lines inside
 * a cue). SubRip has no comments, so no directives.
 */
import type { Document, ParsedFile, SourceComment } from '../document.js'
import type { SourceContext, SourceReader } from './index.js'
import {
  dropPrefix,
  labelAt,
  pushJoin,
  scanPayloadLine,
  segmentsToTurns,
  segmentText,
  shareTime,
  speakerTest,
  timingOf,
  trimSegment,
  type Segment,
} from './webvtt.js'
import { splitLines, type Line } from '../location.js'

interface Cue {
  startMs: number
  endMs: number
  text: Line[]
}

/** Markers at the start of a line, after any `{\\an8}` position override. */
const DASH = /^(?:\{\\[^}\n]*\})?[ \t]*-[ \t]+/
const CHEVRONS = /^(?:\{\\[^}\n]*\})?[ \t]*>>+[ \t]*/
const OVERRIDE = /^\{\\[^}\n]*\}[ \t]*/

export function readSrt(text: string, context: SourceContext): ParsedFile {
  const lines = splitLines(text)
  const cues: Cue[] = []
  const problems: { message: string; offset: number }[] = []
  const isBlank = (l: Line) => text.slice(l.start, l.end).trim() === ''
  let i = 0
  while (i < lines.length) {
    if (isBlank(lines[i]!)) {
      i++
      continue
    }
    const block: Line[] = []
    while (i < lines.length && !isBlank(lines[i]!)) block.push(lines[i++]!)
    const t = block.findIndex((l) => timingOf(text.slice(l.start, l.end)) !== undefined)
    const last = cues[cues.length - 1]
    if (t === -1) {
      if (last) last.text.push(...block)
      else problems.push({ message: 'Not a SubRip cue: expected "HH:MM:SS,mmm --> HH:MM:SS,mmm" times.', offset: block[0]!.start })
      continue
    }
    // Lines before the timing line are the index (or text of the cue before, in a file with a missing blank line).
    if (t > 1 && last) last.text.push(...block.slice(0, t - 1))
    const timing = timingOf(text.slice(block[t]!.start, block[t]!.end))!
    cues.push({ ...timing, text: block.slice(t + 1) })
  }

  // Every line's marker and label, first, so that a label used on two lines counts as a speaker.
  const marks = cues.map((cue) =>
    cue.text.map((line) => {
      const raw = text.slice(line.start, line.end)
      const change = CHEVRONS.exec(raw) ?? DASH.exec(raw)
      const skip = change ? change[0].length : (OVERRIDE.exec(raw)?.[0].length ?? raw.length - raw.trimStart().length)
      return { change: change !== null, skip, label: labelAt(raw.slice(skip).replace(/<[^>\n]*>/g, '')) }
    }),
  )
  const isSpeaker = speakerTest(
    marks.flat().flatMap((m) => (m.label ? [m.label[0]] : [])),
    context.roles,
  )

  const segments: Segment[] = []
  let speaker: string | undefined
  for (const [c, cue] of cues.entries()) {
    const cueSegments: Segment[] = []
    let current: Segment | undefined
    let previousLine: Line | undefined
    for (const [k, line] of cue.text.entries()) {
      const mark = marks[c]![k]!
      const piece: Segment = { pieces: [] }
      scanPayloadLine(text, { start: line.start + mark.skip, end: line.end }, piece, [], { entities: false, voices: false })
      trimSegment(piece)
      const found = labelAt(segmentText(piece))
      const label = found && isSpeaker(found[0]) ? found : undefined
      if (label) {
        dropPrefix(piece, label[1])
        trimSegment(piece)
      }
      if (mark.change || label || !current) {
        // A new speaker (named or not), or the first line of a cue carrying on the speaker before it.
        if (mark.change || label) speaker = label?.[0]
        current = { speaker, pieces: piece.pieces }
        cueSegments.push(current)
      } else if (piece.pieces.length > 0) {
        pushJoin(current, previousLine!.end, piece.pieces[0]!.fileStart)
        current.pieces.push(...piece.pieces)
      }
      previousLine = line
    }
    for (const s of cueSegments) trimSegment(s)
    const kept = cueSegments.filter((s) => segmentText(s) !== '')
    shareTime(kept, cue.startMs, cue.endMs)
    segments.push(...kept)
  }
  const document: Document = { kind: 'transcript', format: 'srt', turns: segmentsToTurns(segments, context.roles) }
  const comments: SourceComment[] = []
  return { documents: [document], comments, problems }
}

export const srtSource: SourceReader = {
  read: (text, context) => readSrt(text, context),
}
