/**
 * The lexicon: phrase lists compiled into one pattern. These tests pin the two things its speed rests on —
 * word-edge checks written once per run of /regex/ entries, and phrase sources built without a regex object
 * per word — to the matches a plain alternation of the same entries would give.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileLexicon, factorEdges, phraseSource } from '../src/text/lexicon.js'
import { rx } from '../src/text/tone.js'

const B = '(?<![\\p{L}\\p{N}_])'
const A = '(?![\\p{L}\\p{N}_])'
const edged = (body: string) => `(?:${B}${body}${A})`

describe('factorEdges', () => {
  it('writes the edge checks once for a run of edged entries, in order', () => {
    expect(factorEdges([edged('(?:a|b)'), edged('(?:c)')])).toBe(`${B}(?:(?:a|b)|(?:c))${A}`)
  })

  it('keeps an entry without edges where it is, and starts a new run after it', () => {
    expect(factorEdges([edged('(?:a)'), '(?:x+)', edged('(?:b)'), edged('(?:c)')])).toBe(
      `(?:${B}(?:(?:a))${A})|(?:x+)|${B}(?:(?:b)|(?:c))${A}`,
    )
  })

  it('does not re-wrap an entry whose edges belong to different alternatives', () => {
    // B a | b A: the edges are not around the whole entry, so factoring would change what it matches.
    const entry = edged('(?:a)|(?:b)')
    expect(factorEdges([entry, edged('(?:c)')])).toBe(`${entry}|(?:${B}(?:(?:c))${A})`)
  })

  it('reads parentheses inside classes and escapes as characters', () => {
    expect(factorEdges([edged('(?:[)]x)'), edged('(?:\\)y)')])).toBe(`${B}(?:(?:[)]x)|(?:\\)y))${A}`)
  })
})

describe('phraseSource', () => {
  it('escapes pattern characters, accepts any apostrophe and an optional hyphen, and joins words by any space', () => {
    expect(phraseSource("can't re-open (now)?")).toBe(`${B}can['’‘]t\\s+re[-‐‑]?open\\s+\\(now\\)\\?`)
    expect(phraseSource('a.b*c')).toBe(`${B}a\\.b\\*c${A}`)
    expect(phraseSource('/we (?:can|will)/')).toBe('(?:we (?:can|will))')
  })
})

describe('compileLexicon', () => {
  const words = ['we', 'can', 'not', 'help', 'you', 'will', "can't", 'sorry', 'x', 'ünder', '1', '_']
  const entries = [rx('(?:we|you)\\s+can(?:not|[’\']t)'), rx('we\\s+will'), rx('sorry'), rx('can'), '/help\\s+\\w+/', rx('ünder\\s+1')]

  it('finds what one plain alternation of the same entries finds', () => {
    const lexicon = compileLexicon(entries)
    // The lexicon tries longer entries first; the reference alternation takes them in that order, each whole.
    const ordered = entries.map((e, i) => ({ e, i })).sort((a, b) => b.e.length - a.e.length || a.i - b.i).map((x) => x.e)
    const reference = new RegExp(ordered.map((e) => `(?:${e.slice(1, -1)})`).join('|'), 'giu')
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words, ...words.map((w) => w.toUpperCase())), { maxLength: 12 }), fc.constantFrom(' ', '  ', '\n', '-', ''), (parts, gap) => {
        const text = parts.join(gap)
        const expected: [number, number][] = []
        reference.lastIndex = 0
        for (let m = reference.exec(text); m; m = reference.exec(text)) {
          if (m[0].length === 0) reference.lastIndex++
          else expected.push([m.index, m.index + m[0].length])
        }
        expect(lexicon.findAll(text).map((m) => [m.start, m.end])).toEqual(expected)
      }),
      { numRuns: 400 },
    )
  })

  it('matches plain phrases in any case, at the place in the text as written', () => {
    const lexicon = compileLexicon(['so sorry', 'refund'])
    expect(lexicon.findAll('We are SO Sorry about the Refund.').map((m) => m.text)).toEqual(['SO Sorry', 'Refund'])
    // Lower-casing "İ" adds a character; positions still point into the text as written.
    expect(lexicon.findAll('İİ so sorry').map((m) => [m.start, m.end])).toEqual([[3, 11]])
  })
})
