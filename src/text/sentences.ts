/** Sentence spans and small context checks (negation) that rules share. */

export interface Span {
  start: number
  end: number
  text: string
}

/** Splits at ., ! or ? followed by white space, and at line breaks. Spans exclude surrounding white space. */
export function sentences(text: string): Span[] {
  const out: Span[] = []
  const boundary = /[.!?…]+["'”’)]*(?=\s)|\n+/g
  let from = 0
  const push = (start: number, end: number) => {
    while (start < end && /\s/.test(text[start]!)) start++
    while (end > start && /\s/.test(text[end - 1]!)) end--
    if (end > start) out.push({ start, end, text: text.slice(start, end) })
  }
  let m: RegExpExecArray | null
  while ((m = boundary.exec(text)) !== null) {
    const end = m[0].startsWith('\n') ? m.index : m.index + m[0].length
    push(from, end)
    from = m.index + m[0].length
  }
  push(from, text.length)
  return out
}

/** The sentence that holds `offset`, or a span of the whole text when there is none. */
export function sentenceAt(text: string, offset: number): Span {
  for (const s of sentences(text)) if (offset >= s.start && offset < s.end) return s
  return { start: 0, end: text.length, text }
}

const NEGATOR = /(?:^|[^\p{L}])(?:not|no|never|nothing|nobody|hardly|without|n['’]t)\s+(?:[\p{L}'’]+\s+){0,2}$/iu

/** True when one of the three words before `offset` (in the same sentence) negates what follows. */
export function isNegated(text: string, offset: number): boolean {
  const sentence = sentenceAt(text, offset)
  const before = text.slice(Math.max(sentence.start, offset - 40), offset)
  return NEGATOR.test(before) || /n['’]t\s*$/i.test(before)
}
