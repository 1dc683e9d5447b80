/**
 * --cache: results of unchanged files are reused. A file's entry is keyed by a hash of its content, the
 * config that applies to it and rapport's version, so editing a file, the config or upgrading rapport all
 * invalidate it (ESLint's content strategy, safe in CI where mtimes are not kept). Custom rules from
 * rulesDir or plugins are keyed by their ids only: after changing their code, run once without --cache.
 */
import { createHash, type Hash } from 'node:crypto'
import { createReadStream, readFileSync } from 'node:fs'
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { ResolvedConfig } from './config/types.js'
import type { LintResult } from './linter.js'

export interface CacheEntry {
  key: string
  result: LintResult
}

export class ResultCache {
  private entries: Record<string, CacheEntry> = {}
  private used: Record<string, CacheEntry> = {}

  constructor(
    private readonly location: string,
    private readonly version: string,
  ) {
    try {
      const data = JSON.parse(readFileSync(location, 'utf8')) as { version?: string; entries?: Record<string, CacheEntry> }
      // A cache written by another version of rapport is dropped whole.
      if (data.version === version && data.entries) this.entries = data.entries
    } catch {
      // No cache yet, or an unreadable one: start empty.
    }
  }

  key(text: string, config: ResolvedConfig, extra: unknown): string {
    return this.hasher(config, extra).update(text).digest('hex')
  }

  /** The same key as key(), from the file's text read as a stream (a streamed .jsonl is never held whole). */
  async keyOfFile(path: string, config: ResolvedConfig, extra: unknown): Promise<string> {
    const hash = this.hasher(config, extra)
    for await (const chunk of createReadStream(path, { encoding: 'utf8' })) hash.update(chunk as string)
    return hash.digest('hex')
  }

  private hasher(config: ResolvedConfig, extra: unknown): Hash {
    const { customRules, ...rest } = config
    return createHash('sha256')
      .update(this.version)
      .update('\0')
      .update(JSON.stringify(rest))
      .update('\0')
      .update(JSON.stringify(Object.keys(customRules ?? {}).sort()))
      .update('\0')
      .update(JSON.stringify(extra))
      .update('\0')
  }

  get(path: string, key: string): LintResult | undefined {
    const entry = this.entries[path]
    if (entry?.key !== key) return undefined
    this.used[path] = entry
    return entry.result
  }

  set(path: string, key: string, result: LintResult): void {
    this.used[path] = { key, result }
  }

  /** The entry this run used or made for `path` (a worker thread hands it to the main thread's cache). */
  entry(path: string): CacheEntry | undefined {
    return this.used[path]
  }

  adopt(path: string, entry: CacheEntry): void {
    this.used[path] = entry
  }

  /** Writes the entries of this run (files no longer linted drop out), atomically. */
  async save(): Promise<void> {
    await mkdir(dirname(this.location), { recursive: true })
    const temp = `${this.location}.${process.pid}.tmp`
    await writeFile(temp, JSON.stringify({ version: this.version, entries: this.used }))
    await rename(temp, this.location)
  }
}
