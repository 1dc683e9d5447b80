/** Offsets → 1-based line and column. Columns count UTF-16 code units, as ESLint, LSP and SARIF do. */

export interface Position {
  line: number
  column: number
}

export class LineIndex {
  private readonly starts: number[] = [0]

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c === 10) this.starts.push(i + 1)
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++
        this.starts.push(i + 1)
      }
    }
  }

  get lineCount(): number {
    return this.starts.length
  }

  locate(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length))
    let lo = 0
    let hi = this.starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.starts[mid]! <= o) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, column: o - this.starts[lo]! + 1 }
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))]!
  }
}

/** Strips a leading byte-order mark; positions are then those an editor shows. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** A line of a text file: where its content starts and ends, and where the next line starts. */
export interface Line {
  start: number
  /** End of the content, before the line break. */
  end: number
  /** Offset just past the line break. */
  next: number
}

/** The lines of `text`, with LF, CRLF or lone CR as line breaks. */
export function splitLines(text: string): Line[] {
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
