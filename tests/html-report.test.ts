/**
 * -f html: the QA report. renderReport is checked on a hand-built scorecard (two agents, two days, a quote that
 * tries to break out of its <script>), then the page is opened in a real browser — Debian's Chromium at
 * /usr/bin/chromium, driven by playwright-core — to see that it loads nothing from the network, has no errors,
 * draws its charts, sorts its tables and prints. The browser tests skip when Chromium is not installed
 * (`apt-get install chromium`; .ci/run does it).
 *
 * A full-page screenshot of the report over the repository's fixtures is saved to a temp folder on every run,
 * and to docs/report.png with RAPPORT_SCREENSHOT=1.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { builtinRules } from '../rules/index.js'
import { lintFiles } from '../src/api.js'
import { escapeHtml, jsonForScript, percent, renderReport, worstDocuments } from '../src/formatters/html.js'
import { loadFormatter } from '../src/formatters/index.js'
import type { DocumentRecord, Failure, Outcome } from '../src/linter.js'
import type { RuleMeta } from '../src/rule.js'
import { scoreDocument, scorecardOf, scorecardOfResults, type Scorecard, type ScoredDocument } from '../src/scorecard.js'

const EVIL = '</script><script>alert(1)</script>'
const QUOTE = `We can't refund that. ${EVIL} <b>Sorry</b> & goodbye`

const META = (id: string, description: string, url: string): RuleMeta => ({
  description,
  appliesTo: ['macro', 'transcript'],
  recommended: 'warn',
  messages: { x: 'x' },
  url,
})
const RULES_META: Record<string, RuleMeta> = {
  'acknowledge-feelings': META('acknowledge-feelings', 'Acknowledge how the customer feels.', 'https://example.com/rules/acknowledge-feelings'),
  'avoid-interjection': META('avoid-interjection', 'Do not cut in with a casual interjection.', 'https://example.com/rules/avoid-interjection'),
  'no-shouting': META('no-shouting', 'Do not write in capitals.', 'file:///opt/rapport/rules/no-shouting.md'),
  'ask-open-questions': META('ask-open-questions', 'Ask questions the customer can answer freely.', 'file:///opt/rapport/rules/ask-open-questions.md'),
}
const RULE_URLS = new Set(Object.values(RULES_META).map((m) => m.url!))

/** A scored document written out here: its counts come from its outcomes. */
function doc(file: string, fields: Partial<Omit<DocumentRecord, 'outcomes'>> & { outcomes: Record<string, Outcome> }): ScoredDocument {
  return scoreDocument(file, { index: 0, line: 1, agents: [], failures: [], ...fields })
}
const fail = (ruleId: string, line: number, quote: string, speaker?: string): Failure => ({ ruleId, message: `${ruleId} failed here.`, line, column: 1, turn: 1, speaker, quote })

const RECORDS: ScoredDocument[] = [
  doc('chats/march.jsonl', {
    id: 'c-1',
    title: 'Refund <refused>',
    line: 1,
    agents: ['Dana'],
    day: '2026-03-01',
    outcomes: { 'acknowledge-feelings': 'failed', 'avoid-interjection': 'failed', 'no-shouting': 'passed', 'ask-open-questions': 'not-applicable' },
    failures: [fail('acknowledge-feelings', 2, QUOTE, 'Dana'), fail('avoid-interjection', 2, QUOTE, 'Dana')],
  }),
  doc('chats/march.jsonl', {
    id: 'c-2',
    index: 1,
    line: 5,
    agents: ['Dana'],
    day: '2026-03-01',
    outcomes: { 'acknowledge-feelings': 'passed', 'avoid-interjection': 'passed', 'no-shouting': 'passed', 'ask-open-questions': 'not-applicable' },
  }),
  doc('chats/call.vtt', {
    line: 3,
    agents: ['Lee'],
    day: '2026-03-02',
    outcomes: { 'acknowledge-feelings': 'passed', 'avoid-interjection': 'failed', 'no-shouting': 'not-applicable', 'ask-open-questions': 'not-applicable' },
    failures: [fail('avoid-interjection', 7, 'Oops, let me look again.', 'Lee')],
  }),
  doc('macros/refund.md', {
    id: 'refund',
    title: 'Refund sent',
    line: 4,
    outcomes: { 'acknowledge-feelings': 'not-applicable', 'avoid-interjection': 'passed', 'no-shouting': 'failed', 'ask-open-questions': 'not-applicable' },
    failures: [fail('no-shouting', 4, 'YOUR REFUND IS ON ITS WAY')],
  }),
]
const UNREADABLE = [{ file: 'chats/broken.json', message: 'Invalid JSON: expected a value <here>.' }]
const CARD = scorecardOf(RECORDS, 'agent', UNREADABLE)
const PAGE = renderReport(CARD, { rulesMeta: RULES_META, generatedAt: '2026-03-03T09:30:00.000Z', title: 'March QA' })

// The page inlines Chart.js (200 kB): these say what was missing without printing the page.
const show = (x: string | RegExp) => (typeof x === 'string' ? JSON.stringify(x) : String(x))
const expectIn = (page: string, text: string) => expect(page.includes(text), `page should contain ${show(text)}`).toBe(true)
const expectNotIn = (page: string, text: string) => expect(page.includes(text), `page should not contain ${show(text)}`).toBe(false)
const expectMatch = (page: string, re: RegExp) => expect(re.test(page), `page should match ${show(re)}`).toBe(true)
const expectNoMatch = (page: string, re: RegExp) => expect(re.test(page), `page should not match ${show(re)}`).toBe(false)

/** The text of the JSON data block, parsed. */
function dataOf(page: string) {
  const m = /<script type="application\/json" id="data">([^<]*)<\/script>/.exec(page)
  expect(m).not.toBeNull()
  return JSON.parse(m![1]!) as { rules: Record<string, { passRate: number | null }>; worst: ScoredDocument[]; days: { key: string }[] }
}

describe('renderReport', () => {
  it('links out only to the rule pages it was given', () => {
    const links = [...PAGE.matchAll(/\b(?:src|href|action|srcset)\s*=\s*["']?([^"'\s>]+)/gi)].map((m) => m[1]!)
    const external = links.filter((l) => /^(https?:)?\/\//i.test(l) || /^file:/i.test(l))
    expect(external.length).toBeGreaterThan(0)
    for (const l of external) expect(RULE_URLS.has(l.replace(/&amp;/g, '&'))).toBe(true)
    // No stylesheet, script, font or image from anywhere; url() only for data.
    expectNoMatch(PAGE, /<link\b/i)
    expectNoMatch(PAGE, /<script[^>]*\bsrc=/i)
    expectNoMatch(PAGE, /@import|@font-face/i)
    expectMatch(PAGE, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-/)
  })

  it('keeps customer text as text: the quote cannot close the script or add markup', () => {
    expectNotIn(PAGE, EVIL)
    expectNoMatch(PAGE, /<script>alert/i)
    expectNotIn(PAGE, '<b>Sorry</b>')
    expectNotIn(PAGE, 'Refund <refused>')
    // Three scripts: the data, Chart.js and the page's own.
    expect(PAGE.match(/<script\b/gi)).toHaveLength(3)
    expect(PAGE.match(/<\/script>/gi)).toHaveLength(3)
    // The quote is shown, escaped, in the worst conversation.
    expectIn(PAGE, `<blockquote class="quote">${escapeHtml(QUOTE)}</blockquote>`)
    expectIn(PAGE, '&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;Sorry&lt;/b&gt; &amp; goodbye')
    expectIn(PAGE, 'Refund &lt;refused&gt;')
    // And the data block carries it exactly, with <, >, & escaped.
    const data = dataOf(PAGE)
    expect(data.worst[0]!.failures[0]!.quote).toBe(QUOTE)
    expect(jsonForScript({ s: '</script>&\u2028\u2029' })).toBe('{"s":"\\u003c/script\\u003e\\u0026\\u2028\\u2029"}')
  })

  it('shows the headline, every rule (one not applicable) and every agent', () => {
    expectIn(PAGE, '<title>March QA</title>')
    expectIn(PAGE, '2026-03-03 09:30 UTC')
    // 6 of the 10 checks that applied passed.
    expect(CARD.overall).toMatchObject({ applicable: 10, passed: 6 })
    expectIn(PAGE, '<div class="value">60%</div>')
    expectIn(PAGE, '<div class="label">Documents scored</div><div class="value">4</div>')
    for (const id of Object.keys(RULES_META)) {
      expectIn(PAGE, `<a class="rule" href="${RULES_META[id]!.url}">${id}</a>`)
      expectIn(PAGE, escapeHtml(RULES_META[id]!.description))
    }
    expectMatch(PAGE, /<td class="num na" data-value="">not applicable<\/td>/)
    for (const agent of ['Dana', 'Lee']) expectIn(PAGE, `<th scope="row" data-value="${agent}">${agent}</th>`)
    // Heat map: Dana passed acknowledge-feelings in 1 of 2; Lee's no-shouting never applied (empty cell).
    expectIn(PAGE, '50% <span class="frac">(1/2)</span>')
    expectMatch(PAGE, /data-value="Lee">Lee<\/th>(<td[^>]*>[^<]*(<span[^>]*>[^<]*<\/span>)?<\/td>){4}<td class="cell empty" data-value=""><\/td>/)
    // The unreadable file, escaped.
    expectIn(PAGE, 'Invalid JSON: expected a value &lt;here&gt;.')
  })

  it('lists the worst conversations: lowest score first, ties by more failures', () => {
    const worst = worstDocuments(CARD.records)
    expect(worst.map((d) => d.id ?? d.file)).toEqual(['c-1', 'chats/call.vtt', 'refund'])
    expectIn(PAGE, '<code>chats/<wbr>march.jsonl:1</code>')
    expectIn(PAGE, 'Oops, let me look again.')
    // Equal scores: more failures first.
    const tie = [
      doc('a.txt', { outcomes: { x: 'failed', y: 'passed' }, failures: [fail('x', 1, 'one')] }),
      doc('b.txt', { outcomes: { x: 'failed', y: 'passed' }, failures: [fail('x', 1, 'one'), fail('x', 2, 'two')] }),
      doc('c.txt', { outcomes: { x: 'passed', y: 'passed' } }),
    ]
    expect(worstDocuments(tie).map((d) => d.file)).toEqual(['b.txt', 'a.txt'])
  })

  it('has a trend over days, or says the sources had no dates', () => {
    expect(dataOf(PAGE).days.map((d) => d.key)).toEqual(['2026-03-01', '2026-03-02'])
    expectIn(PAGE, '<canvas id="trend-chart"')
    const undated = renderReport(scorecardOf(RECORDS.map(({ day: _day, ...d }) => d), 'agent'), { rulesMeta: RULES_META })
    expectNotIn(undated, '<canvas id="trend-chart"')
    expectIn(undated, 'None of these sources had dates')
    expectNotIn(undated, 'could not be read')
  })

  it('rounds pass rates without claiming 100% or 0% falsely', () => {
    expect([percent(1), percent(0.996), percent(0.75), percent(0.004), percent(0)]).toEqual(['100%', '99%', '75%', '1%', '0%'])
  })

  it('is registered as -f html and reports lint results', async () => {
    const html = await loadFormatter('html')
    expect(html).toBeTypeOf('function')
    const { results } = await lintFiles(['fixtures/chat-text'], { records: 'full', concurrency: 'off' })
    const page = html!(results, { cwd: process.cwd(), color: false, rulesMeta: RULES_META })
    expectMatch(page, /^<!doctype html>/)
    expectIn(page, '<code>fixtures/<wbr>chat-text/<wbr>late-delivery.txt:1</code>')
  })
})

// ---------------------------------------------------------------------------------------------------------------

const CHROMIUM = '/usr/bin/chromium'
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium) console.log(`tests/html-report.test.ts: ${CHROMIUM} not found, skipping the browser tests (apt-get install chromium)`)

/** The scorecard of the repository's fixtures: from the built CLI when it has -f scorecard, else through the API. */
async function fixturesCard(): Promise<Scorecard> {
  const run = spawnSync(process.execPath, [resolve('bin/rapport.js'), '-f', 'scorecard', 'fixtures'], { encoding: 'utf8', maxBuffer: 64 << 20 })
  try {
    const card = JSON.parse(run.stdout) as Scorecard
    if (card.scorecard === 1 && Array.isArray(card.records) && card.records.length > 0) return card
  } catch {
    // not wired yet: below
  }
  const { results } = await lintFiles(['fixtures'], { records: 'full', concurrency: 'off' })
  return scorecardOfResults(results, 'agent', (p) => relative(process.cwd(), p) || p)
}

describe.skipIf(!hasChromium)('the report in Chromium', () => {
  let browser: Browser
  let dir: string

  beforeAll(async () => {
    const { chromium } = await import('playwright-core')
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
    dir = mkdtempSync(join(tmpdir(), 'rapport-html-'))
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  /** Opens a report; `problems` collects console errors, page errors and any request that is not file: or data:. */
  async function open(html: string, name: string): Promise<{ page: Page; problems: string[] }> {
    const file = join(dir, name)
    writeFileSync(file, html)
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } })
    const problems: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`)
    })
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`)
      void d.dismiss()
    })
    page.on('request', (r) => {
      if (!/^(file|data):/.test(r.url())) problems.push(`request: ${r.url()}`)
    })
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' })
    return { page, problems }
  }

  /** How many pixels of a canvas are not transparent. */
  const paintedPixels = (page: Page, id: string) =>
    page.evaluate(`(() => {
      const c = document.getElementById(${JSON.stringify(id)});
      if (!c || !c.width || !c.height) return 0;
      const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
      return n;
    })()`) as Promise<number>

  const column = (page: Page, table: string, index: number) => page.locator(`#${table} tbody tr > :nth-child(${index})`).allTextContents()

  it('loads with no errors and nothing from the network, and draws both charts', async () => {
    const { page, problems } = await open(PAGE, 'march.html')
    expect(await page.getAttribute('html', 'data-charts')).toBe('2')
    expect(await paintedPixels(page, 'rules-chart')).toBeGreaterThan(500)
    expect(await paintedPixels(page, 'trend-chart')).toBeGreaterThan(500)
    // The evil quote is text on the page.
    expect(await page.locator('#worst-table blockquote').first().textContent()).toBe(QUOTE)
    expect(await page.locator('#print').isVisible()).toBe(true)
    expect(problems).toEqual([])
    await page.close()
  })

  it('sorts a table when a column header is clicked', async () => {
    const { page, problems } = await open(PAGE, 'sort.html')
    const ids = () => page.locator('#rules-table tbody tr .rule').allTextContents()
    const header = (table: string, label: string) => page.locator(`#${table} thead th`, { hasText: label })
    expect(await ids()).toEqual(['acknowledge-feelings', 'ask-open-questions', 'avoid-interjection', 'no-shouting'])
    expect(await header('rules-table', 'Rule').getAttribute('aria-sort')).toBe('ascending')

    // Pass rate: acknowledge 2/3, avoid-interjection 2/4, no-shouting 2/3 → numeric, "not applicable" last.
    await header('rules-table', 'Pass rate').locator('button').click()
    expect(await ids()).toEqual(['avoid-interjection', 'acknowledge-feelings', 'no-shouting', 'ask-open-questions'])
    expect(await header('rules-table', 'Pass rate').getAttribute('aria-sort')).toBe('ascending')
    expect(await header('rules-table', 'Rule').getAttribute('aria-sort')).toBe('none')
    await header('rules-table', 'Pass rate').locator('button').click()
    expect(await ids()).toEqual(['acknowledge-feelings', 'no-shouting', 'avoid-interjection', 'ask-open-questions'])
    expect(await header('rules-table', 'Pass rate').getAttribute('aria-sort')).toBe('descending')

    // Numbers sort as numbers, not as text: "Applied to" 3, 4, 3, 0.
    await header('rules-table', 'Applied to').locator('button').click()
    expect(await column(page, 'rules-table', 5)).toEqual(['0', '3', '3', '4'])

    // The agents table and the worst conversations.
    expect(await column(page, 'agents-table', 1)).toEqual(['Dana', 'Lee', '(no agent)'])
    await header('agents-table', 'Agent').locator('button').click()
    expect(await column(page, 'agents-table', 1)).toEqual(['(no agent)', 'Dana', 'Lee'])
    const worst = () => column(page, 'worst-table', 1)
    expect(await worst()).toEqual(['1', '2', '3'])
    await header('worst-table', 'Score').locator('button').click()
    await header('worst-table', 'Score').locator('button').click()
    // 1 scored 33%; 2 and 3 tie at 50% and keep their order.
    expect(await worst()).toEqual(['2', '3', '1'])
    expect(await header('worst-table', 'Score').getAttribute('aria-sort')).toBe('descending')
    expect(problems).toEqual([])
    await page.close()
  })

  it('prints: the tables stay, the button goes, the charts fit the page', async () => {
    const { page, problems } = await open(PAGE, 'print.html')
    await page.emulateMedia({ media: 'print' })
    for (const table of ['rules-table', 'agents-table', 'worst-table', 'unreadable-table']) expect(await page.locator(`#${table}`).isVisible()).toBe(true)
    expect(await page.locator('#print').isVisible()).toBe(false)
    const width = (await page.evaluate('document.documentElement.clientWidth')) as number
    for (const id of ['rules-chart', 'trend-chart']) {
      const box = await page.locator(`#${id}`).boundingBox()
      expect(box!.width).toBeGreaterThan(100)
      expect(box!.width).toBeLessThanOrEqual(width)
    }
    const pdf = await page.pdf({ format: 'A4' })
    expect(pdf.length).toBeGreaterThan(10_000)
    expect(problems).toEqual([])
    await page.close()
  })

  it('copes with an empty scorecard', async () => {
    const empty = renderReport(scorecardOf([], 'agent'), { rulesMeta: {} })
    expectIn(empty, 'No conversations or macros were scored.')
    const { page, problems } = await open(empty, 'empty.html')
    expect(await page.getAttribute('html', 'data-charts')).toBe('0')
    expect(problems).toEqual([])
    await page.close()
  })

  it('renders the fixtures report and saves a screenshot', async () => {
    const card = await fixturesCard()
    expect(card.documents).toBeGreaterThan(10)
    const rulesMeta = Object.fromEntries(Object.entries(builtinRules).map(([id, r]) => [id, r.meta]))
    const { page, problems } = await open(renderReport(card, { rulesMeta, title: 'rapport fixtures: QA report' }), 'fixtures.html')
    expect(await paintedPixels(page, 'rules-chart')).toBeGreaterThan(500)
    expect(await page.locator('#agents-table tbody tr').count()).toBe(card.agents.length)
    expect(await page.locator('#worst-table tbody tr').count()).toBe(Math.min(20, card.records.filter((d) => d.failures.length > 0).length))
    const shot = await page.screenshot({ fullPage: true })
    // Kept after the run (overwritten by the next) so it can be looked at.
    const shots = join(tmpdir(), 'rapport-html-report')
    mkdirSync(shots, { recursive: true })
    writeFileSync(join(shots, 'report.png'), shot)
    console.log(`tests/html-report.test.ts: screenshot in ${join(shots, 'report.png')}`)
    if (process.env.RAPPORT_SCREENSHOT === '1') {
      // The README shows the first screen of the report (the whole page is ~9,000 px tall).
      mkdirSync(resolve('docs'), { recursive: true })
      writeFileSync(resolve('docs', 'report.png'), await page.screenshot({ fullPage: false }))
    }
    expect(problems).toEqual([])
    await page.close()
  })
})
