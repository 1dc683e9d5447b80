/**
 * User-supplied patterns (`/regex/` phrases in rule options and YAML rules) are checked for catastrophic
 * backtracking before use with safe-regex2 (nested repetition such as `(a+)+`), and refused with a message
 * naming the rule and the pattern. safe-regex2's parser does not know look-behinds or Unicode property
 * escapes, so those are simplified for the check only (a look-behind cannot cause the blow-up it looks for).
 */
import { createRequire } from 'node:module'

type SafeRegex = (re: string | RegExp, opts?: { limit?: number }) => boolean
let safeRegex: SafeRegex | undefined

function simplify(source: string): string {
  // safe-regex2 counts any quantifier as repetition; an optional group or a small bounded one ({0,5})
  // cannot make backtracking exponential, so they are dropped for the check.
  let out = source
    .replace(/\\[pP]\{[^}]*\}/g, '\\w')
    .replace(/\(\?<([A-Za-z_]\w*)>/g, '(')
    .replace(/\)\?\??/g, ')')
    .replace(/\)\{\d+(?:,\d?)?\}\??/g, (q) => (/,\s*$|,\}/.test(q) ? q : ')'))
    .replace(/\)\{\d+,(\d+)\}\??/g, (q, n: string) => (Number(n) <= 10 ? ')' : q))
  // Drop look-behinds, balanced: (?<= … ) and (?<! … ).
  for (let start = out.search(/\(\?<[=!]/); start !== -1; start = out.search(/\(\?<[=!]/)) {
    let depth = 0
    let end = start
    for (; end < out.length; end++) {
      if (out[end] === '\\') {
        end++
        continue
      }
      if (out[end] === '(') depth++
      else if (out[end] === ')' && --depth === 0) break
    }
    out = out.slice(0, start) + out.slice(end + 1)
  }
  return out
}

/** The first `/regex/` phrase that could take exponential time, if any. */
export function findUnsafePattern(phrases: readonly unknown[]): string | undefined {
  for (const phrase of phrases) {
    if (typeof phrase !== 'string') continue
    const m = /^\/(.+)\/$/s.exec(phrase)
    if (!m) continue
    safeRegex ??= createRequire(import.meta.url)('safe-regex2') as SafeRegex
    let ok: boolean
    try {
      new RegExp(m[1]!, 'u')
      ok = safeRegex(simplify(m[1]!))
    } catch {
      ok = false
    }
    if (!ok) return phrase
  }
  return undefined
}

/** Every string inside an options value (phrase lists may be arrays or { add, remove }). */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(stringsIn)
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...stringsIn(v)])
  return []
}
