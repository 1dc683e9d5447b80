/**
 * Template placeholders are tokens, not words: they are found before any rule looks at words, so
 * "Hi {{ticket.requester.first_name}}," reads as a greeting with a name and no rule flags the braces.
 *
 * | syntax       | written as                                   | used by                                   |
 * | liquid       | `{{ticket.requester.first_name}}`, `{{ user.name \| default: "there" }}`, `{{user.name\|fallback:"there"}}` | Zendesk, Gorgias, Freshdesk, Front, Intercom, HubSpot, Go templates |
 * | liquid-tag   | `{% if ticket.requester.first_name %}` … `{% endif %}` | Zendesk, Liquid generally        |
 * | helpscout    | `{%customer.firstName,fallback=there%}`     | Help Scout, FreeScout                     |
 * | salesforce   | `{!Contact.FirstName}`                       | Salesforce Quick Text                     |
 * | percent      | `%customer_name%`                            | smaller tools                             |
 * | hubspot-missing | `[[MISSING TOKEN - FIRST NAME]]`          | HubSpot, when a value was missing         |
 * | fill-in      | `[Customer Name]`                            | hand-kept libraries                       |
 */

export type PlaceholderSyntax = 'liquid' | 'liquid-tag' | 'helpscout' | 'salesforce' | 'percent' | 'hubspot-missing' | 'fill-in'

export interface Placeholder {
  start: number
  end: number
  text: string
  syntax: PlaceholderSyntax
  /** The variable, e.g. `ticket.requester.first_name`; for a Liquid tag its words (`if x`); for a fill-in its words. */
  name: string
  /** What renders when the variable is empty (`default:`, `fallback:`, `,fallback=`), if the placeholder says. */
  fallback?: string
}

const PLACEHOLDER = new RegExp(
  [
    String.raw`\{\{-?\s*([^{}]*?)\s*-?\}\}`, // 1 liquid
    String.raw`\{%-?\s*([^%]*?)\s*-?%\}`, // 2 liquid tag or Help Scout
    String.raw`\{!\s*([^{}]*?)\s*\}`, // 3 Salesforce
    String.raw`(?<![\w%])%([A-Za-z][\w.]*[_.][\w.]*|[a-z]+)%(?![\w%])`, // 4 percent (needs _ or . or lower case)
    String.raw`\[\[\s*([^[\]]*?)\s*\]\]`, // 5 HubSpot missing token
    String.raw`\[([A-Z][A-Za-z]*(?: [A-Za-z]+){0,3})\]`, // 6 fill-in
  ].join('|'),
  'g',
)

const HELPSCOUT = /^([A-Za-z_][\w.]*)(?:,fallback=(.*))?$/s
const LIQUID_FALLBACK = /\|\s*(?:default|fallback)\s*:\s*(?:"([^"]*)"|'([^']*)')/

export function findPlaceholders(text: string): Placeholder[] {
  const out: Placeholder[] = []
  PLACEHOLDER.lastIndex = 0
  let m: RegExpExecArray | null
  while ((m = PLACEHOLDER.exec(text)) !== null) {
    const base = { start: m.index, end: m.index + m[0].length, text: m[0] }
    if (m[1] !== undefined) {
      const fb = LIQUID_FALLBACK.exec(m[1])
      const name = m[1].split('|')[0]!.trim().replace(/^\./, '')
      out.push({ ...base, syntax: 'liquid', name, ...(fb ? { fallback: fb[1] ?? fb[2] ?? '' } : {}) })
    } else if (m[2] !== undefined) {
      const hs = HELPSCOUT.exec(m[2].trim())
      // `{%customer.firstName%}` is a Help Scout variable; `{% if x %}`, `{% endif %}` are Liquid tags.
      if (hs && (hs[1]!.includes('.') || hs[2] !== undefined)) {
        out.push({ ...base, syntax: 'helpscout', name: hs[1]!, ...(hs[2] !== undefined ? { fallback: hs[2] } : {}) })
      } else out.push({ ...base, syntax: 'liquid-tag', name: m[2].trim() })
    } else if (m[3] !== undefined) out.push({ ...base, syntax: 'salesforce', name: m[3].trim() })
    else if (m[4] !== undefined) out.push({ ...base, syntax: 'percent', name: m[4] })
    else if (m[5] !== undefined) out.push({ ...base, syntax: 'hubspot-missing', name: m[5].replace(/^MISSING TOKEN\s*-\s*/i, '') })
    else out.push({ ...base, syntax: 'fill-in', name: m[6]! })
  }
  return out
}

/** The text with every placeholder replaced by a same-length run of `_`, so offsets stay put. */
export function maskPlaceholders(text: string): string {
  if (!/[{[%]/.test(text)) return text
  return text.replace(PLACEHOLDER, (s) => '_'.repeat(s.length))
}
