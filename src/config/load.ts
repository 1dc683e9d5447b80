/**
 * Config discovery and resolution. The nearest config file above a linted file applies (searched upward with
 * cosmiconfig, module name `rapport`); `extends` composes presets, files and npm packages; `overrides` adjust
 * rules by glob; `ignores` drop files. No config file at all means `rapport:recommended`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { ConfigError, UsageError } from '../errors.js'
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
  formats: { dir: string; matches: Matcher; format: string }[]
  /** Rules the config brings itself (YAML rules from `rulesDir`), by id. */
  customRules: Record<string, Rule>
  /** The folders those rules came from (for `rapport test-rules`). */
  rulesDirs: string[]
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
  // As in .gitignore: a pattern without a slash matches a name at any depth, a pattern that names a folder
  // ("drafts", "drafts/", "macros/old") matches everything inside it, and "!pattern" makes an exception.
  const expand = (list: string[]) =>
    list.flatMap((p) => {
      const base = p.replace(/\/+$/, '')
      const anchored = base.includes('/') ? base.replace(/^\//, '') : `**/${base}`
      return [anchored, `${anchored}/**`]
    })
  const positive = expand(patterns.filter((p) => !p.startsWith('!')))
  const negative = expand(patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1)))
  const yes = positive.length ? picomatch()(positive, { dot: true }) : () => false
  const no = negative.length ? picomatch()(negative, { dot: true }) : () => false
  return (path) => yes(path) && !no(path)
}

/** The entry a package's "exports" gives for `subpath`, preferring the import condition (ESM-only packages). */
function pickExport(exports: unknown, subpath: string): string | undefined {
  if (typeof exports === 'string') return subpath === '.' ? exports : undefined
  if (Array.isArray(exports)) return exports.map((e) => pickExport(e, subpath)).find(Boolean)
  if (!exports || typeof exports !== 'object') return undefined
  const map = exports as Record<string, unknown>
  if (Object.keys(map).some((k) => k.startsWith('.'))) return map[subpath] === undefined ? undefined : pickExport(map[subpath], '.')
  for (const condition of ['import', 'node', 'default', 'require']) {
    const hit = map[condition] === undefined ? undefined : pickExport(map[condition], '.')
    if (hit) return hit
  }
  return undefined
}

/** Resolves an npm package name as `extends` uses it: require's rules first, then the package's ESM exports. */
function resolvePackage(name: string, fromDir: string): string | undefined {
  try {
    return createRequire(join(fromDir, 'noop.js')).resolve(name)
  } catch {
    // A package whose exports offer only "import" is invisible to require.resolve; read its exports ourselves.
  }
  const parts = name.split('/')
  const packageName = name.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
  const subpath = ['.', ...parts.slice(name.startsWith('@') ? 2 : 1)].join('/')
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const packageDir = join(dir, 'node_modules', packageName)
    const manifest = join(packageDir, 'package.json')
    if (existsSync(manifest)) {
      try {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: unknown; main?: string }
        const entry = pkg.exports !== undefined ? pickExport(pkg.exports, subpath) : subpath === '.' ? (pkg.main ?? 'index.js') : subpath
        return entry ? resolve(packageDir, entry) : undefined
      } catch {
        return undefined
      }
    }
    if (dirname(dir) === dir) return undefined
  }
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

/** YAML config files are read with the js-yaml that front matter uses (one module, loaded when a YAML file is found). */
async function yamlLoaders() {
  const { loadYamlConfig } = await import('../js-yaml.js')
  return { '.yaml': loadYamlConfig, '.yml': loadYamlConfig, noExt: loadYamlConfig }
}

export class ConfigResolver {
  private explorer: import('cosmiconfig').PublicExplorer | undefined
  private searcher: import('cosmiconfig').PublicExplorerSync | undefined
  private readonly flat = new Map<string, Promise<FlatConfig>>()
  private readonly searches = new Map<string, Promise<string | undefined>>()
  private cliEntries: Promise<Record<string, RuleEntry>> | undefined

  constructor(private readonly options: ConfigResolverOptions) {}

  private async getExplorer(): Promise<import('cosmiconfig').PublicExplorer> {
    if (!this.explorer) {
      const { cosmiconfig } = await import('cosmiconfig')
      // ES modules are loaded with import() directly: cosmiconfig's require() fallback hides syntax errors.
      const importModule = async (file: string) => {
        const href = pathToFileURL(file).href
        let module: { default?: unknown }
        try {
          module = (await import(href)) as { default?: unknown }
        } catch (error) {
          if (error instanceof SyntaxError || !(error instanceof Error)) throw error
          // The module parsed but its code failed as it ran: say so, and where, rather than "cannot be parsed".
          const at = error.stack?.split('\n').find((l) => l.includes(href))?.match(/:(\d+):(\d+)\)?\s*$/)
          const where = at ? ` (line ${at[1]}, column ${at[2]})` : ''
          throw new ConfigError(file, '(file)', `threw an error while loading: ${error.message.split('\n')[0]}${where}`)
        }
        return module.default ?? module
      }
      this.explorer = cosmiconfig('rapport', {
        searchStrategy: 'none',
        loaders: { '.mjs': importModule, '.js': importModule, ...(await yamlLoaders()) },
      })
    }
    return this.explorer
  }

  /**
   * Finds config files without loading code: the search looks in some twenty places per folder, and doing that
   * synchronously spares a one-file run a round trip to the thread pool for each (about 5 ms). The places are
   * the asynchronous explorer's (they include .mjs); a JavaScript or TypeScript config found here counts as
   * found and is loaded by `loadFile`.
   */
  private async getSearcher(): Promise<import('cosmiconfig').PublicExplorerSync> {
    if (!this.searcher) {
      const { cosmiconfigSync, getDefaultSearchPlaces } = await import('cosmiconfig')
      const found = () => ({ found: true })
      this.searcher = cosmiconfigSync('rapport', {
        searchStrategy: 'none',
        searchPlaces: getDefaultSearchPlaces('rapport'),
        loaders: { '.js': found, '.mjs': found, '.cjs': found, '.ts': found, '.mts': found, '.cts': found, ...(await yamlLoaders()) },
      })
    }
    return this.searcher
  }

  /** The config file that applies to `filePath`, or undefined when there is none. */
  async configFileFor(filePath: string): Promise<string | undefined> {
    if (this.options.configFile) return resolve(this.options.cwd, this.options.configFile)
    const dir = dirname(resolve(this.options.cwd, filePath))
    let search = this.searches.get(dir)
    if (!search) {
      search = this.searchUpward(dir)
      this.searches.set(dir, search)
    }
    return search
  }

  /**
   * The nearest config from `dir` up to the file system root, one folder at a time (no user-level config in
   * the home folder: what applies to a file is in its project). A folder that cannot be read is passed over.
   */
  private async searchUpward(dir: string): Promise<string | undefined> {
    const searcher = await this.getSearcher()
    for (let current = dir; ; current = dirname(current)) {
      const cached = this.searches.get(current)
      if (cached && current !== dir) return cached
      try {
        const found = searcher.search(current)
        if (found) return found.filepath
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (code !== 'EACCES' && code !== 'EPERM') throw this.loadError(error)
      }
      if (dirname(current) === current) return undefined
    }
  }

  private loadError(error: unknown, fallbackFile = '(config)'): ConfigError {
    if (error instanceof ConfigError) return error
    const e = error as { filepath?: string; message?: string; code?: string }
    const file = e.filepath ?? fallbackFile
    if (e.code === 'ENOENT') return new ConfigError(file, '(file)', 'no such file')
    // cosmiconfig's messages start with a "JSON Error in <file>:" header and may carry a code frame.
    const reason =
      String(e.message ?? error)
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !/^(?:JSON|YAML) Error in /.test(l) && !/^(?:>?\s*\d+\s*\||\|)/.test(l) && !/^\^/.test(l))[0] ?? 'unknown error'
    return new ConfigError(file, '(file)', `cannot be parsed: ${reason.replace(/^(?:YAMLException|SyntaxError|Error):\s*/, '').replace(/ while parsing .*$/, '')}`)
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

  /**
   * A config file with its extends folded in. `baseDir` is where its `overrides` and `ignores` globs are
   * anchored: its own folder, or — for a file reached through `extends` — the folder of the config that
   * extends it (as ESLint does), so a shared config's globs apply to the project using it.
   */
  private flatten(file: string, chain: string[] = [], baseDir = dirname(file)): Promise<FlatConfig> {
    if (chain.includes(file))
      return Promise.reject(new ConfigError(chain[chain.length - 1]!, 'extends', `circular extends through ${file}`))
    const key = `${file}\u0000${baseDir}`
    let cached = this.flat.get(key)
    if (!cached) {
      const root = chain.length === 0
      cached = this.loadFile(file).then((raw) => this.flattenObject(raw, file, baseDir, [...chain, file], root))
      this.flat.set(key, cached)
    }
    return cached
  }

  private async flattenObject(raw: unknown, file: string, dir: string, chain: string[], root = false): Promise<FlatConfig> {
    checkConfigShape(raw, file)
    const out: FlatConfig = { file, rules: {}, roles: {}, overrides: [], ignores: [], formats: [], customRules: {}, rulesDirs: [] }
    // The config that applies to a file starts from rapport:recommended unless it says otherwise (`extends:
    // []` starts from nothing): a first config that only maps speaker roles should not switch every rule off.
    const bases = raw.extends === undefined && root ? ['rapport:recommended'] : asList(raw.extends)
    for (const name of bases) {
      const base = await this.resolveExtends(name, file, dir, chain)
      mergeRules(out.rules, base.rules)
      mergeRoles(out.roles, base.roles)
      out.overrides.push(...base.overrides)
      out.ignores.push(...base.ignores)
      out.formats.push(...base.formats)
      Object.assign(out.customRules, base.customRules)
      out.rulesDirs.push(...base.rulesDirs)
      if (base.reportUnusedDisableDirectives !== undefined) out.reportUnusedDisableDirectives = base.reportUnusedDisableDirectives
    }
    for (const rulesDir of asList(raw.rulesDir)) {
      const { loadRulesDir } = await import('../declarative/load.js')
      out.rulesDirs.push(resolve(dirname(file), rulesDir))
      for (const [id, loaded] of loadRulesDir(resolve(dirname(file), rulesDir))) {
        if (this.options.rules[id]) throw new ConfigError(loaded.spec.file, 'id', `"${id}" is a built-in rule; give yours another id`)
        out.customRules[id] = loaded.rule
      }
    }
    for (const [i, plugin] of asList(raw.plugins).entries()) Object.assign(out.customRules, await this.loadPlugin(plugin, file, `plugins[${i}]`))
    const registry = { ...this.options.rules, ...out.customRules }
    mergeRules(out.rules, await this.ruleEntries(raw.rules ?? {}, file, 'rules', registry))
    mergeRoles(out.roles, raw.roles)
    for (const [i, o] of (raw.overrides ?? []).entries()) {
      out.overrides.push({
        dir,
        matches: matcher(asList(o.files)),
        excluded: matcher(asList(o.excludedFiles)),
        rules: await this.ruleEntries(o.rules ?? {}, file, `overrides[${i}].rules`, registry),
        roles: o.roles ?? {},
      })
    }
    if (raw.ignores?.length) out.ignores.push({ dir, matches: matcher(raw.ignores) })
    if (raw.formats) {
      const { knownFormats } = await import('../sources/index.js')
      const known = await knownFormats()
      for (const [glob, format] of Object.entries(raw.formats)) {
        if (!known.includes(format))
          throw new ConfigError(file, `formats.${glob}`, `unknown format "${format}"${didYouMean(format, known)} (known: ${known.join(', ')})`)
        out.formats.push({ dir, matches: matcher([glob]), format })
      }
    }
    const unused = raw.reportUnusedDisableDirectives
    if (unused !== undefined) out.reportUnusedDisableDirectives = typeof unused === 'boolean' ? (unused ? 1 : 0) : parseSeverity(unused, file, 'reportUnusedDisableDirectives')
    return out
  }

  private async ruleEntries(
    rules: Record<string, RuleSetting>,
    file: string,
    key: string,
    registry: Record<string, Rule> = this.options.rules,
  ): Promise<Record<string, RuleEntry>> {
    const out: Record<string, RuleEntry> = {}
    for (const [id, setting] of Object.entries(rules)) out[id] = await validateRuleSetting(id, setting, registry, file, `${key}.${id}`)
    return out
  }

  /**
   * A plugin: an npm package or a path whose module exports `{ rules: { id: Rule } }` (rules written with
   * defineRule), or a folder of YAML rules. Its rules are named `<plugin>/<id>` (the package name without a
   * `rapport-plugin-` prefix, or the folder's or file's name), as ESLint names plugin rules.
   */
  private async loadPlugin(name: string, file: string, key: string): Promise<Record<string, Rule>> {
    const local = name.startsWith('.') || isAbsolute(name)
    const target = local ? resolve(dirname(file), name) : resolvePackage(name, dirname(file))
    if (!target || !existsSync(target))
      throw new ConfigError(file, key, `cannot find plugin "${name}" (expected an installed npm package, a module or a folder of YAML rules)`)
    const prefix = (local ? basename(target).replace(/\.[cm]?js$/, '') : name.replace(/^(@[^/]+\/)?rapport-plugin-/, '$1')).replace(/^@/, '')
    const out: Record<string, Rule> = {}
    if (statSync(target).isDirectory()) {
      const { loadRulesDir } = await import('../declarative/load.js')
      for (const [id, loaded] of loadRulesDir(target)) out[`${prefix}/${id}`] = loaded.rule
      return out
    }
    let module: { rules?: unknown; default?: { rules?: unknown } }
    try {
      module = (await import(pathToFileURL(target).href)) as typeof module
    } catch (error) {
      throw new ConfigError(file, key, `plugin "${name}" cannot be loaded: ${String((error as Error).message ?? error).split('\n')[0]}`)
    }
    const rules = (module.rules ?? module.default?.rules) as Record<string, Rule> | undefined
    if (!rules || typeof rules !== 'object') throw new ConfigError(file, key, `plugin "${name}" exports no rules (expected { rules: { id: rule } })`)
    for (const [id, rule] of Object.entries(rules)) {
      if (!rule?.meta || typeof rule.create !== 'function')
        throw new ConfigError(file, key, `plugin "${name}": rule "${id}" is not a rule (expected { meta, create })`)
      out[`${prefix}/${id}`] = rule
    }
    return out
  }

  private async cliRuleEntries(rules: Record<string, RuleSetting>): Promise<Record<string, RuleEntry>> {
    const out: Record<string, RuleEntry> = {}
    for (const [id, setting] of Object.entries(rules)) {
      try {
        out[id] = await validateRuleSetting(id, setting, this.options.rules, '--rule', id)
      } catch (error) {
        if (error instanceof ConfigError) throw new UsageError(`--rule ${id}: ${error.detail}`)
        throw error
      }
    }
    return out
  }

  private async resolveExtends(name: string, file: string, dir: string, chain: string[]): Promise<FlatConfig> {
    if (name.startsWith('rapport:')) {
      const preset = presetConfig(name, this.options.rules)
      if (!preset) throw new ConfigError(file, 'extends', `unknown preset "${name}"${didYouMean(name, PRESET_NAMES)}`)
      return this.flattenObject(preset, file, dir, chain)
    }
    let target: string
    if (name.startsWith('.') || isAbsolute(name)) {
      target = resolve(dirname(file), name)
      if (!existsSync(target)) throw new ConfigError(file, 'extends', `cannot find "${name}" (no file at ${target})`)
    } else {
      const found = resolvePackage(name, dirname(file))
      if (!found)
        throw new ConfigError(file, 'extends', `cannot find "${name}" (expected rapport:recommended, rapport:all, a relative file or an installed npm package)`)
      target = found
    }
    return this.flatten(target, chain, dir)
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

  /** The folders of YAML rules the config that applies to `filePath` brings. */
  async rulesDirsFor(filePath: string): Promise<string[]> {
    return (await this.flatFor(resolve(this.options.cwd, filePath))).rulesDirs
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
      this.cliEntries ??= this.cliRuleEntries(this.options.cliRules)
      mergeRules(rules, await this.cliEntries)
    }
    // The last `formats` entry that matches wins.
    const format = flat.formats.filter((f) => f.matches(toPosix(relative(f.dir, absolute)))).pop()?.format
    const resolved: ResolvedConfig = {
      ...(format ? { format } : {}),
      ...(Object.keys(flat.customRules).length ? { customRules: flat.customRules } : {}),
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
