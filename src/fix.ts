/**
 * Applying fixes (`--fix`, `--fix-dry-run`, editors): only `message.fix`, never suggestions; in passes until the
 * text stops changing (at most 10), as ESLint's source-code-fixer does; BOM and line endings kept; atomic writes.
 */
import { randomBytes } from 'node:crypto'
import { open, realpath, rename, rm, stat, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { LintFix, LintMessage, LintResult } from './linter.js'

const BOM = '\uFEFF'

/** Passes `fixText` makes at most (ESLint's limit). */
export const MAX_FIX_PASSES = 10

export interface AppliedFixes {
  output: string
  /** Fixes applied in this pass. */
  applied: number
  /** Messages whose fix was not applied (no fix, overlapping, out of range, or a no-op), in their original order. */
  remaining: LintMessage[]
}

/**
 * Applies the messages' fixes to `text` in one pass. Ranges are offsets into the text after the BOM (what the
 * linter reads); a BOM on `text` is kept. Fixes are taken in range order; one that overlaps or touches a fix
 * already applied in this pass is skipped and left in `remaining` for the next pass, so text is never corrupted.
 */
export function applyFixes(text: string, messages: LintMessage[]): AppliedFixes {
  if (!text.startsWith(BOM)) return applyToBody(text, messages)
  const pass = applyToBody(text.slice(1), messages)
  return pass.applied ? { ...pass, output: BOM + pass.output } : { ...pass, output: text }
}

/** One pass over text without its BOM (the text the ranges count in). */
function applyToBody(body: string, messages: LintMessage[]): AppliedFixes {
  const candidates = messages
    .map((message, index) => ({ message, index, fix: message.fix }))
    .filter((c): c is { message: LintMessage; index: number; fix: LintFix } => c.fix !== undefined)
    .sort((a, b) => a.fix.range[0] - b.fix.range[0] || a.fix.range[1] - b.fix.range[1] || a.index - b.index)

  const applied = new Set<number>()
  const parts: string[] = []
  let cursor = 0
  // The end of the last applied fix; a fix must start after it (not at it: two edits at one point have no order).
  let lastEnd = Number.NEGATIVE_INFINITY
  for (const { fix, index } of candidates) {
    const [start, end] = fix.range
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > body.length) continue
    if (start <= lastEnd) continue
    if (body.slice(start, end) === fix.text) continue // a no-op would make the passes never settle
    parts.push(body.slice(cursor, start), fix.text)
    cursor = end
    lastEnd = end
    applied.add(index)
  }
  if (applied.size === 0) return { output: body, applied: 0, remaining: messages.slice() }
  parts.push(body.slice(cursor))
  return {
    output: parts.join(''),
    applied: applied.size,
    remaining: messages.filter((_, i) => !applied.has(i)),
  }
}

export interface FixTextResult {
  /** The fixed text (the input itself, same string, when nothing changed). */
  output: string
  /** The lint of `output`: the messages fixing left. */
  result: LintResult
  /** Passes that applied at least one fix. */
  passes: number
  /** Whether `output` differs from the input; a caller writes the file only when it does. */
  fixed: boolean
}

/** Whether the text has line breaks and every one of them is CRLF. */
function crlfOnly(text: string): boolean {
  return text.includes('\r\n') && !/(?<!\r)\n/.test(text) && !/\r(?!\n)/.test(text)
}

/**
 * Lints, applies fixes, and lints again until no fix applies or MAX_FIX_PASSES passes have run. `lint` gets the
 * whole text (BOM included, as read from the file) and must report ranges into the text after the BOM, as
 * the linter does. A leading BOM is kept; in a file written with CRLF throughout, line breaks that a fix
 * inserts become CRLF too.
 */
export async function fixText(text: string, lint: (text: string) => Promise<LintResult>): Promise<FixTextResult> {
  const bom = text.startsWith(BOM) ? BOM : ''
  const crlf = crlfOnly(text)
  let body = bom ? text.slice(1) : text
  let passes = 0
  let result = await lint(text)
  while (passes < MAX_FIX_PASSES) {
    const messages = crlf ? result.messages.map(withCrlf) : result.messages
    const pass = applyToBody(body, messages)
    if (pass.applied === 0) break
    body = pass.output
    passes++
    result = await lint(bom + body)
  }
  const output = bom + body
  if (output === text) return { output: text, result, passes, fixed: false }
  return { output, result, passes, fixed: true }
}

function withCrlf(message: LintMessage): LintMessage {
  if (!message.fix || !/(?<!\r)\n/.test(message.fix.text)) return message
  return { ...message, fix: { ...message.fix, text: message.fix.text.replace(/\r?\n/g, '\r\n') } }
}

/**
 * Replaces a file's content atomically: a temp file in the same folder (so the rename stays on one file system)
 * with the original's mode, flushed to disk, then renamed over the original. A symlink is followed, so the link
 * stays a link. The temp file is removed if anything fails.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  let target = path
  try {
    target = await realpath(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  let mode: number | undefined
  let owner: { uid: number; gid: number } | undefined
  try {
    const st = await stat(target)
    mode = st.mode & 0o7777
    owner = { uid: st.uid, gid: st.gid }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const dir = dirname(target)
  const temp = join(dir, `.${basename(target)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`)
  let handle: FileHandle | undefined
  try {
    handle = await open(temp, 'wx', mode ?? 0o666)
    await handle.writeFile(content, 'utf8')
    if (mode !== undefined) {
      // open()'s mode passes through the umask; set it exactly.
      await handle.chmod(mode)
      if (owner && typeof process.getuid === 'function' && process.getuid() === 0) {
        await handle.chown(owner.uid, owner.gid).catch(() => undefined)
        await handle.chmod(mode) // chown may clear setuid/setgid bits
      }
    }
    await handle.sync()
    await handle.close()
    handle = undefined
    await rename(temp, target)
  } catch (error) {
    await handle?.close().catch(() => undefined)
    await rm(temp, { force: true }).catch(() => undefined)
    throw error
  }
  // Make the rename itself durable where the platform allows syncing a folder; a failure here loses nothing.
  try {
    const folder = await open(dir, 'r')
    try {
      await folder.sync()
    } finally {
      await folder.close()
    }
  } catch {
    /* not supported (Windows) */
  }
}

