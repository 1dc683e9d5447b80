/**
 * Template placeholders of the support tools (Zendesk/Liquid `{{ }}` and `{% %}`, Help Scout `{%x,fallback=y%}`,
 * Salesforce `{!X}`, hand-written `[Customer Name]`) are tokens, not words: they are found before any rule
 * looks at words, so "Hi {{name}}," reads as a greeting with a name and no rule flags the braces.
 */

export interface Placeholder {
  start: number
  end: number
  text: string
  /** The variable inside, e.g. `ticket.requester.first_name`, or the words of a fill-in. */
  name: string
}

const PLACEHOLDER =
  /\{\{-?\s*([^{}]*?)\s*-?\}\}|\{%-?\s*([^%]*?)\s*-?%\}|\{!\s*([^{}]*?)\s*\}|\[([A-Z][A-Za-z]*(?: [A-Za-z]+){0,3})\]/g

export function findPlaceholders(text: string): Placeholder[] {
  const out: Placeholder[] = []
  PLACEHOLDER.lastIndex = 0
  let m: RegExpExecArray | null
  while ((m = PLACEHOLDER.exec(text)) !== null) {
    const name = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').trim()
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0], name })
  }
  return out
}

/** The text with every placeholder replaced by a same-length run of `_`, so offsets stay put. */
export function maskPlaceholders(text: string): string {
  if (!text.includes('{') && !text.includes('[')) return text
  return text.replace(PLACEHOLDER, (s) => '_'.repeat(s.length))
}
