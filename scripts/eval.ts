/**
 * npm run eval: measures acknowledge-feelings and offer-alternatives on the shared corpus (evaluation only; no
 * corpus text is ever written into the project).
 *
 *   node dist/scripts/eval.js [--json] [--examples <rule>] [--set dev|validation|test]
 *
 * - twcs-dev-labels.jsonl: precision / recall / F1 per rule, overall and per stratum, at each sureness level,
 *   linting each labelled conversation through the real linter as a JSON transcript.
 * - sgd-notify-failure-turns.jsonl: offer-alternatives on assistant turns that report a failure
 *   (silver_offers_alternative false = should fire; rough labels).
 * - macros/: how often each rule fires on real macro libraries (Zendesk import CSV, saved-reply Markdown).
 *
 * The corpus is read from RAPPORT_CORPUS or <repo>/../shared/corpus; without it the script says so and exits 0.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { builtinRules } from '../rules/index.js'
import type { ResolvedConfig } from '../src/config/types.js'
import { lintText } from '../src/linter.js'
import { buildRoleMap } from '../src/sources/roles.js'
import { SURENESS_LEVELS, type Sureness } from '../src/text/tone.js'

const RULES = ['acknowledge-feelings', 'offer-alternatives'] as const
type RuleId = (typeof RULES)[number]
const STRATA = ['emo', 'ref', 'uniform'] as const

const here = dirname(fileURLToPath(import.meta.url))
// dist/scripts/eval.js → the repo root is two levels up (from source, scripts/ → one level; both handled).
const repoRoot = existsSync(join(here, '..', 'package.json')) ? resolve(here, '..') : resolve(here, '..', '..')
const corpus = process.env.RAPPORT_CORPUS ?? join(repoRoot, '..', 'shared', 'corpus')

const args = process.argv.slice(2)
const asJson = args.includes('--json')
const examplesFor = args.includes('--examples') ? args[args.indexOf('--examples') + 1] : undefined

interface Label {
  key: string
  stratum: string
  acknowledge_feelings_should_fire: boolean | null
  offer_alternatives_should_fire: boolean | null
}

interface Conversation {
  id: string
  turns: { role: string; text: string }[]
}

interface Counts {
  tp: number
  fp: number
  fn: number
  tn: number
}

interface Scores extends Counts {
  precision: number
  recall: number
  f1: number
}

function score(c: Counts): Scores {
  const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp)
  const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn)
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  return { ...c, precision: round(precision), recall: round(recall), f1: round(f1) }
}

const round = (n: number): number => Math.round(n * 1000) / 1000
const empty = (): Counts => ({ tp: 0, fp: 0, fn: 0, tn: 0 })

function add(c: Counts, shouldFire: boolean, fired: boolean): void {
  if (shouldFire && fired) c.tp++
  else if (fired) c.fp++
  else if (shouldFire) c.fn++
  else c.tn++
}

function configFor(rule: RuleId, sureness: Sureness): ResolvedConfig {
  return { rules: { [rule]: { severity: 2, options: [{ sureness }] } }, roles: buildRoleMap(undefined), reportUnusedDisableDirectives: 0 }
}

/** Turn indexes the rule reported on in the conversation. */
async function firedTurns(text: string, filePath: string, rule: RuleId, sureness: Sureness): Promise<{ turns: Set<number>; messages: string[] }> {
  const result = await lintText(text, { filePath, config: configFor(rule, sureness), rules: builtinRules })
  const turns = new Set<number>()
  const messages: string[] = []
  for (const m of result.messages) {
    if (m.fatal) throw new Error(`${filePath}: ${m.message}`)
    if (m.ruleId !== rule) continue
    if (m.turn) turns.add(m.turn.index)
    messages.push(m.message)
  }
  return { turns, messages }
}

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T)
}

/** A small RFC 4180 reader: quoted fields, doubled quotes, line breaks inside quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += ch
  }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''))
}

/** Macros of the corpus: { title, markdown } each. */
function readMacros(): { title: string; text: string }[] {
  const out: { title: string; text: string }[] = []
  const csvPath = join(corpus, 'macros', 'zendesk-macros-import.csv')
  if (existsSync(csvPath)) {
    const [header, ...rows] = parseCsv(readFileSync(csvPath, 'utf8'))
    const titleAt = header!.indexOf('title')
    const actionsAt = header!.indexOf('actions_json')
    for (const row of rows) {
      const actions = JSON.parse(row[actionsAt] ?? '[]') as { field: string; value: unknown }[]
      const comment = actions.find((a) => a.field === 'comment_value')
      if (typeof comment?.value === 'string') out.push({ title: `zendesk: ${row[titleAt]}`, text: comment.value })
    }
  }
  const mdPath = join(corpus, 'macros', 'freecodecamp-reply-templates.md')
  if (existsSync(mdPath)) {
    const md = readFileSync(mdPath, 'utf8')
    for (const section of md.split(/^## /m).slice(1)) {
      const title = section.split('\n')[0]!.trim()
      // Each template is the fenced block under its heading (``` or ```` fences, language "markdown").
      const fences = [...section.matchAll(/^(`{3,})markdown[^\n]*\n([^]*?)^\1\s*$/gm)]
      fences.forEach((fence, i) => out.push({ title: `freecodecamp: ${title}${fences.length > 1 ? ` (${i + 1})` : ''}`, text: fence[2]! }))
    }
  }
  return out
}

interface Figures {
  corpus: string
  date: string
  twcs: Record<RuleId, Record<Sureness, Record<'all' | (typeof STRATA)[number], Scores>>>
  /** Our labels in eval/: validation (checked while tuning) and test (scored only for the figures we publish). */
  validation: Record<RuleId, Record<Sureness, Record<'all' | (typeof STRATA)[number], Scores>>> | null
  test: Record<RuleId, Record<Sureness, Record<'all' | (typeof STRATA)[number], Scores>>> | null
  sgd: Record<Sureness, Scores> | null
  macros: { count: number; fired: Record<RuleId, Record<Sureness, { count: number; titles: string[] }>> } | null
  /** The catalog rules against eval/catalog-labels.jsonl (default options). */
  catalog: Record<string, Scores> | null
  /** The per-turn catalog rules against eval/catalog-targeted-labels.jsonl (turns drawn where they are likely). */
  catalogTargeted: Record<string, Scores> | null
}

interface TargetedLabel {
  key: string
  stratum: string
  blames: boolean | null
  policy_speak: boolean | null
  robotic: boolean | null
  generic_salutation: boolean | null
  shouting: boolean | null
}

/** The per-turn catalog rules on agent turns drawn where their phrasing is likely (all strata together). */
async function scoreTargeted(labels: TargetedLabel[], conversations: Map<string, Conversation>): Promise<Record<string, Scores>> {
  const out: Record<string, Scores> = {}
  for (const { rule, unit, label } of CATALOG) {
    if (unit !== 'turn') continue
    const c = empty()
    for (const l of labels) {
      const value = l[label as keyof TargetedLabel]
      if (value === null || typeof value !== 'boolean') continue
      const [id, index] = l.key.split('#') as [string, string]
      const conversation = conversations.get(id)
      if (!conversation) throw new Error(`targeted label ${l.key}: no such conversation`)
      const config: ResolvedConfig = { rules: { [rule]: { severity: 2, options: [] } }, roles: buildRoleMap(undefined), reportUnusedDisableDirectives: 0 }
      const result = await lintText(JSON.stringify({ id, turns: conversation.turns }), { filePath: `${id}.json`, config, rules: builtinRules })
      add(c, value, result.messages.some((m) => m.ruleId === rule && m.turn?.index === Number(index)))
    }
    out[rule] = score(c)
  }
  return out
}

interface CatalogLabel {
  id: string
  first_agent: number
  last_agent: number
  greets: boolean | null
  thanks: boolean | null
  follow_up: boolean | null
  turns: Record<string, Record<'blames' | 'policy_speak' | 'robotic' | 'generic_salutation' | 'shouting', boolean | null>>
}

/** Which label decides each catalog rule, and where the rule should report. */
const CATALOG: { rule: string; unit: 'first' | 'last' | 'conversation' | 'turn'; label: string; fireWhen: boolean }[] = [
  { rule: 'warm-greeting', unit: 'first', label: 'greets', fireWhen: false },
  { rule: 'express-gratitude', unit: 'conversation', label: 'thanks', fireWhen: false },
  { rule: 'offer-follow-up', unit: 'last', label: 'follow_up', fireWhen: false },
  { rule: 'no-blame', unit: 'turn', label: 'blames', fireWhen: true },
  { rule: 'no-policy-speak', unit: 'turn', label: 'policy_speak', fireWhen: true },
  { rule: 'avoid-robotic-language', unit: 'turn', label: 'robotic', fireWhen: true },
  { rule: 'personalize', unit: 'turn', label: 'generic_salutation', fireWhen: true },
  { rule: 'no-shouting', unit: 'turn', label: 'shouting', fireWhen: true },
]

/** Precision and recall of each catalog rule on our conversation-level labels. */
async function scoreCatalog(labels: CatalogLabel[], conversations: Map<string, Conversation>): Promise<Record<string, Scores>> {
  const out: Record<string, Scores> = {}
  for (const { rule, unit, label, fireWhen } of CATALOG) {
    const c = empty()
    for (const l of labels) {
      const conversation = conversations.get(l.id)
      if (!conversation) throw new Error(`catalog label ${l.id}: no such conversation`)
      const config: ResolvedConfig = { rules: { [rule]: { severity: 2, options: [] } }, roles: buildRoleMap(undefined), reportUnusedDisableDirectives: 0 }
      const result = await lintText(JSON.stringify({ id: l.id, turns: conversation.turns }), { filePath: `${l.id}.json`, config, rules: builtinRules })
      const on = new Set(result.messages.filter((m) => m.ruleId === rule).map((m) => m.turn?.index ?? -1))
      const judge = (value: boolean | null | undefined, fired: boolean) => {
        if (value === null || value === undefined) return
        add(c, value === fireWhen, fired)
      }
      if (unit === 'first') judge(l[label as 'greets'], on.has(l.first_agent))
      else if (unit === 'last') judge(l[label as 'follow_up'], on.has(l.last_agent))
      else if (unit === 'conversation') judge(l[label as 'thanks'], on.size > 0)
      else for (const [index, t] of Object.entries(l.turns)) judge(t[label as 'blames'], on.has(Number(index)))
    }
    out[rule] = score(c)
  }
  return out
}

/** Precision and recall of both rules at each sureness, overall and per stratum, against one set of labels. */
async function scoreLabels(
  labels: Label[],
  conversations: Map<string, Conversation>,
  threadsPath: string,
  setName: string,
): Promise<Figures['twcs']> {
  const out = {} as Figures['twcs']
  for (const rule of RULES) {
    out[rule] = {} as Figures['twcs'][RuleId]
    const field = rule === 'acknowledge-feelings' ? 'acknowledge_feelings_should_fire' : 'offer_alternatives_should_fire'
    for (const sureness of SURENESS_LEVELS) {
      const counts: Record<string, Counts> = { all: empty(), emo: empty(), ref: empty(), uniform: empty() }
      const cache = new Map<string, Set<number>>()
      for (const label of labels) {
        const shouldFire = label[field]
        if (shouldFire === null) continue
        const [id, index] = label.key.split('#') as [string, string]
        const conversation = conversations.get(id)
        if (!conversation) throw new Error(`label ${label.key}: no conversation ${id} in ${threadsPath}`)
        let fired = cache.get(id)
        if (!fired) {
          const text = JSON.stringify({ id: conversation.id, turns: conversation.turns })
          fired = (await firedTurns(text, `${id}.json`, rule, sureness)).turns
          cache.set(id, fired)
        }
        const hit = fired.has(Number(index))
        add(counts.all!, shouldFire, hit)
        add(counts[label.stratum] ?? (counts[label.stratum] = empty()), shouldFire, hit)
        if (examplesFor === rule && hit !== shouldFire) examples.push(`${setName}\t${sureness}\t${hit ? 'FP' : 'FN'}\t${label.key}\t${label.stratum}`)
      }
      out[rule][sureness] = { all: score(counts.all!), emo: score(counts.emo!), ref: score(counts.ref!), uniform: score(counts.uniform!) }
    }
  }
  return out
}

const examples: string[] = []

async function main(): Promise<void> {
  const labelsPath = join(corpus, 'labels', 'twcs-dev-labels.jsonl')
  const threadsPath = join(corpus, 'twcs-airlines-dev.jsonl')
  if (!existsSync(labelsPath) || !existsSync(threadsPath)) {
    console.log(`eval: no corpus at ${corpus} (set RAPPORT_CORPUS); nothing to measure.`)
    return
  }
  const conversations = new Map<string, Conversation>()
  for (const c of readJsonl<Conversation>(threadsPath)) conversations.set(c.id, c)
  const labels = readJsonl<Label>(labelsPath)

  const ours = (name: string) => {
    const path = join(repoRoot, 'eval', name)
    return existsSync(path) ? readJsonl<Label>(path) : []
  }
  const validation = ours('validation-labels.jsonl')
  const test = ours('test-labels.jsonl')
  const figures: Figures = {
    corpus,
    date: new Date().toISOString().slice(0, 10),
    twcs: await scoreLabels(labels, conversations, threadsPath, 'dev'),
    validation: validation.length ? await scoreLabels(validation, conversations, threadsPath, 'validation') : null,
    test: test.length ? await scoreLabels(test, conversations, threadsPath, 'test') : null,
    sgd: null,
    macros: null,
    catalog: null,
    catalogTargeted: null,
  }

  const catalogPath = join(repoRoot, 'eval', 'catalog-labels.jsonl')
  if (existsSync(catalogPath)) figures.catalog = await scoreCatalog(readJsonl<CatalogLabel>(catalogPath), conversations)
  const targetedPath = join(repoRoot, 'eval', 'catalog-targeted-labels.jsonl')
  if (existsSync(targetedPath)) figures.catalogTargeted = await scoreTargeted(readJsonl<TargetedLabel>(targetedPath), conversations)

  const sgdPath = join(corpus, 'sgd-notify-failure-turns.jsonl')
  if (existsSync(sgdPath)) {
    const rows = readJsonl<{ dialogue_id: string; turn_index: number; user_before?: string; system: string; silver_offers_alternative: boolean }>(sgdPath)
    figures.sgd = {} as Record<Sureness, Scores>
    for (const sureness of SURENESS_LEVELS) {
      const c = empty()
      for (const row of rows) {
        const turns = [
          ...(row.user_before ? [{ role: 'customer', text: row.user_before }] : []),
          { role: 'agent', text: row.system },
        ]
        const fired = await firedTurns(JSON.stringify({ id: row.dialogue_id, turns }), 'sgd.json', 'offer-alternatives', sureness)
        const hit = fired.turns.has(turns.length - 1)
        add(c, !row.silver_offers_alternative, hit)
        if (examplesFor === 'sgd' && hit === row.silver_offers_alternative)
          examples.push(`${sureness}\t${hit ? 'FP' : 'FN'}\t${row.dialogue_id}#${row.turn_index}`)
      }
      figures.sgd[sureness] = score(c)
    }
  }

  const macros = readMacros()
  if (macros.length > 0) {
    figures.macros = { count: macros.length, fired: {} as Record<RuleId, Record<Sureness, { count: number; titles: string[] }>> }
    for (const rule of RULES) {
      figures.macros.fired[rule] = {} as Record<Sureness, { count: number; titles: string[] }>
      for (const sureness of SURENESS_LEVELS) {
        const titles: string[] = []
        for (const macro of macros) {
          const fired = await firedTurns(macro.text, 'macro.md', rule, sureness)
          if (fired.messages.length > 0) titles.push(`${macro.title} — ${fired.messages[0]}`)
        }
        figures.macros.fired[rule][sureness] = { count: titles.length, titles }
      }
    }
  }

  if (asJson) {
    console.log(JSON.stringify(figures, null, 2))
    return
  }
  const pct = (n: number): string => n.toFixed(2)
  const line = (name: string, s: Scores): string =>
    `  ${name.padEnd(9)} P ${pct(s.precision)}  R ${pct(s.recall)}  F1 ${pct(s.f1)}   TP ${s.tp}  FP ${s.fp}  FN ${s.fn}`
  console.log(`rapport eval — corpus ${corpus}`)
  const only = args.includes('--set') ? args[args.indexOf('--set') + 1] : undefined
  const sets: [string, Figures['twcs'] | null, number][] = [
    ['twcs-dev-labels, the labels the rules were tuned on', figures.twcs, labels.length],
    ['eval/validation-labels, checked while tuning', figures.validation, validation.length],
    ['eval/test-labels, never looked at while tuning', figures.test, test.length],
  ]
  for (const rule of RULES) {
    for (const [name, set, count] of sets) {
      if (!set || (only && !name.includes(only))) continue
      for (const sureness of SURENESS_LEVELS) {
        console.log(`\n${rule} · sureness ${sureness} · ${name} (${count} agent turns)`)
        const f = set[rule][sureness]
        for (const stratum of ['all', ...STRATA] as const) console.log(line(stratum, f[stratum]))
      }
    }
  }
  if (figures.sgd) {
    console.log('\noffer-alternatives · sgd-notify-failure-turns (silver labels: no alternative offered = should fire)')
    for (const sureness of SURENESS_LEVELS) console.log(line(sureness, figures.sgd[sureness]))
  }
  if (figures.catalog) {
    console.log('\ncatalog rules · eval/catalog-labels (conversations labelled under eval/RUBRIC-catalog.md; default options)')
    for (const [rule, f] of Object.entries(figures.catalog))
      console.log(`  ${rule.padEnd(23)} P ${pct(f.precision)}  R ${pct(f.recall)}  F1 ${pct(f.f1)}   TP ${f.tp}  FP ${f.fp}  FN ${f.fn}`)
  }
  if (figures.catalogTargeted) {
    console.log('\ncatalog rules · eval/catalog-targeted-labels (agent turns drawn where the phrasing is likely)')
    for (const [rule, f] of Object.entries(figures.catalogTargeted))
      console.log(`  ${rule.padEnd(23)} P ${pct(f.precision)}  R ${pct(f.recall)}  F1 ${pct(f.f1)}   TP ${f.tp}  FP ${f.fp}  FN ${f.fn}`)
  }
  if (figures.macros) {
    console.log(`\nmacros (${figures.macros.count}: Zendesk import + saved replies): how many each rule fires on`)
    for (const rule of RULES)
      for (const sureness of SURENESS_LEVELS) {
        const f = figures.macros.fired[rule][sureness]
        console.log(`  ${rule} · ${sureness}: ${f.count}/${figures.macros.count} (${pct(f.count / figures.macros.count)})`)
        for (const t of f.titles) console.log(`      ${t}`)
      }
  }
  if (examples.length > 0) console.log(`\n${examples.join('\n')}`)
}

main().catch((error: unknown) => {
  console.error(`eval: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(2)
})
