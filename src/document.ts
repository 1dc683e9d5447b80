/** The Document model every source produces and every rule reads (DESIGN.md, "The Document model"). */

export type Role = 'agent' | 'customer' | 'bot' | 'system' | 'unknown'
export type DocumentKind = 'transcript' | 'macro'

/**
 * Maps offsets in a turn's text to offsets in the file's text. Built from runs: `textLen` characters of the
 * turn text that stand for `fileLen` characters of the file. Runs of equal length map character by character;
 * unequal runs (an escape such as `\n` or `&amp;`, a joining space with no source) map as one unit.
 */
export class SourceMap {
  private readonly textStarts: number[] = []
  private readonly fileStarts: number[] = []
  private readonly textLens: number[] = []
  private readonly fileLens: number[] = []
  private textLength = 0
  /** Where an empty text stands in the file (an empty value still has a place to point at). */
  private anchor = 0

  /** A map for text copied verbatim from `fileStart`. */
  static contiguous(fileStart: number, length: number): SourceMap {
    return new SourceMap().push(length, fileStart, length)
  }

  /** A map for an empty text that stands at `fileOffset` (an empty JSON string, an empty cell). */
  static empty(fileOffset: number): SourceMap {
    const map = new SourceMap()
    map.anchor = fileOffset
    return map
  }

  push(textLen: number, fileStart: number, fileLen: number = textLen): this {
    if (textLen <= 0) return this
    const last = this.textStarts.length - 1
    // Merge a 1:1 run that continues the previous 1:1 run, to keep maps of plain text to a single run.
    if (
      last >= 0 &&
      textLen === fileLen &&
      this.textLens[last] === this.fileLens[last] &&
      this.fileStarts[last]! + this.fileLens[last]! === fileStart
    ) {
      this.textLens[last]! += textLen
      this.fileLens[last]! += fileLen
    } else {
      this.textStarts.push(this.textLength)
      this.fileStarts.push(fileStart)
      this.textLens.push(textLen)
      this.fileLens.push(fileLen)
    }
    this.textLength += textLen
    return this
  }

  /**
   * This map followed by `outer`: for text whose offsets this map sends into an intermediate string (HTML
   * decoded from a JSON string), and `outer` sends that string into the file.
   */
  through(outer: SourceMap): SourceMap {
    const out = new SourceMap()
    for (let i = 0; i < this.textLength; i++) {
      const start = outer.toFileStart(this.toFileStart(i))
      const end = Math.max(start, outer.toFileEnd(this.toFileEnd(i + 1)))
      out.push(1, start, end - start)
    }
    return out
  }

  get length(): number {
    return this.textLength
  }

  private runAt(offset: number): number {
    let lo = 0
    let hi = this.textStarts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.textStarts[mid]! <= offset) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  /** File offset of the character at `offset` in the text (a start position). */
  toFileStart(offset: number): number {
    if (this.textStarts.length === 0) return this.anchor
    if (offset >= this.textLength) return this.toFileEnd(this.textLength)
    const i = this.runAt(Math.max(0, offset))
    const delta = Math.max(0, offset) - this.textStarts[i]!
    return this.textLens[i] === this.fileLens[i] ? this.fileStarts[i]! + delta : this.fileStarts[i]!
  }

  /** File offset just past the character before `offset` in the text (an exclusive end position). */
  toFileEnd(offset: number): number {
    if (this.textStarts.length === 0) return this.anchor
    if (offset <= 0) return this.toFileStart(0)
    const i = this.runAt(Math.min(offset, this.textLength) - 1)
    const delta = Math.min(offset, this.textLength) - this.textStarts[i]!
    return this.textLens[i] === this.fileLens[i] ? this.fileStarts[i]! + delta : this.fileStarts[i]! + this.fileLens[i]!
  }
}

export interface Turn {
  index: number
  role: Role
  /** The label or participant id in the source ("Dana", "spk_0", "AGENT"). */
  speaker?: string
  /** Plain text a rule reads: markup stripped, placeholders kept. */
  text: string
  /** Voice: offsets from the start of the call. */
  startMs?: number
  endMs?: number
  /** Chat: ISO time the message was sent. */
  at?: string
  /** Private note or whisper: customer-facing rules skip it. */
  internal?: boolean
  range: SourceMap
}

export interface Document {
  kind: DocumentKind
  /** The source that read it: 'chat-text', 'markdown', 'json', ... */
  format: string
  id?: string
  title?: string
  tags?: string[]
  meta?: Record<string, unknown>
  turns: Turn[]
  /**
   * Interruptions the vendor measured itself (Contact Lens, Transcribe Call Analytics), keyed by who cut in.
   * When present, timing rules report these instead of computing their own.
   */
  interruptions?: { interrupter: Role; startMs: number; endMs: number }[]
  /** A macro's own on/off flag in its library; inactive macros are read only with --include-inactive. */
  active?: boolean
}

/** A comment in the file (where the format has them): directives are read from these. */
export interface SourceComment {
  /** The text inside the comment markers. */
  value: string
  /** File offsets of the whole comment. */
  start: number
  end: number
}

export interface ParsedFile {
  documents: Document[]
  comments: SourceComment[]
  /** Parts of the file that could not be read while the rest could (a bad line in a .jsonl): fatal messages. */
  problems?: { message: string; offset: number }[]
}
