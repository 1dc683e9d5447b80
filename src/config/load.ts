/**
 * Config discovery and resolution. The nearest config file above a linted file applies (searched upward with
 * cosmiconfig, module name `rapport`); `extends` composes presets, files and npm packages; `overrides` adjust
 * rules by glob; `ignores` drop files. No config file at all means `rapport:recommended`.
 */
import { createRequire } from 'node:module'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { ConfigError } from '../errors.js'
import { picomatch } from '../lazy.js'
import type { Rule, SeverityLevel } from '../rule.js'
import { buildRoleMap } from '../sources/roles.js'
import { PRESET_NAMES, presetConfig } from './presets.js'
import type { ResolvedConfig, RolesSetting, RuleEntry, RuleSetting } from './types.js'
import { checkConfigShape, didYouMean, parseSeverity, validateRuleSetting } from './validate.js'

type Matcher = (relativePath: string) => boolean

interface FlatOverride {
  dir: string
  matches: Matcher
  excluded: Matcher
  rules: Record<string, RuleEntry>
  roles: RolesSetting
}

/** A config file with its `extends` chain folded in. */
interface FlatConfig {
  file?: string
  rules: Record<string, RuleEntry>
  roles: RolesSetting
  overrides: FlatOverride[]
  ignores: { dir: string; matches: Matcher }[]
  reportUnusedDisableDirectives?: SeverityLevel
}

export interface ConfigResolverOptions {
  cwd: string
  /** `--config`: use this file for every linted file instead of searching. */
  configFile?: string
  rules: Record<string, Rule>
  /** `--rule id:severity` settings, applied last. */
  cliRules?: Record<string, RuleSetting>
  /** `--report-unused-disable-directives`. */
  reportUnusedDisableDirectives?: SeverityLevel
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/')
}

function matcher(patterns: string[]): Matcher {
  if (patterns.length === 0) return () => false
  // A pattern without a slash matches a file name at any depth, as in .gitignore; "dir/" means everything in it.
  const normalized = patterns.map((p) => (p.endsWith('/') ? `${p}**` : p))
  const withSlash = normalized.filter((p) => p.includes('/'))
  const bare = normalized.filter((p) => !p.includes('/'))
  const a = withSlash.length ? picomatch()(withSlash, { dot: true }) : () => false
  const b = bare.length ? picomatch()(bare, { dot: true, basename: true }) : () => false
  return (path) => a(path) || b(path)
}

function asList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}

function mergeRules(into: Record<string, RuleEntry>, from: Record<string, RuleEntry>): void {
  for (const [id, entry] of Object.entries(from)) {
    const previous = into[id]
    // A severity alone keeps the options set earlier (as ESLint does).
    into[id] = entry.options.length === 0 && previous ? { severity: entry.severity, options: previous.options } : entry
  }
}

function mergeRoles(into: RolesSetting, from: RolesSetting | undefined): void {
  for (const [role, labels] of Object.entries(from ?? {})) into[role as keyof RolesSetting] = [...(into[role as keyof RolesSetting] ?? []), ...(labels ?? [])]
}

export class ConfigResolver {
  private explorer: import('cosmiconfig').PublicExplorer | undefined
  private readonly flat = new Map<string, Promise<FlatConfig>>()
  private readonly searches = new Map<string, Promise<string | undefined>>()
  private cliEntries: Promise<Record<string, RuleEntry>> | undefined

  constructor(private readonly options: ConfigResolverOptions) {}

  private async getExplorer(): Promise<import('cosmiconfig').PublicExplorer> {
    if (!this.explorer) {
      const { cosmiconfig } = await import('cosmiconfig')
      this.explorer = cosmiconfig('rapport', { searchStrategy: 'global', stopDir: resolve('/') })
    }
    return this.explorer
  }

  /** The config file that applies to `filePath`, or undefined when there is none. */
  async configFileFor(filePath: string): Promise<string | undefined> {
    if (this.options.configFile) return resolve(this.options.cwd, this.options.configFile)
    const dir = dirname(resolve(this.options.cwd, filePath))
    let search = this.searches.get(dir)
    if (!search) {
      search = this.getExplorer().then(async (explorer) => {
        try {
          const found = await explorer.search(dir)
          return found && !found.isEmpty ? found.filepath : found?.filepath
        } catch (error) {
          throw this.loadError(error)
        }
      })
      this.searches.set(dir, search)
    }
    return search
  }

  private loadError(error: unknown, fallbackFile = '(config)'): ConfigError {
    if (error instanceof ConfigError) return error
    const e = error as { filepath?: string; message?: string; code?: string }
    const file = e.filepath ?? fallbackFile
    const first = String(e.message ?? error).split('\n').find((l) => l.trim()) ?? 'cannot be read'
    if (e.code === 'ENOENT') return new ConfigError(file, '(file)', 'no such file')
    return new ConfigError(file, '(file)', `cannot be parsed: ${first.replace(/^.*?(?:JSON Error|YAMLException|Error):\s*/, '')}`)
  }

  private async loadFile(file: string): Promise<unknown> {
    const explorer = await this.getExplorer()
    try {
      const loaded = await explorer.load(file)
      return loaded?.config ?? {}
    } catch (error) {
      throw this.loadError(error, file)
    }
  }

  private flatten(file: string, chain: string[] = []): Promise<FlatConfig> {
    let cached = this.flat.get(file)
    if (!cached) {
      cached = this.buildFlat(file, chain)
      this.flat.set(file, cached)
    }
    return cached
  }

  private async buildFlat(file: string, chain: string[]): Promise<FlatConfig> {
    if (chain.includes(file)) throw new ConfigError(chain[chain.length - 1]!, 'extends', `circular extends through ${file}`)
    const raw = await this.loadFile(file)
    return this.flattenObject(raw, file, dirname(file), [...chain, file])
  }

  private async flattenObject(raw: unknown, file: string, dir: string, chain: string[]): Promise<FlatConfig> {
    checkConfigShape(raw, file)
    const out: FlatConfig = { file, rules: {}, roles: {}, overrides: [], ignores: [] }
    for (const name of asList(raw.extends)) {
      const base = await this.resolveExtends(name, file, dir, chain)
      mergeRules(out.rules, base.rules)
      mergeRoles(out.roles, base.roles)
      out.overrides.push(...base.overrides)
      out.ignores.push(...base.ignores)
      if (base.reportUnusedDisableDirectives !== undefined) out.reportUnusedDisableDirectives = base.reportUnusedDisableDirectives
    }
    mergeRules(out.rules, await this.ruleEntries(raw.rules ?? {}, file, 'rules'))
    mergeRoles(out.roles, raw.roles)
    for (const [i, o] of (raw.overrides ?? []).entries()) {
      out.overrides.push({
        dir,
        matches: matcher(asList(o.files)),
        excluded: matcher(asList(o.excludedFiles)),
        rules: await this.ruleEntries(o.rules ?? {}, file, `overrides[${i}].rules`),
        roles: o.roles ?? {},
      })
    }
    if (raw.ignores?.length) out.ignores.push({ dir, matches: matcher(raw.ignores) })
    const unused = raw.reportUnusedDisableDirectives
    if (unused !== undefined) out.reportUnusedDisableDirectives = typeof unused === 'boolean' ? (unused ? 1 : 0) : parseSeverity(unused, file, 'reportUnusedDisableDirectives')
    return out
  }

  private async ruleEntries(rules: Record<string, RuleSetting>, file: string, key: string): Promise<Record<string, RuleEntry>> {
    const out: Record<string, RuleEntry> = {}
    for (const [id, setting] of Object.entries(rules)) out[id] = await validateRuleSetting(id, setting, this.options.rules, file, `${key}.${id}`)
    return out
  }

  private async resolveExtends(name: string, file: string, dir: string, chain: string[]): Promise<FlatConfig> {
    if (name.startsWith('rapport:')) {
      const preset = presetConfig(name, this.options.rules)
      if (!preset) throw new ConfigError(file, 'extends', `unknown preset "${name}"${didYouMean(name, PRESET_NAMES)}`)
      return this.flattenObject(preset, file, dir, chain)
    }
    let target: string
    if (name.startsWith('.') || isAbsolute(name)) target = resolve(dir, name)
    else {
      try {
        target = createRequire(join(dir, 'noop.js')).resolve(name)
      } catch {
        throw new ConfigError(file, 'extends', `cannot find "${name}" (expected rapport:recommended, rapport:all, a relative file or an installed npm package)`)
      }
    }
    return this.flatten(target, chain)
  }

  private async flatFor(filePath: string): Promise<FlatConfig> {
    const file = await this.configFileFor(filePath)
    if (file) return this.flatten(file)
    let cached = this.flat.get('\u0000default')
    if (!cached) {
      cached = this.flattenObject({ extends: ['rapport:recommended'] }, '(default config)', this.options.cwd, [])
      this.flat.set('\u0000default', cached)
    }
    return cached
  }

  /** True when the config that applies to `filePath` ignores it. */
  async isIgnored(filePath: string): Promise<boolean> {
    const absolute = resolve(this.options.cwd, filePath)
    const flat = await this.flatFor(absolute)
    return flat.ignores.some((i) => i.matches(toPosix(relative(i.dir, absolute))))
  }

  /** The rules, options and roles that apply to `filePath`. */
  async forFile(filePath: string): Promise<ResolvedConfig> {
    const absolute = resolve(this.options.cwd, filePath)
    const flat = await this.flatFor(absolute)
    const { rules, roles } = this.applyOverrides(flat, absolute)
    if (this.options.cliRules) {
      this.cliEntries ??= this.ruleEntries(this.options.cliRules, '--rule', 'rule')
      mergeRules(rules, await this.cliEntries)
    }
    const resolved: ResolvedConfig = {
      rules,
      roles: buildRoleMap(roles),
      reportUnusedDisableDirectives: this.options.reportUnusedDisableDirectives ?? flat.reportUnusedDisableDirectives ?? 0,
    }
    if (flat.file && !flat.file.startsWith('(')) resolved.configFile = flat.file
    return resolved
  }

  private applyOverrides(flat: FlatConfig, absolute: string): { rules: Record<string, RuleEntry>; roles: RolesSetting } {
    const rules: Record<string, RuleEntry> = {}
    mergeRules(rules, flat.rules)
    const roles: RolesSetting = {}
    mergeRoles(roles, flat.roles)
    for (const o of flat.overrides) {
      const rel = toPosix(relative(o.dir, absolute))
      if (rel.startsWith('../') || !o.matches(rel) || o.excluded(rel)) continue
      mergeRules(rules, o.rules)
      mergeRoles(roles, o.roles)
    }
    return { rules, roles }
  }

  /** The config as written for `--print-config`: severities by name, options, roles. */
  async printable(filePath: string): Promise<Record<string, unknown>> {
    const config = await this.forFile(filePath)
    const names = ['off', 'warn', 'error'] as const
    const rules: Record<string, unknown> = {}
    for (const id of Object.keys(config.rules).sort()) {
      const e = config.rules[id]!
      rules[id] = e.options.length ? [names[e.severity], ...e.options] : names[e.severity]
    }
    const absolute = resolve(this.options.cwd, filePath)
    return {
      configFile: config.configFile ?? null,
      ignored: await this.isIgnored(filePath),
      rules,
      roles: this.applyOverrides(await this.flatFor(absolute), absolute).roles,
      reportUnusedDisableDirectives: names[config.reportUnusedDisableDirectives],
    }
  }
}
