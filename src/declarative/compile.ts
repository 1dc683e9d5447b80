/** Turns a checked YAML rule (spec.ts) into a Rule the linter runs like any other. */
import type { Document, Turn } from '../document.js'
import type { Rule, RuleContext, RuleMeta } from '../rule.js'
import { phraseListSchema, resolvePhrases, type Lexicon, type PhraseListOption, type PhraseMatch } from '../text/lexicon.js'
import type { DeclarativeSpec, PhraseEntry } from './spec.js'

interface Options {
  phrases?: PhraseListOption
  exceptions?: PhraseListOption
  swap?: Record<string, string>
  min?: number
  max?: number
}

/** Keeps the capital of a sentence-initial match in its replacement ("Kindly" → "Please"). */
function matchCase(found: string, replacement: string): string {
  return /^\p{Lu}/u.test(found) ? replacement.charAt(0).toUpperCase() + replacement.slice(1) : replacement
}

export function compileSpec(spec: DeclarativeSpec): Rule<[Options]> {
  const messages: Record<string, string> = { default: spec.message }
  spec.phrases.forEach((p, i) => {
    if (p.message) messages[`phrase${i}`] = p.message
  })
  const meta: RuleMeta = {
    description: spec.description,
    appliesTo: spec.appliesTo,
    recommended: spec.recommended,
    tags: spec.tags,
    messages,
    schema: [
      {
        type: 'object',
        properties: {
          phrases: phraseListSchema,
          exceptions: phraseListSchema,
          swap: { type: 'object', additionalProperties: { type: 'string' } },
          min: { type: 'integer', minimum: 0 },
          max: { type: 'integer', minimum: 0 },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{}],
    fixable: spec.kind === 'substitution',
    hasSuggestions: spec.kind === 'substitution' || spec.phrases.some((p) => p.suggest !== undefined),
  }

  // Built once per rule, not per document: compileLexicon recognises a list it has seen by identity.
  const specPhrases = spec.phrases.map((p) => p.phrase)
  const entries = new Map<string, PhraseEntry>(spec.phrases.map((p) => [p.phrase.toLowerCase(), p]))
  const defaultSwap = { keys: Object.keys(spec.swap), lower: new Map(Object.entries(spec.swap).map(([k, v]) => [k.toLowerCase(), v])) }

  return {
    meta,
    create(context: RuleContext<[Options]>) {
      const [options] = context.options
      const compile = (list: readonly string[]): Lexicon => context.text.compile(list, { caseSensitive: spec.caseSensitive })
      // Per-phrase messages and suggestions survive a user's `add`/`remove` of phrases by phrase text (entries).
      const phrases = compile(resolvePhrases(specPhrases, options.phrases))
      const exceptions = compile(resolvePhrases(spec.exceptions, options.exceptions))
      const swap = options.swap ? { ...spec.swap, ...options.swap } : undefined
      const swapLexicon = compile(swap ? Object.keys(swap) : defaultSwap.keys)
      const swapFor = swap ? new Map(Object.entries(swap).map(([k, v]) => [k.toLowerCase(), v])) : defaultSwap.lower
      const min = options.min ?? spec.min
      const max = options.max ?? spec.max
      const doc: Document = context.document

      /** The turns the rule looks at, by role and position. */
      const scoped = (): Turn[] => {
        const byRole = doc.turns.filter((t) =>
          spec.scope.role === 'any' ? true : t.role === spec.scope.role && !(spec.scope.role === 'agent' && t.internal),
        )
        if (spec.scope.position === 'first') return byRole.slice(0, 1)
        if (spec.scope.position === 'last') return byRole.slice(-1)
        return byRole
      }

      /** Where in a turn matches count: the whole turn, or its first or last sentence. */
      const window = (turn: Turn): { start: number; end: number } => {
        if (spec.scope.within === 'turn') return { start: 0, end: turn.text.length }
        const sentences = context.text.sentences(turn.text)
        const s = spec.scope.within === 'first-sentence' ? sentences[0] : sentences[sentences.length - 1]
        return s ? { start: s.start, end: s.end } : { start: 0, end: 0 }
      }

      const find = (lexicon: Lexicon, turn: Turn): PhraseMatch[] => {
        const masked = context.text.maskPlaceholders(turn.text)
        const { start, end } = window(turn)
        const excluded = exceptions.findAll(masked)
        return lexicon
          .findAll(masked)
          .filter((m) => m.start >= start && m.end <= end && !excluded.some((e) => e.start < m.end && m.start < e.end))
      }

      const firstSentence = (turn: Turn) => {
        const s = context.text.sentences(turn.text)[0]
        return s ? { start: s.start, end: s.end } : {}
      }

      const report = (turn: Turn, m: PhraseMatch | undefined, data: Record<string, string | number>, phrase?: PhraseEntry) => {
        const index = phrase ? spec.phrases.indexOf(phrase) : -1
        const messageId = index >= 0 && phrase?.message ? `phrase${index}` : 'default'
        const suggestion = phrase?.suggest
        context.report({
          turn,
          ...(m ? { start: m.start, end: m.end } : firstSentence(turn)),
          messageId,
          data: { ...data, ...(suggestion ? { suggestion } : {}) },
          ...(m && suggestion ? { suggest: [{ desc: `Write "${suggestion}"`, fix: { range: [m.start, m.end] as [number, number], text: matchCase(m.text, suggestion) } }] } : {}),
        })
      }

      const checks: Record<DeclarativeSpec['kind'], () => void> = {
        // existence, substitution and occurrence look at every turn in scope: they apply wherever there is one.
        existence() {
          for (const turn of scoped()) {
            context.applies(turn)
            for (const m of find(phrases, turn)) report(turn, m, { match: m.text }, entries.get(m.phrase.toLowerCase()))
          }
        },
        substitution() {
          for (const turn of scoped()) {
            context.applies(turn)
            for (const m of find(swapLexicon, turn)) {
              const replacement = matchCase(m.text, swapFor.get(m.phrase.toLowerCase()) ?? m.phrase)
              const fix = { range: [m.start, m.end] as [number, number], text: replacement }
              context.report({ turn, start: m.start, end: m.end, messageId: 'default', data: { match: m.text, replacement }, fix, suggest: [{ desc: `Write "${replacement}"`, fix }] })
            }
          }
        },
        // requires applies where its "if" phrase is found; response where the customer's cue is.
        requires() {
          const ifs = compile(spec.if)
          const thens = compile(spec.then)
          for (const turn of scoped()) {
            const trigger = find(ifs, turn)[0]
            if (!trigger) continue
            context.applies(turn)
            if (find(thens, turn).length === 0) report(turn, trigger, { match: trigger.text })
          }
        },
        response() {
          const cues = compile(spec.customer)
          const answers = compile(spec.agent)
          const turns = doc.turns
          for (let i = 0; i < turns.length; i++) {
            const turn = turns[i]!
            if (turn.role !== 'customer') continue
            const cue = find(cues, turn)[0]
            if (!cue) continue
            const reply = turns.slice(i + 1).find((t) => t.role === 'agent' && !t.internal)
            if (!reply) continue
            context.applies(reply)
            if (find(answers, reply).length === 0) report(reply, undefined, { cue: cue.text, match: cue.text })
          }
        },
        occurrence() {
          const turns = scoped()
          if (turns.length === 0) return
          context.applies(turns[0])
          const all = turns.flatMap((turn) => find(phrases, turn).map((m) => ({ turn, m })))
          if (min !== undefined && all.length < min) report(turns[0]!, undefined, { count: all.length, min, max: max ?? '' })
          if (max !== undefined && all.length > max)
            for (const { turn, m } of all.slice(max)) report(turn, m, { match: m.text, count: all.length, min: min ?? '', max })
        },
      }

      return { document: () => checks[spec.kind]() }
    },
  }
}
