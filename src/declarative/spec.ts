/**
 * Rules without code: a rule written in YAML (built in as rules/<id>.yml, or a team's own in a `rulesDir`).
 * This file reads and checks one; a mistake is a ConfigError naming the file and line, the key and what was
 * expected (exit 2), never a crash.
 *
 *   id: no-blame                       # the file name without .yml
 *   description: Do not blame the customer.
 *   kind: existence                    # existence | substitution | requires | response | occurrence
 *   appliesTo: [transcript, macro]     # default: both
 *   recommended: warn                  # off | warn | error | false (default false)
 *   tags: [tone]
 *   scope: { role: agent, position: any, within: turn }   # role agent|customer|any; position first|last|any;
 *                                                         # within turn|first-sentence|last-sentence
 *   caseSensitive: false
 *   message: '"{{match}}" puts the blame on the customer.'
 *   phrases: [you should have, { phrase: calm down, message: '…', suggest: '…' }]     # existence, occurrence
 *   swap: { please be advised: just so you know }         # substitution (fixable)
 *   if: [...]  then: [...]                                 # requires: a turn matching `if` must match `then`
 *   customer: [...]  agent: [...]                          # response: the reply to a customer turn matching
 *                                                          # `customer` must match `agent`
 *   min: 1  max: 3                                         # occurrence, counted over the scoped turns
 *   exceptions: [...]                                      # matches overlapping these do not count
 *   tests: [{ text: "…", expect: 1 }, { transcript: "Customer: …\nAgent: …", expect: 0 }]
 */
import type { DocumentKind } from '../document.js'
import { ConfigError } from '../errors.js'
import { LineIndex } from '../location.js'
import type { SeverityName } from '../rule.js'
import { didYouMean } from '../suggest.js'
import { findUnsafePattern } from '../text/regex-safety.js'
import { createRequire } from 'node:module'

export type Kind = 'existence' | 'substitution' | 'requires' | 'response' | 'occurrence'
export const KINDS: readonly Kind[] = ['existence', 'substitution', 'requires', 'response', 'occurrence']

export interface PhraseEntry {
  phrase: string
  message?: string
  suggest?: string
}

export interface RuleTest {
  /** Linted as a macro (one agent turn, Markdown). */
  text?: string
  /** Linted as a chat-text transcript. */
  transcript?: string
  expect: number
  /** Line in the YAML file, for failure messages. */
  line: number
}

export interface DeclarativeSpec {
  id: string
  file: string
  description: string
  kind: Kind
  appliesTo: DocumentKind[]
  recommended: SeverityName | false
  tags: string[]
  scope: { role: 'agent' | 'customer' | 'any'; position: 'first' | 'last' | 'any'; within: 'turn' | 'first-sentence' | 'last-sentence' }
  caseSensitive: boolean
  message: string
  phrases: PhraseEntry[]
  swap: Record<string, string>
  if: string[]
  then: string[]
  customer: string[]
  agent: string[]
  min?: number
  max?: number
  exceptions: string[]
  tests: RuleTest[]
}

const KEYS = [
  'id', 'description', 'kind', 'appliesTo', 'recommended', 'tags', 'scope', 'caseSensitive', 'message', 'phrases',
  'swap', 'if', 'then', 'customer', 'agent', 'min', 'max', 'exceptions', 'tests',
] as const

/** Which keys each kind needs. */
const NEEDS: Record<Kind, (keyof DeclarativeSpec)[]> = {
  existence: ['phrases'],
  substitution: ['swap'],
  requires: ['if', 'then'],
  response: ['customer', 'agent'],
  occurrence: ['phrases'],
}

type YamlModule = typeof import('yaml')
let yamlModule: YamlModule | undefined
const yaml = (): YamlModule => (yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule)

/** Parses and checks one YAML rule file. `id` defaults to the file name. */
export function parseRuleSpec(text: string, file: string, idFromName: string): DeclarativeSpec {
  const { parseDocument, isMap, isScalar } = yaml()
  const lines = new LineIndex(text)
  const doc = parseDocument(text, { prettyErrors: false })
  const where = (offset: number | undefined) => `${file}:${lines.locate(offset ?? 0).line}`
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!
    throw new ConfigError(where(e.pos?.[0]), '(file)', `not valid YAML: ${e.message.split('\n')[0]}`)
  }
  const root = doc.contents
  if (!isMap(root)) throw new ConfigError(where(0), '(file)', 'a rule file is a YAML mapping of keys (id, kind, message, ...)')
  const at: Record<string, number> = {}
  // Values come from the whole document, so anchors and aliases (`message: *shared`) resolve.
  const js = (doc.toJS() ?? {}) as Record<string, unknown>
  const raw: Record<string, unknown> = {}
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
    const offset = isScalar(pair.key) ? pair.key.range?.[0] : undefined
    if (!(KEYS as readonly string[]).includes(key))
      throw new ConfigError(where(offset), key, `unknown key${didYouMean(key, KEYS)} (expected one of: ${KEYS.join(', ')})`)
    at[key] = offset ?? 0
    raw[key] = js[key]
  }
  const fail = (key: string, detail: string): never => {
    throw new ConfigError(where(at[key] ?? 0), key, detail)
  }
  const str = (key: string, required: boolean): string | undefined => {
    const v = raw[key]
    if (v === undefined || v === null) return required ? fail(key, 'is required') : undefined
    if (typeof v !== 'string' || v.trim() === '') return fail(key, `expected a non-empty string, got ${JSON.stringify(v)}`)
    return v
  }
  const list = (key: string): string[] => {
    const v = raw[key]
    if (v === undefined || v === null) return []
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x.trim() === ''))
      return fail(key, 'expected a list of phrases (strings, or "/regex/")')
    return v as string[]
  }
  const id = str('id', false) ?? idFromName
  if (id !== idFromName) fail('id', `must match the file name ("${idFromName}"), got "${id}"`)
  const kind = str('kind', true) as Kind
  if (!KINDS.includes(kind)) fail('kind', `unknown kind "${kind}"${didYouMean(kind, KINDS)} (expected ${KINDS.join(', ')})`)

  const appliesTo = raw.appliesTo === undefined ? ['transcript', 'macro'] : raw.appliesTo
  if (!Array.isArray(appliesTo) || appliesTo.length === 0 || appliesTo.some((k) => k !== 'transcript' && k !== 'macro'))
    fail('appliesTo', 'expected a list of transcript and/or macro')
  const recommended = raw.recommended === undefined || raw.recommended === false || raw.recommended === 'off' ? false : raw.recommended
  if (recommended !== false && recommended !== 'warn' && recommended !== 'error')
    fail('recommended', `expected off, warn, error or false, got ${JSON.stringify(raw.recommended)}`)

  const scopeRaw = (raw.scope ?? {}) as Record<string, unknown>
  if (typeof scopeRaw !== 'object' || Array.isArray(scopeRaw)) fail('scope', 'expected { role, position, within }')
  for (const k of Object.keys(scopeRaw)) if (!['role', 'position', 'within'].includes(k)) fail('scope', `unknown key "${k}" (expected role, position, within)`)
  const role = (scopeRaw.role ?? 'agent') as DeclarativeSpec['scope']['role']
  const position = (scopeRaw.position ?? 'any') as DeclarativeSpec['scope']['position']
  const within = (scopeRaw.within ?? 'turn') as DeclarativeSpec['scope']['within']
  if (!['agent', 'customer', 'any'].includes(role)) fail('scope', `role must be agent, customer or any, got ${JSON.stringify(role)}`)
  if (!['first', 'last', 'any'].includes(position)) fail('scope', `position must be first, last or any, got ${JSON.stringify(position)}`)
  if (!['turn', 'first-sentence', 'last-sentence'].includes(within))
    fail('scope', `within must be turn, first-sentence or last-sentence, got ${JSON.stringify(within)}`)

  const phrasesRaw = raw.phrases ?? []
  if (!Array.isArray(phrasesRaw)) fail('phrases', 'expected a list of phrases or { phrase, message?, suggest? }')
  const phrases: PhraseEntry[] = (phrasesRaw as unknown[]).map((p, i) => {
    if (typeof p === 'string' && p.trim() !== '') return { phrase: p }
    if (p && typeof p === 'object' && typeof (p as PhraseEntry).phrase === 'string') {
      const extra = Object.keys(p).filter((k) => !['phrase', 'message', 'suggest'].includes(k))
      if (extra.length) fail('phrases', `item ${i + 1}: unknown key "${extra[0]}" (expected phrase, message, suggest)`)
      for (const k of ['message', 'suggest'] as const) {
        const v = (p as PhraseEntry)[k]
        if (v !== undefined && (typeof v !== 'string' || v.trim() === '')) fail('phrases', `item ${i + 1}: ${k} must be a non-empty string`)
      }
      return p as PhraseEntry
    }
    return fail('phrases', `item ${i + 1}: expected a phrase or { phrase, message?, suggest? }`)
  })
  const swapRaw = raw.swap ?? {}
  if (typeof swapRaw !== 'object' || Array.isArray(swapRaw) || Object.values(swapRaw as object).some((v) => typeof v !== 'string'))
    fail('swap', 'expected a mapping of phrase → better phrase')
  const num = (key: 'min' | 'max'): number | undefined => {
    const v = raw[key]
    if (v === undefined) return undefined
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return fail(key, `expected a whole number ≥ 0, got ${JSON.stringify(v)}`)
    return v
  }
  const testsRaw = raw.tests ?? []
  if (!Array.isArray(testsRaw)) fail('tests', 'expected a list of { text or transcript, expect }')
  const testItems = (root.get('tests', true) as { items?: { range?: [number, number, number] }[] } | undefined)?.items ?? []
  const tests: RuleTest[] = (testsRaw as Record<string, unknown>[]).map((t, i) => {
    const line = lines.locate(testItems[i]?.range?.[0] ?? at.tests ?? 0).line
    if (!t || typeof t !== 'object') return fail('tests', `item ${i + 1}: expected { text or transcript, expect }`)
    const has = ['text', 'transcript'].filter((k) => typeof t[k] === 'string')
    if (has.length !== 1) throw new ConfigError(`${file}:${line}`, 'tests', `item ${i + 1}: give exactly one of text (a macro) or transcript (chat-text)`)
    if (typeof t.expect !== 'number' || !Number.isInteger(t.expect) || t.expect < 0)
      throw new ConfigError(`${file}:${line}`, 'tests', `item ${i + 1}: expect must be a whole number of reports`)
    return { ...(has[0] === 'text' ? { text: t.text as string } : { transcript: t.transcript as string }), expect: t.expect, line }
  })
  if (raw.caseSensitive !== undefined && typeof raw.caseSensitive !== 'boolean') fail('caseSensitive', 'expected true or false')
  const tags = list('tags')

  const spec: DeclarativeSpec = {
    id,
    file,
    description: str('description', true)!,
    kind,
    appliesTo: appliesTo as DocumentKind[],
    recommended: recommended as SeverityName | false,
    tags,
    scope: { role, position, within },
    caseSensitive: raw.caseSensitive === true,
    message: str('message', true)!,
    phrases,
    swap: swapRaw as Record<string, string>,
    if: list('if'),
    then: list('then'),
    customer: list('customer'),
    agent: list('agent'),
    min: num('min'),
    max: num('max'),
    exceptions: list('exceptions'),
    tests,
  }
  // Patterns that could hang a run on some text are refused before the rule is used.
  for (const key of ['phrases', 'swap', 'if', 'then', 'customer', 'agent', 'exceptions'] as const) {
    const values = key === 'phrases' ? spec.phrases.map((p) => p.phrase) : key === 'swap' ? Object.keys(spec.swap) : spec[key]
    const unsafe = findUnsafePattern(values)
    if (unsafe) fail(key, `the pattern ${unsafe} could take exponential time on some text (nested repetition); rewrite it without a repeated group inside a repetition`)
  }
  for (const need of NEEDS[kind]) {
    const v = spec[need]
    const empty = Array.isArray(v) ? v.length === 0 : typeof v === 'object' && v !== null && Object.keys(v).length === 0
    if (empty) fail(need, `a rule of kind ${kind} needs ${need}`)
  }
  if (kind === 'occurrence' && spec.min === undefined && spec.max === undefined) fail('kind', 'an occurrence rule needs min or max')
  return spec
}
