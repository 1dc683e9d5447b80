/** The rule API (DESIGN.md, "Rules"): a rule is data (meta) plus create(context) → visitor. */
import type { Document, DocumentKind, Turn } from './document.js'
import type { Lexicon } from './text/lexicon.js'
import type { Span } from './text/sentences.js'
import type { Placeholder } from './text/placeholders.js'

export type SeverityName = 'off' | 'warn' | 'error'
export type SeverityLevel = 0 | 1 | 2

export interface RuleMeta {
  description: string
  appliesTo: DocumentKind[]
  /** Severity in rapport:recommended, or false when the rule is not in it. */
  recommended: SeverityName | false
  tags?: string[]
  /** messageId → template with `{{data}}` placeholders. */
  messages: Record<string, string>
  /** JSON Schema of the options array (or of its first element when an object schema is given). */
  schema?: Record<string, unknown> | Record<string, unknown>[]
  defaultOptions?: unknown[]
  /** Set by the registry: where the rule's page is. */
  url?: string
  fixable?: boolean
  hasSuggestions?: boolean
}

export interface Fix {
  /** Offsets in the turn's text. */
  range: [number, number]
  text: string
}

export interface Suggestion {
  desc: string
  fix: Fix
}

export interface ReportDescriptor {
  /** The turn the offsets refer to; without it the report is on the document's first turn. */
  turn?: Turn
  /** Offsets in `turn.text`; default: the whole turn. */
  start?: number
  end?: number
  messageId: string
  data?: Record<string, string | number>
  fix?: Fix
  suggest?: Suggestion[]
}

export interface TextHelpers {
  compile(phrases: readonly string[], options?: { caseSensitive?: boolean }): Lexicon
  sentences(text: string): Span[]
  isNegated(text: string, offset: number): boolean
  placeholders(text: string): Placeholder[]
  maskPlaceholders(text: string): string
}

export interface RuleContext<Options extends unknown[] = unknown[]> {
  readonly id: string
  /** The configured options, each merged over the rule's defaultOptions. */
  readonly options: Options
  readonly document: Document
  readonly filePath: string
  readonly text: TextHelpers
  /** The turn before / after `turn` in the document, if any. */
  previousTurn(turn: Turn): Turn | undefined
  nextTurn(turn: Turn): Turn | undefined
  report(descriptor: ReportDescriptor): void
  /**
   * Says the rule's check applied to this document (for scorecards): acknowledge-feelings when the customer
   * expressed a feeling, avoid-interjection's overlap check when there is timing. A document where the rule
   * applied and reported nothing passed; one where it never applied is "not applicable". A report implies it.
   */
  applies(turn?: Turn): void
}

export type TurnVisitor = (turn: Turn) => void
export interface RuleVisitor {
  document?: (document: Document) => void
  turn?: TurnVisitor
  agentTurn?: TurnVisitor
  customerTurn?: TurnVisitor
  'document:exit'?: (document: Document) => void
}

export interface Rule<Options extends unknown[] = unknown[]> {
  meta: RuleMeta
  create(context: RuleContext<Options>): RuleVisitor
}

/** Identity with types: lets a rule file declare its option types once. */
export function defineRule<Options extends unknown[] = unknown[]>(rule: Rule<Options>): Rule<Options> {
  return rule
}
