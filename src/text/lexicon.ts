/**
 * Phrase lists compiled once into one regular expression (Vale / alex style): case-insensitive, whole words
 * on word-character edges, any run of white space between words, straight and curly apostrophes alike.
 * A phrase written as `/.../` is taken as a regular expression source.
 */

export interface PhraseMatch {
  /** Offset of the first matched character in the searched text. */
  start: number
  /** Offset just past the last matched character. */
  end: number
  /** The text as it stands in the input. */
  text: string
  /** The phrase (as written in the list) that matched. */
  phrase: string
}

export interface Lexicon {
  readonly phrases: readonly string[]
  /** Every non-overlapping match, left to right. */
  findAll(text: string): PhraseMatch[]
  /** The first match, or undefined. */
  find(text: string): PhraseMatch | undefined
  test(text: string): boolean
}

const WORD_CHAR = /[\p{L}\p{N}_]/u
const BEFORE = '(?<![\\p{L}\\p{N}_])'
const AFTER = '(?![\\p{L}\\p{N}_])'

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

/** The regular-expression source for one phrase, boundaries included. */
export function phraseSource(phrase: string): string {
  const regex = /^\/(.+)\/$/s.exec(phrase)
  if (regex) return `(?:${regex[1]})`
  const trimmed = phrase.trim()
  const body = trimmed
    .split(/\s+/)
    .map((word) => escapeRegExp(word).replace(/['’‘]/g, "['’‘]").replace(/-/g, '[-‐‑]?'))
    .join('\\s+')
  const head = WORD_CHAR.test(trimmed.charAt(0)) ? BEFORE : ''
  const tail = WORD_CHAR.test(trimmed.charAt(trimmed.length - 1)) ? AFTER : ''
  return `${head}${body}${tail}`
}

const cache = new Map<string, Lexicon>()

export function compileLexicon(phrases: readonly string[]): Lexicon {
  const key = phrases.join('\u0000')
  const cached = cache.get(key)
  if (cached) return cached
  // Longest first, so that "so sorry to hear" wins over "sorry" at the same position.
  const ordered = phrases
    .map((phrase, index) => ({ phrase, index }))
    .filter((p) => p.phrase.trim().length > 0)
    .sort((a, b) => b.phrase.length - a.phrase.length || a.index - b.index)
  const source = ordered.map((p, i) => `(?<p${i}>${phraseSource(p.phrase)})`).join('|')
  const pattern = ordered.length > 0 ? new RegExp(source, 'giu') : null
  const names = ordered.map((_, i) => `p${i}`)

  const findAll = (text: string): PhraseMatch[] => {
    if (!pattern) return []
    const out: PhraseMatch[] = []
    pattern.lastIndex = 0
    let m: RegExpExecArray | null
    while ((m = pattern.exec(text)) !== null) {
      if (m[0].length === 0) {
        pattern.lastIndex++
        continue
      }
      const groups = m.groups ?? {}
      const which = names.findIndex((n) => groups[n] !== undefined)
      out.push({ start: m.index, end: m.index + m[0].length, text: m[0], phrase: ordered[which]?.phrase ?? m[0] })
    }
    return out
  }
  const lexicon: Lexicon = {
    phrases,
    findAll,
    find: (text) => findAll(text)[0],
    test: (text) => findAll(text).length > 0,
  }
  cache.set(key, lexicon)
  return lexicon
}

/**
 * Resolves a rule's phrase-list option: a plain array replaces the defaults; `{ add, remove }` extends them.
 */
export type PhraseListOption = string[] | { add?: string[]; remove?: string[] }

export function resolvePhrases(defaults: readonly string[], option: PhraseListOption | undefined): string[] {
  if (option === undefined) return [...defaults]
  if (Array.isArray(option)) return [...option]
  const remove = new Set((option.remove ?? []).map((p) => p.toLowerCase()))
  return [...defaults.filter((p) => !remove.has(p.toLowerCase())), ...(option.add ?? [])]
}

export const phraseListSchema = {
  oneOf: [
    { type: 'array', items: { type: 'string', minLength: 1 } },
    {
      type: 'object',
      properties: {
        add: { type: 'array', items: { type: 'string', minLength: 1 } },
        remove: { type: 'array', items: { type: 'string', minLength: 1 } },
      },
      additionalProperties: false,
    },
  ],
} as const
