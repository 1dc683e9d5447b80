/**
 * valid-placeholders: a placeholder that is broken, unknown or empty shows up in front of the customer as
 * "{{ticket.requester.first_name}", "Hi ," or "[Customer Name]". In macros and agent turns, reports
 * (a) malformed placeholders: "{{" with no "}}" (or "}}" with no "{{"), "{%" with no "%}", "{!" with no "}",
 *     an empty "{{ }}", and Liquid blocks that are not closed ("{% if %}" with no "{% endif %}") or closed
 *     without being opened;
 * (b) unknown variables, when the team gives an allow-list per syntax (`known: { liquid: ["ticket.*"] }`,
 *     globs with `*`); without one nothing is unknown;
 * (c) a name placeholder in a greeting with no fallback ("Hi {{ticket.requester.first_name}}," renders as
 *     "Hi ," when the name is empty); a `| default:` / `| fallback:` / Help Scout `,fallback=` value, or a
 *     surrounding Liquid `{% if %}` / `{% unless %}` block, is a fallback;
 * (d) fill-ins left unfilled: "[Customer Name]", "[[MISSING TOKEN - FIRST NAME]]", "XXXX", "<insert date>",
 *     "[insert link]";
 * (e) in a transcript, a template placeholder in a message the agent sent: the customer saw it as written.
 */
import type { Turn } from '../src/document.js'
import { defineRule } from '../src/rule.js'
import { phraseListSchema, resolvePhrases, type PhraseListOption } from '../src/text/lexicon.js'
import type { Placeholder, PlaceholderSyntax } from '../src/text/placeholders.js'

/** Greeting words that a name placeholder may follow. */
export const GREETINGS = [
  'hi', 'hello', 'hey', 'hiya', 'howdy', 'dear', 'greetings', 'good morning', 'good afternoon', 'good evening',
  'good day', 'welcome', 'welcome back', 'thanks', 'thank you', 'hi there', 'hello there', 'hey there', 'morning',
  'afternoon', 'evening', 'bonjour', 'hola', 'hallo', 'ciao',
]

/** Text left in a reply for someone to fill in (besides `[Customer Name]` and `[[MISSING TOKEN ...]]`). */
export const FILL_INS = [
  '/(?<![\\p{L}\\p{N}_-])X{3,}(?![\\p{L}\\p{N}_-])/',
  '/<\\s*(?:insert|add|enter|put|your|customer|agent|name|date|link|url|number|amount|fill)\\b[^<>\\n]{0,40}>/',
  '/\\[\\s*(?:insert|add|enter|put|fill\\s+in)\\b[^\\]\\n]{0,40}\\]/',
]

/** Bracketed words that exports write for what was sent (not a fill-in): "[Image]", "[Attachment]". */
export const NOT_FILL_INS = [
  'Attachment', 'Attachments', 'Image', 'Images', 'Photo', 'Photos', 'Picture', 'Screenshot', 'File', 'Files', 'Video',
  'Audio', 'Voice Message', 'Sticker', 'GIF', 'Emoji', 'Link', 'Redacted', 'Removed', 'Deleted', 'Edited', 'Sic',
  'Inaudible', 'Crosstalk', 'Silence', 'Laughs', 'Pause', 'Music', 'Hold Music', 'Beep', 'Noise',
]

/** Variables that hold a person's name: a greeting with one of these needs a fallback. */
const NAME_VARIABLE = /(?:^|[._\s])(?:first_?name|firstname|given_?name|fname|name|full_?name|display_?name|nickname)$/i

export interface ValidPlaceholdersOptions {
  /** Allowed variables per syntax, as globs (`*` matches anything, dots included). */
  /** Report a name placeholder in a greeting with no fallback (default true). */
  requireFallback: boolean
  known?: Partial<Record<'liquid' | 'helpscout' | 'salesforce' | 'percent', string[]>>
  greetings?: PhraseListOption
  fillIns?: PhraseListOption
  notFillIns?: PhraseListOption
}

const globToRegExp = (glob: string): RegExp =>
  new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)

/** Liquid block tags and the tag that closes each. */
const BLOCKS: Record<string, string> = { if: 'endif', unless: 'endunless', for: 'endfor', case: 'endcase', capture: 'endcapture', raw: 'endraw', comment: 'endcomment' }
const CLOSERS = new Map(Object.entries(BLOCKS).map(([open, close]) => [close, open]))

export default defineRule<[ValidPlaceholdersOptions]>({
  meta: {
    description: 'Placeholders must be well formed, known, have a fallback in a greeting, and fill-ins must be filled.',
    appliesTo: ['transcript', 'macro'],
    recommended: 'warn',
    tags: ['accuracy', 'personalization'],
    messages: {
      unclosed: '"{{text}}" is missing its closing "{{close}}"; the customer would see it as written.',
      unopened: '"{{text}}" closes a placeholder that was never opened with "{{open}}".',
      empty: '"{{text}}" is an empty placeholder; name the variable or remove it.',
      unclosedBlock: '"{{text}}" opens a block that is never closed with "{{close}}".',
      unopenedBlock: '"{{text}}" closes a block that was never opened.',
      unknown: '"{{name}}" is not a known {{syntax}} variable; check the spelling against your help desk\'s list.',
      noFallback: '"{{text}}" has no fallback: when the name is missing the greeting reads "{{rendered}}". Add one, e.g. {{example}}.',
      fillIn: '"{{text}}" is a fill-in left unfilled; replace it with the real value before sending.',
      unrendered: '"{{text}}" was sent as written: the customer saw the placeholder, not its value.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          known: {
            type: 'object',
            properties: Object.fromEntries(
              ['liquid', 'helpscout', 'salesforce', 'percent'].map((k) => [k, { type: 'array', items: { type: 'string', minLength: 1 } }]),
            ),
            additionalProperties: false,
          },
          requireFallback: { type: 'boolean' },
          greetings: phraseListSchema,
          fillIns: phraseListSchema,
          notFillIns: phraseListSchema,
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ requireFallback: true }],
  },
  create(context) {
    const [options] = context.options
    const greetings = context.text.compile(resolvePhrases(GREETINGS, options.greetings))
    const fillIns = context.text.compile(resolvePhrases(FILL_INS, options.fillIns))
    const notFillIns = new Set(resolvePhrases(NOT_FILL_INS, options.notFillIns).map((p) => p.toLowerCase()))
    const known = new Map<string, RegExp[]>(Object.entries(options.known ?? {}).map(([k, globs]) => [k, (globs ?? []).map(globToRegExp)]))
    const isTranscript = context.document.kind === 'transcript'

    type Finding = { start: number; end: number; messageId: string; data: Record<string, string> }

    /** (a) Braces left open or closed alone, outside every well-formed placeholder. */
    const malformed = (text: string, placeholders: Placeholder[], out: Finding[]) => {
      const inside = (i: number) => placeholders.some((p) => p.start <= i && i < p.end)
      // An opener runs to the first lone closing brace on its line ("{{ticket.requester.first_name}"), or else
      // to the end of its word.
      const ends: Record<string, RegExp> = { '{{': /^[^{}\n]{0,80}?\}/, '{%': /^[^{}%\n]{0,80}?%?\}/, '{!': /^$/ }
      const openers: [RegExp, string, string][] = [
        [/\{\{/g, '{{', '}}'],
        [/\{%/g, '{%', '%}'],
        [/\{!/g, '{!', '}'],
      ]
      for (const [re, open, close] of openers) {
        re.lastIndex = 0
        let m: RegExpExecArray | null
        while ((m = re.exec(text)) !== null) {
          if (inside(m.index) || out.some((f) => f.start <= m!.index && m!.index < f.end)) continue
          const after = text.slice(m.index + open.length)
          const lone = ends[open]!.exec(after)
          const end = m.index + open.length + (lone && lone[0].length > 0 ? lone[0].length : /^[^\s<>{}]*/.exec(after)![0].length)
          out.push({ start: m.index, end, messageId: 'unclosed', data: { text: text.slice(m.index, end), close } })
          re.lastIndex = Math.max(re.lastIndex, end)
        }
      }
      const closers: [RegExp, string, string][] = [
        [/\}\}/g, '{{', '}}'],
        [/%\}/g, '{%', '%}'],
      ]
      for (const [re, open] of closers) {
        re.lastIndex = 0
        let m: RegExpExecArray | null
        while ((m = re.exec(text)) !== null) {
          const at = m.index
          if (inside(at) || out.some((f) => f.start <= at && at < f.end)) continue
          const start = at - /[^\s<>{}]*$/.exec(text.slice(0, at))![0].length
          // "{ticket.id}}": a single brace before the variable belongs to the broken placeholder.
          const from = text.charAt(start - 1) === '{' ? start - 1 : start
          out.push({ start: from, end: at + 2, messageId: 'unopened', data: { text: text.slice(from, at + 2), open } })
        }
      }
    }

    /** Liquid blocks: each opener needs its closer, and each closer its opener. */
    const blocks = (placeholders: Placeholder[], out: Finding[]) => {
      const stack: Placeholder[] = []
      for (const p of placeholders) {
        if (p.syntax !== 'liquid-tag') continue
        const word = p.name.split(/\s+/)[0]!.toLowerCase()
        if (BLOCKS[word]) stack.push(p)
        else if (CLOSERS.has(word)) {
          const open = CLOSERS.get(word)!
          const i = stack.map((s) => s.name.split(/\s+/)[0]!.toLowerCase()).lastIndexOf(open)
          if (i === -1) out.push({ start: p.start, end: p.end, messageId: 'unopenedBlock', data: { text: p.text } })
          else stack.splice(i)
        }
      }
      for (const p of stack) {
        const word = p.name.split(/\s+/)[0]!.toLowerCase()
        out.push({ start: p.start, end: p.end, messageId: 'unclosedBlock', data: { text: p.text, close: `{% ${BLOCKS[word]} %}` } })
      }
    }

    /** Whether `p` sits inside an open `{% if %}` / `{% unless %}` / `{% case %}` block. */
    const guarded = (p: Placeholder, placeholders: Placeholder[]) => {
      let depth = 0
      for (const q of placeholders) {
        if (q.start >= p.start) break
        if (q.syntax !== 'liquid-tag') continue
        const word = q.name.split(/\s+/)[0]!.toLowerCase()
        if (word === 'if' || word === 'unless' || word === 'case') depth++
        else if ((word === 'endif' || word === 'endunless' || word === 'endcase') && depth > 0) depth--
      }
      return depth > 0
    }

    /** (c) The greeting that ends right before `p` on its line, if any. */
    const greetingBefore = (text: string, p: Placeholder): number | undefined => {
      const lineStart = text.lastIndexOf('\n', p.start - 1) + 1
      const before = text.slice(lineStart, p.start)
      for (const g of greetings.findAll(before))
        if (/^[\s\p{P}\p{S}]*$/u.test(before.slice(0, g.start)) && /^[\s,]*$/.test(before.slice(g.end))) return lineStart + g.start
      return undefined
    }

    const exampleFallback = (p: Placeholder): string => {
      if (p.syntax === 'helpscout') return `{%${p.name},fallback=there%}`
      if (p.syntax === 'liquid') return `{{${p.name} | default: "there"}}`
      return 'a greeting that does not need the name'
    }

    const check = (turn: Turn) => {
      // Fill-ins ("[insert name]") can be left in any agent turn, so the rule applies to every one.
      context.applies(turn)
      const text = turn.text
      const placeholders = context.text.placeholders(text)
      const out: Finding[] = []
      malformed(text, placeholders, out)
      blocks(placeholders, out)
      const masked = context.text.maskPlaceholders(text)
      for (const p of placeholders) {
        if (p.syntax === 'fill-in' || p.syntax === 'hubspot-missing') {
          if (p.syntax === 'fill-in' && notFillIns.has(p.name.toLowerCase())) continue
          // A Markdown-style link label "[Track your order](...)" is not a fill-in.
          if (text.charAt(p.end) === '(') continue
          out.push({ start: p.start, end: p.end, messageId: 'fillIn', data: { text: p.text } })
          continue
        }
        if (p.syntax === 'liquid-tag') continue
        if (p.syntax === 'liquid' && p.name.trim() === '') {
          out.push({ start: p.start, end: p.end, messageId: 'empty', data: { text: p.text } })
          continue
        }
        if (isTranscript) {
          out.push({ start: p.start, end: p.end, messageId: 'unrendered', data: { text: p.text } })
          continue
        }
        const allowed = known.get(p.syntax)
        if (allowed && !allowed.some((re) => re.test(p.name)))
          out.push({ start: p.start, end: p.end, messageId: 'unknown', data: { name: p.name, syntax: p.syntax as PlaceholderSyntax } })
        const hasFallback = (p.fallback !== undefined && p.fallback.trim() !== '') || /[(]/.test(p.name)
        if (options.requireFallback && !hasFallback && NAME_VARIABLE.test(p.name) && !guarded(p, placeholders)) {
          const greetingStart = greetingBefore(text, p)
          if (greetingStart !== undefined) {
            const after = /^[\p{P}]?/u.exec(text.slice(p.end))![0]
            const rendered = `${text.slice(greetingStart, p.start)}${after}`
            out.push({ start: p.start, end: p.end, messageId: 'noFallback', data: { text: p.text, rendered, example: exampleFallback(p) } })
          }
        }
      }
      for (const f of fillIns.findAll(masked)) out.push({ start: f.start, end: f.end, messageId: 'fillIn', data: { text: f.text } })
      for (const f of out.sort((a, b) => a.start - b.start || a.end - b.end)) context.report({ turn, ...f })
    }

    return { agentTurn: check }
  },
})
