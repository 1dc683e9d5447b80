/**
 * The programmatic API (package "exports"): lint files or text with config discovery, load formatters.
 * The CLI is a thin layer over this.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { builtinRules } from '../rules/index.js'
import { ConfigResolver } from './config/load.js'
import type { ResolvedConfig, RuleSetting } from './config/types.js'
import { findFiles } from './files.js'
import { fatalResult, lintText as lintWithConfig, type LintResult } from './linter.js'
import { binaryResult, decodeText, withDecodeNotice, type DecodedText } from './read-text.js'
import type { Rule, SeverityLevel } from './rule.js'

export { defineRule } from './rule.js'
export type { Rule, RuleContext, RuleMeta, RuleVisitor, ReportDescriptor } from './rule.js'
export type { Document, Turn, Role, SourceComment, ParsedFile } from './document.js'
export { SourceMap } from './document.js'
export type { LintMessage, LintResult } from './linter.js'
export type { ConfigFile, ResolvedConfig, RuleSetting } from './config/types.js'
export { ConfigError, SourceError, UsageError } from './errors.js'
export { builtinRules }
export { loadFormatter, formatterNames } from './formatters/index.js'

export interface LintOptions {
  /** Where relative paths and config search start; default process.cwd(). */
  cwd?: string
  /** Use this config file for every file instead of searching for one. */
  configFile?: string
  /** Rule settings laid over the config (`--rule`). */
  rules?: Record<string, RuleSetting>
  /** Read every input as this format instead of detecting it. */
  inputFormat?: string
  /** Lint macros marked inactive too. */
  includeInactive?: boolean
  /** Warn about a file named explicitly that config ignores (default true; --no-warn-ignored turns it off). */
  warnIgnored?: boolean
  /** Work out safe fixes (result.output holds the fixed text); writing is the caller's choice. */
  fix?: boolean
  /** Reuse results of unchanged files from this cache file (`--cache`, `--cache-location`). */
  cacheLocation?: string
  /** Report errors only; rules set to "warn" are not run. */
  quiet?: boolean
  reportUnusedDisableDirectives?: SeverityLevel
  /** Count rule outcomes ('tally'), or also keep a record per document ('full'): for scorecards and reports. */
  records?: 'tally' | 'full'
  /** Told of each file's result as soon as it is done (in the order files finish; each carries its path). */
  onResult?: (result: LintResult) => void | Promise<void>
  /**
   * Told of each line of a streamed .jsonl as soon as it is linted. The results of streamed files then keep
   * their counts but not their messages, so memory stays flat however long the file (used by -f jsonl).
   */
  onLine?: (file: string, line: import('./stream.js').LineResult) => void | Promise<void>
  /** Told how far the run is (a progress bar): the file count once known, then each file and conversation. */
  progress?: RunProgress
  /** Worker threads: 'auto' (default) uses them when there are enough files to pay for starting them. */
  concurrency?: import('./threads.js').Concurrency
}

export interface RunProgress {
  start(fileCount: number): void
  file(): void
  conversation(): void
}

export interface LintRun {
  results: LintResult[]
  /** Paths or patterns that matched no file (the CLI exits 2 after linting the rest). */
  missing: { pattern: string; reason: string }[]
  /** Symbolic links a directory walk did not follow, with the reason (the CLI prints them as notices). */
  skipped: { path: string; reason: string }[]
}

function resolverFor(options: LintOptions): ConfigResolver {
  return new ConfigResolver({
    cwd: options.cwd ?? process.cwd(),
    configFile: options.configFile,
    rules: builtinRules,
    cliRules: options.rules,
    reportUnusedDisableDirectives: options.reportUnusedDisableDirectives,
  })
}

/** With `fix`, applies safe fixes in passes and returns the final result with `output`; the fixer loads only then. */
async function withFixes(text: string, result: LintResult, lint: (t: string) => Promise<LintResult>, options: LintOptions): Promise<LintResult> {
  if (!options.fix || !result.messages.some((m) => m.fix)) return result
  const { fixText } = await import('./fix.js')
  const fixed = await fixText(text, lint)
  return fixed.fixed ? { ...fixed.result, output: fixed.output } : result
}

/** The built-in rules and the config's own. */
function rulesFor(config: ResolvedConfig): Record<string, Rule> {
  return config.customRules ? { ...builtinRules, ...config.customRules } : builtinRules
}

function forQuiet(config: ResolvedConfig, quiet: boolean | undefined): ResolvedConfig {
  if (!quiet) return config
  const rules = Object.fromEntries(Object.entries(config.rules).filter(([, e]) => e.severity === 2))
  return { ...config, rules }
}

/** What a file named explicitly (or as --stdin-filename) gets when config ignores it: one warning, as ESLint. */
function ignoredResult(path: string): LintResult {
  const result = fatalResult(path, 'File ignored because of a matching "ignores" pattern in the config.')
  result.messages[0]!.severity = 1
  result.messages[0]!.fatal = false
  return { ...result, errorCount: 0, fatalErrorCount: 0, warningCount: 1 }
}

/** What the pure linter needs for one input, from the run's options. */
function linterOptions(filePath: string, config: ResolvedConfig, options: LintOptions, format = options.inputFormat) {
  return { filePath, config, rules: rulesFor(config), format, includeInactive: options.includeInactive, records: options.records }
}

/** The run's options that change a file's result, beside its text and config (part of the cache key). */
const cacheExtra = (options: LintOptions) => [options.inputFormat, options.includeInactive, options.quiet, options.records]

/** How a .jsonl stream reports back: each line to onLine (keeping counts only), each conversation to progress. */
function streamOptions(filePath: string, options: LintOptions): import('./stream.js').StreamOptions {
  const onLine = options.onLine
  return { ...(onLine ? { keep: false, onLine: (line) => onLine(filePath, line) } : {}), tick: options.progress?.conversation }
}

async function lintOne(
  path: string,
  explicit: boolean,
  resolver: ConfigResolver,
  options: LintOptions,
  cache?: import('./cache.js').ResultCache,
): Promise<LintResult | undefined> {
  if (await resolver.isIgnored(path)) return explicit && options.warnIgnored !== false ? ignoredResult(path) : undefined
  const config = forQuiet(await resolver.forFile(path), options.quiet)
  // A .jsonl is linted a line at a time without being held whole (fixes need the whole text, so not then).
  const { isStreamed } = await import('./stream.js')
  if (!options.fix && (await isStreamed(path, options.inputFormat ?? config.format))) {
    const streamed = await lintStreamed(path, config, options, cache)
    if (streamed) return streamed
  }
  let decoded: DecodedText
  try {
    decoded = decodeText(readFileSync(path))
  } catch (error) {
    const e = error as NodeJS.ErrnoException
    return fatalResult(path, `Cannot read file: ${e.code ?? ''} ${e.message.replace(/^\w+: /, '').replace(/, \w+ '.*'$/, '')}`.replace(/\s+/g, ' ').trim())
  }
  if (decoded.binary) return binaryResult(path)
  const { text } = decoded
  const lint = (t: string) => lintWithConfig(t, linterOptions(path, config, options))
  // Fixing writes files, so a fix run never reads results from the cache.
  const key = cache && !options.fix ? cache.key(text, config, cacheExtra(options)) : undefined
  const cached = key ? cache!.get(path, key) : undefined
  if (cached) return withDecodeNotice(cached, decoded)
  // UTF-16 is read but never rewritten: fixes would come back as UTF-8.
  const result = await withFixes(text, await lint(text), lint, decoded.utf16 ? { ...options, fix: false } : options)
  if (key) cache!.set(path, key, result)
  return withDecodeNotice(result, decoded)
}

async function lintStreamed(
  path: string,
  config: ResolvedConfig,
  options: LintOptions,
  cache?: import('./cache.js').ResultCache,
): Promise<LintResult | undefined> {
  // A run told of each line as it goes needs the lines linted, not a stored summary.
  const key = cache && !options.onLine ? await cache.keyOfFile(path, config, cacheExtra(options)).catch(() => undefined) : undefined
  const cached = key ? cache!.get(path, key) : undefined
  if (cached) return cached
  const { lintJsonLinesFile } = await import('./stream.js')
  const result = await lintJsonLinesFile(linterOptions(path, config, options), streamOptions(path, options))
  if (result && key) cache!.set(path, key, result)
  return result
}

/** What linting files needs, made once per thread. */
export interface PreparedRun {
  options: LintOptions
  resolver: ConfigResolver
  cache?: import('./cache.js').ResultCache
}

export async function prepareRun(options: LintOptions): Promise<PreparedRun> {
  const cwd = options.cwd ?? process.cwd()
  const cache = options.cacheLocation ? new (await import('./cache.js')).ResultCache(resolve(cwd, options.cacheLocation), await version()) : undefined
  return { options, resolver: resolverFor(options), cache }
}

/** Lints files one after another; item `index` is `start` plus the file's place in the batch. */
export async function lintBatch(
  run: PreparedRun,
  files: { path: string; explicit: boolean }[],
  start: number,
): Promise<import('./threads.js').WorkerItem[]> {
  const items: import('./threads.js').WorkerItem[] = []
  for (let i = 0; i < files.length; i++) {
    const { path, explicit } = files[i]!
    const result = await lintOne(path, explicit, run.resolver, run.options, run.cache)
    if (result) await run.options.onResult?.(result)
    run.options.progress?.file()
    items.push({ index: start + i, result, cacheEntry: run.cache?.entry(path) })
  }
  return items
}

/** Lints files, directories and globs. Config errors throw ConfigError; bad files become fatal messages. */
export async function lintFiles(patterns: string[], options: LintOptions = {}): Promise<LintRun> {
  const cwd = options.cwd ?? process.cwd()
  const run = await prepareRun(options)
  const { files, missing, skipped } = await findFiles(patterns, cwd)
  options.progress?.start(files.length)
  const { threadCount, lintInWorkers } = await import('./threads.js')
  // Callbacks cannot cross into worker threads: a run that reports as it goes stays on this one.
  const threads = options.onLine || options.onResult ? 1 : threadCount(options.concurrency, files.length)
  let results: (LintResult | undefined)[]
  if (threads > 1) {
    // A config error in the root config stops the run before any thread starts.
    await run.resolver.forFile(files[0]!.path)
    results = await lintInWorkers(files, options, threads, run)
  } else results = (await lintBatch(run, files, 0)).map((item) => item.result)
  await run.cache?.save()
  return { results: results.filter((r): r is LintResult => r !== undefined), missing, skipped }
}

/** rapport's version, part of every cache key. */
async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises')
  // dist/src/api.js is two folders below package.json; src/api.ts (run from source by vitest) one.
  const manifest = new URL(import.meta.url.endsWith('.ts') ? '../package.json' : '../../package.json', import.meta.url)
  return (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version
}

/** Guesses the format of text with no file name: JSON, Markdown with front matter or headings, else chat-text. */
export function sniffFormat(text: string): string {
  const start = text.replace(/^\uFEFF/, '').trimStart()
  if (start.startsWith('{') || start.startsWith('[')) return 'json'
  if (start.startsWith('---') || start.startsWith('#')) return 'markdown'
  return 'chat-text'
}

/**
 * An input that is not a file on disk (text, stdin): the name it is reported under, the path its config is
 * searched from (cwd when it has no name) and that config; or the "ignored" result when config ignores the name.
 */
async function textInput(options: LintOptions & { filePath?: string }, unnamed: string) {
  const cwd = options.cwd ?? process.cwd()
  const resolver = resolverFor(options)
  const filePath = options.filePath ? resolve(cwd, options.filePath) : unnamed
  const lookup = options.filePath ? filePath : resolve(cwd, unnamed)
  if (options.filePath && (await resolver.isIgnored(filePath))) return { ignored: ignoredResult(filePath) }
  return { filePath, lookup, config: forQuiet(await resolver.forFile(lookup), options.quiet) }
}

/** Lints text as if it were the file `filePath` (config is searched from there). */
export async function lintText(text: string, options: LintOptions & { filePath?: string } = {}): Promise<LintResult> {
  // Without a file name the result is called "<text>" (as ESLint does); config is searched from cwd.
  const input = await textInput(options, '<text>')
  if (input.ignored) return input.ignored
  const { filePath, lookup, config } = input
  const format = options.inputFormat ?? config.format ?? (options.filePath ? undefined : sniffFormat(text))
  const lint = (t: string) => lintWithConfig(t, linterOptions(lookup, config, options, format))
  const result = await withFixes(text, await lint(text), lint, options)
  return { ...result, filePath }
}

/**
 * Lints conversations arriving a line at a time (`--stdin --input-format jsonl`): config is searched from
 * `filePath` (or cwd); with `onLine`, each line's result is handed on as soon as it is linted and only the
 * counts are kept, so memory stays flat however long the input.
 */
export async function lintJsonLinesStream(input: AsyncIterable<string>, options: LintOptions & { filePath?: string } = {}): Promise<LintResult> {
  const named = await textInput(options, '<stdin>')
  if (named.ignored) return named.ignored
  const { filePath, config } = named
  const { lintJsonLines } = await import('./stream.js')
  const { replacementChar: _replacementChar, ...result } = await lintJsonLines(
    input,
    linterOptions(filePath, config, options, options.inputFormat ?? 'jsonl'),
    streamOptions(filePath, options),
  )
  return result
}

/** The resolved config for a file, as `--print-config` shows it. */
export async function calculateConfigForFile(filePath: string, options: LintOptions = {}): Promise<Record<string, unknown>> {
  return resolverFor(options).printable(filePath)
}
