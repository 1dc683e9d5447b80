/**
 * acknowledge-feelings: when the customer is upset, the reply says so before it solves anything.
 * (a) Transcripts: the customer turns since the last agent turn are read together; if they express a negative
 *     feeling (a feeling word, or at lower sureness implicit upset and angry tone), the next agent reply — the
 *     agent turns before the next customer turn — must acknowledge it (regret or an empathy statement). The
 *     first agent turn of the reply is reported, quoting the customer's cue.
 * (b) Macros: a macro that deals with a problem (a delay, an error, a refund, a complaint) must acknowledge it;
 *     the first problem word is reported.
 */
import type { Turn } from '../src/document.js'
import { defineRule, type RuleContext } from '../src/rule.js'
import { joinPhrases, phraseListSchema, resolvePhrases, type Lexicon, type PhraseListOption } from '../src/text/lexicon.js'
import {
  allows,
  findEmoji,
  findExclamationRuns,
  findHashtags,
  findShouting,
  isConditional,
  isPositive,
  isQuestion,
  rx,
  sentenceOf,
  surenessSchema,
  type Cue,
  type Sureness,
} from '../src/text/tone.js'

/** Words and phrases that name a negative feeling or pass an angry verdict (sureness high). */
export const FEELINGS = [
  'frustrated', 'frustrating', 'frustration', 'angry', 'anger', 'furious', 'livid', 'pissed', 'pissed off', rx('mad(?!\\s+(?:respect|props|love|skills?|good|fun))'),
  'annoyed', 'annoying', 'irritated', 'irritating', 'upset', 'upsetting', 'disappointed', 'disappointing', 'disappointment',
  'let down', 'fed up', 'sick of', 'sick and tired', 'tired of', 'worried', 'worrying', 'anxious', 'stressed', 'stressful',
  'scared', 'terrified', 'panicking', 'sad', 'heartbroken', 'devastated', 'miserable', 'exhausted', 'unacceptable',
  'ridiculous', 'outrageous', 'absurd', 'disgusted', 'disgusting', 'disgrace', 'disgraceful', 'appalled', 'appalling',
  'horrible', 'horrendous', 'terrible', 'awful', 'dreadful', 'atrocious', 'worst', 'pathetic', 'shameful', 'shame on you',
  'embarrassing', 'a joke', 'is a joke', rx('hate(?!\\s+to\\b)'), 'hated', 'sucks', 'you suck', 'rude', 'incompetent', 'useless',
  'hopeless', 'nightmare', 'never again', 'never fly', 'never flying', 'last time I fly', 'poor service',
  'poor customer service', 'unbelievable', 'unreal', 'fail', 'epic fail', 'wtf', 'smh', 'ugh', 'seriously',
  'not happy', 'unhappy', 'not impressed', 'unimpressed', 'not ok', 'not okay', 'not good enough', 'not acceptable',
  rx('not\\s+(?:too|very|so|that|really|at\\s+all|exactly|particularly)\\s+(?:happy|impressed|pleased|satisfied|good|great|ok|okay|cool|fair|acceptable|helpful)'),
  'not cool', 'not fair', 'unfair', 'so done', 'done with you', 'lied', 'lying', 'mistreated', 'mistreatment',
  'treated poorly', 'treated badly', 'insulting', 'insult', 'crap', 'crappy', 'bs', 'bullshit', 'screwed', 'rip off',
  'rip-off', 'ripped off', 'scam', 'joke of', 'inexcusable', 'infuriating', 'infuriated', 'fuming', 'gutted',
  'distraught', 'upsetting', 'horrid', 'abysmal', 'shocking', 'shocked', 'terrible service', 'bad service',
  'unsatisfied', 'dissatisfied', 'a shame', 'bummer', 'bummed', 'concerned', 'disrespectful', 'disrespected', 'hellish',
  'driving me crazy', 'drives me crazy', 'crazy making', 'salty', 'nervous', 'abusive', 'not great', 'painfully slow', 'egregious',
  rx('treated\\s+(?:me|us|my\\s+\\p{L}+)\\s+(?:poorly|badly|terribly|horribly|rudely)'), rx('regret\\s+(?:my|flying|booking|choosing)'),
  rx('(?:no\\s+one|nobody)\\s+(?:can|could|will|would|is\\s+able\\s+to)\\s+help'), 'and counting', 'without a response', 'without any response',
]

/** Signs of upset without a feeling word: waiting, repetition, being ignored, sarcasm (sureness medium). */
export const IMPLICIT_CUES = [
  'still waiting', 'still no', 'still not', "still haven't", "still hasn't", "still can't", 'still nothing', 'still no word',
  'yet again', 'once again', 'again?', 'again!', 'again and again', 'every time', 'every single time', 'as usual',
  rx('(?:delayed|cancell?ed|lost|broken|late|changed|down|wrong|bumped|stuck|happened|swapped)\\s+again'),
  'on hold', 'been waiting', 'waiting for hours', 'waited for', 'waiting since', 'no response', 'no reply', 'no answer',
  'no one', 'nobody', 'no one is', 'no help', 'no info', 'no information', 'no update', 'no updates', 'no communication',
  'lack of', 'zero', 'nothing but', 'thanks for nothing', 'thanks a lot', 'so much for', 'good luck', 'great job',
  'way to go', 'what a way', 'how hard is it', 'how is it possible', 'how is this', 'how is that', 'how can you',
  'how do you', "why can't", 'why does', 'why do you', 'why is it', 'why would', 'why is there', 'what is the point',
  "what's the point", 'are you kidding', 'kidding me', 'really?', 'seriously?', 'come on', 'give me a break',
  'do better', 'better than this', 'the least', 'should be ashamed', 'last time', 'never once', 'not once', 'stranded',
  'stuck', 'missed my', 'lost my', 'lost our', 'left us', 'left me', 'charged me', 'charging me', 'charge me',
  'overcharged', 'hidden fees', 'want my money back', 'money back', 'want a refund', 'want my refund', 'waste of',
  'wasted', 'never received', 'never got', 'never arrived', 'hours late', 'hours delayed', 'hour delay',
  'hours delay', 'hr delay', 'hrs delay', 'day late', 'days late', 'ignored', 'ignoring', 'no apology', 'not helpful',
  'unhelpful', 'not even', 'at least', 'complaint', 'complain', 'problem after problem', 'cancelled my', 'canceled my',
  'switching to', 'going with', 'flying with @', 'not flying', 'not fly', 'bye', 'goodbye', 'cheers for',
  rx('(?:\\d+|two|three|four|five|six|seven|eight|nine|ten|several|many)\\+?\\s*(?:hours?|hrs?|days?|weeks?|months?)\\s+(?:on\\s+hold|of\\s+waiting|waiting|now|later|and\\s+still|delay(?:ed)?|late)'),
]

/**
 * The implicit cues that were upset nearly every time on the labelled threads, read at every sureness:
 * repeated failure, long delays, wanting money back, exasperated "why can't" / "come on".
 */
export const STRONG_IMPLICIT_CUES = [
  // Worry about missing the flight, and threats to take their custom elsewhere.
  rx('(?:may|might|will|could|going\\s+to|gonna|about\\s+to)\\s+miss\\s+(?:my|our|the)\\s+(?:flight|connection|train|appointment)'),
  rx('time\\s+to\\s+(?:go|fly|switch|move)\\s+(?:to|with)?'), 'switching to', 'failed attempts', 'failed again',
  rx('made\\s+(?:me|us)\\s+miss'), 'why have you', 'why did you', 'why would you', 'wanna bet', 'stop explaining',
  'still waiting', 'still no', 'yet again', 'thanks for nothing', 'so much for', 'lack of', "why can't", 'why do you',
  'come on', 'are you kidding', 'kidding me', 'want my money back', 'money back', 'waste of', 'never received', 'never arrived',
  rx('(?:delayed|cancell?ed|lost|broken|late|stuck|bumped)\\s+again'),
  rx('(?:\\d+|two|three|four|five|six|seven|eight|nine|ten|several)\\+?\\s*(?:hours?|hrs?)\\s+(?:late|delay(?:ed)?|on\\s+hold|of\\s+waiting|waiting)'),
]

/** Complaints about time, money and service with no feeling word (sureness low): more recall, less precision. */
export const COMPLAINT_CUES = [
  'delayed', 'delay', 'delays', 'cancelled', 'canceled', 'cancellation', 'lost', 'missed', 'missing', 'late', 'wrong',
  'broken', 'damaged', 'charged', 'charge', 'fee', 'fees', 'refund', 'waiting', 'wait', 'again', 'hours', 'hrs',
  'error', 'not working', "doesn't work", "didn't work", "won't let", "can't", 'cannot', 'why', 'seriously', 'problem',
  'issue', 'complaint', 'no one', 'nobody', 'nothing', 'stuck', 'bumped', 'overbooked', 'dirty', 'cold', 'rude',
  '/\\$\\d+/', '?!', '!?',
]

/** Emoji that carry anger or distress on their own (sureness high), and eye-rolls and sighs (medium). */
export const ANGRY_EMOJI = ['😡', '😤', '😠', '🤬', '😩', '😫', '👎', '💔', '😖']
const EYE_ROLLS = ['🙄', '😒']
export const UPSET_EMOJI = ['🙄', '😒', '😭', '😢', '😞', '😔', '😣', '😥', '😰', '😟', '🤦', '😑', '😕', '☹']

/** Hashtag stems: "#fail", "#NotImpressed", "#neveragain", "#poorservice". */
const HASHTAG_STEMS = [
  'fail', 'worst', 'never', 'poor', 'terrible', 'awful', 'notimpressed', 'nothappy', 'disappoint', 'frustrat', 'angry',
  'sucks', 'joke', 'ridiculous', 'unacceptable', 'horrible', 'stress', 'nightmare', 'annoy', 'notrust', 'horribleday',
  'shame', 'badservice', 'disgrace', 'smh', 'ugh', 'disgust', 'greed', 'unhappy', 'angry', 'upset', 'headache',
]

/** What an acknowledgement sounds like: regret about their experience, or empathy. */
export const ACKNOWLEDGEMENTS = [
  'sorry', 'apologize', 'apologise', 'apologies', 'apology', 'apologizing', 'apologising', 'regret', 'regrets',
  'I understand', 'we understand', 'understandable', 'understandably', 'completely understand', 'can imagine',
  'can only imagine', 'I know how', 'we know how', 'must be', 'must have been', 'frustrating', 'frustration',
  'inconvenience', 'inconvenienced', 'not the experience', 'not the kind of experience', 'not what we want',
  "not what we'd want", 'not the service', 'not the standard', 'hate to hear', 'hate to see', 'hate to read',
  'sad to hear', 'sad to see', 'sad to read', 'disappointed to hear', 'disappointed to see', 'disappointed to read',
  'concerning to hear', 'unhappy to hear', 'upsetting', 'not good to hear', 'bummer', 'oh no', 'empathize',
  'empathise', 'sympathize', 'sympathise', 'feel your pain', 'we hear you', 'I hear you', 'we get it', 'that is awful',
  "that's awful", "that's terrible", "that's frustrating", 'how frustrating', 'so frustrating', 'not ideal',
  'not acceptable', 'unacceptable', 'we missed the mark', 'we let you down', 'let you down', 'fell short', 'make this right',
  'make it right', 'never want', 'not how we', 'not the way we', 'understand your', 'not the impression',
  "don't want you to feel", 'do not want you to feel', 'not proud', "don't like hearing", 'do not like hearing',
  "don't like to hear", 'not what we expect', 'not what you expect', 'should not have', "shouldn't have",
  rx("(?:we|i)\\s+(?:\\p{L}+\\s+){0,2}(?:understand|get|hear)\\s+(?:how|why|that|your|the|this|what)"),
  // "That's disappointing to hear", "sad to read this", "never good to see".
  rx("(?:sad|sorry|unfortunate|disappointing|frustrating|upsetting|concerning|troubling|awful|terrible|heartbreaking|(?:not|never)\\s+(?:good|great|nice))\\s+to\\s+(?:hear|read|see|learn)"),
  // "We don't want you disappointed", "we never want our customers to feel that way".
  rx("(?:don['’]t|do\\s+not|never|wouldn['’]t|would\\s+not)\\s+(?:ever\\s+)?(?:want|like)\\s+(?:you|anyone|our\\s+(?:customers|guests|passengers|members))"),
]

/** Words that show a macro deals with something that went wrong for the customer (sureness high). */
export const PROBLEM_WORDS = [
  'delay', 'delayed', 'delays', 'complaint', 'complaints', 'damaged', 'broken', 'missing', 'lost', 'mix-up', 'mixup',
  'outage', 'overcharged', 'charged twice', 'double charged', 'defective', 'faulty', 'inconvenience', 'went wrong',
  'arrived late', 'never arrived', 'wrong item', 'wrong order',
]

/** Words that often mark a problem but also routine requests ("Refund approved"); sureness medium and low. */
export const ROUTINE_PROBLEM_WORDS = [
  'error', 'errors', 'refund', 'refunds', 'refunded', 'late', 'wrong', 'cancelled', 'canceled', 'failed', 'failure',
  'not working', 'damage', 'problem', 'trouble',
]

export interface AcknowledgeFeelingsOptions {
  sureness: Sureness
  feelings?: PhraseListOption
  implicitCues?: PhraseListOption
  strongCues?: PhraseListOption
  complaintCues?: PhraseListOption
  acknowledgements?: PhraseListOption
  problemWords?: PhraseListOption
  routineProblemWords?: PhraseListOption
  /** Read "!!", shouted capitals and upset emoji as feeling (at sureness medium and low). */
  tone: boolean
}

interface Detectors {
  sureness: Sureness
  tone: boolean
  feelings: Lexicon
  implicit: Lexicon
  strong: Lexicon
  complaints: Lexicon
  acks: Lexicon
  problems: Lexicon
}

const NEGATED_START = /^(?:not|no|never|nothing|nobody|un)/i

/** The strongest upset cue in `text`, or undefined. Order: feeling words, angry emoji, hashtags, implicit, tone. */
export function findUpset(text: string, d: Detectors, context: Pick<RuleContext, 'text'>): (Cue & { rank: number }) | undefined {
  const masked = context.text.maskPlaceholders(text)
  const candidates: { cue: Cue; rank: number }[] = []
  const negated = (start: number, phrase: string): boolean =>
    !NEGATED_START.test(phrase) && context.text.isNegated(masked, start)

  // Implicit and tone cues in a customer message that is happy overall ("Can't wait!! Thanks so much") are
  // excitement, not upset; sarcastic thanks ("thanks for nothing") does not make a message happy.
  const happy = isPositive(masked.replace(SARCASM, ' '))
  for (const m of d.feelings.findAll(masked)) {
    if (negated(m.start, m.phrase)) continue
    // "I'd rather be safe than sorry", "no worries": nothing here. "fail" inside a happy sentence is a pun.
    candidates.push({ cue: m, rank: 0 })
  }
  for (const e of findEmoji(masked, ANGRY_EMOJI)) candidates.push({ cue: e, rank: 1 })
  for (const h of findHashtags(masked, HASHTAG_STEMS)) candidates.push({ cue: h, rank: 1 })
  // Eye-rolls read as upset whatever the words say ("it's fine, everything's fine 🙄" is sarcasm); tears and
  // sad faces only when the message is not happy ("so happy 😭").
  if (d.tone)
    for (const e of findEmoji(masked, UPSET_EMOJI)) candidates.push({ cue: e, rank: EYE_ROLLS.includes(e.text) ? 1 : 2 })
  for (const m of d.strong.findAll(masked)) {
    if (negated(m.start, m.phrase) || isPositive(sentenceOf(masked, m.start).text.replace(m.text, '').replace(SARCASM, ' '))) continue
    candidates.push({ cue: m, rank: 2 })
  }

  if (allows(d.sureness, 'medium')) {
    for (const m of d.implicit.findAll(masked)) {
      if (negated(m.start, m.phrase)) continue
      const sentence = sentenceOf(masked, m.start)
      // "Can't wait ... never been happier", "Thanks for the quick response!": implicit cues in a happy
      // sentence are not upset, unless the happy word is the sarcastic "thanks for nothing" itself.
      if (isPositive(sentence.text.replace(m.text, '').replace(SARCASM, ' '))) continue
      candidates.push({ cue: m, rank: 2 })
    }
    if (allows(d.sureness, 'low')) {
      for (const m of d.complaints.findAll(masked)) {
        if (negated(m.start, m.phrase)) continue
        if (isPositive(sentenceOf(masked, m.start).text)) continue
        candidates.push({ cue: m, rank: 4 })
      }
    }
    if (d.tone) {
      for (const r of findExclamationRuns(masked)) {
        if (r.text.length >= 3) continue // read at every sureness, below
        const sentence = sentenceOf(masked, r.start)
        if (isPositive(sentence.text)) continue
        candidates.push({ cue: { ...r, ...widen(sentence, r) }, rank: 3 })
      }
    }
  }
  // Strong tone counts at every sureness: a run of three or more "!" or two or more shouted words, in a
  // sentence that is not happy ("THANK YOU SO MUCH!!!" is not anger).
  if (d.tone) {
    for (const r of findExclamationRuns(masked)) {
      if (r.text.length < 3) continue
      const sentence = sentenceOf(masked, r.start)
      if (isPositive(sentence.text)) continue
      candidates.push({ cue: { ...r, ...widen(sentence, r) }, rank: 3 })
    }
    const shout = findShouting(masked)
    if (shout && !isPositive(sentenceOf(masked, shout.start).text)) candidates.push({ cue: shout, rank: 3 })
  }
  const kept = candidates.filter((c) => c.rank < 2 || !happy)
  kept.sort((a, b) => a.rank - b.rank || a.cue.start - b.cue.start)
  const best = kept[0]
  return best ? { start: best.cue.start, end: best.cue.end, text: text.slice(best.cue.start, best.cue.end), rank: best.rank } : undefined
}

const SARCASM = /thanks?\s+(?:you\s+)?(?:for\s+nothing|a\s+lot)|so\s+much\s+for|great\s+job|way\s+to\s+go/giu

/** For a bare "!!!" the quote is the words before it in its sentence (at most 60 characters). */
function widen(sentence: { start: number; end: number }, r: Cue): { start: number; end: number } {
  const start = Math.max(sentence.start, r.end - 60)
  return { start, end: r.end }
}

function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat
}

export function acknowledges(text: string, d: Detectors, context: Pick<RuleContext, 'text'>): boolean {
  const masked = context.text.maskPlaceholders(text)
  return d.acks.findAll(masked).some((m) => {
    // "we're not sorry" never happens; "not the experience" and "not ideal" start with their own negation.
    if (/^(?:not|no|un)/i.test(m.phrase)) return true
    return !context.text.isNegated(masked, m.start) || /sorry|apolog/i.test(m.phrase)
  })
}

export default defineRule<[AcknowledgeFeelingsOptions]>({
  meta: {
    description: 'When the customer is upset, acknowledge how they feel before solving the problem.',
    appliesTo: ['transcript', 'macro'],
    recommended: 'error',
    tags: ['empathy'],
    messages: {
      unacknowledged: 'The customer said "{{cue}}" but this reply does not acknowledge how they feel.',
      macroUnacknowledged: 'This macro deals with a problem ("{{problem}}") but does not acknowledge it; say you are sorry or that you understand.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          sureness: surenessSchema,
          tone: { type: 'boolean' },
          feelings: phraseListSchema,
          implicitCues: phraseListSchema,
          strongCues: phraseListSchema,
          complaintCues: phraseListSchema,
          acknowledgements: phraseListSchema,
          problemWords: phraseListSchema,
          routineProblemWords: phraseListSchema,
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ sureness: 'high', tone: true }],
  },
  create(context) {
    const [options] = context.options
    const d: Detectors = {
      sureness: options.sureness,
      tone: options.tone,
      feelings: context.text.compile(resolvePhrases(FEELINGS, options.feelings)),
      implicit: context.text.compile(resolvePhrases(IMPLICIT_CUES, options.implicitCues)),
      strong: context.text.compile(resolvePhrases(STRONG_IMPLICIT_CUES, options.strongCues)),
      complaints: context.text.compile(resolvePhrases(COMPLAINT_CUES, options.complaintCues)),
      acks: context.text.compile(resolvePhrases(ACKNOWLEDGEMENTS, options.acknowledgements)),
      problems: context.text.compile(
        allows(options.sureness, 'medium')
          ? joinPhrases(resolvePhrases(PROBLEM_WORDS, options.problemWords), resolvePhrases(ROUTINE_PROBLEM_WORDS, options.routineProblemWords))
          : resolvePhrases(PROBLEM_WORDS, options.problemWords),
      ),
    }

    const firstSentence = (turn: Turn): { start: number; end: number } => {
      const s = context.text.sentences(turn.text)[0]
      return s ? { start: s.start, end: s.end } : { start: 0, end: turn.text.length }
    }

    const checkMacro = (turn: Turn): void => {
      const masked = context.text.maskPlaceholders(turn.text)
      const problem = d.problems.findAll(masked).find((m) => {
        if (context.text.isNegated(masked, m.start) && !/^(?:not|no)/i.test(m.phrase)) return false
        // "If anything arrives damaged, ..." and "Any problems?" talk about a problem that may not exist.
        return !isConditional(masked, m.start) && !isQuestion(masked, m.start)
      })
      // A macro that speaks of the customer's problem is where acknowledging applies.
      if (problem) context.applies(turn)
      if (problem && !acknowledges(turn.text, d, context))
        context.report({ turn, start: problem.start, end: problem.end, messageId: 'macroUnacknowledged', data: { problem: problem.text } })
    }

    const checkTranscript = (turns: Turn[]): void => {
      let customers: Turn[] = []
      let i = 0
      while (i < turns.length) {
        const turn = turns[i]!
        if (turn.role === 'customer') {
          customers.push(turn)
          i++
          continue
        }
        if (turn.role !== 'agent' || turn.internal) {
          i++
          continue
        }
        // The reply: this agent turn and the agent turns after it, up to the next customer turn.
        const reply: Turn[] = []
        while (i < turns.length && turns[i]!.role !== 'customer') {
          const t = turns[i]!
          if (t.role === 'agent' && !t.internal) reply.push(t)
          i++
        }
        if (customers.length > 0) {
          // The strongest cue over all the customer's turns since the last reply (the first among equals).
          let cue: (Cue & { rank: number }) | undefined
          for (const c of customers) {
            const found = findUpset(c.text, d, context)
            if (found && (!cue || found.rank < cue.rank)) cue = found
          }
          // Naming the customer's own feeling back in a short sentence ("Sad times indeed.") acknowledges it;
          // the word inside a longer instruction ("tell the crew you are a nervous flyer") does not.
          const echoes = (t: Turn) => {
            if (cue!.rank !== 0) return false
            const word = cue!.text.toLowerCase()
            return context.text
              .sentences(t.text)
              .some((x) => x.text.toLowerCase().includes(word) && x.text.split(/\s+/).length <= 6)
          }
          // The customer expressed a feeling: this reply is where acknowledging applies.
          if (cue) context.applies(reply[0])
          if (cue && !reply.some((t) => acknowledges(t.text, d, context) || echoes(t))) {
            const first = reply[0]!
            context.report({ turn: first, ...firstSentence(first), messageId: 'unacknowledged', data: { cue: quote(cue.text) } })
          }
        }
        customers = []
      }
    }

    return {
      document(document) {
        if (document.kind === 'macro') {
          for (const turn of document.turns) if (turn.role === 'agent' && !turn.internal) checkMacro(turn)
        } else checkTranscript(document.turns)
      },
    }
  },
})
