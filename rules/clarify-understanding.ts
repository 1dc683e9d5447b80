/**
 * clarify-understanding: before proposing a solution, restate or confirm the customer's issue. In a transcript,
 * the first solution the agent offers (see ask-open-questions' SOLUTIONS) must come after an agent sentence
 * that restates or checks the issue ("just to confirm", "so if I understand correctly", "it sounds like",
 * "to make sure I understand"), in an earlier agent turn or earlier in the same turn; otherwise the solution
 * phrase is reported. Conversations with no solution, and solutions before the customer has said anything,
 * are not checked.
 */
import { defineRule } from '../src/rule.js'
import { phraseListSchema, resolvePhrases, type PhraseListOption } from '../src/text/lexicon.js'
import { rx } from '../src/text/tone.js'
import { findSolution, SOLUTIONS } from './ask-open-questions.js'

/** Restating or confirming what the customer said. */
export const CLARIFICATIONS = [
  'just to confirm', 'to confirm', 'just to clarify', 'to clarify', 'just to be sure', 'just to be clear',
  'to make sure I understand', 'to make sure I understood', 'make sure I understand', 'make sure I have this right',
  'make sure I got this right', 'just so I understand', 'so I understand', 'if I understand correctly',
  'if I understood correctly', 'if I understand you correctly', 'if I understood you correctly', 'if I understand right',
  'if I am understanding', "if I'm understanding", "if I'm reading this right", 'if I read this correctly',
  'it sounds like', 'sounds like you', 'it seems like you', 'it seems that you', 'it looks like you',
  'what I am hearing', "what I'm hearing", 'correct me if I am wrong', "correct me if I'm wrong", 'am I right that',
  'am I correct that', 'is that correct', 'is that right', 'did I get that right', 'have I got that right',
  'do I have that right', "so you're saying", 'so you are saying', 'you mentioned', 'you said that', 'you said you',
  rx(`(?<=^|[.!?]\\s+|\\n)so,?\\s+(?:you|your)(?:['’](?:re|ve)|\\s+(?:are|were|have|had|did|didn['’]t|can['’]t|cannot|want|need|got|received|tried))`),
  rx(`i\\s+understand\\s+(?:that\\s+)?(?:you|your)(?:['’](?:re|ve)|\\s+(?:are|were|have|had|did|didn['’]t|can['’]t|cannot|want|need|got|received|tried|order|flight|booking|account|card|package|bag))`),
]

export interface ClarifyUnderstandingOptions {
  clarifications?: PhraseListOption
  solutions?: PhraseListOption
}

export default defineRule<[ClarifyUnderstandingOptions]>({
  meta: {
    description: "Before proposing a solution, restate or confirm the customer's issue.",
    appliesTo: ['transcript'],
    recommended: false,
    tags: ['listening', 'discovery'],
    messages: {
      noClarification:
        '"{{solution}}" proposes a solution before the issue was confirmed; restate it first ("just to confirm, ...", "so if I understand correctly, ...").',
    },
    schema: [
      {
        type: 'object',
        properties: {
          clarifications: phraseListSchema,
          solutions: phraseListSchema,
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{}],
  },
  create(context) {
    const [options] = context.options
    const clarifications = context.text.compile(resolvePhrases(CLARIFICATIONS, options.clarifications))
    const solutions = context.text.compile(resolvePhrases(SOLUTIONS, options.solutions))

    return {
      document(document) {
        const turns = document.turns.filter((t) => !t.internal && (t.role === 'agent' || t.role === 'customer'))
        const solution = findSolution(context, turns, solutions)
        if (!solution) return
        // A solution was offered: checking understanding first is what applies.
        context.applies(solution.turn)
        for (const turn of turns) {
          if (turn.role !== 'agent') continue
          const masked = context.text.maskPlaceholders(turn.text)
          const limit = turn === solution.turn ? solution.match.start : masked.length
          if (clarifications.findAll(masked).some((m) => m.start < limit)) return
          if (turn === solution.turn) break
        }
        const { turn, match } = solution
        context.report({ turn, start: match.start, end: match.end, messageId: 'noClarification', data: { solution: turn.text.slice(match.start, match.end) } })
      },
    }
  },
})
