/**
 * npm run bench: how fast rapport is, and how it compares with alex, write-good and markdownlint-cli2 on the same
 * files (issue 6, "Benchmark in the repo").
 *
 *   node dist/scripts/bench.js [--quick] [--runs <n>] [--out <file>] [--peers <dir>] [--keep] [--seed <n>]
 *                             [--corpus-only]
 *
 * 1. Generates a reproducible corpus into a temp folder from a seeded PRNG and our own invented sentences:
 *    Markdown macros (front matter, placeholders, refusals, apologies, interjections...), chat-text
 *    transcripts, one 2 MB chat-text transcript, and a .jsonl of conversations in rapport's JSON shape.
 * 2. Installs the peers into <tmp>/peers with npm (never as dependencies of rapport); a peer that will not
 *    install is skipped with a message. `--peers <dir>` reuses an earlier install (a folder holding node_modules).
 * 3. Runs every tool of a scenario on the same files, alternating tool by tool within each run, and keeps the
 *    median; wall time is taken around the process (hrtime), peak RSS from `/usr/bin/time -v`.
 * 4. Prints a table, the ratios to each peer and the issue's targets, and writes bench-results.json into the temp
 *    folder (and to --out). The corpus and the peers are removed at the end unless --keep.
 *
 * A linter's exit code is non-zero when it finds problems: only a run killed by the time limit, or rapport
 * exiting 2 (usage, config or internal error), counts as a failure.
 */
import { spawn, spawnSync } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, platform, release, tmpdir, totalmem, type as osType } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
// dist/scripts/bench.js → the repo root is two levels up (from source, scripts/ → one level; both handled).
const repoRoot = existsSync(join(here, '..', 'package.json')) ? resolve(here, '..') : resolve(here, '..', '..')
const rapportBin = join(repoRoot, 'bin', 'rapport.js')
const NODE = process.execPath
const TIME = '/usr/bin/time'

// ---------------------------------------------------------------------------------------------------------
// Options

const args = process.argv.slice(2)
const flag = (name: string): boolean => args.includes(name)
const value = (name: string): string | undefined => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
if (flag('--help') || flag('-h')) {
  process.stdout.write(
    'usage: node dist/scripts/bench.js [--quick] [--runs <n>] [--out <file>] [--peers <dir>] [--keep] [--seed <n>]\n',
  )
  process.exit(0)
}
const quick = flag('--quick')
const settings = {
  quick,
  seed: Number(value('--seed') ?? 20260601),
  runs: Number(value('--runs') ?? (quick ? 1 : 3)),
  coldRuns: Number(value('--runs') ?? (quick ? 1 : 5)),
  macros: quick ? 500 : 5000,
  transcripts: quick ? 100 : 1000,
  conversations: quick ? 1000 : 10000,
  bigTranscriptBytes: quick ? 256 * 1024 : 2 * 1024 * 1024,
  timeoutSec: quick ? 60 : 150,
}
const outFile = value('--out') ? resolve(value('--out')!) : undefined
const keep = flag('--keep')
const reusePeers = value('--peers') ? resolve(value('--peers')!) : undefined

// ---------------------------------------------------------------------------------------------------------
// A seeded PRNG (mulberry32) and the invented text it draws from

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const rand = mulberry32(settings.seed)
const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1))
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
const chance = (p: number): boolean => rand() < p
/** Fills `{slot}` markers from the slot pools (placeholders use `{{ }}`, which this leaves alone). */
const fill = (template: string): string =>
  template.replace(/\{([a-z]+)\}(?!\})/g, (whole, slot: string) => (SLOTS[slot] ? pick(SLOTS[slot]!) : whole))

const SLOTS: Record<string, readonly string[]> = {
  thing: ['order', 'parcel', 'refund', 'invoice', 'subscription', 'account', 'booking', 'replacement', 'voucher', 'device'],
  action: ['refund the shipping fee', 'change the delivery address', 'extend the trial', 'reopen the order', 'waive the late fee', 'move the booking', 'split the payment', 'cancel the renewal'],
  alt: ['send a prepaid return label today', 'add a credit of 10 to your account', 'set up a replacement at no cost', 'book a call with our billing team', 'switch you to the monthly plan', 'hold the item for another week'],
  days: ['two', 'three', 'five', 'seven', '10', '14', '30'],
  team: ['billing team', 'warehouse', 'carrier', 'payments partner', 'technical team', 'returns desk'],
  place: ['Settings > Billing', 'Orders > Delivery', 'Account > Security', 'the Help menu', 'your dashboard', 'the mobile app'],
  feeling: ['frustrating', 'stressful', 'disappointing', 'annoying', 'worrying'],
  step: ['Open', 'Select', 'Choose', 'Tap', 'Confirm', 'Review'],
  field: ['the card details', 'the shipping address', 'the plan', 'the invoice number', 'the order line', 'the contact email'],
  placeholder: ['{{ticket.id}}', '{{order.number}}', '{{ticket.subject}}', '{{ticket.requester.email}}', '{{ticket.due_date}}', '{{current_user.first_name}}', '{{ticket.organization.name}}'],
}

const MACRO_SENTENCES = {
  thanks: ['Thanks for reaching out about {{ticket.subject}}.', 'Thank you for your patience while we looked into this.', 'Thanks for letting us know about your {thing}.', 'Thank you for sending the details of ticket {{ticket.id}}.'],
  apology: ["I'm sorry for the trouble with your {thing}.", 'We apologize for any inconvenience caused.', "I'm really sorry this took longer than it should have.", 'Sorry about the mix-up with {field}.'],
  empathy: ['I understand how {feeling} it is to wait for a {thing}.', 'I can see why this is {feeling}, and I want to get it fixed for you.', 'That sounds {feeling}, and I appreciate you telling us.'],
  info: [
    'Your {thing} will be updated within {days} business days.',
    'The {team} has confirmed the change for order {{order.number}}.',
    'You can check the status at any time under {place}.',
    'We have sent the updated {thing} to {{ticket.requester.email}}.',
    'Once the {team} has reviewed it, you will get an email with the next steps.',
    'The new {thing} shows up in {place} as soon as it is ready.',
    'Our {team} usually replies within {days} days.',
    'I have added a note to your {thing} so the {team} can see the history.',
    'Reference {{ticket.id}} is linked to {field} we have on file.',
    'If {field} looks wrong, you can edit it under {place}.',
  ],
  refusal: ["Unfortunately we can't {action} after {days} days.", 'We are unable to {action} for this order.', "I'm afraid that isn't possible on your current plan.", 'We cannot {action} once the order has shipped.'],
  alternative: ['What I can do is {alt}.', 'Instead, I can {alt}.', 'As an alternative, we could {alt}.'],
  policy: ['As per our policy, we cannot {action}.', 'Per company policy this is not something we offer.', 'Our terms and conditions do not allow us to {action}.'],
  blame: ['You should have contacted us within {days} days.', 'As I already explained, you need to check {place} first.', 'You failed to confirm {field} in time.'],
  robotic: ['Your request has been received and will be processed in due course.', 'Please be advised that your ticket has been updated.', 'Kindly note that we have escalated this matter to the relevant department.'],
  shouting: ['PLEASE NOTE that {field} must match your bank records.', 'Do NOT reply to this automated message.', 'IMPORTANT: keep your reference {{ticket.id}} handy.'],
  interjection: ['Oops, it looks like {field} was left blank.', 'Ugh, the {team} has been slow this week.', 'Hold on, I need to check {field} first.', 'Whoa, that is a lot of orders.'],
  followUp: ['If anything else comes up, just reply here and I will be glad to help.', 'Is there anything else I can help you with today?', "I'll check back with you on {{ticket.due_date}} to make sure it is sorted."],
  question: ['Could you tell me more about what happened when you tried?', 'Can you confirm {field} for me?', 'What would work best for you?'],
} as const

const GREETINGS = [
  'Hi {{ticket.requester.first_name | default: "there"}},',
  'Hello {{ticket.requester.first_name}},',
  'Hi there,',
  'Dear {{ticket.requester.name | default: "customer"}},',
  'Good morning,',
  'Hey {{ticket.requester.first_name}},',
]
const SIGN_OFFS = ['Best,\n{{current_user.first_name}}', 'Kind regards,\n{{current_user.first_name}}\n{{ticket.organization.name}} Support', 'Thanks again,\nThe Support Team', 'All the best,\n{{current_user.name}}']
const HEADINGS = ['## What happens next', '## How to check the status', '### Before you reply', '## Your options']
const TOPICS = ['billing', 'shipping', 'account', 'returns', 'technical', 'general'] as const
const TITLES: Record<(typeof TOPICS)[number], readonly string[]> = {
  billing: ['Duplicate charge', 'Refund request', 'Failed payment', 'Invoice copy', 'Late fee'],
  shipping: ['Delayed parcel', 'Change address', 'Lost in transit', 'Tracking link', 'Split delivery'],
  account: ['Password reset', 'Locked account', 'Change email', 'Two-step sign-in', 'Close account'],
  returns: ['Return label', 'Damaged item', 'Exchange size', 'Return window', 'Refund after return'],
  technical: ['App crash', 'Sync error', 'Login loop', 'Export fails', 'Slow dashboard'],
  general: ['Opening hours', 'Feedback thanks', 'Partnership enquiry', 'Gift card', 'Complaint received'],
}
type Kind = keyof typeof MACRO_SENTENCES
// How often each kind of sentence is drawn for a macro body (the mix makes most recommended rules fire somewhere).
const MACRO_MIX: [Kind, number][] = [
  ['info', 40], ['thanks', 6], ['apology', 6], ['empathy', 5], ['refusal', 6], ['alternative', 4], ['policy', 3],
  ['blame', 2], ['robotic', 3], ['shouting', 2], ['interjection', 3], ['followUp', 5], ['question', 4],
]
const mixTotal = MACRO_MIX.reduce((n, [, w]) => n + w, 0)
function drawKind(): Kind {
  let r = rand() * mixTotal
  for (const [k, w] of MACRO_MIX) if ((r -= w) < 0) return k
  return 'info'
}
const sentence = (kind: Kind): string => fill(pick(MACRO_SENTENCES[kind]))
const words = (s: string): number => s.split(/\s+/).filter(Boolean).length

function macro(topic: (typeof TOPICS)[number], n: number): string {
  const target = int(80, 300)
  const title = `${pick(TITLES[topic])} (${n})`
  const lines = ['---', `id: ${topic}-${String(n).padStart(4, '0')}`, `title: ${title}`, `tags: [${topic}${chance(0.3) ? ', macro' : ''}]`, '---', '']
  lines.push(pick(GREETINGS), '')
  let count = 0
  let first = true
  while (count < target) {
    if (!first && chance(0.08)) lines.push(pick(HEADINGS), '')
    if (!first && chance(0.12)) {
      const steps = int(2, 4)
      for (let i = 1; i <= steps; i++) {
        const item = `${i}. ${fill('{step}')} **${fill('{place}')}** and check ${fill('{field}')}.`
        lines.push(item)
        count += words(item)
      }
      lines.push('')
      continue
    }
    const parts: string[] = []
    for (let i = int(2, 5); i > 0; i--) parts.push(first && i > 1 && chance(0.5) ? sentence('thanks') : sentence(drawKind()))
    if (chance(0.15)) parts.push(`See our [help centre](https://help.example.com/articles/${int(1000, 9999)}) for details.`)
    if (chance(0.05)) parts.push(`Use the code \`${pick(['WELCOME10', 'SORRY15'])}\` at checkout.`)
    if (chance(0.03)) parts.push('Your order reference is [Order Number].')
    if (chance(0.02)) parts.push('{% if ticket.requester.email %}We wrote to {{ticket.requester.email}}.{% endif %}')
    if (chance(0.01)) parts.push('We will call you back on {{ticket.requester.phone}.')
    const para = parts.join(' ')
    lines.push(para, '')
    count += words(para)
    first = false
  }
  lines.push(pick(SIGN_OFFS), '')
  return lines.join('\n')
}

const CUSTOMER_SENTENCES = [
  'Hi, my {thing} still has not arrived.', 'I was charged twice for the same {thing}.', 'Why does nobody ever call me back?',
  'This is the third time I am asking about my {thing}.', 'Can I change {field} before it ships?', 'I need this sorted by tonight.',
  'The app keeps logging me out.', 'Thanks, that helps.', 'OK.', 'I already checked {place} and it is not there.',
  'This is really {feeling}.', 'Can you refund it instead?', 'How long will that take?', 'Great, thank you so much!',
]
const AGENT_TURN_KINDS: Kind[] = ['info', 'info', 'info', 'apology', 'empathy', 'refusal', 'alternative', 'question', 'followUp', 'thanks', 'policy', 'robotic', 'interjection', 'blame']
const AGENT_NAMES = ['Agent', 'Agent (Dana)', 'Support', 'Agent (Luis)', 'Advisor']
const CUSTOMER_NAMES = ['Customer', 'Client', 'Caller', 'Customer (Sam)', 'Guest']
const agentText = (): string => {
  const parts = [sentence(pick(AGENT_TURN_KINDS))]
  if (chance(0.5)) parts.push(sentence(pick(AGENT_TURN_KINDS)))
  // Agents in a chat should not send raw placeholders (valid-placeholders "sent as written").
  if (chance(0.02)) parts.push('I have noted {{ticket.id}} for you.')
  return parts.join(' ').replace(/\{\{[^}]*\}\}/g, (p) => (chance(0.97) ? pick(['#48213', 'order 1188', 'your email']) : p))
}
const customerText = (): string => fill(pick(CUSTOMER_SENTENCES)) + (chance(0.3) ? ' ' + fill(pick(CUSTOMER_SENTENCES)) : '')

const two = (n: number): string => String(Math.floor(n)).padStart(2, '0')
const clock = (s: number): string => `${two(s / 3600)}:${two((s % 3600) / 60)}:${two(s % 60)}`
const stamp = (s: number): string => `${clock(s)}.${String(Math.round((s % 1) * 1000)).padStart(3, '0')}`

/** One chat-text transcript: clock stamps (some long waits) or time ranges (some overlaps). */
function chatTranscript(turns: number): string {
  const ranges = chance(0.5)
  const agent = pick(AGENT_NAMES)
  const customer = pick(CUSTOMER_NAMES)
  let t = int(0, 36000)
  let customerTurn = chance(0.6)
  const out: string[] = []
  for (let i = 0; i < turns; i++) {
    const text = customerTurn ? customerText() : agentText()
    const label = customerTurn ? customer : agent
    if (ranges) {
      const len = 1.5 + words(text) * 0.35
      const start = !customerTurn && chance(0.08) ? t - int(6, 15) / 10 : t // the agent cuts in now and then
      out.push(`[${stamp(start)} --> ${stamp(start + len)}] ${label}: ${text}`)
      t = start + len + int(2, 15) / 10
    } else {
      out.push(`[${clock(t)}] ${label}: ${text}`)
      t += customerTurn && chance(0.1) ? int(150, 400) : int(5, 90) // a slow reply now and then
    }
    customerTurn = chance(0.75) ? !customerTurn : customerTurn
  }
  return out.join('\n') + '\n'
}

function conversation(n: number): string {
  const turns: { role: string; text: string; start: number; end: number }[] = []
  let t = 0
  let customerTurn = true
  for (let i = int(4, 12); i > 0; i--) {
    const text = customerTurn ? customerText() : agentText()
    const len = Math.round((1.5 + words(text) * 0.35) * 10) / 10
    turns.push({ role: customerTurn ? 'customer' : 'agent', text, start: Math.round(t * 10) / 10, end: Math.round((t + len) * 10) / 10 })
    t += len + int(5, 40) / 10
    customerTurn = chance(0.8) ? !customerTurn : customerTurn
  }
  return JSON.stringify({ id: `conv-${String(n).padStart(5, '0')}`, title: `${pick(TITLES[pick(TOPICS)])}`, turns })
}

// ---------------------------------------------------------------------------------------------------------
// The corpus

interface CorpusPart {
  files: string[]
  bytes: number
}
interface Corpus {
  macros: CorpusPart & { dir: string; relFiles: string[] }
  transcripts: CorpusPart & { dir: string; relFiles: string[] }
  big: CorpusPart
  jsonl: CorpusPart & { conversations: number }
  jsonlSmall: CorpusPart & { conversations: number }
  oneFile: string
}

function generate(root: string): Corpus {
  const write = (path: string, text: string): number => {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, text)
    return Buffer.byteLength(text)
  }
  const macrosDir = join(root, 'corpus', 'macros')
  const macros = { dir: macrosDir, files: [] as string[], relFiles: [] as string[], bytes: 0 }
  for (let i = 1; i <= settings.macros; i++) {
    const topic = TOPICS[i % TOPICS.length]!
    const file = join(macrosDir, topic, `${topic}-${String(i).padStart(4, '0')}.md`)
    macros.bytes += write(file, macro(topic, i))
    macros.files.push(file)
    macros.relFiles.push(relative(macrosDir, file))
  }
  const transcriptsDir = join(root, 'corpus', 'transcripts')
  const transcripts = { dir: transcriptsDir, files: [] as string[], relFiles: [] as string[], bytes: 0 }
  for (let i = 1; i <= settings.transcripts; i++) {
    const file = join(transcriptsDir, `chat-${String(i).padStart(4, '0')}.txt`)
    transcripts.bytes += write(file, chatTranscript(int(6, 24)))
    transcripts.files.push(file)
    transcripts.relFiles.push(relative(transcriptsDir, file))
  }
  // One long transcript (a day of chat exported as one file): the size at which the issue saw the peers collapse.
  const bigFile = join(root, 'corpus', 'large', 'transcript.txt')
  const chunks: string[] = []
  let size = 0
  while (size < settings.bigTranscriptBytes) {
    const chunk = chatTranscript(int(10, 30))
    chunks.push(chunk)
    size += Buffer.byteLength(chunk)
  }
  const big = { files: [bigFile], bytes: write(bigFile, chunks.join('')) }
  const lines: string[] = []
  for (let i = 1; i <= settings.conversations; i++) lines.push(conversation(i))
  const jsonlFile = join(root, 'corpus', 'jsonl', 'conversations.jsonl')
  const jsonl = { files: [jsonlFile], bytes: write(jsonlFile, lines.join('\n') + '\n'), conversations: lines.length }
  // A tenth of it, to show whether memory grows with the file.
  const tenth = lines.slice(0, Math.max(1, Math.floor(lines.length / 10)))
  const smallFile = join(root, 'corpus', 'jsonl-tenth', 'conversations.jsonl')
  const jsonlSmall = { files: [smallFile], bytes: write(smallFile, tenth.join('\n') + '\n'), conversations: tenth.length }
  // The single file for the cold runs: the macro closest to the median size.
  const sizes = macros.files.map((f) => [f, statSync(f).size] as const).sort((a, b) => a[1] - b[1])
  const oneFile = sizes[Math.floor(sizes.length / 2)]![0]
  writeFileSync(join(root, '.rapportrc.yaml'), 'extends: rapport:recommended\n')
  return { macros, transcripts, big, jsonl, jsonlSmall, oneFile }
}

// ---------------------------------------------------------------------------------------------------------
// Peers

interface Peer {
  name: string
  version: string
  bin: string
}

function installPeers(root: string): Map<string, Peer> {
  const names = ['alex', 'write-good', 'markdownlint-cli2']
  let prefix = reusePeers
  if (!prefix) {
    prefix = join(root, 'peers')
    mkdirSync(prefix, { recursive: true })
    writeFileSync(join(prefix, 'package.json'), '{ "name": "rapport-bench-peers", "private": true }\n')
    const npm = (pkgs: string[]): boolean =>
      spawnSync('npm', ['install', '--prefix', prefix!, ...pkgs, '--no-audit', '--no-fund', '--loglevel=error'], {
        stdio: ['ignore', 'inherit', 'inherit'],
      }).status === 0
    process.stdout.write(`Installing ${names.join(', ')} into ${prefix} ...\n`)
    // All at once; when that fails, one by one, so one broken peer does not take the others with it.
    if (!npm(names)) for (const n of names) if (!npm([n])) process.stdout.write(`  ${n}: npm install failed; skipped\n`)
  }
  const peers = new Map<string, Peer>()
  for (const name of names) {
    const dir = join(prefix, 'node_modules', name)
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string; bin?: string | Record<string, string> }
      const bin = typeof pkg.bin === 'string' ? pkg.bin : (pkg.bin?.[name] ?? Object.values(pkg.bin ?? {})[0])
      if (!bin) throw new Error('no bin')
      peers.set(name, { name, version: pkg.version, bin: join(dir, bin) })
    } catch {
      process.stdout.write(`  ${name}: not installed; its comparisons are skipped\n`)
    }
  }
  return peers
}

// ---------------------------------------------------------------------------------------------------------
// Measuring

interface Sample {
  wallSec: number
  timeWallSec: number | null
  maxRssMB: number | null
  userSec: number | null
  sysSec: number | null
  exitCode: number | null
  timedOut: boolean
}

const haveTime = existsSync(TIME)
let sampleId = 0

/** Runs one command (stdout to /dev/null, stderr to a log), under /usr/bin/time -v, killed after the time limit. */
function measure(cmd: string[], cwd: string, logDir: string, label: string, extraEnv: Record<string, string> = {}): Promise<Sample> {
  const id = ++sampleId
  const timeFile = join(logDir, `${id}.time`)
  const logFile = join(logDir, `${label.replace(/[^a-z0-9.-]+/gi, '_')}.stderr`)
  const err = openSync(logFile, 'w')
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extraEnv }
  delete env.TIMING
  delete env.DEBUG
  delete env.FORCE_COLOR
  const argv = haveTime ? [TIME, '-v', '-o', timeFile, ...cmd] : cmd
  return new Promise((done) => {
    const start = process.hrtime.bigint()
    // Its own process group, so the time limit can end the linter as well as /usr/bin/time.
    const child = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: ['ignore', 'ignore', err], detached: true })
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        /* already gone */
      }
    }, settings.timeoutSec * 1000)
    const finish = (code: number | null): void => {
      const wallSec = Number(process.hrtime.bigint() - start) / 1e9
      clearTimeout(timer)
      closeSync(err)
      const s: Sample = { wallSec, timeWallSec: null, maxRssMB: null, userSec: null, sysSec: null, exitCode: code, timedOut }
      if (haveTime && existsSync(timeFile)) {
        const t = readFileSync(timeFile, 'utf8')
        const num = (re: RegExp): number | null => {
          const m = re.exec(t)
          return m ? Number(m[1]) : null
        }
        const rss = num(/Maximum resident set size \(kbytes\): (\d+)/)
        s.maxRssMB = rss === null ? null : rss / 1024
        s.userSec = num(/User time \(seconds\): ([\d.]+)/)
        s.sysSec = num(/System time \(seconds\): ([\d.]+)/)
        const status = num(/Exit status: (\d+)/)
        if (status !== null) s.exitCode = status
        const el = /Elapsed \(wall clock\) time[^:]*: ([\d:.]+)/.exec(t)
        if (el) s.timeWallSec = el[1]!.split(':').reduce((acc, part) => acc * 60 + Number(part), 0)
        rmSync(timeFile, { force: true })
      }
      done(s)
    }
    child.on('error', () => finish(null))
    child.on('exit', (code) => finish(code))
  })
}

interface Tool {
  tool: string
  cmd: string[]
  cwd: string
  env?: Record<string, string>
  /** Run before each timed run, untimed (e.g. delete the cache). */
  before?: () => void
  /** rapport exits 2 on usage, config or internal errors: that is a failed run, not a finding. */
  failOn2?: boolean
}

interface Result {
  scenario: string
  tool: string
  runs: number
  wallSec: number | null
  wallMinSec: number | null
  wallMaxSec: number | null
  maxRssMB: number | null
  cpuSec: number | null
  mbPerSec: number | null
  filesPerSec: number | null
  exitCodes: (number | null)[]
  failed: string | null
}

const median = (xs: number[]): number | null => {
  if (!xs.length) return null
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** Runs the tools of one scenario, alternating tool by tool within each run; keeps the median of each. */
async function scenario(name: string, tools: Tool[], runs: number, bytes: number, files: number, logDir: string, warmUp = false): Promise<Result[]> {
  process.stdout.write(`\n${name}: ${tools.map((t) => t.tool).join(', ')} (${runs} run${runs === 1 ? '' : 's'} each)\n`)
  const samples = new Map<string, Sample[]>(tools.map((t) => [t.tool, []]))
  const failed = new Map<string, string>()
  if (warmUp) for (const t of tools) await measure(t.cmd, t.cwd, logDir, `${name}-${t.tool}-warmup`, t.env)
  for (let r = 1; r <= runs; r++) {
    for (const t of tools) {
      if (failed.has(t.tool)) continue
      t.before?.()
      const s = await measure(t.cmd, t.cwd, logDir, `${name}-${t.tool}`, t.env)
      const why = s.timedOut
        ? `stopped after ${settings.timeoutSec} s`
        : s.exitCode === null
          ? 'did not start'
          : t.failOn2 && s.exitCode === 2
            ? `exit 2 (see ${join(logDir, `${name}-${t.tool}`.replace(/[^a-z0-9.-]+/gi, '_'))}.stderr)`
            : null
      process.stdout.write(`  run ${r} ${t.tool.padEnd(22)} ${why ?? `${s.wallSec.toFixed(3)} s  ${s.maxRssMB?.toFixed(0) ?? '?'} MB  exit ${s.exitCode}`}\n`)
      if (why) failed.set(t.tool, why)
      else samples.get(t.tool)!.push(s)
    }
  }
  return tools.map((t) => {
    const ss = samples.get(t.tool)!
    const wall = median(ss.map((s) => s.wallSec))
    const rss = median(ss.flatMap((s) => (s.maxRssMB === null ? [] : [s.maxRssMB])))
    const cpu = median(ss.flatMap((s) => (s.userSec === null || s.sysSec === null ? [] : [s.userSec + s.sysSec])))
    return {
      scenario: name,
      tool: t.tool,
      runs: ss.length,
      wallSec: wall,
      wallMinSec: ss.length ? Math.min(...ss.map((s) => s.wallSec)) : null,
      wallMaxSec: ss.length ? Math.max(...ss.map((s) => s.wallSec)) : null,
      maxRssMB: rss,
      cpuSec: cpu,
      mbPerSec: wall && bytes ? bytes / 1e6 / wall : null,
      filesPerSec: wall && files ? files / wall : null,
      exitCodes: ss.map((s) => s.exitCode),
      failed: failed.get(t.tool) ?? null,
    }
  })
}

// ---------------------------------------------------------------------------------------------------------
// The run

async function main(): Promise<void> {
  const began = Date.now()
  if (!existsSync(join(repoRoot, 'dist', 'src', 'cli.js'))) {
    process.stderr.write('bench: dist/src/cli.js is missing; run `npm run build` first (npm run bench does).\n')
    process.exit(2)
  }
  if (!haveTime) process.stdout.write(`bench: ${TIME} not found; peak memory is not measured.\n`)
  const root = mkdtempSync(join(tmpdir(), 'rapport-bench-'))
  const logDir = join(root, 'logs')
  mkdirSync(logDir, { recursive: true })
  process.stdout.write(`rapport bench${quick ? ' (--quick)' : ''} in ${root}\n`)

  const genStart = Date.now()
  const corpus = generate(root)
  const mb = (b: number): string => (b / 1e6).toFixed(2)
  process.stdout.write(
    [
      `Corpus (seed ${settings.seed}, ${((Date.now() - genStart) / 1000).toFixed(1)} s):`,
      `  macros       ${corpus.macros.files.length} Markdown files, ${mb(corpus.macros.bytes)} MB`,
      `  transcripts  ${corpus.transcripts.files.length} chat-text files, ${mb(corpus.transcripts.bytes)} MB`,
      `  large        1 chat-text transcript, ${mb(corpus.big.bytes)} MB`,
      `  jsonl        ${corpus.jsonl.conversations} conversations in one .jsonl, ${mb(corpus.jsonl.bytes)} MB (and a tenth of it, ${mb(corpus.jsonlSmall.bytes)} MB)`,
      '',
    ].join('\n'),
  )

  if (flag('--corpus-only')) {
    // For profiling by hand: keep the generated corpus and stop before installing or running anything.
    process.stdout.write(`Corpus kept in ${root}\n`)
    return
  }
  const peers = installPeers(root)
  const peer = (name: string): Peer | undefined => peers.get(name)
  const rapport = (...rest: string[]): string[] => [NODE, rapportBin, ...rest]
  const results: Result[] = []
  const { macros, transcripts } = corpus
  const runs = settings.runs
  // rapport's report goes to stdout, which is /dev/null here: the JSON is still formatted and written, and no
  // `-o /dev/null` is needed (an atomic --output-file would rename a temp file over the device).
  const json = ['-f', 'json']

  // 1. Cold start on one file.
  const one = corpus.oneFile
  const oneTools: Tool[] = [
    { tool: 'node -e 0', cmd: [NODE, '-e', '0'], cwd: root },
    { tool: 'rapport', cmd: rapport(one), cwd: root, failOn2: true },
  ]
  for (const name of ['alex', 'markdownlint-cli2', 'write-good']) {
    const p = peer(name)
    if (p) oneTools.push({ tool: name, cmd: [NODE, p.bin, one], cwd: root })
  }
  results.push(...(await scenario('one file, cold', oneTools, settings.coldRuns, statSync(one).size, 1, logDir, true)))

  // 2. The macros, recommended rules.
  // rapport as it runs by default (auto: one thread below 4 cores), and on two worker threads for comparison.
  const macroTools: Tool[] = [
    { tool: 'rapport', cmd: rapport(...json, macros.dir), cwd: root, failOn2: true },
    { tool: 'rapport --concurrency 2', cmd: rapport(...json, '--concurrency', '2', macros.dir), cwd: root, failOn2: true },
  ]
  if (peer('alex')) macroTools.push({ tool: 'alex', cmd: [NODE, peer('alex')!.bin, '**/*.md'], cwd: macros.dir })
  if (peer('write-good')) macroTools.push({ tool: 'write-good', cmd: [NODE, peer('write-good')!.bin, ...macros.relFiles], cwd: macros.dir })
  if (peer('markdownlint-cli2')) macroTools.push({ tool: 'markdownlint-cli2', cmd: [NODE, peer('markdownlint-cli2')!.bin, '**/*.md'], cwd: macros.dir })
  results.push(...(await scenario(`${macros.files.length} macros`, macroTools, runs, macros.bytes, macros.files.length, logDir)))

  // 2b. The floor: unified + remark-parse alone over the same bodies, in one process and in two processes with
  // half each (what a second core adds to parsing here).
  const parseScript = join(repoRoot, 'dist', 'scripts', 'bench-parse.js')
  const listFile = join(root, 'macro-files.txt')
  writeFileSync(listFile, macros.files.join('\n') + '\n')
  const half = (part: number) => `"${NODE}" "${parseScript}" "${listFile}" ${part} 2`
  const parseTools: Tool[] = [
    { tool: 'remark-parse, one process', cmd: [NODE, parseScript, listFile], cwd: root },
    { tool: 'remark-parse, two processes', cmd: ['sh', '-c', `${half(0)} & ${half(1)} & wait`], cwd: root },
  ]
  results.push(...(await scenario(`${macros.files.length} macros, Markdown parsing alone`, parseTools, runs, macros.bytes, macros.files.length, logDir)))

  // 3. --cache: a first run that fills it, then a second over the unchanged tree.
  const cacheFile = join(root, 'cache', '.rapportcache')
  const cacheArgs = ['--cache', '--cache-location', cacheFile]
  const cacheTools: Tool[] = [
    { tool: 'rapport --cache (1st)', cmd: rapport(...json, ...cacheArgs, macros.dir), cwd: root, failOn2: true, before: () => rmSync(cacheFile, { force: true }) },
    { tool: 'rapport --cache (2nd)', cmd: rapport(...json, ...cacheArgs, macros.dir), cwd: root, failOn2: true },
  ]
  results.push(...(await scenario(`${macros.files.length} macros, --cache`, cacheTools, runs, macros.bytes, macros.files.length, logDir)))
  const cacheBytes = existsSync(cacheFile) ? statSync(cacheFile).size : null

  // 4. Chat transcripts.
  const trTools: Tool[] = [{ tool: 'rapport', cmd: rapport(...json, transcripts.dir), cwd: root, failOn2: true }]
  if (peer('alex')) trTools.push({ tool: 'alex', cmd: [NODE, peer('alex')!.bin, '--text', '*.txt'], cwd: transcripts.dir })
  if (peer('write-good')) trTools.push({ tool: 'write-good', cmd: [NODE, peer('write-good')!.bin, ...transcripts.relFiles], cwd: transcripts.dir })
  results.push(...(await scenario(`${transcripts.files.length} chat transcripts`, trTools, runs, transcripts.bytes, transcripts.files.length, logDir)))

  // 5. One long transcript: the peers get the same file, as plain text.
  const big = corpus.big.files[0]!
  const bigTools: Tool[] = [{ tool: 'rapport', cmd: rapport(...json, big), cwd: root, failOn2: true }]
  if (peer('alex')) bigTools.push({ tool: 'alex', cmd: [NODE, peer('alex')!.bin, '--text', big], cwd: root })
  if (peer('write-good')) bigTools.push({ tool: 'write-good', cmd: [NODE, peer('write-good')!.bin, big], cwd: root })
  results.push(...(await scenario(`one ${mb(corpus.big.bytes)} MB transcript`, bigTools, runs, corpus.big.bytes, 1, logDir)))

  // 6. The .jsonl, and a tenth of it (does memory grow with the file?). The peers read prose, not JSON: the long
  // transcript above is their comparison.
  const jl = corpus.jsonl
  process.stdout.write('\n(.jsonl: alex and write-good read prose, not JSON lines; the long transcript above is their comparison)')
  const jsonlTools: Tool[] = [
    { tool: `rapport (${jl.conversations})`, cmd: rapport(...json, jl.files[0]!), cwd: root, failOn2: true },
    { tool: `rapport (${corpus.jsonlSmall.conversations})`, cmd: rapport(...json, corpus.jsonlSmall.files[0]!), cwd: root, failOn2: true },
  ]
  const jsonlResults = await scenario(`${jl.conversations}-conversation .jsonl`, jsonlTools, runs, jl.bytes, jl.conversations, logDir)
  // The second row is the tenth: its rates are over its own size.
  const tenth = jsonlResults[1]!
  tenth.mbPerSec = tenth.wallSec ? corpus.jsonlSmall.bytes / 1e6 / tenth.wallSec : null
  tenth.filesPerSec = tenth.wallSec ? corpus.jsonlSmall.conversations / tenth.wallSec : null
  results.push(...jsonlResults)

  // 7. What rapport found, and where its time goes (TIMING=all), from one more untimed run over the macros.
  const reportFile = join(root, 'out', 'macros.json')
  mkdirSync(dirname(reportFile), { recursive: true })
  const timing = spawnSync(NODE, [rapportBin, ...json, '-o', reportFile, macros.dir], {
    cwd: root,
    env: { ...process.env, TIMING: 'all', NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  const ruleTimes: { rule: string; ms: number }[] = []
  for (const line of timing.stderr.split('\n')) {
    const m = /^(\S+)\s*\|\s*([\d.]+)\s*\|/.exec(line)
    if (m && m[1] !== 'Rule') ruleTimes.push({ rule: m[1]!, ms: Number(m[2]) })
  }
  const findings: Record<string, number> = {}
  let filesWithFindings = 0
  let fatal = 0
  try {
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { messages: { ruleId: string | null; fatal?: boolean }[] }[]
    for (const r of report) {
      if (r.messages.length) filesWithFindings++
      for (const m of r.messages) {
        if (m.fatal) fatal++
        const id = m.ruleId ?? '(fatal)'
        findings[id] = (findings[id] ?? 0) + 1
      }
    }
  } catch {
    process.stdout.write(`\nbench: could not read rapport's report (exit ${timing.status}): ${timing.stderr.slice(0, 400)}\n`)
  }

  // ---------------------------------------------------------------------------------------------------------
  // Report

  const get = (sc: string, tool: string): Result | undefined => results.find((r) => r.scenario === sc && r.tool === tool)
  const macroSc = `${macros.files.length} macros`
  const ratios: { scenario: string; peer: string; time: number | null; memory: number | null }[] = []
  for (const sc of [...new Set(results.map((r) => r.scenario))]) {
    const base = get(sc, 'rapport')
    if (!base?.wallSec) continue
    for (const r of results.filter((x) => x.scenario === sc && x.tool !== 'rapport' && x.tool !== 'node -e 0')) {
      ratios.push({
        scenario: sc,
        peer: r.tool,
        time: r.wallSec ? r.wallSec / base.wallSec : null,
        memory: r.maxRssMB && base.maxRssMB ? r.maxRssMB / base.maxRssMB : null,
      })
    }
  }

  const fmt = (n: number | null, digits = 2): string => (n === null ? '-' : n.toFixed(digits))
  const header = ['scenario', 'tool', 'wall s (median)', 'min-max s', 'peak RSS MB', 'CPU s', 'MB/s', 'files/s', 'peer / rapport']
  const rows = results.map((r) => {
    const ratio = ratios.find((x) => x.scenario === r.scenario && x.peer === r.tool)
    return [
      r.scenario,
      r.tool,
      r.failed && !r.runs ? `failed: ${r.failed}` : fmt(r.wallSec, 3) + (r.failed ? ` (${r.failed})` : ''),
      r.runs > 1 ? `${fmt(r.wallMinSec, 3)}-${fmt(r.wallMaxSec, 3)}` : '',
      fmt(r.maxRssMB, 0),
      fmt(r.cpuSec, 2),
      fmt(r.mbPerSec, 2),
      r.scenario.includes('.jsonl') ? `${fmt(r.filesPerSec, 0)} conv/s` : fmt(r.filesPerSec, r.filesPerSec !== null && r.filesPerSec < 10 ? 2 : 0),
      ratio?.time ? `${ratio.time.toFixed(1)}×` : '',
    ]
  })
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]): string => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ')
  const out: string[] = ['', line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), '']

  out.push('Ratios (peer time / rapport time; peer memory / rapport memory):')
  for (const r of ratios) out.push(`  ${r.scenario}: ${r.peer} / rapport = ${fmt(r.time, 1)}× time, ${fmt(r.memory, 1)}× memory`)

  const node0 = get('one file, cold', 'node -e 0')
  const cold = get('one file, cold', 'rapport')
  const macroRun = get(macroSc, 'rapport')
  const alexRatio = ratios.find((r) => r.scenario === macroSc && r.peer === 'alex')?.time ?? null
  const mdlRatio = ratios.find((r) => r.scenario === macroSc && r.peer === 'markdownlint-cli2')?.time ?? null
  const c1 = get(`${macroSc}, --cache`, 'rapport --cache (1st)')
  const c2 = get(`${macroSc}, --cache`, 'rapport --cache (2nd)')
  const jsonlFull = jsonlResults[0]!
  const check = (ok: boolean | null): string => (ok === null ? 'n/a ' : ok ? 'met ' : 'MISSED')
  const coldRatio = cold?.wallSec && node0?.wallSec ? cold.wallSec / node0.wallSec : null
  const cacheRatio = c1?.wallSec && c2?.wallSec ? c1.wallSec / c2.wallSec : null
  const targets = {
    coldVsNode: { value: coldRatio, target: '<= 3', met: coldRatio === null ? null : coldRatio <= 3 },
    alexVsRapport: { value: alexRatio, target: '>= 20', met: alexRatio === null ? null : alexRatio >= 20 },
    markdownlintVsRapport: { value: mdlRatio, target: '>= 4', met: mdlRatio === null ? null : mdlRatio >= 4 },
    macrosPeakRssMB: { value: macroRun?.maxRssMB ?? null, target: '< 250', met: macroRun?.maxRssMB == null ? null : macroRun.maxRssMB < 250 },
    cacheSecondRunSpeedup: { value: cacheRatio, target: '>= 5', met: cacheRatio === null ? null : cacheRatio >= 5 },
    jsonlPeakRssMB: { value: jsonlFull.maxRssMB, tenthOfFile: tenth.maxRssMB, target: 'flat (about the same for a tenth of the file)' },
  }
  out.push('', "Issue 6's targets:")
  out.push(`  ${check(targets.coldVsNode.met)}  one file cold: rapport / node -e 0 = ${fmt(coldRatio, 1)}× (target at most 3×)`)
  out.push(`  ${check(targets.alexVsRapport.met)}  ${macroSc}: alex / rapport = ${fmt(alexRatio, 1)}× (target at least 20×)`)
  out.push(`  ${check(targets.markdownlintVsRapport.met)}  ${macroSc}: markdownlint-cli2 / rapport = ${fmt(mdlRatio, 1)}× (target at least 4×)`)
  out.push(`  ${check(targets.macrosPeakRssMB.met)}  ${macroSc}: rapport peak memory ${fmt(macroRun?.maxRssMB ?? null, 0)} MB (target under 250 MB)`)
  out.push(
    `  ${check(targets.cacheSecondRunSpeedup.met)}  --cache: first / second run = ${fmt(cacheRatio, 1)}× (target at least 5×; ` +
      `a run without --cache / the second = ${fmt(macroRun?.wallSec && c2?.wallSec ? macroRun.wallSec / c2.wallSec : null, 1)}×)`,
  )
  const parseOne = get(`${macroSc}, Markdown parsing alone`, 'remark-parse, one process')
  const parseTwo = get(`${macroSc}, Markdown parsing alone`, 'remark-parse, two processes')
  out.push(
    `  info  parsing alone (unified + remark-parse): ${fmt(parseOne?.wallSec ?? null, 2)} s in one process, ${fmt(parseTwo?.wallSec ?? null, 2)} s in two with half each;` +
      ` 4× markdownlint-cli2 allows ${fmt(mdlRatio && macroRun?.wallSec ? (macroRun.wallSec * mdlRatio) / 4 : null, 2)} s for everything`,
  )
  out.push(
    `  info  .jsonl peak memory: ${fmt(jsonlFull.maxRssMB, 0)} MB for ${jl.conversations} conversations, ${fmt(tenth.maxRssMB, 0)} MB for ${corpus.jsonlSmall.conversations} (flat if these are close)`,
  )

  const rulesMs = ruleTimes.reduce((n, r) => n + r.ms, 0)
  out.push('', `Where rapport's time goes on the macros (TIMING=all, one run): rules ${rulesMs.toFixed(0)} ms of ${fmt(macroRun?.wallSec ?? null, 2)} s wall`)
  for (const r of ruleTimes.slice(0, 8)) out.push(`  ${r.rule.padEnd(26)} ${r.ms.toFixed(1).padStart(8)} ms`)
  const total = Object.values(findings).reduce((a, b) => a + b, 0)
  out.push(
    '',
    `rapport found ${total} problems in ${filesWithFindings} of ${macros.files.length} macros (${fatal} fatal): ` +
      Object.entries(findings)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
  )

  const machine = {
    os: `${osType()} ${release()} (${platform()})`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    date: new Date().toISOString(),
  }
  const gitHead = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' })
  const rapportVersion = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version
  out.push(
    '',
    `Machine: ${machine.os}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGB} GB, Node ${machine.node}, ${machine.date}`,
    `Versions: rapport ${rapportVersion}${gitHead.status === 0 ? ` (${gitHead.stdout.trim()})` : ''}, ` +
      [...peers.values()].map((p) => `${p.name} ${p.version}`).join(', '),
  )

  const data = {
    machine,
    versions: { rapport: rapportVersion, commit: gitHead.status === 0 ? gitHead.stdout.trim() : null, ...Object.fromEntries([...peers.values()].map((p) => [p.name, p.version])) },
    settings,
    corpus: {
      seed: settings.seed,
      macros: { files: macros.files.length, bytes: macros.bytes },
      transcripts: { files: transcripts.files.length, bytes: transcripts.bytes },
      largeTranscript: { bytes: corpus.big.bytes },
      jsonl: { conversations: jl.conversations, bytes: jl.bytes },
      jsonlTenth: { conversations: corpus.jsonlSmall.conversations, bytes: corpus.jsonlSmall.bytes },
      oneFile: { bytes: statSync(one).size },
      cacheFileBytes: cacheBytes,
    },
    method: 'wall time by hrtime around each process (stdout to /dev/null); peak RSS, CPU time and exit status from /usr/bin/time -v; median of the runs; tools alternate within each run',
    results,
    ratios,
    targets,
    ruleTimingMs: ruleTimes,
    findings: { total, filesWithFindings, fatal, byRule: findings },
    elapsedSec: (Date.now() - began) / 1000,
  }
  const resultsFile = join(root, 'bench-results.json')
  writeFileSync(resultsFile, JSON.stringify(data, null, 2) + '\n')
  if (outFile) {
    mkdirSync(dirname(outFile), { recursive: true })
    writeFileSync(outFile, JSON.stringify(data, null, 2) + '\n')
  }
  if (!keep) {
    rmSync(join(root, 'corpus'), { recursive: true, force: true })
    rmSync(join(root, 'cache'), { recursive: true, force: true })
    rmSync(join(root, 'out'), { recursive: true, force: true })
    if (!reusePeers) rmSync(join(root, 'peers'), { recursive: true, force: true })
  }
  out.push(
    '',
    `Figures: ${resultsFile}${outFile ? ` and ${outFile}` : ''} (${((Date.now() - began) / 1000).toFixed(0)} s in all)` +
      (keep ? `; corpus and peers kept in ${root}` : `; stderr of each tool in ${logDir}`),
    '',
  )
  process.stdout.write(out.join('\n'))
}

await main()
