/**
 * Property-based tests (fast-check) for the source readers, the directive parser and the position mapping
 * (issue 6, "Unbreakable on bad input"): whatever text a file holds, the linter returns a result rather than
 * throwing; every position it reports lies inside the file; and where a generated document is valid, a
 * diagnostic's range slices out of the file exactly the word the document was built with.
 *
 * Runs are bounded (NUM_RUNS per property) so the whole file stays well under 30 s on a 2-core machine.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { builtinRules } from '../rules/index.js'
import { parseDirectives } from '../src/directives.js'
import { SourceMap } from '../src/document.js'
import { lintText, type LintMessage, type LintResult } from '../src/linter.js'
import { LineIndex, stripBom } from '../src/location.js'
import { configFor, type RulesSetting } from './helpers.js'

const NUM_RUNS = Number(process.env.PROP_RUNS ?? 200)
/** Fewer runs where each one parses a larger document (Markdown, YAML) with every rule on. */
const HEAVY_RUNS = Math.ceil(NUM_RUNS / 2)

/** Every built-in rule, at its defaults: the more rules report, the more of the mapping is exercised. */
const ALL: RulesSetting = Object.fromEntries(Object.keys(builtinRules).map((id) => [id, 'error' as const]))
const allConfig = configFor(ALL)
const interjectionConfig = configFor({ 'avoid-interjection': 'error' })

const FORMATS: { name: string; file: string }[] = [
  { name: 'chat-text', file: 'chat.txt' },
  { name: 'markdown', file: 'macro.md' },
  { name: 'json', file: 'conv.json' },
  { name: 'jsonl', file: 'convs.jsonl' },
  { name: 'webvtt', file: 'call.vtt' },
  { name: 'srt', file: 'call.srt' },
  { name: 'zendesk-csv', file: 'macros.csv' },
  { name: 'yaml', file: 'macros.yml' },
]

async function lint(text: string, file: string, config = allConfig): Promise<LintResult> {
  return lintText(text, { filePath: file, config, rules: builtinRules })
}

/** The file's lines as an editor shows them (LF, CRLF and lone CR break lines), after a BOM. */
function lineLengths(text: string): number[] {
  return stripBom(text).split(/\r\n|\n|\r/).map((l) => l.length)
}

/** Problems with a result that no input may cause: positions outside the file, crashes turned into messages. */
function violations(text: string, result: LintResult): string[] {
  const lengths = lineLengths(text)
  const body = stripBom(text)
  const out: string[] = []
  const inside = (line: number, column: number) =>
    Number.isInteger(line) && Number.isInteger(column) && line >= 1 && line <= lengths.length && column >= 1 && column <= lengths[line - 1]! + 1
  const check = (m: LintMessage) => {
    const where = `${m.ruleId ?? 'fatal'} ${m.line}:${m.column}-${m.endLine}:${m.endColumn} "${m.message}"`
    if (!inside(m.line, m.column)) out.push(`start outside the file: ${where}`)
    if (m.endLine !== undefined || m.endColumn !== undefined) {
      if (!inside(m.endLine!, m.endColumn!)) out.push(`end outside the file: ${where}`)
      else if (m.endLine! < m.line || (m.endLine === m.line && m.endColumn! < m.column)) out.push(`end before start: ${where}`)
    }
    for (const fix of [m.fix, ...(m.suggestions ?? []).map((s) => s.fix)]) {
      if (!fix) continue
      const [a, b] = fix.range
      if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && a <= b && b <= body.length)) out.push(`fix range [${a}, ${b}] outside the file: ${where}`)
    }
    // A reader or a rule that failed in a way it did not foresee: caught, but a bug all the same.
    if (/internal error|failed on this file/.test(m.message)) out.push(`crash: ${where}`)
  }
  for (const m of result.messages) check(m)
  for (const m of result.suppressedMessages) check(m)
  return out
}

/** Lints `text` as `file` and returns what is wrong with the result ([] when nothing is). */
async function problemsOf(text: string, file: string): Promise<string[]> {
  let result: LintResult
  try {
    result = await lint(text, file)
  } catch (error) {
    return [`threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`]
  }
  return violations(text, result)
}

// ---------------------------------------------------------------------------------------------------------
// Generators.

/** Characters that matter to some reader: markup, quotes, escapes, breaks, surrogate halves, NUL. */
const SPECIAL = [
  '\n', '\r\n', '\r', '\t', ' ', '"', "'", '\\', '{', '}', '[', ']', ':', ',', '-', '>', '<', '&', '#', '*', '_', '`', '|',
  '<!--', '-->', '-->\n', '\u00e9', '\ud83d\ude00', '\ud83d', '\ude00', '\0', '\ufeff', '\u2028', 'NOTE', 'WEBVTT',
  '00:00:01.000 --> 00:00:02.000', '00:00:01,000 --> 00:00:02,000', 'Agent:', 'Customer:', 'oops', '&amp;', '\\u00e9',
  '\\n', '\\"', 'rapport-disable', 'rapport-enable', '---', '```', '<v Agent>', '</v>', '{{name}}',
]

/** Arbitrary text, weighted towards the characters the readers treat specially. */
const noisyText = fc
  .array(fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 40 })
  .map((parts) => parts.join(''))

/** Arbitrary text, three ways: printable ASCII, any code point (astral included), any UTF-16 unit (lone surrogates). */
const arbitraryText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 100 }),
  noisyText,
)

/** Bytes decoded as Node's readFile(path, 'utf8') decodes them (invalid sequences become U+FFFD). */
const decodedBytes = fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('utf8'))

const WORDS = ['the', 'order', 'ships', 'today', 'thanks', 'for', 'waiting', 'your', 'refund', 'is', 'on', 'its', 'way', 'we', 'can', 'help', 'card', 'account']
const ROLES = ['Agent', 'Customer', 'Dana', 'CUSTOMER', 'Support']
const words = fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 8 }).map((w) => w.join(' '))

/** Near-valid documents of each format, built from fragments that are valid alone and arbitrary glue. */
const fragment = (parts: fc.Arbitrary<string>[]) =>
  fc.array(fc.oneof({ arbitrary: fc.oneof(...parts), weight: 4 }, { arbitrary: noisyText, weight: 1 }), { maxLength: 12 }).map((p) => p.join(''))

const chatLine = fc.tuple(fc.constantFrom(...ROLES, ''), words, fc.constantFrom('\n', '\r\n', '\r', '\n\n')).map(([r, w, nl]) => (r ? `${r}: ${w}${nl}` : `  ${w}${nl}`))
const jsonString = fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), words).map((s) => JSON.stringify(s))
const jsonTurn = fc.tuple(fc.constantFrom('agent', 'customer', 'bot', 'Dana'), jsonString).map(([r, t]) => `{"role": "${r}", "text": ${t}}`)
const jsonDoc = fc.array(jsonTurn, { maxLength: 5 }).map((ts) => `{"id": "c1", "turns": [${ts.join(', ')}]}`)
const nearJson = fragment([jsonDoc, jsonTurn, jsonString, fc.constantFrom('{', '}', '[', ']', ',', ':', '"turns":', '"text":', 'null', '1e999', '-0', 'true')])
const nearJsonl = fc.array(fc.oneof(jsonDoc, nearJson), { maxLength: 5 }).chain((lines) => fc.constantFrom('\n', '\r\n').map((nl) => lines.join(nl)))
const mdBlock = fc.oneof(
  words.map((w) => `${w}\n\n`),
  words.map((w) => `# ${w}\n`),
  words.map((w) => `> ${w}\n`),
  words.map((w) => `- ${w}\n`),
  words.map((w) => `*${w}* **${w}** \`${w}\` [${w}](http://x)\n`),
  words.map((w) => `\`\`\`\n${w}\n\`\`\`\n`),
  words.map((w) => `<!-- rapport-disable-next-line -->\n${w}\n`),
  words.map((w) => `---\ntitle: ${w}\n---\n`),
  words.map((w) => `<p>${w} &amp; ${w}</p>\n`),
  words.map((w) => `| ${w} | x |\n|---|---|\n| a | b |\n`),
)
const cueTime = fc.tuple(fc.nat(99), fc.nat(59), fc.nat(59), fc.nat(999)).map(([h, m, s, ms]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms).padStart(3, '0')}`)
const vttCue = fc.tuple(cueTime, cueTime, fc.constantFrom(...ROLES), words, fc.boolean()).map(([a, b, r, w, v]) => (v ? `${a} --> ${b}\n<v ${r}>${w}</v>\n\n` : `${a} --> ${b}\n${r}: ${w}\n\n`))
const nearVtt = fragment([vttCue, fc.constant('WEBVTT\n\n'), words.map((w) => `NOTE ${w}\n\n`), fc.constant('NOTE rapport-disable\n\n'), fc.constant('STYLE\n::cue { color: red }\n\n')]).map((s) => `WEBVTT\n\n${s}`)
const srtCue = fc.tuple(fc.nat(999), cueTime, cueTime, fc.constantFrom(...ROLES), words).map(([n, a, b, r, w]) => `${n}\n${a.replace('.', ',')} --> ${b.replace('.', ',')}\n${r}: ${w}\n\n`)
const nearSrt = fragment([srtCue, words.map((w) => `- AGENT: ${w}\n- CUSTOMER: ${w}\n\n`)])
const csvCell = fc.oneof(words, jsonString).map((s) => `"${s.replace(/"/g, '""')}"`)
const csvRow = fc.tuple(words, fc.constantFrom('true', 'false', 'TRUE', ''), jsonString).map(
  ([t, a, v]) => `${t},${a},"${`[{"field":"comment_value","value":${v}}]`.replace(/"/g, '""')}"\n`,
)
const nearCsv = fragment([csvRow, csvCell, fc.constantFrom(',', '"', '""', '\n', '\r\n')]).map((s) => `title,active,actions_json\n${s}`)
const yamlEntry = fc.tuple(words, fc.oneof(words, jsonString, words.map((w) => `|\n      ${w}\n      ${w}`), words.map((w) => `>\n      ${w}`), words.map((w) => `'${w}'`))).map(
  ([t, b]) => `  - title: ${t || 'x'}\n    body: ${b}\n`,
)
const nearYaml = fragment([yamlEntry, fc.constantFrom('macros:\n', 'replies:\n', '# rapport-disable\n', '  - name: x\n    body: y\n', ': ', '- ', '&a ', '*a', '!!str ', '? ')]).map((s) => `macros:\n${s}`)

const NEAR_VALID: Record<string, fc.Arbitrary<string>> = {
  'chat-text': fragment([chatLine, fc.constantFrom('<!-- rapport-disable -->\n', '[10:02] ', '[00:01:02.500 --> 00:01:04.000] ')]),
  markdown: fragment([mdBlock]),
  json: nearJson,
  jsonl: nearJsonl,
  webvtt: nearVtt,
  srt: nearSrt,
  'zendesk-csv': nearCsv,
  yaml: nearYaml,
}

// ---------------------------------------------------------------------------------------------------------

describe('the linter never throws, and every position lies inside the file', () => {
  for (const { name, file } of FORMATS) {
    describe(name, () => {
      const runs = name === 'markdown' || name === 'yaml' ? HEAVY_RUNS : NUM_RUNS
      it('arbitrary strings', async () => {
        await fc.assert(fc.asyncProperty(arbitraryText, async (text) => {
          expect(await problemsOf(text, file)).toEqual([])
        }), { numRuns: runs })
      })
      it('arbitrary bytes, decoded as UTF-8', async () => {
        await fc.assert(fc.asyncProperty(decodedBytes, async (text) => {
          expect(await problemsOf(text, file)).toEqual([])
        }), { numRuns: runs })
      })
      it('near-valid documents', async () => {
        await fc.assert(fc.asyncProperty(NEAR_VALID[name]!, async (text) => {
          expect(await problemsOf(text, file)).toEqual([])
        }), { numRuns: runs })
      })
    })
  }
})

// ---------------------------------------------------------------------------------------------------------
// Round trips: a document built with "oops" at a known file offset; the diagnostic slices out exactly that word.

interface Built {
  text: string
  /** File offsets (after any BOM) where the word starts. */
  at: number[]
  word: string
}

/** A document builder that tracks where the marked word lands in the output. */
class Builder {
  text = ''
  at: number[] = []
  add(s: string): this {
    this.text += s
    return this
  }
  mark(word: string, encoded = word): this {
    this.at.push(this.text.length)
    this.text += encoded
    return this
  }
}

const WORD = fc.constantFrom('oops', 'whoops', 'yikes', 'ugh')
/** Filler around the word that no reader treats as markup and that is no interjection. */
const before = words.map((w) => (w ? `${w} ` : ''))
const after = words.map((w) => (w ? ` ${w}` : '')).map((w) => `${w}.`)

/** Offset → 1-based line and column, independently of LineIndex (LF, CRLF and lone CR). */
function offsetOf(text: string, line: number, column: number): number {
  const re = /\r\n|\n|\r/g
  let start = 0
  for (let l = 1; l < line; l++) {
    const m = re.exec(text)
    if (!m) return -1
    start = m.index + m[0].length
  }
  return start + column - 1
}

async function checkRoundTrip(built: Built, file: string): Promise<void> {
  const result = await lint(built.text, file, interjectionConfig)
  const found = result.messages.filter((m) => m.ruleId === 'avoid-interjection')
  const fatal = result.messages.filter((m) => m.fatal)
  expect(fatal, built.text).toEqual([])
  const slices = found.map((m) => {
    const start = offsetOf(built.text, m.line, m.column)
    const end = offsetOf(built.text, m.endLine!, m.endColumn!)
    return { start, slice: built.text.slice(start, end) }
  })
  expect(slices, JSON.stringify(built.text)).toEqual(built.at.map((start) => ({ start, slice: built.word })))
}

const nl = fc.constantFrom('\n', '\r\n', '\r')

const chatDoc = fc
  .tuple(fc.array(fc.tuple(fc.constantFrom('Customer', 'Agent'), words), { maxLength: 3 }), before, WORD, after, nl, fc.boolean(), fc.boolean())
  .map(([turns, pre, word, post, br, continued, bom]) => {
    const b = new Builder()
    for (const [role, w] of turns) b.add(`${role}: ${w || 'hi'}.${br}`)
    b.add(`Agent: hello there.${br}`)
    if (continued) b.add(`  ${pre}`).mark(word).add(`${post}${br}`)
    else b.add(`Agent: ${pre}`).mark(word).add(`${post}${br}`)
    b.add(`Customer: thanks.${br}`)
    return { text: (bom ? '\ufeff' : '') + b.text, at: b.at.map((a) => a + (bom ? 1 : 0)), word } satisfies Built
  })

/** JSON string content with escapes before the word: each one maps as a unit, so the word's offset must survive. */
const jsonPiece = fc.constantFrom('plain ', '\\n', '\\"q\\" ', '\\u00e9 ', '\\ud83d\\ude00 ', '\\\\ ', '\\t', '\u00e9 ', '\ud83d\ude00 ', '\\/ ')
const jsonDocWithWord = fc
  .tuple(fc.array(jsonPiece, { maxLength: 6 }), WORD, fc.array(jsonPiece, { maxLength: 3 }), fc.boolean(), fc.constantFrom('\n', '\r\n', ''))
  .map(([pre, word, post, jsonl, br]) => {
    const b = new Builder()
    const conv = (withWord: boolean) => {
      // JSONL keeps a conversation on one line.
      const nl = jsonl ? '' : br
      b.add(`{"id": "c${b.at.length}", "turns": [${nl}  {"role": "customer", "text": "hello"},${nl}  {"role": "agent", "text": "${pre.join('')}`)
      if (withWord) b.mark(word)
      b.add(` ${post.join('')}."}${nl}]}`)
    }
    if (jsonl) {
      conv(true)
      b.add('\n')
      conv(true)
      b.add('\n')
    } else conv(true)
    return { text: b.text, at: b.at, word, file: jsonl ? 'convs.jsonl' : 'conv.json' }
  })

const mdInline = fc.constantFrom('plain ', '*em* ', '**strong** ', '\\* ', '&amp; ', '&eacute; ', '[a link](http://x) ', '`code` ', '\u00e9 ', '\ud83d\ude00 ')
const mdDoc = fc
  .tuple(fc.array(mdInline, { maxLength: 5 }), WORD, fc.constantFrom('', '*', '**', '_'), fc.constantFrom('', '> ', '- ', '1. ', '## '), fc.boolean(), nl.filter((n) => n !== '\r'))
  .map(([pre, word, wrap, lead, front, br]) => {
    const b = new Builder()
    if (front) b.add(`---${br}title: Refund${br}---${br}`)
    b.add(`# Refund${br}${br}Some text first.${br}${br}`)
    b.add(`${lead}${pre.join('')}${wrap}`).mark(word).add(`${wrap} and more.${br}${br}`)
    b.add(`\`\`\`${br}oops in code${br}\`\`\`${br}`)
    return { text: b.text, at: b.at, word }
  })

const vttDoc = fc.tuple(before, WORD, after, fc.boolean()).map(([pre, word, post, voice]) => {
  const b = new Builder().add('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Customer>hello</v>\n\n00:00:03.000 --> 00:00:05.000\n')
  if (voice) b.add(`<v Agent>${pre}`).mark(word).add(`${post}</v>\n\n`)
  else b.add(`Agent: ${pre}`).mark(word).add(`${post}\n\n`)
  return { text: b.text, at: b.at, word }
})

const srtDoc = fc.tuple(before, WORD, after).map(([pre, word, post]) => {
  const b = new Builder().add('1\n00:00:01,000 --> 00:00:02,000\nCUSTOMER: hello\n\n2\n00:00:03,000 --> 00:00:05,000\nAGENT: ')
  b.add(pre).mark(word).add(`${post}\n\n`)
  return { text: b.text, at: b.at, word }
})

const csvDoc = fc.tuple(before, WORD, after, fc.constantFrom('', '\\n', '\\"bank\\" ')).map(([pre, word, post, esc]) => {
  // The cell is CSV-quoted JSON: every " doubled. The word itself has no quotes, so it sits verbatim.
  const b = new Builder().add(`title,active,actions_json\nGreeting,true,"[{""field"":""comment_value"",""value"":""Hi,${esc.replace(/"/g, '""')} ${pre}`)
  b.mark(word).add(`${post}""}]"\n`)
  return { text: b.text, at: b.at, word }
})

const yamlDoc = fc.tuple(before, WORD, after, fc.constantFrom('plain', 'double', 'single', 'literal', 'folded')).map(([pre, word, post, style]) => {
  const b = new Builder().add('macros:\n  - title: Greeting\n    body: ')
  switch (style) {
    case 'plain':
      b.add(`Hi, ${pre}`).mark(word).add(post)
      break
    case 'double':
      b.add(`"Hi\\t\\"there\\" ${pre}`).mark(word).add(`${post}"`)
      break
    case 'single':
      b.add(`'Hi ''there'' ${pre}`).mark(word).add(`${post}'`)
      break
    case 'literal':
      b.add(`|\n      Hi there.\n      ${pre}`).mark(word).add(post)
      break
    case 'folded':
      b.add(`>\n      Hi there,\n      ${pre}`).mark(word).add(post)
      break
  }
  b.add('\n')
  return { text: b.text, at: b.at, word }
})

describe('a turn offset maps back to the same character in the file', () => {
  it('chat-text (LF, CRLF, lone CR, BOM, continuation lines)', async () => {
    await fc.assert(fc.asyncProperty(chatDoc, (d) => checkRoundTrip(d, 'chat.txt')), { numRuns: NUM_RUNS })
  })
  it('JSON and JSONL, through string escapes and surrogate pairs', async () => {
    await fc.assert(fc.asyncProperty(jsonDocWithWord, (d) => checkRoundTrip(d, d.file)), { numRuns: NUM_RUNS })
  })
  it('Markdown, through emphasis, entities, escapes, quotes, lists and front matter', async () => {
    await fc.assert(fc.asyncProperty(mdDoc, (d) => checkRoundTrip(d, 'macro.md')), { numRuns: HEAVY_RUNS })
  })
  it('WebVTT', async () => {
    await fc.assert(fc.asyncProperty(vttDoc, (d) => checkRoundTrip(d, 'call.vtt')), { numRuns: NUM_RUNS })
  })
  it('SRT', async () => {
    await fc.assert(fc.asyncProperty(srtDoc, (d) => checkRoundTrip(d, 'call.srt')), { numRuns: NUM_RUNS })
  })
  it('Zendesk CSV (JSON inside a quoted CSV cell)', async () => {
    await fc.assert(fc.asyncProperty(csvDoc, (d) => checkRoundTrip(d, 'macros.csv')), { numRuns: NUM_RUNS })
  })
  it('YAML scalars: plain, quoted, literal and folded', async () => {
    await fc.assert(fc.asyncProperty(yamlDoc, (d) => checkRoundTrip(d, 'macros.yml')), { numRuns: HEAVY_RUNS })
  })
})

// ---------------------------------------------------------------------------------------------------------

describe('the directive parser', () => {
  const commentText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc
      .tuple(
        fc.constantFrom('', ' ', '\n', '\t'),
        fc.constantFrom('rapport-disable', 'rapport-enable', 'rapport-disable-line', 'rapport-disable-next-line', 'rapport-', 'rapport-disablex'),
        fc.array(fc.oneof(fc.constantFrom(' ', ',', '--', ' -- ', '\n', 'avoid-interjection', 'no-blame'), fc.string({ maxLength: 5 })), { maxLength: 10 }),
      )
      .map(([lead, kw, rest]) => lead + kw + rest.join('')),
  )

  it('never throws on arbitrary comment text, and places every directive inside the file', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(commentText, fc.string({ maxLength: 20 })), { maxLength: 5 }), (parts) => {
        // Lay the comments out in a file, as a reader would find them.
        let file = ''
        const comments = parts.map(([value, gap]) => {
          file += gap
          const start = file.length
          file += `<!--${value}-->`
          return { value, start, end: file.length }
        })
        const lines = new LineIndex(file)
        const directives = parseDirectives(comments, lines)
        const lengths = lineLengths(file)
        for (const d of directives) {
          for (const p of [d.start, d.end]) {
            expect(p.line).toBeGreaterThanOrEqual(1)
            expect(p.line).toBeLessThanOrEqual(lengths.length)
            expect(p.column).toBeGreaterThanOrEqual(1)
            expect(p.column).toBeLessThanOrEqual(lengths[p.line - 1]! + 1)
          }
          expect(d.rules.every((r) => r.length > 0 && !/[\s,]/.test(r))).toBe(true)
        }
      }),
      { numRuns: NUM_RUNS },
    )
  })

  it('never throws on comments whose offsets lie anywhere, even outside the file', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), commentText, fc.integer({ min: -100, max: 200 }), fc.integer({ min: -100, max: 200 }), (file, value, start, end) => {
        const lines = new LineIndex(file)
        for (const d of parseDirectives([{ value, start, end }], lines)) {
          expect(d.start.line).toBeGreaterThanOrEqual(1)
          expect(d.start.line).toBeLessThanOrEqual(lines.lineCount)
        }
      }),
      { numRuns: NUM_RUNS },
    )
  })
})

describe('SourceMap', () => {
  /** A map from random pushes (1:1 and unequal runs, gaps and overlaps allowed as readers never produce them... only forwards). */
  const runs = fc.array(fc.tuple(fc.integer({ min: -2, max: 6 }), fc.nat(5), fc.integer({ min: 0, max: 6 }), fc.boolean()), { maxLength: 20 })
  const build = (pushes: [number, number, number, boolean][]) => {
    const map = new SourceMap()
    let file = 0
    for (const [textLen, gap, fileLen, equal] of pushes) {
      file += gap
      map.push(textLen, file, equal ? textLen : fileLen)
      if (textLen > 0) file += equal ? textLen : fileLen
    }
    return map
  }

  it('toFileStart and toFileEnd are monotonic, and end ≥ start for every character', () => {
    fc.assert(
      fc.property(runs, (pushes) => {
        const map = build(pushes)
        let lastStart = -Infinity
        let lastEnd = -Infinity
        for (let i = -1; i <= map.length + 1; i++) {
          const s = map.toFileStart(i)
          const e = map.toFileEnd(i)
          expect(s).toBeGreaterThanOrEqual(lastStart)
          expect(e).toBeGreaterThanOrEqual(lastEnd)
          lastStart = s
          lastEnd = e
          if (i >= 0 && i < map.length) expect(map.toFileEnd(i + 1)).toBeGreaterThanOrEqual(s)
        }
      }),
      { numRuns: NUM_RUNS },
    )
  })

  it('maps 1:1 runs character by character, and composes through another map', () => {
    fc.assert(
      fc.property(runs, runs, (inner, outer) => {
        const a = build(inner)
        const b = build(outer)
        const composed = a.through(b)
        expect(composed.length).toBe(a.length)
        let last = -Infinity
        for (let i = 0; i <= composed.length; i++) {
          expect(composed.toFileStart(i)).toBeGreaterThanOrEqual(last)
          last = composed.toFileStart(i)
        }
        const plain = SourceMap.contiguous(7, a.length)
        for (let i = 0; i < a.length; i++) expect(plain.toFileStart(i)).toBe(7 + i)
      }),
      { numRuns: NUM_RUNS },
    )
  })
})
