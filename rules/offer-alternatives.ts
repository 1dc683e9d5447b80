/**
 * offer-alternatives: a "no" needs a way forward. An agent turn or macro that states a refusal or a limitation
 * ("we can't", "unable to", "not possible", "our policy doesn't allow") must also offer another way forward:
 * another option, a workaround, another channel, an instruction the customer can act on, or an offer to act.
 * In a transcript the way forward may come in the same reply (the agent turns before the next customer turn).
 * The refusal phrase is reported.
 */
import type { Turn } from '../src/document.js'
import { defineRule } from '../src/rule.js'
import { joinPhrases, phraseListSchema, resolvePhrases, type Lexicon, type PhraseListOption, type PhraseMatch } from '../src/text/lexicon.js'
import { allows, isConditional, isQuestion, rx, surenessSchema, type Sureness } from '../src/text/tone.js'

const NT = "(?:n['’]t|\\s+not)"

/** Refusals and limitations stated by the business (sureness high). */
export const REFUSALS = [
  rx(`(?:we|i)(?:['’](?:re|m|d)|\\s+are|\\s+am|\\s+would)?\\s+(?:(?:currently|still|simply|just|really|unfortunately|sadly|afraid|be)\\s+)?(?:can['’]t|cannot|can\\s+not|couldn['’]t|could\\s+not|unable\\s+to|not\\s+able\\s+to|won['’]t\\s+be\\s+able\\s+to|will\\s+not\\s+be\\s+able\\s+to|aren['’]t\\s+able\\s+to)`),
  'unable to', 'not able to', rx(`(?:is|are|was|were)n['’]t\\s+able\\s+to`), "won't be able to", 'will not be able to',
  'not possible', "isn't possible", 'impossible', "can't guarantee", 'cannot guarantee', 'unfortunately not',
  "I'm afraid not", 'afraid not', 'sadly not',
  rx(`unfortunately,?\\s+(?:[\\p{L}'’]+\\s+){0,5}?(?:not|no|never|n['’]t|cannot|unable|have\\s+to|has\\s+to|will\\s+need\\s+to|must)`),
  rx(`(?:we|i)\\s+(?:currently\\s+|simply\\s+|just\\s+)?do${NT}\\s+(?:have|offer|allow|permit|accept|provide|issue|sell|guarantee|honou?r|compensate|refund|reimburse|waive|support|transfer|hold|book|ship|deliver|fly|operate|serve|carry)`),
  rx(`(?:we|i)['’]re\\s+not\\s+(?:able|allowed|permitted|authori[sz]ed|waiving|offering|issuing)`),
  rx(`(?:do|does)${NT}\\s+have\\s+the\\s+(?:capability|ability|option)`),
  rx(`no\\s+(?:immediate\\s+|current\\s+)?plans\\s+to\\s+(?:offer|add|fly|serve|operate|start|launch|introduce|bring|open|resume|provide|sell)`), rx(`turn\\s+(?:them|it|you|this|that)\\s+down`), 'turned down',
  rx(`(?:is|was)${NT}\\s+(?:something|an\\s+option)`), 'not an option',
  rx(`(?:is|are|was|were)n['’]t\\s+(?:always\\s+)?(?:available|possible|allowed|permitted|eligible|guaranteed)`),
  rx(`(?:is|are)\\s+not\\s+(?:always\\s+)?guaranteed`), rx(`no\\s+(?:[\\p{L}]+\\s+){0,2}(?:are\\s+|is\\s+)?available`),
  rx(`did${NT}\\s+go\\s+through`),
  'not available', 'unavailable', 'no longer available', 'no longer offer', 'no longer offered', 'not offered',
  "our policy doesn't allow", 'our policy does not allow', 'policy does not allow', "policy doesn't allow",
  'against our policy', 'not allowed', 'not permitted', "isn't permitted", "aren't permitted", 'not eligible',
  'ineligible', "there's nothing we can do", 'there is nothing we can do', 'nothing we can do', 'nothing further we can do',
  'nothing more we can do', 'nothing I can do', 'not in a position to', 'no way to', 'not waiving', 'we decline',
  'must decline', 'have to decline', 'decided not to', 'decided against', 'not something we can', 'not something we offer', 'not something we do',
  // A decision or policy given as the answer: "this policy is in place so…", "the reason for this decision".
  rx(`(?:this|our|the)\\s+(?:policy|decision|rule)\\s+(?:is\\s+(?:put\\s+)?in\\s+place|was\\s+(?:made|put\\s+in\\s+place)|remains|stands|will\\s+not\\s+change)`),
  rx(`(?:reason|reasons)\\s+for\\s+(?:this|our|the)\\s+(?:decision|policy|rule)`), rx(`(?:changed|updated)\\s+our\\s+policy`),
  'fully booked', 'sold out', 'our position will not change', "our position won't change",
  // Rules stated about the product rather than by "we": "a fare that does not allow changes", "miles can't transfer".
  rx(`(?:does|do)${NT}\\s+allow`), rx(`(?:is|was)${NT}\\s+(?:always\\s+)?an?\\s+option`),
  rx(`(?:can['’]t|cannot|can\\s+not)\\s+(?:be\\s+)?(?:transferr?(?:ed)?|refund(?:ed)?|chang(?:e|ed)|cancell?(?:ed)?|upgrad(?:e|ed)|waiv(?:e|ed)|combin(?:e|ed)|extend(?:ed)?|reinstat(?:e|ed)|exchang(?:e|ed)|credit(?:ed)?|honou?r(?:ed)?|guarantee[d]?|accommodat(?:e|ed)|accept(?:ed)?|allow(?:ed)?|reserv(?:e|ed)|held|issued?)`),
  rx(`(?:we|i)\\s+(?:would${NT}|wouldn['’]t)\\s+(?:be\\s+able\\s+to|accept|allow|permit|have\\s+a\\s+way|be\\s+in\\s+a\\s+position)`),
  rx(`(?:not\\s+much|nothing|little)\\s+(?:more\\s+|else\\s+)?(?:that\\s+)?(?:we\\s+)?can\\s+be\\s+done`),
  rx(`there\\s+(?:isn['’]t|is\\s+not|aren['’]t|are\\s+not)\\s+(?:a|an|any)\\s+(?:[\\p{L}-]+\\s+){0,2}(?:available|offered|possible)`),
]

/** Further limitations for more recall (sureness medium): the customer's options narrowed, things excluded. */
export const LIMITATIONS = [
  rx(`you\\s+(?:can['’]t|cannot|can\\s+not|won['’]t\\s+be\\s+able\\s+to|will\\s+not\\s+be\\s+able\\s+to|aren['’]t\\s+able\\s+to|are\\s+not\\s+able\\s+to|will\\s+(?:have|need)\\s+to|would\\s+(?:have|need)\\s+to)`),
  rx(`(?:we|i)\\s+do${NT}`), rx(`(?:we|i)(?:['’]re|\\s+are|['’]m|\\s+am)\\s+not`), 'we will not', "we won't",
  'unfortunately', "I'm afraid", 'I am afraid', "we're afraid", "can't be", 'cannot be', 'non-refundable',
  'nonrefundable', 'no refunds', 'no exceptions', 'no compensation', 'not covered', "doesn't cover", 'does not cover',
  'not included', "doesn't include", 'does not include', 'only available', 'we only', 'only allow', 'only accept',
  'only offer', 'only able to', 'no longer', 'not refundable', 'not transferable', 'non-transferable', 'not guaranteed',
  'we are closing', "we're closing", 'going to close', 'not all', 'denied', 'fully booked', 'sold out', "that's all", 'that is all', 'nothing else', 'the only', 'not permitted', 'prohibited', 'not eligible', 'not guarantee', "doesn't guarantee",
]

/** Hedges that usually come with a "no" (sureness low): most recall, least precision. */
export const HEDGES = [
  'however', 'sorry, but', "I'm sorry, but", 'but unfortunately', 'while we', 'although we', 'though we', 'policy',
  'have to', 'has to', 'must', 'only', 'sorry that', 'afraid',
]

/** Phrases with refusal words in them that refuse nothing. */
export const NOT_REFUSALS = [
  "can't wait", 'cannot wait', 'can not wait', "couldn't wait", "can't thank", "can't say enough", "can't beat",
  "can't go wrong", "can't argue", "can't blame", "couldn't agree", "couldn't be happier", "can't be happier",
  "can't imagine", "can't stress enough", "can't help but", 'cannot help but', "can't make up for",
  'cannot make up for', 'no problem', 'not a problem', "don't hesitate", 'do not hesitate', "won't hesitate",
  "we won't let", "won't be long", "won't be disappointed", 'not possible without you', "don't worry", 'do not worry',
  'no worries', "won't forget", "we won't stop", "we're not going anywhere",
  // The customer's own situation reported back, not a refusal: "sorry you were unable to travel".
  rx(`(?:you|they|he|she|your\\s+[\\p{L}]+)\\s+(?:were|was|weren['’]t|wasn['’]t|have\\s+been|had\\s+been)\\s+(?:unable|not\\s+able|able)\\s+to`),
  rx(`(?:have|had|\\p{L}+['’](?:ve|d))\\s+been\\s+(?:unable|not\\s+able)\\s+to`),
  // Apologies for something the business failed to do in the past refuse nothing now.
  // A lookup that found nothing refuses nothing: "I can't find your order", "we're unable to locate it".
  // Only a lookup of the customer's own record: "couldn't find any flights" is a request that failed.
  rx(`(?:can['’]t|cannot|can\\s+not|couldn['’]t|could\\s+not|unable\\s+to|not\\s+able\\s+to)\\s+(?:seem\\s+to\\s+)?(?:find|locate|see|pull\\s+up)\\s+(?:your|the|that|this|it|them)\\b(?!\\s+(?:flights?|seats?|rooms?|tables?|options?|availability|times?|dates?))`),
  rx(`(?:sorry|apologi[sz]e|apologies)\\s+(?:that\\s+)?(?:we|i)\\s+(?:couldn['’]t|could\\s+not|weren['’]t\\s+able\\s+to|were\\s+unable\\s+to|wasn['’]t\\s+able\\s+to|was\\s+unable\\s+to)\\s+(?:reply|respond|answer|get\\s+back|get\\s+to\\s+you|see\\s+your)`),
  rx(`couldn['’]t\\s+(?:have\\s+)?(?:said|put)\\s+it\\s+better`), "couldn't agree more", "couldn't be prouder", "couldn't ask for",
  rx(`(?:sorry|regret|apologi[sz]e)\\s+(?:that\\s+)?you(?:['’]re|\\s+are|\\s+were)\\s+(?:unable|not\\s+able)\\s+to`),
]

const IMPERATIVE = [
  'see', 'use', 'visit', 'try', 'go', 'head', 'check', 'call', 'ask', 'contact', 'email', 'e-mail', 'DM', 'send', 'book',
  'select', 'choose', 'speak', 'talk', 'reach', 'follow', 'click', 'tap', 'log', 'sign', 'apply', 'submit', 'request',
  'bring', 'pick', 'stop', 'look', 'download', 'open', 'update', 'consider', 'fill', 'complete', 'present', 'show',
  'rebook', 'purchase', 'buy', 'file', 'refer', 'text', 'message', 'keep', 'hold', 'take', 'find', 'get', 'register',
]

/** What a way forward sounds like: another option, a channel, an instruction, an offer, a workaround. */
export const ALTERNATIVES = [
  'instead', 'alternatively', 'alternative', 'alternatives', 'what I can do', 'what we can do', 'what we can offer',
  rx("you(?:['’]ll| will| would| may| might| could| can(?!['’]t|not|\\s+not)| should)\\s+(?:still\\s+|also\\s+|always\\s+|then\\s+|just\\s+|simply\\s+)?(?:be\\s+able|want|need|wish|like|find|use|try|contact|call|visit|reach|request|apply|submit|ask|speak|talk|check|book|buy|purchase|pick|choose|select|go|head|take|get|make|do|add|update|change|see|view|access|email|message|DM|send|file|report|opt|upgrade|rebook|cancel|claim|print|download|bring|pay|stop|log|sign|look|follow|keep|return|receive|earn|redeem|switch|transfer|arrange|refer|present|show|hold|register|still)"),
  // An instruction at the start of a sentence: "Please see an agent ...", "Use the carrier's tools ...".
  `/(?<=^|[.!?:;]\\s+|\\n|,\\s*)(?:please\\s+|simply\\s+|just\\s+|kindly\\s+)?(?:${IMPERATIVE.join('|')})(?![\\p{L}\\p{N}_])/`,
  rx(`please\\s+(?:${IMPERATIVE.join('|')})`),
  rx(`you\\s+(?:can|could)(?!['’]t|not)\\s+(?:always\\s+|still\\s+|also\\s+|then\\s+|just\\s+)?(?!be\\s+sure|imagine|see\\s+why|understand)[\\p{L}]{2,}`),
  "you're welcome to", 'you are welcome to', 'feel free', 'another option', 'other options', 'other option',
  'an option', 'the option', 'your options', 'another way', 'another flight', 'other flights', 'next available',
  'contact us', 'contact our', 'contact the', 'contact your', 'contacting', 'reach out', 'get in touch',
  'give us a call', 'give them a call', 'call us', 'call our', 'call the', 'visit', 'head to', 'speak with',
  'speak to', 'talk to', 'ask for', 'ask at', 'ask the', 'ask our', 'ask an', 'ask a', 'ask your', 'check with',
  'DM', 'direct message', 'send us', 'email us', 'in the meantime', 'meanwhile',
  rx("(?:we|i)(?:['’]ll| will| would| can(?!['’]t|not|\\s+not)| could| may)\\s+(?:be\\s+(?:happy|glad)\\s+to\\s+)?(?:gladly\\s+|happily\\s+|also\\s+|still\\s+|certainly\\s+|definitely\\s+|then\\s+)?(?:help|assist|offer|provide|rebook|re-book|book|refund|reimburse|send|look|check|follow|escalate|arrange|put|add|move|change|protect|reach|contact|call|email|issue|credit|waive|transfer|reissue|connect|try|find|recommend|suggest|investigate|look\\s+into|give|get\\s+you|gladly|take\\s+a\\s+(?:closer\\s+)?look)"),
  // An offer put as a question: "How about ...?", "Do you want me to try ...?", "Should I book ...?"
  'how about', 'what about', rx("(?:do|would)\\s+you\\s+(?:want|like)\\s+(?:me\\s+to|to|a|an|the)"),
  rx("(?:should|shall|can|could|may)\\s+(?:i|we)\\s+(?:try|book|reserve|make|schedule|check|look|search|find|get|offer|put|add|move|change|rebook|send|arrange)"),
  "we'd be happy to", "we'd be glad to", 'happy to help', 'glad to help', 'happy to assist', 'glad to assist',
  "we'd love to help", 'recommend', 'suggest', 'advise you to', 'we would advise', "we'd advise", 'encourage you to',
  'we encourage', 'we strongly encourage', 'a choice of', 'you have the choice', 'you have the option',
  rx(`you(?:['’]d|\\s+would|['’]ll|\\s+will)?\\s+(?:just\\s+)?need\\s+to\\s+(?:contact|call|visit|speak|talk|reach|go|head|ask|book|request|apply|submit|check|email|message|DM|send|fill|complete|purchase|buy|pay|select|choose|present|show|bring|see|use|log|sign|register|file|reply|follow)`),
  rx(`(?:we|i)\\s+do\\s+(?:have|carry|offer|provide|sell|serve|allow|accept)`),
  // A promise to come back is a next step; "we'll do our best" alone is not.
  rx(`(?:we|i)(?:['’]ll|\\s+will)\\s+(?:keep\\s+(?:you\\s+(?:posted|updated)|an\\s+eye)|be\\s+in\\s+touch|get\\s+back\\s+to\\s+you|let\\s+you\\s+know)`),
  'refer back to us', 'get back to us', 'come back to us', 'check back', 'keep checking', 'keep an eye on', 'fill out', 'file a', 'file an', 'rebook', 're-book', 'voucher',
  'at the airport', 'at the gate', 'at the counter', 'at the desk', 'front desk', 'gate agent', 'gate agents',
  'will be happy to', 'will be glad to', 'will gladly', 'will assist', 'will help', 'can assist', 'can help', 'assist you',
  'have you tried', 'have you contacted', 'have you reached', 'have you checked', 'have you spoken', 'if you like',
  'if you prefer', 'if you would like', "if you'd like", 'would you like', 'next step', 'next steps', 'follow up',
  'workaround', 'work around', 'the best way', 'the quickest way', 'the easiest way', 'online at', 'on our website',
  'on our site', 'through our website', 'available at', 'available on', 'available from', 'available through',
  'available via', '/https?:\\/\\/\\S+/', '/www\\.\\S+/', '/\\b[\\w-]+\\.(?:com|org|net|co\\.uk|io)(?:\\/\\S*)?/',
  '/\\+?\\d[\\d\\s().-]{7,}\\d/',
]

/** Sentences that only close the conversation: an offer inside them is not a way forward. */
const CLOSINGS = /\b(?:anything|something)\s+else\b|\b(?:any\s+other|further|additional)\s+(?:questions?|assistance|help)\b|\blet\s+(?:us|me)\s+know\s+if\b/i

const DETAILS_REQUEST =
  /\b(?:send|dm|message|provide|share|give|email|e-mail|confirm|include|reply\s+with)\b[^.!?]*\b(?:number|confirmation|conf|details?|info(?:rmation)?|record\s+locator|locator|reference|ref|name|e-?mail\s+address|address|photo|picture|screenshot|receipt|case\s*(?:#|id|number)?|flight|booking|account)\b/i

export interface OfferAlternativesOptions {
  sureness: Sureness
  refusals?: PhraseListOption
  limitations?: PhraseListOption
  hedges?: PhraseListOption
  exceptions?: PhraseListOption
  alternatives?: PhraseListOption
}

export default defineRule<[OfferAlternativesOptions]>({
  meta: {
    description: 'When a refusal or limitation is stated, offer another way forward.',
    appliesTo: ['transcript', 'macro'],
    recommended: 'error',
    tags: ['empathy', 'resolution'],
    messages: {
      noAlternative: '"{{refusal}}" closes a door without offering another one; say what the customer can do instead.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          sureness: surenessSchema,
          refusals: phraseListSchema,
          limitations: phraseListSchema,
          hedges: phraseListSchema,
          exceptions: phraseListSchema,
          alternatives: phraseListSchema,
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ sureness: 'high' }],
  },
  create(context) {
    const [options] = context.options
    let refusalPhrases = resolvePhrases(REFUSALS, options.refusals)
    if (allows(options.sureness, 'medium')) refusalPhrases = joinPhrases(refusalPhrases, resolvePhrases(LIMITATIONS, options.limitations))
    if (allows(options.sureness, 'low')) refusalPhrases = joinPhrases(refusalPhrases, resolvePhrases(HEDGES, options.hedges))
    const refusals = context.text.compile(refusalPhrases)
    const exceptions = context.text.compile(resolvePhrases(NOT_REFUSALS, options.exceptions))
    const alternatives: Lexicon = context.text.compile(resolvePhrases(ALTERNATIVES, options.alternatives))

    /** The first refusal in the turn that is not inside an exception, a condition or a question. */
    const findRefusal = (masked: string): PhraseMatch | undefined => {
      const excluded = exceptions.findAll(masked)
      return refusals.findAll(masked).find((m) => {
        if (excluded.some((e) => e.start < m.end && m.start < e.end)) return false
        if (isConditional(masked, m.start)) return false
        if (isQuestion(masked, m.start)) return false
        return true
      })
    }

    const offersWayForward = (text: string): boolean => {
      const masked = context.text.maskPlaceholders(text)
      const excluded = exceptions.findAll(masked)
      return alternatives.findAll(masked).some((m) => {
        if (excluded.some((e) => e.start < m.end && m.start < e.end)) return false
        // "there are no other options", "you can't": negated offers are not offers.
        if (context.text.isNegated(masked, m.start)) return false
        const sentence = context.text.sentences(masked).find((x) => m.start >= x.start && m.start < x.end)?.text ?? ''
        // "Is there anything else I can help you with?" closes the conversation; it offers nothing.
        if (CLOSINGS.test(sentence)) return false
        // "Please send us your order number" asks for details to look into it; only an offer made in the same
        // sentence ("... and we'll rebook you") is a way forward there.
        return !(DETAILS_REQUEST.test(sentence) && !/^(?:we|i)\b/i.test(m.text))
      })
    }

    const check = (reply: Turn[]): void => {
      for (const turn of reply) {
        const masked = context.text.maskPlaceholders(turn.text)
        const refusal = findRefusal(masked)
        if (!refusal) continue
        // Saying no is where offering another way applies.
        context.applies(turn)
        if (reply.some((t) => offersWayForward(t.text))) return
        context.report({
          turn,
          start: refusal.start,
          end: refusal.end,
          messageId: 'noAlternative',
          data: { refusal: turn.text.slice(refusal.start, refusal.end) },
        })
        return
      }
    }

    return {
      document(document) {
        const turns = document.turns.filter((t) => !t.internal)
        let reply: Turn[] = []
        for (const turn of turns) {
          if (turn.role === 'agent') reply.push(turn)
          else if (turn.role === 'customer') {
            if (reply.length > 0) check(reply)
            reply = []
          }
        }
        if (reply.length > 0) check(reply)
      },
    }
  },
})
