/**
 * Tone signals that the empathy rules share: how sure a rule should be (`sureness`), shouted capitals, runs of
 * "!!" and "?!", emoji, hashtags, and whether a sentence is happy (so "Thanks so much!!" is not read as anger),
 * conditional or a question (so "if you're unable to ..." is not read as a refusal).
 */
import { sentenceAt, sentences, type Span } from './sentences.js'

export type Sureness = 'high' | 'medium' | 'low'
export const SURENESS_LEVELS: readonly Sureness[] = ['high', 'medium', 'low']
export const surenessSchema = { enum: [...SURENESS_LEVELS] } as const

/** True when a rule configured with `configured` sureness should use signals of `level` (high ⊂ medium ⊂ low). */
export function allows(configured: Sureness, level: Sureness): boolean {
  return SURENESS_LEVELS.indexOf(level) <= SURENESS_LEVELS.indexOf(configured)
}

export interface Cue {
  start: number
  end: number
  text: string
}

const LETTER = /\p{L}/u

/**
 * Shouting: two or more upper-case words of three or more letters in a row ("NEVER EVER fly"). One capitalised
 * word is emphasis ("REALLY good"), not shouting; words next to digits (flight numbers) do not count.
 */
export function findShouting(text: string): Cue | undefined {
  const word = /[\p{L}'’]+/gu
  let run: Cue[] = []
  let m: RegExpExecArray | null
  const flush = (): Cue | undefined => {
    const long = run.filter((w) => w.text.replace(/['’]/g, '').length >= 3)
    const out = long.length >= 2 ? { start: run[0]!.start, end: run[run.length - 1]!.end, text: '' } : undefined
    run = []
    if (out) out.text = text.slice(out.start, out.end)
    return out
  }
  while ((m = word.exec(text)) !== null) {
    const w = m[0]
    const upper = w === w.toUpperCase() && w !== w.toLowerCase() && LETTER.test(w)
    const digitBefore = /\d/.test(text.charAt(m.index - 1)) || /\d/.test(text.charAt(m.index + w.length))
    if (upper && !digitBefore && w.replace(/['’]/g, '').length >= 2) {
      const prev = run[run.length - 1]
      if (prev && !/^[\s,.!?-]*$/.test(text.slice(prev.end, m.index))) {
        const found = flush()
        if (found) return found
      }
      run.push({ start: m.index, end: m.index + w.length, text: w })
    } else {
      const found = flush()
      if (found) return found
    }
  }
  return flush()
}

/** Runs of "!!" or more, alone or mixed with "?" ("??!!!"). A lone "?!" is emphasis in a question, not anger. */
export function findExclamationRuns(text: string): Cue[] {
  const out: Cue[] = []
  const re = /[?!]*!![?!]*/g
  let m: RegExpExecArray | null
  while ((m = re.exec(text)) !== null) out.push({ start: m.index, end: m.index + m[0].length, text: m[0] })
  return out
}

/** Every occurrence of any of `emoji` (each a short string) in `text`. */
export function findEmoji(text: string, emoji: readonly string[]): Cue[] {
  const out: Cue[] = []
  for (const e of emoji) {
    let at = text.indexOf(e)
    while (at !== -1) {
      out.push({ start: at, end: at + e.length, text: e })
      at = text.indexOf(e, at + e.length)
    }
  }
  return out.sort((a, b) => a.start - b.start)
}

/** Hashtags whose words contain one of `stems` ("#NotImpressed", "#neveragain", "#poorservice"). */
export function findHashtags(text: string, stems: readonly string[]): Cue[] {
  const out: Cue[] = []
  const re = /#([\p{L}\p{N}_]+)/gu
  let m: RegExpExecArray | null
  while ((m = re.exec(text)) !== null) {
    const tag = m[1]!.toLowerCase()
    if (stems.some((s) => tag.includes(s))) out.push({ start: m.index, end: m.index + m[0].length, text: m[0] })
  }
  return out
}

const POSITIVE =
  /(?<![\p{L}])(?:thanks?|thank\s+you|thx|ty|love[ds]?|loving|great|awesome|amazing|wonderful|excellent|fantastic|brilliant|best|happy|glad|excited|exciting|yay|woo+|hooray|congrat\w*|appreciate\w*|kudos|shout\s*out|perfect|beautiful|enjoy\w*|fun|cool|lovely|superb|stellar|rock|rocks|nice|kind|friendly|grateful|pleased|respect|delighted|can['’]t\s+wait|welcome|safe\s+travels|haha\w*|lol)(?![\p{L}])|[😊😀😃😄😁😆😍🥰😘❤💕💖💙💜🧡💛💚🎉🎊🙌👏👍🙏😎🤗✨💯🥳😂🤣✈😉]/iu

/** True when the text reads as happy or thankful (used to ignore "!!" and caps in "Thank you SO much!!"). */
export function isPositive(text: string): boolean {
  return POSITIVE.test(text)
}

/** The sentence around a cue. */
export function sentenceOf(text: string, offset: number): Span {
  return sentenceAt(text, offset)
}

const CONDITIONAL = /(?:^|[^\p{L}])(?:if|unless|whether|in\s+case|should\s+you|when(?:ever)?|once|even\s+if)\s/iu

/** True when the clause before `offset` in its sentence opens with "if", "in case", "unless", "should you" ... */
export function isConditional(text: string, offset: number): boolean {
  const s = sentenceAt(text, offset)
  const before = text.slice(s.start, offset)
  // "If a parcel turns up broken or late, ..." — inside an opening condition, up to its last comma.
  if (/^\s*(?:if|unless|in\s+case|should|whether|when(?:ever)?|once|even\s+if)\s/i.test(s.text) && text.slice(offset, s.end).includes(',')) return true
  // Only the current clause: stop at the last comma, semicolon or dash before the offset.
  const clause = before.split(/[,;:—–]|\s-\s|\bthen\b/).pop() ?? before
  return CONDITIONAL.test(` ${clause}`)
}

/** True when the sentence that holds `offset` is a question. */
export function isQuestion(text: string, offset: number): boolean {
  const s = sentenceAt(text, offset)
  return /\?\s*["'”’)]*$/.test(s.text) || /\?/.test(text.slice(offset, s.end))
}

/** Sentence spans of `text` (re-exported for callers that only import this module). */
export function sentenceSpans(text: string): Span[] {
  return sentences(text)
}

/**
 * A phrase-list entry from a regular-expression body, anchored on word edges like plain phrases:
 * rx("we(?:'re| are) unable to") → "/(?<![\p{L}\p{N}_])(?:we(?:'re| are) unable to)(?![\p{L}\p{N}_])/".
 */
export function rx(body: string): string {
  return `/(?<![\\p{L}\\p{N}_])(?:${body})(?![\\p{L}\\p{N}_])/`
}
