/** "Did you mean" hints for mistyped rule ids, keys and severities. */

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = tmp
    }
  }
  return row[b.length]!
}

export function didYouMean(input: string, candidates: readonly string[]): string {
  let best: string | undefined
  let bestScore = Infinity
  const lower = input.toLowerCase()
  // A prefix either way ("warning" → "warn", "acknowledge" → "acknowledge-feelings") is a strong hint.
  const prefixed = candidates.find((c) => lower.length >= 3 && (c.toLowerCase().startsWith(lower) || lower.startsWith(c.toLowerCase())))
  if (prefixed) return `; did you mean "${prefixed}"?`
  for (const c of candidates) {
    const d = distance(input.toLowerCase(), c.toLowerCase())
    if (d < bestScore) {
      best = c
      bestScore = d
    }
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(best.length / 3)) ? `; did you mean "${best}"?` : ''
}
