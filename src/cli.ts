/** Flags → options → API → formatter → exit code; nothing else. Exit 0 clean, 1 lint errors, 2 usage/config/internal. */
import { Command, CommanderError, Option } from './bundled/commander.js'
import { once } from 'node:events'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, relative, resolve } from 'node:path'
import { ConfigError, SourceError, UsageError } from './errors.js'
import type { RuleSetting } from './config/types.js'
import type { LintResult } from './linter.js'
import type { GroupBy } from './scorecard.js'

interface CliOptions {
  config?: string
  format: string
  outputFile?: string
  rule?: string[]
  maxWarnings?: string
  quiet?: boolean
  stdin?: boolean
  stdinFilename?: string
  inputFormat?: string
  includeInactive?: boolean
  printConfig?: string
  listRules?: boolean
  init?: boolean
  reportUnusedDisableDirectives?: boolean
  color?: boolean
  changedSince?: string
  diff?: string
  suppressAll?: boolean
  suppressRule?: string[]
  pruneSuppressions?: boolean
  suppressionsLocation?: string
  lsp?: boolean
  stdio?: boolean
  yes?: boolean
  preset?: string
  warnIgnored?: boolean
  fix?: boolean
  fixDryRun?: boolean
  cache?: boolean
  cacheLocation?: string
  concurrency?: string
  groupBy?: string
}

function parseRuleFlag(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

function ruleSettings(flags: string[] | undefined): Record<string, RuleSetting> | undefined {
  if (!flags?.length) return undefined
  const out: Record<string, RuleSetting> = {}
  for (const flag of flags) {
    const colon = flag.indexOf(':')
    if (colon <= 0) throw new UsageError(`--rule "${flag}": expected <rule-id>:<severity>, e.g. offer-alternatives:warn`)
    const id = flag.slice(0, colon).trim()
    const value = flag.slice(colon + 1).trim()
    if (value.startsWith('[')) {
      try {
        out[id] = JSON.parse(value) as RuleSetting
      } catch {
        throw new UsageError(`--rule "${flag}": the value after ":" is not valid JSON`)
      }
    } else out[id] = value as RuleSetting
  }
  return out
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function packageVersion(): string {
  // dist/src/cli.js → the package root is two folders up.
  const manifest = new URL('../../package.json', import.meta.url)
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version
  } catch {
    return 'unknown'
  }
}

function program(): Command {
  return new Command('rapport')
    .description('Lint customer-service macros and transcripts.')
    .argument('[paths...]', 'files, directories or globs to lint', [])
    .option('-c, --config <file>', 'use this config file instead of searching for one')
    .option('-f, --format <name>', 'output format: stylish, json, json-with-metadata, compact, github, sarif, junit, checkstyle, scorecard, jsonl or html', 'stylish')
    .option('--group-by <key>', 'scorecards and the HTML report: group documents by agent, file, tag or day', 'agent')
    .option('-o, --output-file <file>', 'write the report to a file')
    .option('--rule <id:severity>', 'set a rule, e.g. --rule offer-alternatives:warn (repeatable)', parseRuleFlag)
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this')
    .option('--quiet', 'report errors only (rules set to warn are not run)')
    .option('--stdin', 'lint text read from standard input')
    .option('--stdin-filename <name>', 'file name for --stdin (picks the format and the config)')
    .option('--input-format <name>', 'read every input as this format (names in the README); default: by extension and content')
    .option('--include-inactive', 'also lint macros marked inactive in their library')
    .option('--print-config <file>', 'print the config that applies to a file, and exit')
    .option('--list-rules', 'list the rules, and exit')
    .option('--init', 'write a starter .rapportrc.yaml in the current folder, and exit')
    .option('--report-unused-disable-directives', 'report rapport-disable comments that silence nothing')
    .option('--changed-since <ref>', 'report only problems on lines changed since this git ref')
    .option('--diff <ref>', 'the same as --changed-since')
    .option('--suppress-all', 'record every current error in the suppressions file, and report none of them')
    .option('--suppress-rule <id>', "record this rule's current errors in the suppressions file (repeatable)", parseRuleFlag)
    .option('--prune-suppressions', 'drop suppressions that no longer occur')
    .option('--suppressions-location <file>', 'the suppressions file (default rapport-suppressions.json)')
    .option('--lsp', 'run as a language server over stdio (for editors)')
    .option('--stdio', 'with --lsp: talk over standard input and output (what editors pass)')
    .option('--cache', 'reuse the results of files that have not changed (.rapportcache)')
    .option('--cache-location <file>', 'where --cache keeps its file')
    .option('--concurrency <n>', 'worker threads: auto (half the cores, from 4,000 files on 4 or more cores), off, or a number', 'auto')
    .option('--no-warn-ignored', 'no warning for files named on the command line that config ignores (for pre-commit and lint-staged)')
    .option('--fix', 'apply safe fixes (substitutions) to the files, atomically')
    .option('--fix-dry-run', 'work out the fixes and print the fixed text in the JSON output, writing nothing')
    .option('--yes', 'with --init: take the defaults without asking')
    .option('--preset <name>', 'with --init: recommended, strict or all')
    .addOption(new Option('--color', 'force colour output'))
    .addOption(new Option('--no-color', 'no colour output'))
    .version(packageVersion(), '-v, --version')
    .helpOption('-h, --help')
}

function exitCodeFor(results: LintResult[], maxWarnings: number | undefined): number {
  const errors = results.reduce((n, r) => n + r.errorCount, 0)
  const warnings = results.reduce((n, r) => n + r.warningCount, 0)
  if (errors > 0) return 1
  if (maxWarnings !== undefined && warnings > maxWarnings) return 1
  return 0
}

/** The commented starter config --init writes. */
function starter(preset: string, format: string | undefined): string {
  return `# rapport config (see the README, "Config", for every key)
extends: rapport:${preset}
rules:
  # acknowledge-feelings: [error, { sureness: medium }]   # more recall, for transcript review
  # avoid-interjection: off
roles:
  agent: []       # speaker labels of your agents, e.g. [Dana, spk_1]
  customer: []
${format ? `formats:\n  "**/*": ${format}    # every file read as ${format}\n` : '# formats: { "exports/*.json": contact-lens }   # when a file name does not say what it is\n'}ignores: []
`
}

const PRESETS = ['recommended', 'strict', 'all']

/**
 * --init: a starter config, never over an existing one. In a terminal it asks for the preset and the input
 * format; with --yes (or without a terminal, as in CI) it takes --preset and --input-format or the defaults.
 */
async function init(cwd: string, opts: CliOptions): Promise<string> {
  const target = resolve(cwd, '.rapportrc.yaml')
  const existing = ['.rapportrc', '.rapportrc.json', '.rapportrc.yaml', '.rapportrc.yml', '.rapportrc.js', '.rapportrc.cjs', '.rapportrc.mjs', 'rapport.config.js', 'rapport.config.mjs', 'rapport.config.cjs']
    .map((name) => resolve(cwd, name))
    .find((path) => existsSync(path))
  if (existing) throw new UsageError(`--init: ${existing} already exists; not overwriting it`)
  let preset = opts.preset ?? 'recommended'
  let format = opts.inputFormat
  if (!opts.yes && process.stdin.isTTY && process.stdout.isTTY) {
    const { createInterface } = await import('node:readline/promises')
    const rl = createInterface({ input: process.stdin, output: process.stdout })
    try {
      preset = (await rl.question(`Preset (${PRESETS.join(', ')}) [${preset}]: `)).trim() || preset
      format = (await rl.question('Input format when file names do not say (blank: detect from the file) []: ')).trim() || format
    } catch {
      throw new UsageError('--init: cancelled; nothing written')
    } finally {
      rl.close()
    }
  }
  if (!PRESETS.includes(preset)) throw new UsageError(`--preset: expected ${PRESETS.join(', ')}, got "${preset}"`)
  if (format) {
    const { knownFormats } = await import('./sources/index.js')
    const known = await knownFormats()
    if (!known.includes(format)) throw new UsageError(`--input-format: unknown format "${format}" (known: ${known.join(', ')})`)
  }
  await writeFile(target, starter(preset, format), { flag: 'wx' })
  return `Wrote ${target}\n`
}

async function listRules(): Promise<string> {
  const { builtinRules } = await import('../rules/index.js')
  const rows = Object.entries(builtinRules).sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, rule]) => [
    id,
    rule.meta.recommended || 'off',
    rule.meta.appliesTo.join(', '),
    rule.meta.description,
  ])
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['rule', 'recommended', 'applies to'][i]!.length))
  const line = (r: string[]) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  ').trimEnd()
  return [line(['rule', 'recommended', 'applies to', 'description']), ...rows.map(line)].join('\n') + '\n'
}

/**
 * `rapport test-rules [files or folders...]`: runs the inline tests of YAML rules — the given ones, or the
 * built-in rules and the config's `rulesDir` rules. Exit 0 when all pass, 1 when any fails, 2 on a bad rule.
 */
async function testRules(args: string[]): Promise<number> {
  const { loadRuleFile, loadRulesDir, runRuleTests } = await import('./declarative/load.js')
  const { statSync } = await import('node:fs')
  const cwd = process.cwd()
  const loaded = []
  if (args.length > 0) {
    for (const arg of args) {
      const path = resolve(cwd, arg)
      const isDir = (() => {
        try {
          return statSync(path).isDirectory()
        } catch {
          throw new UsageError(`test-rules: ${arg}: no such file or directory`)
        }
      })()
      loaded.push(...(isDir ? loadRulesDir(path).values() : [loadRuleFile(path)]))
    }
  } else {
    const { builtinYamlRules } = await import('../rules/index.js')
    const { ConfigResolver } = await import('./config/load.js')
    const { builtinRules } = await import('../rules/index.js')
    const resolver = new ConfigResolver({ cwd, rules: builtinRules })
    loaded.push(...builtinYamlRules.values())
    for (const dir of await resolver.rulesDirsFor(resolve(cwd, 'x'))) loaded.push(...loadRulesDir(dir).values())
  }
  let failed = 0
  let passed = 0
  for (const rule of loaded) {
    const result = await runRuleTests(rule)
    passed += result.passed
    failed += result.failures.length
    const mark = result.failures.length ? '\u2716' : '\u2714'
    process.stdout.write(`${mark} ${rule.spec.id}: ${result.passed}/${rule.spec.tests.length} tests pass (${relative(cwd, rule.spec.file) || rule.spec.file})\n`)
    for (const f of result.failures) {
      process.stdout.write(`    ${relative(cwd, rule.spec.file)}:${f.line}: expected ${f.expected} report(s), got ${f.actual}: ${JSON.stringify(f.input)}\n`)
      for (const m of f.messages) process.stdout.write(`      ${m}\n`)
    }
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`)
  return failed > 0 ? 1 : 0
}

export async function run(argv: string[]): Promise<number> {
  if (argv[2] === 'test-rules') return testRules(argv.slice(3))
  if (argv[2] === 'merge-scorecards') return mergeScorecardFiles(argv.slice(3))
  if (argv.includes('--lsp')) {
    const { startLanguageServer } = await import('./lsp.js')
    await startLanguageServer()
    return 0
  }
  const cmd = program()
  let stdout = ''
  cmd.exitOverride().configureOutput({ writeOut: (s) => (stdout += s), writeErr: () => {} })
  let opts: CliOptions
  let paths: string[]
  try {
    cmd.parse(argv)
    opts = cmd.opts<CliOptions>()
    paths = cmd.args
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
        process.stdout.write(stdout)
        return 0
      }
      process.stderr.write(`rapport: ${error.message.replace(/^error: /, '')}\n`)
      return 2
    }
    throw error
  }

  const cwd = process.cwd()
  if (opts.init) {
    process.stdout.write(await init(cwd, opts))
    return 0
  }
  if (opts.listRules) {
    process.stdout.write(await listRules())
    return 0
  }
  const maxWarnings = opts.maxWarnings === undefined ? undefined : Number(opts.maxWarnings)
  if (maxWarnings !== undefined && (!Number.isInteger(maxWarnings) || maxWarnings < -1))
    throw new UsageError(`--max-warnings: expected a whole number, got "${opts.maxWarnings}"`)

  const concurrency: 'auto' | 'off' | number = opts.concurrency === 'auto' || opts.concurrency === 'off' ? opts.concurrency : Number(opts.concurrency)
  if (typeof concurrency === 'number' && !(Number.isInteger(concurrency) && concurrency >= 1))
    throw new UsageError(`--concurrency: expected auto, off or a whole number of threads, got "${opts.concurrency}"`)

  const api = await import('./api.js')
  const lintOptions = {
    concurrency,
    cwd,
    configFile: opts.config,
    rules: ruleSettings(opts.rule),
    inputFormat: opts.inputFormat,
    includeInactive: opts.includeInactive,
    warnIgnored: opts.warnIgnored,
    fix: opts.fix || opts.fixDryRun,
    cacheLocation: opts.cache || opts.cacheLocation ? (opts.cacheLocation ?? '.rapportcache') : undefined,
    quiet: opts.quiet,
    // As ESLint's flag: unused directives are errors when asked for on the command line.
    reportUnusedDisableDirectives: opts.reportUnusedDisableDirectives ? (2 as const) : undefined,
  }
  if (opts.inputFormat) {
    const { knownFormats } = await import('./sources/index.js')
    const known = await knownFormats()
    if (!known.includes(opts.inputFormat)) throw new UsageError(`--input-format: unknown format "${opts.inputFormat}" (known: ${known.join(', ')})`)
  }
  if (opts.printConfig) {
    process.stdout.write(JSON.stringify(await api.calculateConfigForFile(opts.printConfig, lintOptions), null, 2) + '\n')
    return 0
  }

  const formatter = await api.loadFormatter(opts.format)
  if (!formatter) throw new UsageError(`--format: unknown formatter "${opts.format}" (known: ${api.formatterNames.join(', ')})`)
  const groupBy = opts.groupBy as GroupBy
  // The default needs no check: scorecard.js is loaded only by runs that ask for something else (start-up).
  if (groupBy !== 'agent') {
    const { GROUP_BY } = await import('./scorecard.js')
    if (!GROUP_BY.includes(groupBy)) throw new UsageError(`--group-by: expected ${GROUP_BY.join(', ')}, got "${opts.groupBy}"`)
  }
  const { HUMAN_FORMATS, RECORD_FORMATS } = await import('./formatters/index.js')
  // Scorecards and reports need each document's outcomes; stylish ends with a line per rule.
  const changedRef = opts.changedSince ?? opts.diff
  const suppressing = Boolean(opts.suppressAll || opts.suppressRule?.length || opts.pruneSuppressions || existsSync(resolve(cwd, opts.suppressionsLocation ?? SUPPRESSIONS)))
  // Filters applied after linting (below) need the records whole, to take out what they hide.
  const filtered = Boolean(changedRef || suppressing)
  const records = RECORD_FORMATS.has(opts.format) || (filtered && opts.format === 'stylish') ? ('full' as const) : opts.format === 'stylish' ? ('tally' as const) : undefined
  // -f jsonl writes each conversation's line as soon as it is linted, unless something must see the whole run first.
  const live = opts.format === 'jsonl' && !changedRef && !suppressing && !opts.fix && !opts.fixDryRun ? await liveJsonl(cwd, opts.outputFile, opts.quiet) : undefined
  const streamStdin = opts.stdin && (opts.inputFormat === 'jsonl' || /\.(?:jsonl|ndjson)$/i.test(opts.stdinFilename ?? ''))
  // A bar on stderr for long runs in a terminal (never in CI, never for machine formats): progress.ts decides.
  const byConversation = streamStdin || (paths.length === 1 && /\.(?:jsonl|ndjson)$/i.test(paths[0]!))
  // Machine formats never draw a bar, so their runs do not load progress.ts at all.
  const bar = HUMAN_FORMATS.has(opts.format)
    ? (await import('./progress.js')).startProgress({ unit: byConversation ? 'conversations' : 'files', format: opts.format })
    : { setTotal: () => {}, tick: () => {}, stop: () => {} }
  const progress = {
    start: (fileCount: number) => {
      if (!byConversation) bar.setTotal(fileCount)
    },
    file: () => {
      if (!byConversation) bar.tick()
    },
    conversation: () => {
      if (byConversation) bar.tick()
    },
  }
  const runOptions = { ...lintOptions, records, progress, ...(live ? { onLine: live.onLine, onResult: live.onResult } : {}) }

  let results: LintResult[]
  let missing: { pattern: string; reason: string }[] = []
  if (opts.stdin) {
    if (paths.length) throw new UsageError('--stdin lints standard input; do not pass paths as well')
    if (streamStdin && !opts.fix) {
      process.stdin.setEncoding('utf8')
      const result = await api.lintJsonLinesStream(process.stdin as AsyncIterable<string>, { ...runOptions, filePath: opts.stdinFilename }).finally(() => bar.stop())
      results = [result]
    } else {
      const text = await readStdin()
      results = [await api.lintText(text, { ...runOptions, filePath: opts.stdinFilename })]
      if (live) await live.onResult(results[0]!)
    }
  } else {
    const run = await api.lintFiles(paths.length ? paths : ['.'], runOptions).finally(() => bar.stop())
    results = run.results
    missing = run.missing
    for (const s of run.skipped) process.stderr.write(`rapport: warning: ${relative(cwd, s.path) || s.path}: ${s.reason}\n`)
  }

  if (opts.fix && !opts.fixDryRun && !opts.stdin) {
    // Only files whose text a fix changed are written, each atomically (temp file, then rename).
    const { writeFileAtomic } = await import('./fix.js')
    for (const r of results) if (r.output !== undefined) await writeFileAtomic(r.filePath, r.output)
  }
  if (changedRef) {
    const { changedLines, keepChanged } = await import('./changed.js')
    results = keepChanged(results, await changedLines(changedRef, cwd), cwd)
  }
  if (suppressing) results = await suppress(results, opts, cwd)
  if (opts.quiet) {
    results = results.map((r) => {
      const messages = r.messages.filter((m) => m.severity === 2)
      return { ...r, messages, warningCount: 0, fixableWarningCount: 0 }
    })
  }
  if (records && (filtered || opts.quiet)) {
    const { reconcileRecords } = await import('./scorecard.js')
    results = results.map(reconcileRecords)
  }
  // Known before the report is written, so that `rapport . | head` still exits with it when the reader goes away.
  const code = missing.length > 0 ? 2 : exitCodeFor(results, maxWarnings)
  process.exitCode = code
  const color = opts.color ?? (!opts.outputFile && process.stdout.isTTY === true && !process.env.NO_COLOR)
  const report = live ? '' : formatter(results, { cwd, color: color && !opts.outputFile, rulesMeta: await rulesMeta(), groupBy })
  if (live) await live.finish()
  // Line formats end with a newline, so files written by shards can be concatenated.
  else if (opts.outputFile) await writeReport(resolve(cwd, opts.outputFile), opts.format === 'jsonl' && report && !report.endsWith('\n') ? report + '\n' : report)
  else if (report) {
    process.stdout.write(report.endsWith('\n') || opts.format !== 'stylish' ? report + (opts.format === 'stylish' ? '' : '\n') : report + '\n')
  }
  if (process.env.TIMING) process.stderr.write(await timingTable(process.env.TIMING))
  for (const m of missing) process.stderr.write(`rapport: ${m.pattern}: ${m.reason}\n`)
  if (missing.length > 0) return code
  const errors = results.reduce((n, r) => n + r.errorCount, 0)
  if (code === 1 && errors === 0)
    process.stderr.write(`rapport found too many warnings (maximum: ${maxWarnings}).\n`)
  return code
}

/**
 * `rapport merge-scorecards <files...>`: scorecards (-f scorecard) or -f jsonl outputs of shards as one
 * scorecard, or as the HTML report (-f html). `-` or no file reads standard input.
 */
async function mergeScorecardFiles(args: string[]): Promise<number> {
  const cmd = new Command('rapport merge-scorecards')
    .description('Combine scorecards (or -f jsonl output) of shards into one scorecard or HTML report.')
    .argument('[files...]', 'scorecard or jsonl files; - for standard input', [])
    .option('-f, --format <name>', 'scorecard or html', 'scorecard')
    .option('-o, --output-file <file>', 'write the result to a file')
    .option('--group-by <key>', 'agent, file, tag or day (default: as the first scorecard was grouped)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: () => {} })
  try {
    cmd.parse(args, { from: 'user' })
  } catch (error) {
    if (error instanceof CommanderError && error.code === 'commander.helpDisplayed') return 0
    throw new UsageError(`merge-scorecards: ${(error as Error).message.replace(/^error: /, '')}`)
  }
  const opts = cmd.opts<{ format: string; outputFile?: string; groupBy?: string }>()
  const { GROUP_BY, mergeScorecards } = await import('./scorecard.js')
  if (opts.groupBy !== undefined && !GROUP_BY.includes(opts.groupBy as GroupBy))
    throw new UsageError(`--group-by: expected ${GROUP_BY.join(', ')}, got "${opts.groupBy}"`)
  if (opts.format !== 'scorecard' && opts.format !== 'html') throw new UsageError(`merge-scorecards --format: expected scorecard or html, got "${opts.format}"`)
  const cwd = process.cwd()
  const files: string[] = cmd.args.length ? cmd.args : ['-']
  const inputs: { name: string; text: string }[] = []
  for (const file of files) {
    if (file === '-') {
      inputs.push({ name: '<stdin>', text: await readStdin() })
      continue
    }
    try {
      inputs.push({ name: file, text: readFileSync(resolve(cwd, file), 'utf8') })
    } catch (error) {
      throw new UsageError(`merge-scorecards: ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`)
    }
  }
  let card
  try {
    card = mergeScorecards(inputs, opts.groupBy as GroupBy | undefined)
  } catch (error) {
    throw new UsageError(`merge-scorecards: ${(error as Error).message}`)
  }
  const text = opts.format === 'html' ? (await import('./formatters/html.js')).renderReport(card, { rulesMeta: await rulesMeta() }) : JSON.stringify(card, null, 2)
  if (opts.outputFile) await writeReport(resolve(cwd, opts.outputFile), text)
  else process.stdout.write(text + '\n')
  return 0
}

/** --output-file: written like a fix, a temporary file renamed over the target, so a reader never sees half a report. */
async function writeReport(target: string, text: string): Promise<void> {
  try {
    await mkdir(dirname(target), { recursive: true })
    const { writeFileAtomic } = await import('./fix.js')
    await writeFileAtomic(target, text)
  } catch (error) {
    const e = error as NodeJS.ErrnoException
    throw new UsageError(`--output-file: cannot write ${target}: ${e.code ?? e.message}`)
  }
}

/**
 * -f jsonl as it goes: a line per document, written as each conversation (streamed .jsonl) or file is done, to
 * stdout or to a temporary file renamed over --output-file at the end. Writes wait for a slow reader.
 */
async function liveJsonl(cwd: string, outputFile: string | undefined, quiet = false) {
  const { jsonlLines } = await import('./formatters/jsonl.js')
  const { createWriteStream } = await import('node:fs')

  const target = outputFile ? resolve(cwd, outputFile) : undefined
  const temp = target ? `${target}.${process.pid}.tmp` : undefined
  if (target) await mkdir(dirname(target), { recursive: true })
  const out: NodeJS.WritableStream = temp ? createWriteStream(temp) : process.stdout
  if (temp) {
    await once(out, 'open').catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`--output-file: cannot write ${target}: ${error.code ?? error.message}`)
    })
    // A run that ends early (a config error, exit 2, Ctrl-C) leaves no half-written temporary file behind.
    process.once('exit', () => rmSync(temp, { force: true }))
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, () => {
        rmSync(temp, { force: true })
        process.exit(signal === 'SIGINT' ? 130 : 143)
      })
  }
  const rel = (path: string) => relative(cwd, path) || path
  // An error already written sets the exit code now: if the reader goes away mid-run (`| head`), the run still
  // ends with 1, not 0. (Too many warnings can only be known at the end.)
  const noteErrors = (messages: readonly { severity: number }[]) => {
    if (!process.exitCode && messages.some((m) => m.severity === 2)) process.exitCode = 1
  }
  const write = async (lines: string[]) => {
    if (lines.length === 0) return
    if (!out.write(lines.join('\n') + '\n')) await once(out, 'drain')
  }
  return {
    // A line of a streamed .jsonl is written as a file's result would be: a line that could not be read has no
    // document, and its message still goes out with its place.
    onLine: (file: string, line: import('./stream.js').LineResult) => {
      noteErrors(line.messages)
      return write(jsonlLines({ messages: line.messages, documents: line.records }, rel(file)))
    },
    // Results of streamed files carry no documents here (their lines went out already).
    // --quiet shows errors only, here as in the other formats (a notice such as "binary file skipped" is a warning).
    onResult: (result: LintResult) => {
      noteErrors(result.messages)
      return write(jsonlLines(quiet ? { ...result, messages: result.messages.filter((m) => m.severity === 2) } : result, rel(result.filePath)))
    },
    finish: async () => {
      if (!temp || !target) return
      out.end()
      await once(out, 'finish')
      const { rename } = await import('node:fs/promises')
      await rename(temp, target)
    },
  }
}

/** The TIMING table: the slowest rules (TIMING=all for every rule, a number for that many), on stderr. */
async function timingTable(setting: string): Promise<string> {
  const { ruleTimings } = await import('./linter.js')
  const all = ruleTimings()
  const count = setting === 'all' ? all.length : Number(setting) > 1 ? Number(setting) : 10
  const total = all.reduce((n, [, t]) => n + t, 0) || 1
  const rows = all.slice(0, count).map(([id, t]) => [id, t.toFixed(1), `${((t * 100) / total).toFixed(1)}%`])
  const head = ['Rule', 'Time (ms)', 'Relative']
  const widths = [0, 1, 2].map((i) => Math.max(head[i]!.length, ...rows.map((r) => r[i]!.length)))
  const line = (r: string[]) => `${r[0]!.padEnd(widths[0]!)} | ${r[1]!.padStart(widths[1]!)} | ${r[2]!.padStart(widths[2]!)}`
  return [line(head), `${'-'.repeat(widths[0]!)}-|-${'-'.repeat(widths[1]!)}-|-${'-'.repeat(widths[2]!)}`, ...rows.map(line)].join('\n') + '\n'
}

const SUPPRESSIONS = 'rapport-suppressions.json'

/** Records, prunes and applies bulk suppressions; the file is written atomically. */
async function suppress(results: LintResult[], opts: CliOptions, cwd: string): Promise<LintResult[]> {
  const s = await import('./suppressions.js')
  const path = resolve(cwd, opts.suppressionsLocation ?? SUPPRESSIONS)
  let recorded = await s.loadSuppressions(path)
  const before = JSON.stringify(recorded)
  if (opts.suppressAll || opts.suppressRule?.length) {
    const only = opts.suppressAll ? undefined : new Set(opts.suppressRule)
    recorded = s.mergeSuppressions(recorded, s.countErrors(results, cwd, only), only)
  }
  if (opts.pruneSuppressions) recorded = s.pruneSuppressions(recorded, s.countErrors(results, cwd))
  if (JSON.stringify(recorded) !== before) {
    const { writeFile, rename } = await import('node:fs/promises')
    const temp = `${path}.${process.pid}.tmp`
    try {
      await mkdir(dirname(path), { recursive: true })
      await writeFile(temp, JSON.stringify(recorded, null, 2) + '\n')
      await rename(temp, path)
    } catch (error) {
      throw new UsageError(`--suppressions-location: cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
    }
  }
  return s.applySuppressions(results, recorded, cwd)
}

async function rulesMeta() {
  const { builtinRules } = await import('../rules/index.js')
  return Object.fromEntries(Object.entries(builtinRules).map(([id, r]) => [id, r.meta]))
}

/** Entry for bin/rapport.js: runs, prints one line on failure, sets the exit code. */
export async function main(argv: string[] = process.argv): Promise<void> {
  // `rapport ... | head`: when the reader goes away, stop quietly rather than with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw error
  })
  try {
    process.exitCode = await run(argv)
  } catch (error) {
    if (process.env.DEBUG?.split(',').some((d) => d.trim() === 'rapport' || d.trim() === '*')) console.error(error)
    const known = error instanceof ConfigError || error instanceof UsageError || error instanceof SourceError
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`rapport: ${known ? message : `internal error: ${message.split('\n')[0]}`}\n`)
    process.exitCode = 2
  }
}
