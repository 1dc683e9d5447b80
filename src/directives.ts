/**
 * Inline directives, read from the comments a source found:
 *   rapport-disable [rule, ...] [-- reason]      until rapport-enable (or the end of the file)
 *   rapport-enable [rule, ...]
 *   rapport-disable-next-line [rule, ...]        the line after the comment
 *   rapport-disable-line [rule, ...]             the comment's own line
 */
import type { SourceComment } from './document.js'
import type { LineIndex, Position } from './location.js'

export type DirectiveKind = 'disable' | 'enable' | 'disable-next-line' | 'disable-line'

export interface Directive {
  kind: DirectiveKind
  /** Rule ids; empty means every rule. */
  rules: string[]
  reason?: string
  start: Position
  end: Position
  /** Set by the filter when the directive suppressed something. */
  used: boolean
}

const DIRECTIVE = /^\s*rapport-(disable-next-line|disable-line|disable|enable)(?=\s|$)([^]*)$/

export function parseDirectives(comments: readonly SourceComment[], lines: LineIndex): Directive[] {
  const out: Directive[] = []
  for (const comment of comments) {
    const m = DIRECTIVE.exec(comment.value)
    if (!m) continue
    let body = m[2] ?? ''
    let reason: string | undefined
    const dashes = body.search(/(?:^|\s)--(?:\s|$)/)
    if (dashes >= 0) {
      reason = body.slice(dashes).replace(/^\s*--/, '').trim() || undefined
      body = body.slice(0, dashes)
    }
    const rules = body
      .split(/[\s,]+/)
      .map((r) => r.trim())
      .filter(Boolean)
    out.push({
      kind: m[1] as DirectiveKind,
      rules,
      reason,
      start: lines.locate(comment.start),
      end: lines.locate(comment.end),
      used: false,
    })
  }
  return out
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.column <= b.column)
}

function names(directive: Directive, ruleId: string): boolean {
  return directive.rules.length === 0 || directive.rules.includes(ruleId)
}

/** The directive that silences a message of `ruleId` at `at`, if any. */
export function findSuppressor(directives: readonly Directive[], ruleId: string, at: Position): Directive | undefined {
  let block: Directive | undefined
  for (const d of directives) {
    if (!names(d, ruleId)) continue
    switch (d.kind) {
      case 'disable-next-line':
        if (at.line === d.end.line + 1) return d
        break
      case 'disable-line':
        if (at.line >= d.start.line && at.line <= d.end.line) return d
        break
      case 'disable':
        if (before(d.start, at)) block = d
        break
      case 'enable':
        if (before(d.start, at)) block = undefined
        break
    }
  }
  return block
}
