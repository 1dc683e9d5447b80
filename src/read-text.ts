/**
 * A file's bytes → the text the linter reads. UTF-16 (LE or BE) when a byte-order mark says so; binary when a
 * NUL byte appears in the first 8 KB (as git and grep decide); else UTF-8, noting where an invalid sequence
 * was replaced by U+FFFD. Each case the linter cannot read as it stands gets a one-line warning on the file.
 */
import type { LintResult } from './linter.js'

export interface DecodedText {
  text: string
  /** NUL bytes near the start: not text; the file is skipped with a notice. */
  binary?: boolean
  /** Read from UTF-16: fixes are not written back (they would come out as UTF-8). */
  utf16?: boolean
  /** Offset in `text` of the first U+FFFD that stands for invalid UTF-8. */
  invalidAt?: number
}

const SNIFF = 8192

export function decodeText(bytes: Buffer): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: bytes.subarray(2, bytes.length & ~1).toString('utf16le'), utf16: true }
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: Buffer.from(bytes.subarray(2, bytes.length & ~1)).swap16().toString('utf16le'), utf16: true }
  if (bytes.subarray(0, SNIFF).includes(0)) return { text: '', binary: true }
  const text = bytes.toString('utf8')
  // U+FFFD is rare in real text: only when it appears, check whether the bytes held it or were invalid.
  const replaced = text.indexOf('\uFFFD')
  if (replaced < 0 || isUtf8(bytes)) return { text }
  return { text, invalidAt: replaced }
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return true
  } catch {
    return false
  }
}

function notice(message: string, before: string) {
  const lines = before.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)
  return { ruleId: null, severity: 1 as const, message, line: lines.length, column: lines[lines.length - 1]!.length + 1 }
}

/** What a binary file gets: one warning, no lint. */
export function binaryResult(filePath: string): LintResult {
  return {
    filePath,
    messages: [notice('Binary file (NUL bytes in its first 8 KB) skipped.', '')],
    errorCount: 0,
    warningCount: 1,
    fatalErrorCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    documentCount: 0,
    suppressedMessages: [],
  }
}

/** `result` with a warning where the text was not valid UTF-8 (at the first replaced sequence). */
export function withDecodeNotice(result: LintResult, decoded: DecodedText): LintResult {
  if (decoded.invalidAt === undefined) return result
  const warning = notice('This file is not valid UTF-8; invalid bytes were read as U+FFFD.', decoded.text.slice(0, decoded.invalidAt))
  const messages = [warning, ...result.messages].sort((a, b) => a.line - b.line || a.column - b.column)
  return { ...result, messages, warningCount: result.warningCount + 1 }
}
