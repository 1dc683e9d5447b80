/**
 * timely-response: in a chat transcript with send times, answer the customer within maxResponseSeconds, and
 * while the customer waits on something the agent went to check, send an update at least every
 * maxHoldSeconds ("thanks for waiting, still checking").
 *
 * Chat or voice: a turn's send time is its `at` (an ISO time, from JSON and the chat exports) or, in chat-text,
 * a clock prefix (`[10:02]`, `[10:02:13]`: a start with no end). A turn with a start *and* an end (`startMs`
 * and `endMs`: cue ranges, call analytics) is speech, where a pause of two minutes is not a thing to lint, so
 * voice turns are never measured. Bot, system and internal turns are not replies and are skipped.
 *
 * (a) Response: the customer's first message since the last agent turn starts the wait; the next agent turn
 *     ends it. Longer than maxResponseSeconds is reported on that agent turn.
 * (b) Hold: when the agent turn before opened a hold ("let me check", "one moment") or kept one going
 *     ("thanks for waiting, still checking"), the wait is measured from that agent turn instead, against
 *     maxHoldSeconds; the customer saying "ok" in between does not restart it. Reported on the late turn.
 */
import type { Turn } from '../src/document.js'
import { defineRule } from '../src/rule.js'
import { phraseListSchema, resolvePhrases, type PhraseListOption } from '../src/text/lexicon.js'

/** The agent says it is going away to look into something: a hold begins. */
export const HOLD_OPENERS = [
  'let me check', 'let me look', 'let me see', 'let me find', 'let me take a look', 'let me have a look',
  'let me look into', 'let me pull up', 'let me confirm', 'let me verify', 'let me ask', 'let me double-check',
  'let me investigate', 'let me review', 'let me get', 'let me quickly', "I'll check", 'I will check',
  "I'll look into", 'I will look into', "I'll take a look", "I'll have a look", "I'll find out", "I'll ask",
  'I am checking', "I'm checking", "I'm looking into", 'I am looking into', 'one moment', 'one sec', 'just a moment',
  'just a sec', 'give me a moment', 'give me a minute', 'give me a sec', 'bear with me', 'please hold',
  'please wait', 'hold on while', 'allow me a moment', 'a few minutes while',
]

/** Holding messages: the agent checks back while the customer waits, so the hold goes on. */
export const HOLDING_MESSAGES = [
  'thanks for waiting', 'thank you for waiting', 'thanks for holding', 'thank you for holding',
  'thanks for your patience', 'thank you for your patience', 'thanks for bearing with me',
  'thank you for bearing with me', 'appreciate your patience', 'still checking', 'still looking',
  'still working on', 'still on it', 'still investigating', 'still here', 'bear with me', 'almost there',
  'nearly there', 'won\'t be much longer', 'just a little longer', 'a few more minutes', 'a couple more minutes',
  'just a few more', 'one more moment', 'still waiting on', 'still with me',
]

export interface TimelyResponseOptions {
  maxResponseSeconds: number
  maxHoldSeconds: number
  holdOpeners?: PhraseListOption
  holdingMessages?: PhraseListOption
}

/** "45 s", "3 min", "3 min 20 s", "1 h 5 min". */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000)
  if (total < 60) return `${total} s`
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`
  return s > 0 ? `${m} min ${s} s` : `${m} min`
}

const DAY = 24 * 60 * 60 * 1000

export default defineRule<[TimelyResponseOptions]>({
  meta: {
    description: 'In a timed chat, answer the customer promptly and check back during a hold.',
    appliesTo: ['transcript'],
    recommended: 'warn',
    tags: ['responsiveness'],
    messages: {
      lateResponse: 'The customer waited {{delay}} for this reply (more than {{limit}}); answer sooner, or say you are on it.',
      longHold: 'The customer was left on hold for {{delay}} with no update (more than {{limit}}); check back with a holding message such as "thanks for waiting, still checking".',
    },
    schema: [
      {
        type: 'object',
        properties: {
          maxResponseSeconds: { type: 'number', exclusiveMinimum: 0 },
          maxHoldSeconds: { type: 'number', exclusiveMinimum: 0 },
          holdOpeners: phraseListSchema,
          holdingMessages: phraseListSchema,
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ maxResponseSeconds: 120, maxHoldSeconds: 120 }],
  },
  create(context) {
    const [options] = context.options
    const openers = context.text.compile(resolvePhrases(HOLD_OPENERS, options.holdOpeners))
    const holding = context.text.compile(resolvePhrases(HOLDING_MESSAGES, options.holdingMessages))
    /** A short customer turn ("ok", "sure thanks", "hello??") waits on; a longer one asks something new. */
    const isNudge = (turn: Turn) => (context.text.maskPlaceholders(turn.text).match(/[\p{L}\p{N}'’]+/gu) ?? []).length <= 4

    /** A chat turn's send time: ISO `at`, or a chat-text clock (start without end); voice turns have none. */
    const clockOf = (turn: Turn): { ms: number; source: 'iso' | 'clock' } | undefined => {
      if (turn.at !== undefined) {
        const ms = Date.parse(turn.at)
        return Number.isNaN(ms) ? undefined : { ms, source: 'iso' }
      }
      if (turn.startMs !== undefined && turn.endMs === undefined) return { ms: turn.startMs, source: 'clock' }
      return undefined
    }

    const report = (turn: Turn, messageId: string, delayMs: number, limitSeconds: number) => {
      const first = context.text.sentences(turn.text)[0]
      context.report({
        turn,
        start: first?.start ?? 0,
        end: first?.end ?? turn.text.length,
        messageId,
        data: { delay: formatDuration(delayMs), limit: formatDuration(limitSeconds * 1000) },
      })
    }

    return {
      document(document) {
        // Chat turns by the two parties, with their times; clock times that go backwards crossed midnight.
        const timed: { turn: Turn; ms: number; source: 'iso' | 'clock' }[] = []
        let dayOffset = 0
        let lastClock: number | undefined
        for (const turn of document.turns) {
          if (turn.internal || (turn.role !== 'agent' && turn.role !== 'customer')) continue
          const clock = clockOf(turn)
          if (!clock) continue
          let ms = clock.ms
          if (clock.source === 'clock') {
            if (lastClock !== undefined && ms + dayOffset < lastClock - 60 * 60 * 1000) dayOffset += DAY
            ms += dayOffset
            lastClock = ms
          }
          timed.push({ turn, ms, source: clock.source })
        }

        let lastAgent: (typeof timed)[number] | undefined
        let waitingSince: (typeof timed)[number] | undefined
        // A hold is opened by "let me check" and kept open by holding messages ("still checking"); a customer
        // turn with something new to say ends it (short nudges such as "ok" or "hello?" do not).
        let holdOpen = false
        for (const entry of timed) {
          if (entry.turn.role === 'customer') {
            waitingSince ??= entry
            if (!isNudge(entry.turn)) holdOpen = false
            continue
          }
          if (holdOpen && lastAgent!.source === entry.source) {
            // A timed reply to a timed wait: where promptness applies (untimed transcripts are not applicable).
            context.applies(entry.turn)
            const delay = entry.ms - lastAgent!.ms
            if (delay > options.maxHoldSeconds * 1000) report(entry.turn, 'longHold', delay, options.maxHoldSeconds)
          } else if (waitingSince && waitingSince.source === entry.source) {
            context.applies(entry.turn)
            const delay = entry.ms - waitingSince.ms
            if (delay > options.maxResponseSeconds * 1000) report(entry.turn, 'lateResponse', delay, options.maxResponseSeconds)
          }
          const masked = context.text.maskPlaceholders(entry.turn.text)
          holdOpen = openers.test(masked) || (holdOpen && holding.test(masked))
          lastAgent = entry
          waitingSince = undefined
        }
      },
    }
  },
})
