/**
 * avoid-interjection: don't talk over the customer, and don't cut in with "hold on" or a casual "oops".
 * (a) In a timed transcript, an agent turn that starts more than minOverlapMs before the customer's turn
 *     ends, unless it is only a backchannel ("mm-hmm", "right", "I see"). When the source carries the
 *     vendor's own measurement (`document.interruptions`: Contact Lens, Transcribe Call Analytics), the
 *     vendor's agent interruptions are reported instead, each on the agent turn whose [startMs, endMs)
 *     holds its start (as AWS's post-call-analytics parser assigns them), and no overlap is computed.
 * (b) In agent turns and macros, phrases that interrupt ("let me stop you there", "wait, ...") and casual
 *     interjections ("oops", "ugh", "yikes").
 */
import type { Turn } from '../src/document.js'
import { defineRule } from '../src/rule.js'
import { phraseListSchema, resolvePhrases, type PhraseListOption } from '../src/text/lexicon.js'

export const BACKCHANNELS = [
  'mm-hmm', 'mhm', 'mm', 'hmm', 'uh-huh', 'uh huh', 'yeah', 'yes', 'yep', 'right', 'okay', 'ok', 'sure',
  'I see', 'got it', 'gotcha', 'of course', 'alright', 'all right', 'sure thing', 'understood', 'ah', 'oh',
]

// Sentence-initial "hold on," / "wait, ..." cut the customer off; "please hold on while I check" is a hold
// request and is left alone, which is why these are anchored to the start of a sentence.
export const INTERRUPTIONS = [
  '/(?<=^|[.!?]\\s+)(?:hold|hang) on(?=\\s*[,!—–-]|\\s+(?:a\\s+)?(?:sec|second|minute|moment)\\b|\\s*$)/',
  '/(?<=^|[.!?]\\s+)wait(?=\\s*[,!—–-]|\\s+a\\s+(?:sec|second|minute|moment)\\b)/',
  'let me stop you there', 'let me stop you', 'let me cut you off', 'let me interrupt', 'stop right there',
  'I need to stop you', "I'm going to stop you",
]

export const INTERJECTIONS = ['oops', 'whoops', 'ugh', 'whoa', 'woah', 'yikes', 'uh-oh', 'uh oh', 'meh', 'duh', 'welp', 'jeez', 'geez']

export interface AvoidInterjectionOptions {
  minOverlapMs: number
  backchannels?: PhraseListOption
  interruptions?: PhraseListOption
  interjections?: PhraseListOption
}

export default defineRule<[AvoidInterjectionOptions]>({
  meta: {
    description: 'Do not talk over the customer or cut in with "hold on" or a casual interjection.',
    appliesTo: ['transcript', 'macro'],
    recommended: 'warn',
    tags: ['listening', 'tone'],
    messages: {
      overlap: 'The agent started speaking {{seconds}} s before the customer had finished; let them finish.',
      interruption: 'The agent cut in while the customer was speaking ({{seconds}} s of talking over, as measured by the call analytics); let them finish.',
      interrupting: '"{{phrase}}" cuts the customer off; let them finish, then respond.',
      casual: '"{{phrase}}" is a casual interjection; it reads as careless in a customer reply.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          minOverlapMs: { type: 'integer', minimum: 0 },
          backchannels: phraseListSchema,
          interruptions: phraseListSchema,
          interjections: phraseListSchema,
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ minOverlapMs: 500 }],
  },
  create(context) {
    const [options] = context.options
    const backchannels = context.text.compile(resolvePhrases(BACKCHANNELS, options.backchannels))
    const interruptions = context.text.compile(resolvePhrases(INTERRUPTIONS, options.interruptions))
    const interjections = context.text.compile(resolvePhrases(INTERJECTIONS, options.interjections))
    const turns = context.document.turns

    const isBackchannel = (text: string): boolean => {
      let rest = text
      for (const m of backchannels.findAll(text).reverse()) rest = rest.slice(0, m.start) + rest.slice(m.end)
      return /^[\s\p{P}]*$/u.test(rest)
    }

    /** The customer turn still running when `turn` starts, and by how much it overlaps. */
    // Customer turns with timing, in time order: cues in a file need not be (Teams writes them interleaved).
    const timedCustomers = turns
      .filter((t) => t.role === 'customer' && t.startMs !== undefined && t.endMs !== undefined)
      .sort((a, b) => a.startMs! - b.startMs!)

    // The latest end among the customer turns started so far: with it, each agent turn needs one binary search
    // rather than a pass over every earlier turn (a long call has thousands).
    const latestEnd: number[] = []
    for (const c of timedCustomers) latestEnd.push(Math.max(c.endMs!, latestEnd[latestEnd.length - 1] ?? -Infinity))

    /** How long the customer turn still running when `turn` starts goes on after it, if one is. */
    const overlapOf = (turn: Turn): number | undefined => {
      if (turn.startMs === undefined) return undefined
      // The last customer turn that started no later than this one.
      let lo = 0
      let hi = timedCustomers.length - 1
      let last = -1
      while (lo <= hi) {
        const mid = (lo + hi) >> 1
        if (timedCustomers[mid]!.startMs! <= turn.startMs) {
          last = mid
          lo = mid + 1
        } else hi = mid - 1
      }
      if (last < 0) return undefined
      const overlap = latestEnd[last]! - turn.startMs
      return overlap > 0 ? overlap : undefined
    }

    /**
     * The vendor's agent interruptions, each given to the first agent turn whose [startMs, endMs) holds its
     * start; one that falls in no agent turn is not reported (there is nowhere to point).
     */
    const vendor = context.document.interruptions
    const interruptionsOf = new Map<Turn, { startMs: number; endMs: number }[]>()
    for (const interruption of vendor ?? []) {
      if (interruption.interrupter !== 'agent') continue
      const turn = turns.find(
        (t) =>
          t.role === 'agent' &&
          !t.internal &&
          t.startMs !== undefined &&
          t.endMs !== undefined &&
          t.startMs <= interruption.startMs &&
          interruption.startMs < t.endMs,
      )
      if (turn) interruptionsOf.set(turn, [...(interruptionsOf.get(turn) ?? []), interruption])
    }

    return {
      agentTurn(turn) {
        // The phrase checks apply to every agent turn; the overlap check adds to them where there is timing.
        context.applies(turn)
        const masked = context.text.maskPlaceholders(turn.text)
        if (vendor) {
          const first = context.text.sentences(turn.text)[0]
          for (const interruption of interruptionsOf.get(turn) ?? [])
            context.report({
              turn,
              start: first?.start ?? 0,
              end: first?.end ?? turn.text.length,
              messageId: 'interruption',
              data: { seconds: (Math.max(0, interruption.endMs - interruption.startMs) / 1000).toFixed(1) },
            })
        } else if (context.document.kind === 'transcript') {
          const overlap = overlapOf(turn)
          if (overlap !== undefined && overlap > options.minOverlapMs && !isBackchannel(masked)) {
            const first = context.text.sentences(turn.text)[0]
            context.report({
              turn,
              start: first?.start ?? 0,
              end: first?.end ?? turn.text.length,
              messageId: 'overlap',
              data: { seconds: (overlap / 1000).toFixed(1) },
            })
          }
        }
        for (const m of interruptions.findAll(masked))
          context.report({ turn, start: m.start, end: m.end, messageId: 'interrupting', data: { phrase: turn.text.slice(m.start, m.end) } })
        for (const m of interjections.findAll(masked))
          context.report({ turn, start: m.start, end: m.end, messageId: 'casual', data: { phrase: turn.text.slice(m.start, m.end) } })
      },
    }
  },
})
