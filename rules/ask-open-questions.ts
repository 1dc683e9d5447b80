/**
 * ask-open-questions: in the discovery part of a transcript, ask at least one open question. The discovery
 * part is the agent turns after the customer's first message and before the first agent turn that offers a
 * solution (SOLUTIONS: an action taken or offered, an instruction to follow, a recommendation). When it holds
 * at least `minQuestions` questions and every one is a yes/no question ("Did you ...?", "Is it ...?"), the
 * first of them is reported. Open questions start with what / how / why / where / when / which / who, or ask
 * the customer to tell, describe, explain or walk through something. Offers put as questions ("Would you like
 * me to ...?") and closings ("Anything else?") are neither. A conversation with fewer than `minTurns` turns is
 * too short to have a discovery part.
 */
import type { Turn } from '../src/document.js'
import { defineRule, type RuleContext } from '../src/rule.js'
import { phraseListSchema, resolvePhrases, type Lexicon, type PhraseListOption, type PhraseMatch } from '../src/text/lexicon.js'
import { rx } from '../src/text/tone.js'

const DONE =
  '(?:refunded|rebooked|re-booked|reset|resent|sent|issued|processed|cancell?ed|changed|updated|fixed|added|applied|credited|escalated|reissued|moved|upgraded|waived|reinstated|unlocked|reactivated|replaced|arranged|submitted|corrected|removed|booked|reversed|restored|enabled|disabled|adjusted|extended|resolved|shipped|dispatched|approved)'
const DO =
  '(?:refund|rebook|re-book|reset|resend|send\\s+you|issue|process|cancel|change|update|fix|credit|escalate|reissue|move|upgrade|waive|replace|arrange|book|reverse|restore|offer|ship|extend|approve|unlock|reactivate)'

/** What offering a solution sounds like: an action taken or offered, an instruction, a recommendation. */
export const SOLUTIONS = [
  rx(`(?:i|we)(?:['’]ve|\\s+have)\\s+(?:just\\s+|now\\s+|already\\s+|gone\\s+ahead\\s+and\\s+)?${DONE}`),
  rx(`(?:i|we)(?:['’]ll|\\s+will|\\s+can|\\s+could|['’]d\\s+be\\s+(?:happy|glad)\\s+to|\\s+would\\s+be\\s+(?:happy|glad)\\s+to|\\s+am\\s+going\\s+to|['’]m\\s+going\\s+to)\\s+(?:gladly\\s+|happily\\s+|now\\s+|go\\s+ahead\\s+and\\s+)?${DO}`),
  rx(`(?:has|have)\\s+(?:now\\s+)?been\\s+${DONE}`),
  rx(`you\\s+(?:can|could|may|might\\s+want\\s+to|should|will\\s+need\\s+to|need\\s+to|['’]ll\\s+need\\s+to)\\s+(?:try|go|head|use|visit|click|tap|select|open|reset|clear|restart|reinstall|update|log|sign|request|submit|apply|rebook|change|cancel|switch|download|turn|enable|disable)`),
  '/(?<=^|[.!?]\\s+|\\n)(?:please\\s+|simply\\s+|just\\s+|first,?\\s+)?(?:try|go\\s+to|click|tap|select|open|head\\s+to|clear|restart|reinstall|reset|log\\s+out|sign\\s+out|navigate|update|turn\\s+off|turn\\s+on|uninstall)(?![\\p{L}\\p{N}_])/',
  rx(`(?:could|can|would)\\s+you\\s+(?:please\\s+)?try`),
  'have you tried', 'please try', "here's how", 'here is how', 'follow these steps', 'to fix this', 'to resolve this',
  'the solution is', 'the fix is', 'this should fix', 'that should fix', 'this should resolve', 'that should resolve',
  'should now be', 'is now fixed', 'is now working', 'I recommend', 'I would recommend', "I'd recommend", 'I suggest',
  "I'd suggest", 'I would suggest', 'we recommend', 'we suggest', 'what I can do', 'what we can do', 'I can offer',
  'we can offer', 'would you like me to', 'do you want me to', 'shall I', 'should I go ahead',
]

/** Open questions and prompts: they ask the customer to tell the problem in their own words. */
export const OPEN_QUESTIONS = [
  rx(`(?:what|how|why|where|when|which|who|whom|whose)(?:['’]s|['’]re)?`),
  'tell me', 'tell us', 'describe', 'explain', 'walk me through', 'walk us through', 'more details', 'more detail',
  'more about', 'more information about', 'elaborate', 'share more', 'in your own words',
]

/** Lead-ins before a question's first word ("Okay, so did you ..."). */
const LEAD_IN = /^(?:(?:and|so|ok|okay|also|great|thanks|thank\s+you|sure|alright|all\s+right|got\s+it|i\s+see|perfect|first|next|then|now|quick\s+question|just\s+(?:checking|to\s+check)|out\s+of\s+curiosity|one\s+more\s+thing|oh|ah|hmm|hi|hello|hey)\b[\s,:;—–-]*)*/i
const YES_NO = /^(?:do|does|did|is|are|was|were|can|could|would|will|should|shall|have|has|had|may|might|must|am|isn['’]t|aren['’]t|wasn['’]t|weren['’]t|don['’]t|doesn['’]t|didn['’]t|won['’]t|can['’]t|couldn['’]t|wouldn['’]t|shouldn['’]t|haven['’]t|hasn['’]t|hadn['’]t)\b/i
/** A request for the customer's account of things that is not put as a question: "Please describe what you see." */
const OPEN_PROMPT = /^(?:please\s+)?(?:tell\s+(?:me|us)|describe|explain|walk\s+(?:me|us)\s+through|share\s+(?:more|what|how)|let\s+(?:me|us)\s+know\s+(?:what|how|why|where|when|which|more))\b/i
/** Questions that offer or close rather than ask: "Would you like me to ...?", "Anything else?". */
const NOT_DISCOVERY = /\b(?:would\s+you\s+like|do\s+you\s+want\s+me|shall\s+i|should\s+i|can\s+i\s+help|may\s+i\s+help|anything\s+else|something\s+else|any\s+other\s+questions?|is\s+that\s+(?:ok|okay|alright|all\s+right)|does\s+that\s+(?:help|make\s+sense|work))\b/i

export interface QuestionSpan {
  turn: Turn
  start: number
  end: number
  text: string
  kind: 'open' | 'yes-no' | 'other'
}

/** The first solution in `turns` (agent turns after the customer's first message), if any. */
export function findSolution(
  context: RuleContext<any>,
  turns: readonly Turn[],
  solutions: Lexicon,
): { turn: Turn; match: PhraseMatch } | undefined {
  let customerSpoke = false
  for (const turn of turns) {
    if (turn.internal) continue
    if (turn.role === 'customer') customerSpoke = true
    if (turn.role !== 'agent' || !customerSpoke) continue
    const masked = context.text.maskPlaceholders(turn.text)
    const match = solutions.findAll(masked).find((m) => !context.text.isNegated(masked, m.start))
    if (match) return { turn, match }
  }
  return undefined
}

export interface AskOpenQuestionsOptions {
  minQuestions: number
  minTurns: number
  solutions?: PhraseListOption
  openQuestions?: PhraseListOption
}

export default defineRule<[AskOpenQuestionsOptions]>({
  meta: {
    description: 'Before offering a solution, ask at least one open question, not only yes/no questions.',
    appliesTo: ['transcript'],
    recommended: 'warn',
    tags: ['listening', 'discovery'],
    messages: {
      onlyClosed:
        'Every question before a solution is offered is a yes/no question, starting with "{{question}}"; ask at least one open question (what, how, "could you tell me ...") so the customer can explain the whole problem.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          minQuestions: { type: 'integer', minimum: 1 },
          minTurns: { type: 'integer', minimum: 2 },
          solutions: phraseListSchema,
          openQuestions: phraseListSchema,
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ minQuestions: 2, minTurns: 4 }],
  },
  create(context) {
    const [options] = context.options
    const solutions = context.text.compile(resolvePhrases(SOLUTIONS, options.solutions))
    const open = context.text.compile(resolvePhrases(OPEN_QUESTIONS, options.openQuestions))

    /** A question (ending in "?") is open, yes/no or other; a statement counts only as an open prompt. */
    const classify = (sentence: string): QuestionSpan['kind'] | undefined => {
      const body = sentence.replace(LEAD_IN, '')
      if (!/\?["'”’)]*$/.test(sentence)) return OPEN_PROMPT.test(body) ? 'open' : undefined
      if (NOT_DISCOVERY.test(sentence)) return 'other'
      if (open.test(sentence)) return 'open'
      return YES_NO.test(body) ? 'yes-no' : 'other'
    }

    return {
      document(document) {
        const turns = document.turns.filter((t) => !t.internal && (t.role === 'agent' || t.role === 'customer'))
        if (turns.length < options.minTurns) return
        const solution = findSolution(context, turns, solutions)
        const questions: QuestionSpan[] = []
        let customerSpoke = false
        for (const turn of turns) {
          if (turn === solution?.turn) break
          if (turn.role === 'customer') customerSpoke = true
          if (turn.role !== 'agent' || !customerSpoke) continue
          const masked = context.text.maskPlaceholders(turn.text)
          for (const s of context.text.sentences(masked)) {
            const kind = classify(s.text)
            if (kind) questions.push({ turn, start: s.start, end: s.end, text: s.text, kind })
          }
        }
        const asked = questions.filter((q) => q.kind !== 'other')
        // The agent asked discovery questions: whether any was open is what this rule scores.
        if (asked.length >= options.minQuestions) context.applies(asked[0]!.turn)
        if (asked.length < options.minQuestions || asked.some((q) => q.kind === 'open')) return
        const first = asked[0]!
        context.report({
          turn: first.turn,
          start: first.start,
          end: first.end,
          messageId: 'onlyClosed',
          data: { question: first.turn.text.slice(first.start, first.end) },
        })
      },
    }
  },
})
