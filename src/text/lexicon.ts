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

/**
 * Joins /regex/ entries into one alternation, writing the word-edge checks once for each run of entries that
 * has them on both sides: `B(?:x)A|B(?:y)A` becomes `B(?:x|y)A`, which matches exactly the same (the engine
 * tries x, then y, at each place either way). Each Unicode edge check is costly to compile: on one macro,
 * offer-alternatives' refusals went from 12 ms to 3 ms, which every one-file run pays.
 */
export function factorEdges(entries: readonly string[]): string {
  const out: string[] = []
  let run: string[] = []
  const flush = () => {
    if (run.length === 1) out.push(`(?:${BEFORE}(?:${run[0]})${AFTER})`)
    else if (run.length > 1) out.push(`${BEFORE}(?:${run.join('|')})${AFTER}`)
    run = []
  }
  for (const entry of entries) {
    const inner = entry.startsWith(`(?:${BEFORE}`) && entry.endsWith(`${AFTER})`) ? entry.slice(3 + BEFORE.length, -(AFTER.length + 1)) : undefined
    if (inner !== undefined && wholeGroup(inner)) run.push(inner)
    else {
      flush()
      out.push(entry)
    }
  }
  flush()
  return out.join('|')
}

/** Whether a pattern is one `(?:...)` group from its first character to its last (so it can be re-wrapped as it is). */
function wholeGroup(source: string): boolean {
  if (!source.startsWith('(?:')) return false
  let depth = 0
  let inClass = false
  for (let i = 0; i < source.length; i++) {
    const c = source[i]
    if (c === '\\') i++
    else if (inClass) inClass = c !== ']'
    else if (c === '[') inClass = true
    else if (c === '(') depth++
    else if (c === ')' && --depth === 0) return i === source.length - 1
  }
  return false
}

// Every lexicon of every rule reads the same turn text: lower-case it once, not once per lexicon.
let lastText: string | undefined
let lastLowered = ''
function lowerCased(text: string): string {
  if (text !== lastText) {
    lastText = text
    lastLowered = text.toLowerCase()
  }
  return lastLowered
}

// Module-level patterns: a regex literal inside a function is a new object on every call, and phrase lists
// are thousands of words (start-up allocates less, and collects less garbage).
const WORDS = /\S+/g
const REGEX_ENTRY = /^\/(.+)\/$/s
/** How each character that is not itself in a phrase pattern is written: escaped, any apostrophe, optional hyphen. */
const SPECIAL = /[.*+?^${}()|[\]\\/'’‘-]/g
const written = (c: string): string => (c === "'" || c === '’' || c === '‘' ? "['’‘]" : c === '-' ? '[-‐‑]?' : `\\${c}`)

function bodySource(phrase: string): string {
  const words = phrase.match(WORDS) ?? ['']
  return words.map((word) => word.replace(SPECIAL, written)).join('\\s+')
}

/** The regular-expression source for one phrase, boundaries included. */
export function phraseSource(phrase: string): string {
  const regex = REGEX_ENTRY.exec(phrase)
  if (regex) return `(?:${regex[1]})`
  const trimmed = phrase.trim()
  const head = WORD_CHAR.test(trimmed.charAt(0)) ? BEFORE : ''
  const tail = WORD_CHAR.test(trimmed.charAt(trimmed.length - 1)) ? AFTER : ''
  return `${head}${bodySource(trimmed)}${tail}`
}

const cache = new Map<string, Lexicon>()
// Rules compile their lists once per document; a list seen before is found by identity, so the cost of a
// document is not a string key built from hundreds of phrases.
const byIdentity = { sensitive: new WeakMap<readonly string[], Lexicon>(), insensitive: new WeakMap<readonly string[], Lexicon>() }

/**
 * One pattern for the whole list. Phrases are grouped by which edges need a word boundary, so the costly
 * Unicode look-arounds appear at most four times instead of once per phrase (a pattern with a look-around
 * per phrase took 150 ms to compile for 300 phrases). Which phrase matched is worked out only when asked.
 */
export function compileLexicon(phrases: readonly string[], options: { caseSensitive?: boolean } = {}): Lexicon {
  const caseSensitive = options.caseSensitive === true
  const identity = caseSensitive ? byIdentity.sensitive : byIdentity.insensitive
  const known = identity.get(phrases)
  if (known) return known
  const key = `${caseSensitive ? 'S' : 'I'}\u0000${phrases.join('\u0000')}`
  const cached = cache.get(key)
  if (cached) {
    identity.set(phrases, cached)
    return cached
  }
  // Longest first, so that "so sorry to hear" wins over "sorry" at the same position.
  const ordered = phrases
    .filter((p) => p.trim().length > 0)
    .map((p, index) => ({ p, index }))
    .sort((a, b) => b.p.length - a.p.length || a.index - b.index)
    .map((x) => x.p)
  const groups = new Map<string, string[]>()
  const raw: string[] = []
  for (const phrase of ordered) {
    const regex = REGEX_ENTRY.exec(phrase)
    if (regex) {
      raw.push(`(?:${regex[1]})`)
      continue
    }
    const trimmed = phrase.trim()
    const edges = `${WORD_CHAR.test(trimmed.charAt(0)) ? 'h' : ''}${WORD_CHAR.test(trimmed.charAt(trimmed.length - 1)) ? 't' : ''}`
    if (!groups.has(edges)) groups.set(edges, [])
    groups.get(edges)!.push(bodySource(caseSensitive ? trimmed : trimmed.toLowerCase()))
  }
  const plainSource = [...groups]
    .map(([edges, bodies]) => `${edges.includes('h') ? BEFORE : ''}(?:${bodies.join('|')})${edges.includes('t') ? AFTER : ''}`)
    .join('|')
  // Plain phrases run without the `i` flag over lower-cased text (case-insensitive Unicode patterns cost
  // twice as much to compile); /regex/ entries keep `i` and run over the text as written.
  // Built on first use: a run over one file compiles only the patterns its text reaches (start-up time).
  let plainPattern: RegExp | null | undefined
  const plainOf = () => (plainPattern ??= plainSource ? new RegExp(plainSource, 'gu') : null)
  let plainFolding: RegExp | undefined
  let rawCompiled: RegExp | null | undefined
  const rawOf = () => (rawCompiled ??= raw.length ? new RegExp(factorEdges(raw), caseSensitive ? 'gu' : 'giu') : null)

  const exec = (pattern: RegExp, haystack: string, text: string, out: PhraseMatch[]) => {
    pattern.lastIndex = 0
    let m: RegExpExecArray | null
    while ((m = pattern.exec(haystack)) !== null) {
      if (m[0].length === 0) {
        pattern.lastIndex++
        continue
      }
      const start = m.index
      const end = start + m[0].length
      let phrase: string | undefined
      out.push({
        start,
        end,
        text: text.slice(start, end),
        get phrase() {
          return (phrase ??= whichPhrase(text, start, end - start))
        },
      })
    }
  }

  // Plain phrases are recognised by their normalised text; only /regex/ entries need a pattern each.
  const normalize = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').replace(/[’‘]/g, "'").replace(/[-‐‑]/g, '')
  let byText: Map<string, string> | undefined
  let regexEntries: [RegExp, string][] | undefined
  const whichPhrase = (text: string, at: number, length: number): string => {
    const matched = text.slice(at, at + length)
    byText ??= new Map(ordered.filter((p) => !REGEX_ENTRY.test(p)).map((p) => [normalize(p.trim()), p] as const).reverse())
    const plain = byText.get(normalize(matched))
    if (plain !== undefined) return plain
    regexEntries ??= ordered.filter((p) => REGEX_ENTRY.test(p)).map((p) => [new RegExp(phraseSource(p), 'iuy'), p])
    for (const [re, p] of regexEntries) {
      re.lastIndex = at
      const m = re.exec(text)
      if (m && m[0].length === length) return p
    }
    return matched
  }

  const findAll = (text: string): PhraseMatch[] => {
    const found: PhraseMatch[] = []
    const plain = plainOf()
    const rawPattern = rawOf()
    if (plain && caseSensitive) exec(plain, text, text, found)
    else if (plain) {
      const lowered = lowerCased(text)
      // A few characters change length when lower-cased (İ); then fall back to a case-folding pattern.
      if (lowered.length === text.length) exec(plain, lowered, text, found)
      else exec((plainFolding ??= new RegExp(plainSource, 'giu')), text, text, found)
    }
    if (!rawPattern) return found
    const fromRaw: PhraseMatch[] = []
    exec(rawPattern, text, text, fromRaw)
    if (found.length === 0) return fromRaw
    // Merge the two lists: leftmost first, longest at the same place, no overlaps.
    const all = [...found, ...fromRaw].sort((x, y) => x.start - y.start || y.end - x.end)
    const out: PhraseMatch[] = []
    for (const m of all) if (out.length === 0 || m.start >= out[out.length - 1]!.end) out.push(m)
    return out
  }
  const lexicon: Lexicon = {
    phrases,
    findAll,
    find: (text) => findAll(text)[0],
    test: (text) => findAll(text).length > 0,
  }
  cache.set(key, lexicon)
  identity.set(phrases, lexicon)
  return lexicon
}

/**
 * Resolves a rule's phrase-list option: a plain array replaces the defaults; `{ add, remove }` extends them.
 */
export type PhraseListOption = string[] | { add?: string[]; remove?: string[] }

export function resolvePhrases(defaults: readonly string[], option: PhraseListOption | undefined): readonly string[] {
  // The same defaults and option object give the same (frozen) array, so compileLexicon finds it by identity.
  let memo = resolved.get(defaults)
  if (!memo) resolved.set(defaults, (memo = { byOption: new WeakMap() }))
  if (option === undefined) return (memo.plain ??= Object.freeze([...defaults]))
  const known = memo.byOption.get(option)
  if (known) return known
  let list: string[]
  if (Array.isArray(option)) list = [...option]
  else {
    const remove = new Set((option.remove ?? []).map((p) => p.toLowerCase()))
    list = [...defaults.filter((p) => !remove.has(p.toLowerCase())), ...(option.add ?? [])]
  }
  const frozen = Object.freeze(list)
  memo.byOption.set(option, frozen)
  return frozen
}

const resolved = new WeakMap<readonly string[], { plain?: readonly string[]; byOption: WeakMap<object, readonly string[]> }>()
const joined = new WeakMap<readonly string[], WeakMap<readonly string[], readonly string[]>>()

/** Two phrase lists as one, the same array each time for the same two lists (see resolvePhrases). */
export function joinPhrases(a: readonly string[], b: readonly string[]): readonly string[] {
  if (b.length === 0) return a
  let inner = joined.get(a)
  if (!inner) joined.set(a, (inner = new WeakMap()))
  let both = inner.get(b)
  if (!both) inner.set(b, (both = Object.freeze([...a, ...b])))
  return both
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
