/**
 * -f html: a QA report as one self-contained HTML file — headline pass rates, a bar chart per rule, an agent ×
 * rule heat map, the trend over days, the conversations that most need a look (their failing turns quoted) and
 * the files that could not be read. It works offline: styles and scripts are inline (Chart.js is read from
 * node_modules when the report is written, never fetched), a Content-Security-Policy lets nothing else load, and
 * the only links out are the rules' pages.
 *
 * The tables are plain HTML, so the page reads (and prints) without scripts; the script sorts them when a column
 * header is clicked and draws the charts from the JSON in <script type="application/json" id="data">.
 * Everything that comes from customer data (quotes, ids, titles, agent names, file names) is escaped.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import type { Failure } from '../linter.js'
import type { RuleMeta } from '../rule.js'
import { scorecardOfResults, wholePercent, type Group, type Rate, type Scorecard, type ScoredDocument } from '../scorecard.js'
import type { Formatter } from './index.js'

export interface ReportOptions {
  rulesMeta: Record<string, RuleMeta>
  /** When the report was made (shown in its header); default now. An ISO date is shown as "YYYY-MM-DD HH:MM UTC". */
  generatedAt?: string
  title?: string
}

/** How many conversations the "need a look" list shows. */
export const WORST_COUNT = 20

const DEFAULT_TITLE = 'Customer-service QA report'

// ---------------------------------------------------------------------------------------------------------------
// Escaping

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text (or an attribute value in double quotes) safe to put into HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)
}

/** JSON safe inside a <script> element: no `<`, `>` or `&` (so no `</script>` or `<!--`), no U+2028/U+2029. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** Only links that cannot run script: http(s) and file URLs. */
function safeUrl(url: string | undefined): string | undefined {
  return url !== undefined && /^(https?|file):/i.test(url) ? url : undefined
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers and colours (the page's script computes the same colours for the charts)

/** A pass rate as a whole percentage ("43%"), never rounding a failure up to 100% or a pass down to 0%. */
export function percent(rate: number): string {
  return `${wholePercent(rate)}%`
}

/**
 * Pass rate → hue, from red through orange and amber to green. Not linear: in QA, 60% is poor and 90% only fair,
 * so the warm colours take most of the scale.
 */
const HUE_STOPS: [number, number][] = [[0, 0], [0.5, 20], [0.75, 38], [0.9, 58], [1, 130]]

function hue(rate: number): number {
  const r = Math.max(0, Math.min(1, rate))
  for (let i = 1; i < HUE_STOPS.length; i++) {
    const [r1, h1] = HUE_STOPS[i]!
    const [r0, h0] = HUE_STOPS[i - 1]!
    if (r <= r1) return Math.round(h0 + ((r - r0) / (r1 - r0)) * (h1 - h0))
  }
  return HUE_STOPS.at(-1)![1]
}

/** Background of a heat-map cell or badge: light, so dark text stays readable. */
function tint(rate: number): string {
  return `hsl(${hue(rate)} 72% ${Math.round(77 + 9 * Math.max(0, Math.min(1, rate)))}%)`
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`

/** Chart.js's UMD build, read once from node_modules. */
let chartJs: string | undefined
function chartLibrary(): string {
  if (chartJs !== undefined) return chartJs
  // The package's exports map hides dist/, so find it beside the CommonJS entry point.
  const dir = dirname(createRequire(import.meta.url).resolve('chart.js'))
  const file = ['chart.umd.js', 'chart.umd.min.js'].map((name) => join(dir, name)).find((path) => existsSync(path))
  if (!file) throw new Error(`the HTML report needs Chart.js's UMD build, which is not in ${dir}; reinstall rapport`)
  chartJs = readFileSync(file, 'utf8')
    .replace(/\n\/\/# sourceMappingURL=\S*\s*$/, '\n')
    .replace(/<\/script/gi, '<\\/script')
  return chartJs
}

// ---------------------------------------------------------------------------------------------------------------
// Pieces of the page

interface Column {
  label: string
  /** How the column sorts; undefined: it does not. */
  type?: 'number' | 'text'
  /** Initial order of the table, when the table comes sorted by this column. */
  sorted?: 'ascending' | 'descending'
  className?: string
  /** Header HTML instead of the escaped label (already escaped). */
  html?: string
}

/** A sortable table's header row. */
function headerRow(columns: Column[]): string {
  const cells = columns.map((c) => {
    if (!c.type) return `<th scope="col"${c.className ? ` class="${c.className}"` : ''}>${c.html ?? escapeHtml(c.label)}</th>`
    const attrs = [`scope="col"`, `data-type="${c.type}"`]
    if (c.sorted) attrs.push(`aria-sort="${c.sorted}"`)
    if (c.className) attrs.push(`class="${c.className}"`)
    return `<th ${attrs.join(' ')}><button type="button" class="sort">${c.html ?? escapeHtml(c.label)}<span class="arrow" aria-hidden="true"></span></button></th>`
  })
  return `<thead><tr>${cells.join('')}</tr></thead>`
}

/** A table cell showing a rate: "75% (3/4)" on its colour, or empty when it never applied. */
function rateCell(rate: Rate | undefined, { className = 'cell' } = {}): string {
  if (!rate || rate.passRate === null) return `<td class="${className} empty" data-value=""></td>`
  const title = `${rate.passed} of ${rate.applicable} passed`
  return `<td class="${className}" data-value="${rate.passRate}" style="background:${tint(rate.passRate)}" title="${title}">${percent(rate.passRate)} <span class="frac">(${rate.passed}/${rate.applicable})</span></td>`
}

function ruleLink(id: string, meta: RuleMeta | undefined): string {
  const url = safeUrl(meta?.url)
  const name = escapeHtml(id)
  return url ? `<a class="rule" href="${escapeHtml(url)}">${name}</a>` : `<span class="rule">${name}</span>`
}

/** A rule id that may wrap after its hyphens (heat-map headers stay narrow). */
const wrappable = (id: string) => escapeHtml(id).replace(/-/g, '-<wbr>')

function headline(card: Scorecard, worst: ScoredDocument[]): string {
  const o = card.overall
  const withFailures = card.records.filter((d) => d.failures.length > 0).length
  const files = new Set(card.records.map((d) => d.file)).size
  const rate = o.passRate
  const lead =
    card.documents === 0
      ? 'No conversations or macros were scored.'
      : rate === null
        ? `${count(card.documents, 'document')} scored, but no rule applied to any of them.`
        : `Across ${count(card.documents, 'document')} from ${count(files, 'file')}, ${percent(rate)} of the checks that applied passed (${o.passed.toLocaleString('en-US')} of ${o.applicable.toLocaleString('en-US')}).`
  const stat = (label: string, value: string, note: string, style = '') =>
    `<div class="stat"${style}><div class="label">${label}</div><div class="value">${value}</div><div class="note">${note}</div></div>`
  const stats = [
    stat('Overall pass rate', rate === null ? '—' : percent(rate), rate === null ? 'no rule applied' : `${o.passed.toLocaleString('en-US')} of ${o.applicable.toLocaleString('en-US')} checks`, rate === null ? '' : ` style="border-top-color:hsl(${hue(rate)} 60% 45%)"`),
    stat('Documents scored', card.documents.toLocaleString('en-US'), `conversations and macros in ${count(files, 'file')}`),
    stat('Failed checks', o.failed.toLocaleString('en-US'), `in ${count(withFailures, 'document')}`),
    stat('Agents', card.agents.filter((a) => a.key !== '(no agent)').length.toLocaleString('en-US'), card.days.length ? `over ${count(card.days.length, 'day')}` : 'sources had no dates'),
  ]
  const unreadable = card.unreadable.length
    ? `<p class="warning">${count(card.unreadable.length, 'file or line', 'files or lines')} could not be read, so nothing in ${card.unreadable.length === 1 ? 'it' : 'them'} was scored: see <a href="#unreadable">the list at the end</a>.</p>`
    : ''
  const worstNote = worst.length ? ` The <a href="#worst">conversations that most need a look</a> are quoted further down.` : ''
  return `<section class="panel" id="summary" aria-labelledby="summary-h">
<h2 id="summary-h">At a glance</h2>
<p class="lead">${lead}${worstNote}</p>
<div class="stats">${stats.join('')}</div>
${unreadable}</section>`
}

function rulesSection(card: Scorecard, meta: Record<string, RuleMeta>): string {
  const ids = Object.keys(card.rules)
  if (ids.length === 0) return `<section class="panel" id="rules"><h2>Pass rate per rule</h2><p class="muted">No rule ran.</p></section>`
  const never = ids.filter((id) => card.rules[id]!.passRate === null)
  const charted = ids.length - never.length
  const rows = ids.map((id) => {
    const r = card.rules[id]!
    const description = meta[id]?.description ? `<div class="desc">${escapeHtml(meta[id]!.description)}</div>` : ''
    const rateTd =
      r.passRate === null
        ? `<td class="num na" data-value="">not applicable</td>`
        : `<td class="num" data-value="${r.passRate}"><span class="badge" style="background:${tint(r.passRate)}">${percent(r.passRate)}</span></td>`
    return `<tr><td data-value="${escapeHtml(id)}">${ruleLink(id, meta[id])}${description}</td>${rateTd}<td class="num" data-value="${r.passed}">${r.passed}</td><td class="num" data-value="${r.failed}">${r.failed}</td><td class="num" data-value="${r.applicable}">${r.applicable}</td><td class="num" data-value="${r.notApplicable}">${r.notApplicable}</td></tr>`
  })
  const columns: Column[] = [
    { label: 'Rule', type: 'text', sorted: 'ascending' },
    { label: 'Pass rate', type: 'number', className: 'num' },
    { label: 'Passed', type: 'number', className: 'num' },
    { label: 'Failed', type: 'number', className: 'num' },
    { label: 'Applied to', type: 'number', className: 'num' },
    { label: 'Not applicable', type: 'number', className: 'num' },
  ]
  const chart = charted
    ? `<div class="chart-box" style="height:${Math.max(140, charted * 30 + 50)}px"><canvas id="rules-chart" role="img" aria-label="Bar chart of the pass rate of each rule"></canvas></div>`
    : ''
  const neverNote = never.length
    ? `<p class="muted small">Not in the chart, because they never applied: ${never.map((id) => `<code>${escapeHtml(id)}</code>`).join(', ')}.</p>`
    : ''
  return `<section class="panel" id="rules" aria-labelledby="rules-h">
<h2 id="rules-h">Pass rate per rule</h2>
<p class="muted">A rule <em>applies</em> to a document when there is something for it to check (for example, a customer who sounded upset); it <em>passes</em> when nothing was wrong.</p>
${chart}${neverNote}
<div class="scroll"><table class="sortable" id="rules-table">${headerRow(columns)}<tbody>${rows.join('')}</tbody></table></div>
</section>`
}

function heatMapSection(card: Scorecard): string {
  const ids = Object.keys(card.rules).filter((id) => card.rules[id]!.passRate !== null)
  if (card.agents.length === 0 || ids.length === 0)
    return `<section class="panel" id="agents"><h2>Agents × rules</h2><p class="muted">There is nothing to show per agent: no rule applied.</p></section>`
  const columns: Column[] = [
    { label: 'Agent', type: 'text' },
    { label: 'Documents', type: 'number', className: 'num', sorted: 'descending' },
    { label: 'Overall', type: 'number', className: 'num' },
    ...ids.map((id): Column => ({ label: id, type: 'number', className: 'rule-col', html: wrappable(id) })),
  ]
  const rows = card.agents.map((a: Group) => {
    const name = a.key === '(no agent)' ? `<span class="muted">${escapeHtml(a.key)}</span>` : escapeHtml(a.key)
    return `<tr><th scope="row" data-value="${escapeHtml(a.key)}">${name}</th><td class="num" data-value="${a.documents}">${a.documents}</td>${rateCell(a.overall, { className: 'cell overall' })}${ids.map((id) => rateCell(a.rules[id])).join('')}</tr>`
  })
  return `<section class="panel" id="agents" aria-labelledby="agents-h">
<h2 id="agents-h">Agents × rules</h2>
<p class="muted">Each cell is the agent's pass rate for that rule, with how many of the documents it applied to passed. An empty cell means the rule never applied to that agent's documents. A document with several agents counts for each of them; documents with no agent turn (macros, for one) are under <em>(no agent)</em>.</p>
<div class="legend" aria-hidden="true"><span>0%</span><span class="ramp"></span><span>100% passed</span></div>
<div class="scroll"><table class="sortable heat" id="agents-table">${headerRow(columns)}<tbody>${rows.join('')}</tbody></table></div>
</section>`
}

function trendSection(card: Scorecard): string {
  if (card.days.length === 0)
    return `<section class="panel" id="trend" aria-labelledby="trend-h"><h2 id="trend-h">Over time</h2><p class="muted">None of these sources had dates, so there is no trend to show. Chat and call transcripts with timestamps get one.</p></section>`
  const rows = card.days.map(
    (d) => `<tr><td data-value="${escapeHtml(d.key)}">${escapeHtml(d.key)}</td><td class="num" data-value="${d.documents}">${d.documents}</td>${rateCell(d.overall)}</tr>`,
  )
  const columns: Column[] = [
    { label: 'Day', type: 'text', sorted: 'ascending' },
    { label: 'Documents', type: 'number', className: 'num' },
    { label: 'Pass rate', type: 'number', className: 'num' },
  ]
  const one = card.days.length === 1 ? ' All the dated documents are from one day, so the chart has a single point.' : ''
  return `<section class="panel" id="trend" aria-labelledby="trend-h">
<h2 id="trend-h">Over time</h2>
<p class="muted">The overall pass rate per day (the thick line), and each rule's<span class="no-print"> (click a name in the legend to hide or show it)</span>. Only documents whose source has dates count here.${one}</p>
<div class="chart-box" style="height:320px"><canvas id="trend-chart" role="img" aria-label="Line chart of the pass rate per day"></canvas></div>
<details><summary>The numbers per day</summary><div class="scroll"><table class="sortable" id="days-table">${headerRow(columns)}<tbody>${rows.join('')}</tbody></table></div></details>
</section>`
}

/** The conversations that most need a look: lowest score first, then most failures; each needs one failure. */
export function worstDocuments(records: ScoredDocument[], limit = WORST_COUNT): ScoredDocument[] {
  return records
    .filter((d) => d.failures.length > 0 && d.score !== null)
    .sort((a, b) => a.score! - b.score! || b.failures.length - a.failures.length || a.file.localeCompare(b.file) || a.line - b.line)
    .slice(0, limit)
}

/** Failures by the turn they are in, so a quoted turn (a whole macro, often) is shown once. */
function byTurn(failures: Failure[]): Failure[][] {
  const groups = new Map<string, Failure[]>()
  for (const f of failures) {
    const key = `${f.turn ?? ''}\u0000${f.speaker ?? ''}\u0000${f.quote ?? ''}`
    const list = groups.get(key)
    if (list) list.push(f)
    else groups.set(key, [f])
  }
  return [...groups.values()]
}

function failuresHtml(failures: Failure[], meta: Record<string, RuleMeta>): string {
  return byTurn(failures)
    .map((group) => {
      const first = group[0]!
      const who = first.speaker ? `<span class="speaker">${escapeHtml(first.speaker)}</span>` : ''
      const quote = first.quote ? `<blockquote class="quote">${escapeHtml(first.quote)}</blockquote>` : ''
      const items = group.map((f) => {
        const description = meta[f.ruleId]?.description ? `<div class="desc">${escapeHtml(meta[f.ruleId]!.description)}</div>` : ''
        return `<li>${ruleLink(f.ruleId, meta[f.ruleId])} <span class="where">line ${f.line}</span><div class="message">${escapeHtml(f.message)}</div>${description}</li>`
      })
      return `<div class="turn">${who || quote ? `<div class="said">${who}${quote}</div>` : ''}<ul class="failures">${items.join('')}</ul></div>`
    })
    .join('')
}

function worstSection(worst: ScoredDocument[], meta: Record<string, RuleMeta>, documents: number): string {
  if (worst.length === 0)
    return `<section class="panel" id="worst" aria-labelledby="worst-h"><h2 id="worst-h">Conversations that need a look</h2><p>${
      documents === 0 ? 'No documents were scored: check the inputs.' : 'Nothing failed a check. Nice work!'
    }</p></section>`
  const rows = worst.map((d, i) => {
    const name = d.title && d.id && d.title !== d.id ? `${escapeHtml(d.title)} <span class="muted">(${escapeHtml(d.id)})</span>` : escapeHtml(d.title ?? d.id ?? '')
    const where = `<code>${escapeHtml(d.file).replace(/\//g, '/<wbr>')}:${d.line}</code>`
    const extra = [d.day ? `on ${escapeHtml(d.day)}` : '', d.tags?.length ? `tags: ${d.tags.map(escapeHtml).join(', ')}` : ''].filter(Boolean).join(' · ')
    const agents = d.agents.length ? d.agents.map(escapeHtml).join(', ') : '<span class="muted">none</span>'
    return `<tr class="conversation"><td class="num rank" data-value="${i + 1}">${i + 1}</td><td class="num" data-value="${d.score}"><span class="badge" style="background:${tint(d.score!)}">${percent(d.score!)}</span><div class="small muted">${d.passed}/${d.applicable} passed</div></td><td class="num failures-cell" data-value="${d.failures.length}">${d.failures.length}</td><td class="where-cell" data-value="${escapeHtml(d.file)}:${String(d.line).padStart(9, '0')}">${name ? `<div class="title">${name}</div>` : ''}<div>${where}</div>${extra ? `<div class="small muted">${extra}</div>` : ''}</td><td class="agents-cell" data-value="${escapeHtml(d.agents.join(', '))}">${agents}</td><td class="detail">${failuresHtml(d.failures, meta)}</td></tr>`
  })
  const columns: Column[] = [
    { label: '#', type: 'number', className: 'num', sorted: 'ascending' },
    { label: 'Score', type: 'number', className: 'num' },
    { label: 'Failures', type: 'number', className: 'num' },
    { label: 'Where', type: 'text' },
    { label: 'Agents', type: 'text' },
    { label: 'What went wrong' },
  ]
  return `<section class="panel" id="worst" aria-labelledby="worst-h">
<h2 id="worst-h">Conversations that need a look</h2>
<p class="muted">The ${worst.length === 1 ? 'document' : `${worst.length} documents`} with the lowest scores (the share of applicable rules passed) that failed at least one check, with the turns that failed quoted. Ties go to the one with more failures.</p>
<div class="scroll"><table class="sortable worst" id="worst-table">${headerRow(columns)}<tbody>${rows.join('')}</tbody></table></div>
</section>`
}

function unreadableSection(card: Scorecard): string {
  if (card.unreadable.length === 0) return ''
  const rows = card.unreadable.map((u) => `<tr><td><code>${escapeHtml(u.file)}${u.line !== undefined ? `:${u.line}` : ''}</code></td><td>${escapeHtml(u.message)}</td></tr>`)
  return `<section class="panel" id="unreadable" aria-labelledby="unreadable-h">
<h2 id="unreadable-h">What could not be read</h2>
<p class="muted">Nothing in these files was scored. Fix them and run rapport again to include them.</p>
<div class="scroll"><table id="unreadable-table"><thead><tr><th scope="col">File</th><th scope="col">What went wrong</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>
</section>`
}

function when(generatedAt: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d+)?)?Z$/.exec(generatedAt)
  return m ? `${m[1]} ${m[2]} UTC` : generatedAt
}

// ---------------------------------------------------------------------------------------------------------------
// Style and script

/** The worst conversations as cards (a summary line, then what went wrong below): for print and small screens. */
const STACKED_WORST = `
  .worst thead { display: none; }
  .worst, .worst tbody { display: block; }
  .worst tr { display: grid; grid-template-columns: 2.5em 6em minmax(0, 1fr) minmax(0, 14em); column-gap: 10px; border-bottom: 1px solid var(--line); padding: 8px 0; }
  .worst td { border: 0; padding: 0; min-width: 0; max-width: none; }
  .worst td.rank { text-align: left; font-weight: 700; }
  .worst td.rank::before { content: "#"; }
  .worst td.num:not(.rank) { text-align: left; }
  .worst td.failures-cell { display: none; }
  .worst td.agents-cell::before { content: "Agents: "; color: var(--muted); }
  .worst td.detail { grid-column: 1 / -1; min-width: 0; margin-top: 6px; }
`

const STYLE = `
:root { --ink: #1c2230; --muted: #5a6372; --line: #dfe3ea; --bg: #f4f5f8; --panel: #fff; --link: #2450c4; color-scheme: light; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 0 28px 48px; }
header.top { display: flex; align-items: flex-end; justify-content: space-between; gap: 16px; padding: 28px 0 8px; }
h1 { margin: 0; font-size: 28px; line-height: 1.2; }
h2 { margin: 0 0 8px; font-size: 20px; }
.subtitle { margin: 4px 0 0; color: var(--muted); }
a { color: var(--link); }
code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: break-word; }
.muted { color: var(--muted); }
.small { font-size: 13px; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 20px 24px; margin-top: 18px; }
.lead { font-size: 17px; margin: 0 0 14px; }
.warning { margin: 14px 0 0; padding: 8px 12px; border-left: 4px solid #c43c2c; background: #fdf0ee; border-radius: 4px; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; }
.stat { border: 1px solid var(--line); border-top: 4px solid #8a94a6; border-radius: 8px; padding: 10px 14px; }
.stat .label { color: var(--muted); font-size: 13px; text-transform: uppercase; letter-spacing: .04em; }
.stat .value { font-size: 32px; font-weight: 700; line-height: 1.2; font-variant-numeric: tabular-nums; }
.stat .note { color: var(--muted); font-size: 13px; }
.print-button { font: inherit; padding: 6px 14px; border: 1px solid var(--line); border-radius: 6px; background: var(--panel); color: var(--ink); cursor: pointer; }
.print-button:hover { border-color: #9aa3b2; }
.chart-box { position: relative; width: 100%; margin: 8px 0 16px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 7px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { font-size: 13px; color: var(--muted); font-weight: 600; vertical-align: bottom; border-bottom: 2px solid var(--line); }
tbody th { font-weight: 600; }
.num { text-align: right; white-space: nowrap; }
thead th.num .sort { text-align: right; }
.sort { all: unset; cursor: pointer; display: inline; color: inherit; font: inherit; }
.sort:focus-visible { outline: 2px solid var(--link); outline-offset: 2px; }
.sort:hover { color: var(--ink); }
.arrow::after { content: "\\2195"; opacity: .35; margin-left: 4px; }
th[aria-sort="ascending"] .arrow::after { content: "\\25B2"; opacity: .8; font-size: 10px; }
th[aria-sort="descending"] .arrow::after { content: "\\25BC"; opacity: .8; font-size: 10px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600; color: #14181f; }
.na { color: var(--muted); font-style: italic; }
.desc { color: var(--muted); font-size: 13px; }
a.rule, span.rule { font-weight: 600; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13.5px; }
table.heat { width: auto; }
.heat th, .heat td { padding: 5px 5px; }
.heat th[aria-sort="none"] .arrow::after { content: none; }
.heat thead th.rule-col { min-width: 62px; max-width: 110px; text-align: center; font-size: 12px; }
.heat tbody th { min-width: 110px; max-width: 220px; overflow-wrap: break-word; }
.heat td.cell { text-align: center; white-space: nowrap; color: #14181f; border: 2px solid var(--panel); line-height: 1.25; }
.heat td.cell .frac { display: block; }
.heat td.cell.empty { background: repeating-linear-gradient(45deg, #f7f8fa, #f7f8fa 4px, #eef0f4 4px, #eef0f4 8px); }
.heat td.overall { font-weight: 700; }
.frac { font-size: 12px; opacity: .75; }
.legend { display: flex; align-items: center; gap: 8px; font-size: 12px; color: var(--muted); margin: 4px 0 10px; }
.legend .ramp { display: inline-block; width: 240px; height: 12px; border-radius: 6px; background: linear-gradient(90deg, ${HUE_STOPS.map(([r, h]) => `${tint(r)} ${r * 100}%`).join(', ')}); border: 1px solid var(--line); }
details { margin-top: 8px; }
summary { cursor: pointer; color: var(--link); }
.worst td.detail { min-width: 420px; }
.worst .title { font-weight: 600; }
.worst td.where-cell { min-width: 200px; max-width: 300px; }
.turn + .turn { margin-top: 12px; padding-top: 10px; border-top: 1px dashed var(--line); }
.speaker { display: inline-block; font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin-bottom: 2px; }
blockquote.quote { margin: 0 0 6px; padding: 6px 10px; border-left: 3px solid #c9cfda; background: #f7f8fa; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 14em; overflow: auto; }
ul.failures { margin: 0; padding-left: 18px; }
ul.failures li + li { margin-top: 6px; }
.where { color: var(--muted); font-size: 12px; }
.message { margin-top: 1px; }
footer { margin-top: 24px; color: var(--muted); font-size: 13px; text-align: center; }
@media (max-width: 900px) { main { padding: 0 12px 32px; } .panel { padding: 14px; } ${STACKED_WORST} }
@media print {
  @page { margin: 12mm; }
  :root { --bg: #fff; }
  body { font-size: 10pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  main { max-width: none; padding: 0; }
  .print-button, .no-print, .arrow { display: none !important; }
  .sort { cursor: auto; }
  .panel { border: 0; border-radius: 0; padding: 0; margin-top: 14pt; }
  h2 { break-after: avoid; }
  .stat { break-inside: avoid; }
  .chart-box { break-inside: avoid; max-width: 100%; }
  .chart-box canvas { max-width: 100% !important; }
  .scroll { overflow: visible; }
  thead { display: table-header-group; }
  tr, .turn { break-inside: avoid; }
  details > summary { display: none; }
  blockquote.quote { max-height: none; overflow: visible; }
${STACKED_WORST}  .stats { grid-template-columns: repeat(4, 1fr); gap: 8px; }
  .stat { padding: 6px 10px; }
  .stat .value { font-size: 20pt; }
  .heat { font-size: 7pt; }
  .heat th, .heat td { padding: 2px 3px; }
  .heat thead th, .heat thead th.rule-col { min-width: 0; font-size: 6.5pt; }
  .heat tbody th { min-width: 0; }
  .heat .frac { font-size: 6pt; }
  a { color: inherit; text-decoration: none; }
}
`

/** The page's own script: sortable tables and the charts. Plain ES2017, no modules, nothing fetched. */
const SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('data').textContent);
  var collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

  // Sortable tables: click a header; numbers sort as numbers; empty cells stay last either way.
  function valueOf(row, index, type) {
    var cell = row.cells[index];
    if (!cell) return null;
    var raw = cell.getAttribute('data-value');
    if (raw === null) raw = cell.textContent.trim();
    if (raw === '') return null;
    if (type === 'number') { var n = Number(raw); return isNaN(n) ? null : n; }
    return raw;
  }
  function sortTable(table, th, direction) {
    var headers = Array.prototype.slice.call(th.parentNode.cells);
    var index = headers.indexOf(th);
    var type = th.getAttribute('data-type');
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row) {
      return { row: row, value: valueOf(row, index, type), order: Number(row.getAttribute('data-order')) };
    });
    var sign = direction === 'descending' ? -1 : 1;
    rows.sort(function (a, b) {
      if (a.value === null || b.value === null) {
        if (a.value === null && b.value === null) return a.order - b.order;
        return a.value === null ? 1 : -1;
      }
      var c = type === 'number' ? a.value - b.value : collator.compare(a.value, b.value);
      return c !== 0 ? sign * c : a.order - b.order;
    });
    rows.forEach(function (r) { body.appendChild(r.row); });
    headers.forEach(function (h) { if (h !== th && h.hasAttribute('data-type')) h.setAttribute('aria-sort', 'none'); });
    th.setAttribute('aria-sort', direction);
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row, i) { row.setAttribute('data-order', String(i)); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      if (!th.hasAttribute('data-type')) return;
      if (!th.hasAttribute('aria-sort')) th.setAttribute('aria-sort', 'none');
      var button = th.querySelector('button.sort');
      button.addEventListener('click', function () {
        sortTable(table, th, th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending');
      });
    });
  });

  var printButton = document.getElementById('print');
  printButton.hidden = false;
  printButton.addEventListener('click', function () { window.print(); });

  // Charts.
  if (typeof Chart === 'undefined') return;
  var stops = ${JSON.stringify(HUE_STOPS)};
  function hue(rate) {
    var r = Math.max(0, Math.min(1, rate));
    for (var i = 1; i < stops.length; i++)
      if (r <= stops[i][0]) return Math.round(stops[i - 1][1] + (r - stops[i - 1][0]) / (stops[i][0] - stops[i - 1][0]) * (stops[i][1] - stops[i - 1][1]));
    return stops[stops.length - 1][1];
  }
  function pct(rate) {
    var p = Math.round(rate * 100);
    if (p === 100 && rate < 1) p = 99;
    if (p === 0 && rate > 0) p = 1;
    return p + '%';
  }
  var style = getComputedStyle(document.body);
  Chart.defaults.font.family = style.fontFamily;
  Chart.defaults.font.size = 13;
  Chart.defaults.color = '#3a4252';
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  var charts = [];
  var percentAxis = { min: 0, max: 100, ticks: { stepSize: 20, callback: function (v) { return v + '%'; } }, grid: { color: '#e8ebf0' } };

  var ruleIds = Object.keys(data.rules).filter(function (id) { return data.rules[id].passRate !== null; });
  var rulesCanvas = document.getElementById('rules-chart');
  if (rulesCanvas && ruleIds.length) {
    // Each bar is labelled with its rate at its end.
    var barLabels = {
      id: 'barLabels',
      afterDatasetsDraw: function (chart) {
        var ctx = chart.ctx;
        var meta = chart.getDatasetMeta(0);
        ctx.save();
        ctx.font = '600 12px ' + style.fontFamily;
        ctx.fillStyle = '#1c2230';
        ctx.textBaseline = 'middle';
        meta.data.forEach(function (bar, i) {
          var r = data.rules[ruleIds[i]];
          var text = pct(r.passRate) + '  (' + r.passed + '/' + r.applicable + ')';
          var width = ctx.measureText(text).width;
          var inside = bar.x + width + 8 > chart.chartArea.right;
          ctx.textAlign = inside ? 'right' : 'left';
          ctx.fillText(text, inside ? bar.x - 6 : bar.x + 6, bar.y);
        });
        ctx.restore();
      },
    };
    charts.push(new Chart(rulesCanvas, {
      type: 'bar',
      data: {
        labels: ruleIds,
        datasets: [{
          label: 'Pass rate',
          data: ruleIds.map(function (id) { return Math.round(data.rules[id].passRate * 1000) / 10; }),
          backgroundColor: ruleIds.map(function (id) { return 'hsl(' + hue(data.rules[id].passRate) + ' 62% 58%)'; }),
          borderRadius: 4,
          barPercentage: 0.8,
          categoryPercentage: 0.9,
        }],
      },
      options: {
        indexAxis: 'y',
        responsive: true,
        scales: { x: percentAxis, y: { grid: { display: false }, ticks: { font: { family: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', size: 12 } } } },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (c) { var r = data.rules[ruleIds[c.dataIndex]]; return pct(r.passRate) + ' passed (' + r.passed + ' of ' + r.applicable + ')'; } } },
        },
      },
      plugins: [barLabels],
    }));
  }

  var trendCanvas = document.getElementById('trend-chart');
  if (trendCanvas && data.days.length) {
    var days = data.days.map(function (d) { return d.key; });
    var palette = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#1f77b4', '#8c564b'];
    var asPoint = function (rate) { return rate && rate.passRate !== null ? Math.round(rate.passRate * 1000) / 10 : null; };
    var single = days.length === 1;
    var datasets = [{
      label: 'All rules',
      data: data.days.map(function (d) { return asPoint(d.overall); }),
      borderColor: '#1c2230', backgroundColor: '#1c2230', borderWidth: 3.5, pointRadius: single ? 6 : 3, clip: 6, order: 0,
    }];
    ruleIds.forEach(function (id, i) {
      var colour = palette[i % palette.length];
      datasets.push({
        label: id,
        data: data.days.map(function (d) { return asPoint(d.rules[id]); }),
        borderColor: colour, backgroundColor: colour, borderWidth: 1.5, pointRadius: single ? 4 : 2, spanGaps: true, clip: 6, order: 1,
      });
    });
    charts.push(new Chart(trendCanvas, {
      type: 'line',
      data: { labels: days, datasets: datasets },
      options: {
        responsive: true,
        interaction: { mode: 'index', intersect: false },
        scales: { y: percentAxis, x: { grid: { display: false }, offset: single } },
        plugins: {
          legend: { position: 'right', labels: { boxWidth: 14, font: { size: 12 } } },
          tooltip: { callbacks: { label: function (c) { return c.dataset.label + ': ' + (c.parsed.y === null ? 'not applicable' : c.parsed.y + '%'); } } },
        },
      },
    }));
  }

  // Redraw at the page's width when printing, and back after.
  function resizeAll() { charts.forEach(function (c) { c.resize(); }); }
  window.addEventListener('beforeprint', resizeAll);
  window.addEventListener('afterprint', resizeAll);
  if (window.matchMedia) {
    var print = window.matchMedia('print');
    if (print.addEventListener) print.addEventListener('change', resizeAll);
  }
  document.documentElement.setAttribute('data-charts', String(charts.length));
})();
`

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`

// ---------------------------------------------------------------------------------------------------------------

/** The report of a scorecard as one self-contained HTML page. */
export function renderReport(card: Scorecard, options: ReportOptions): string {
  const meta = options.rulesMeta
  const title = options.title ?? DEFAULT_TITLE
  // SOURCE_DATE_EPOCH (reproducible builds) pins the date, so the same scorecard gives the same page.
  const epoch = Number(process.env.SOURCE_DATE_EPOCH)
  const generatedAt = options.generatedAt ?? (Number.isFinite(epoch) && process.env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : new Date()).toISOString()
  const worst = worstDocuments(card.records)

  // The data behind the charts (and anyone who wants the numbers): the scorecard without its full records.
  const data = {
    title,
    generatedAt,
    groupBy: card.groupBy,
    documents: card.documents,
    overall: card.overall,
    rules: Object.fromEntries(
      Object.entries(card.rules).map(([id, r]) => [id, { ...r, description: meta[id]?.description, url: safeUrl(meta[id]?.url) }]),
    ),
    agents: card.agents,
    days: card.days,
    worst,
    unreadable: card.unreadable,
  }

  const library = chartLibrary()
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(library)} ${sha256(SCRIPT)}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')

  const subtitle = [`Made by rapport on ${escapeHtml(when(generatedAt))}`, `${count(card.documents, 'document')}`]
  if (card.days.length) subtitle.push(card.days.length === 1 ? `dated ${escapeHtml(card.days[0]!.key)}` : `dated ${escapeHtml(card.days[0]!.key)} to ${escapeHtml(card.days.at(-1)!.key)}`)

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="rapport">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header class="top">
<div><h1>${escapeHtml(title)}</h1><p class="subtitle">${subtitle.join(' · ')}</p></div>
<button type="button" class="print-button no-print" id="print" hidden>Print or save as PDF</button>
</header>
${headline(card, worst)}
${rulesSection(card, meta)}
${heatMapSection(card)}
${trendSection(card)}
${worstSection(worst, meta, card.documents)}
${unreadableSection(card)}
<footer>Pass rate = checks passed ÷ checks that applied. Rule names link to their pages, which explain what each rule looks for.</footer>
</main>
<script type="application/json" id="data">${jsonForScript(data)}</script>
<script>${library}</script>
<script>${SCRIPT}</script>
</body>
</html>
`
}

/** -f html: the report of this run's scorecard (grouped by --group-by, default agent). */
export const html: Formatter = (results, context) =>
  renderReport(
    scorecardOfResults(results, context.groupBy ?? 'agent', (p) => relative(context.cwd, p) || p),
    { rulesMeta: context.rulesMeta },
  )
