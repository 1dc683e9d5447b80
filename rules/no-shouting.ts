/**
 * no-shouting: capitals and "!!" read as shouting. In agent turns and macros, reports
 * (a) words in capitals: a word of `minLength` (5) or more letters all in upper case, or a run of two or more
 *     upper-case words ("DO NOT", "THANK YOU"), that is not an acronym (a known one from `acronyms`, a word with
 *     digits in or beside it, a shorter lone word), not inside a placeholder, and not joined by "-" or "/"
 *     (routes and codes such as "LAX-JFK");
 * (b) runs of two or more "!" / "?" ("!!", "?!", "!?", "??"), except in a happy sentence ("Thanks so much!!")
 *     unless `allowHappy` is false.
 */
import { defineRule } from '../src/rule.js'
import { isPositive, sentenceOf } from '../src/text/tone.js'
import { phraseListSchema, resolvePhrases, type PhraseListOption } from '../src/text/lexicon.js'

/** Upper-case words that are names of things, not raised voices. Matched whole and case-sensitively. */
export const ACRONYMS = [
  // Support and the web
  'FAQ', 'FAQS', 'ASAP', 'FYI', 'ETA', 'ETD', 'RMA', 'SKU', 'SLA', 'KYC', 'ID', 'IDS', 'PIN', 'OTP', '2FA', 'MFA', 'SSO', 'VPN',
  'URL', 'URLS', 'HTML', 'HTTP', 'HTTPS', 'API', 'APIS', 'SDK', 'CSV', 'PDF', 'PDFS', 'JPG', 'JPEG', 'PNG', 'GIF', 'ZIP',
  'JSON', 'XML', 'SMS', 'MMS', 'DM', 'DMS', 'PM', 'AM', 'IP', 'DNS', 'SSL', 'TLS', 'USB', 'HDMI', 'WIFI', 'LAN', 'RAM', 'CPU',
  'GPU', 'SSD', 'HDD', 'OS', 'IOS', 'APP', 'TV', 'PC', 'MAC', 'CRM', 'SAAS', 'SEO', 'CEO', 'CFO', 'CTO', 'COO', 'VP', 'HR',
  'IT', 'QA', 'UX', 'UI', 'AI', 'GDPR', 'CCPA', 'HIPAA', 'PCI', 'ISO', 'SOC', 'NDA', 'LLC', 'INC', 'LTD', 'PLC', 'GMBH',
  'CVV', 'CVC', 'IBAN', 'BIC', 'SWIFT', 'ACH', 'ATM', 'APR', 'VAT', 'GST', 'HST', 'EIN', 'SSN', 'TIN', 'POS', 'COD', 'RSVP',
  'PS', 'PPS', 'NB', 'OK', 'TBD', 'TBA', 'N/A', 'NA', 'AKA', 'DIY', 'EOD', 'COB', 'ET', 'PT', 'CT', 'MT', 'EST', 'EDT', 'CST',
  'CDT', 'MST', 'MDT', 'PST', 'PDT', 'GMT', 'BST', 'CET', 'CEST', 'UTC', 'AEST', 'IST', 'JST', 'USD', 'EUR', 'GBP', 'CAD',
  'AUD', 'JPY', 'INR', 'US', 'USA', 'UK', 'EU', 'UAE', 'NYC', 'LA', 'DC', 'UPS', 'USPS', 'DHL', 'FEDEX', 'TNT', 'NASA',
  'NFL', 'NBA', 'MLB', 'NHL', 'FIFA', 'BBC', 'CNN', 'IKEA', 'LEGO', 'BMW', 'AT&T', 'IBM', 'HP', 'LG', 'MBA', 'PHD', 'RN',
  // Travel
  'TSA', 'ESTA', 'PNR', 'FFN', 'MQM', 'MQD', 'MQS', 'FAA', 'DOT', 'IATA', 'ICAO', 'CBP', 'KTN', 'SSR', 'ADA', 'WCHR',
  'PRM', 'UM', 'UMNR', 'PETC', 'AVIH', 'NRSA', 'OTA', 'LAX', 'JFK', 'SFO', 'ORD', 'ATL', 'DFW', 'DEN', 'SEA', 'LHR',
  'LGA', 'EWR', 'BOS', 'MIA', 'MCO', 'IAD', 'DCA', 'PHX', 'LAS', 'MSP', 'DTW', 'PHL', 'CLT', 'SAN', 'SLC', 'HNL',
  'YYZ', 'YVR', 'CDG', 'AMS', 'FRA', 'DXB', 'HKG', 'SIN', 'NRT', 'HND', 'SYD', 'MEL',
  'SKYMILES', 'AADVANTAGE', 'AMEX', 'VISA', 'ESPN', 'HBO', 'NASDAQ', 'NYSE', 'UNICEF', 'NATO', 'OPEC', 'AIDS', 'COVID', 'KLM', 'BA', 'AA', 'UA', 'DL', 'WN', 'AS', 'B6', 'NK', 'F9', 'VS', 'AC', 'WS', 'LH', 'AF', 'EK',
]

export interface NoShoutingOptions {
  minLength: number
  punctuation: boolean
  allowHappy: boolean
  acronyms?: PhraseListOption
}

const WORD = /[\p{L}\p{N}&'’]+/gu
/** Fewer than two upper-case letters: not a word in capitals, whatever else it is (the common case, checked first). */
const TWO_UPPER = /\p{Lu}[^]*\p{Lu}/u
const acronymSets = new WeakMap<readonly string[], Set<string>>()

export default defineRule<[NoShoutingOptions]>({
  meta: {
    description: 'Do not shout: no words in capitals (acronyms aside) and no "!!" or "?!".',
    appliesTo: ['transcript', 'macro'],
    recommended: 'warn',
    tags: ['tone'],
    messages: {
      capitals: '"{{words}}" in capitals reads as shouting; write it in normal case (use bold or italics for emphasis).',
      punctuation: '"{{marks}}" reads as shouting; one "!" or "?" is enough.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          minLength: { type: 'integer', minimum: 2 },
          punctuation: { type: 'boolean' },
          allowHappy: { type: 'boolean' },
          acronyms: phraseListSchema,
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ minLength: 5, punctuation: true, allowHappy: true }],
  },
  create(context) {
    const [options] = context.options
    const list = resolvePhrases(ACRONYMS, options.acronyms)
    let acronyms = acronymSets.get(list)
    if (!acronyms) acronymSets.set(list, (acronyms = new Set(list.map((a) => a.replace(/[’]/g, "'")))))

    return {
      agentTurn(turn) {
        context.applies(turn)
        const masked = context.text.maskPlaceholders(turn.text)
        const found: { start: number; end: number; messageId: string; data: Record<string, string> }[] = []

        // (a) Capitals, grouped into runs of upper-case words separated by spaces or sentence punctuation.
        type Word = { start: number; end: number; letters: number; acronym: boolean }
        let run: Word[] = []
        const flush = () => {
          if (run.length === 0) return
          const loud = run.filter((w) => !w.acronym)
          // Two short words side by side ("DO NOT") shout too; a comma list of codes ("SJU, STX") does not.
          const pair = loud.some((w, i) => i > 0 && loud[i - 1]!.end <= w.start && /^\s+$/.test(masked.slice(loud[i - 1]!.end, w.start)))
          if (loud.some((w) => w.letters >= options.minLength) || pair) {
            // Report from the first to the last loud word; acronyms at the edges stay out of the range.
            const start = loud[0]!.start
            const end = loud[loud.length - 1]!.end
            found.push({ start, end, messageId: 'capitals', data: { words: turn.text.slice(start, end) } })
          }
          run = []
        }
        WORD.lastIndex = 0
        let m: RegExpExecArray | null
        while ((m = WORD.exec(masked)) !== null) {
          if (!TWO_UPPER.test(m[0])) {
            flush()
            continue
          }
          const raw = m[0].replace(/^['’]+|['’]+$/g, '')
          const start = m.index + m[0].indexOf(raw.charAt(0))
          const end = start + raw.length
          const letters = (raw.match(/\p{L}/gu) ?? []).length
          const upper = letters >= 2 && raw === raw.toUpperCase() && raw !== raw.toLowerCase() && !/\p{Ll}/u.test(raw)
          const codeLike = /\p{N}/u.test(raw) || /[-/\p{N}]/u.test(masked.charAt(start - 1)) || /[-/\p{N}]/u.test(masked.charAt(end))
          if (!upper || codeLike) {
            flush()
            continue
          }
          const prev = run[run.length - 1]
          if (prev && !/^[\s,.;:!?]*$/.test(masked.slice(prev.end, start))) flush()
          const bare = raw.replace(/['’]S$/, '').replace(/’/g, "'")
          // A word with no vowel ("ESPN", "HTML") is an abbreviation, not a raised voice.
          const acronym = acronyms!.has(bare) || acronyms!.has(raw) || (bare.endsWith('S') && acronyms!.has(bare.slice(0, -1))) || !/[AEIOUY]/.test(bare)
          run.push({ start, end, letters, acronym })
        }
        flush()

        // (b) "!!", "?!", "!?", "??" and longer runs.
        if (options.punctuation) {
          const marks = /[!?]{2,}/g
          while ((m = marks.exec(masked)) !== null)
            // Happy excitement ("Thanks so much!!", "Happy birthday!!") is not shouting.
            if (!options.allowHappy || !isPositive(sentenceOf(masked, m.index).text))
              found.push({ start: m.index, end: m.index + m[0].length, messageId: 'punctuation', data: { marks: m[0] } })
        }

        for (const f of found.sort((a, b) => a.start - b.start)) context.report({ turn, ...f })
      },
    }
  },
})
