/**
 * Config validation: every mistake names the config file, the key and what was expected, in one line
 * (ConfigError → exit 2). Rule options are checked against the rule's JSON Schema with ajv, loaded only when
 * some rule is given options.
 */
import type { ErrorObject, ValidateFunction } from 'ajv'
import { ConfigError } from '../errors.js'
import { didYouMean } from '../suggest.js'
import { findUnsafePattern, stringsIn } from '../text/regex-safety.js'
export { didYouMean }
import type { Rule, SeverityLevel } from '../rule.js'
import { isRole } from '../sources/roles.js'
import type { ConfigFile, RuleEntry, RuleSetting } from './types.js'

const TOP_KEYS = ['extends', 'rules', 'rulesDir', 'plugins', 'roles', 'overrides', 'ignores', 'formats', 'reportUnusedDisableDirectives'] as const
const OVERRIDE_KEYS = ['files', 'excludedFiles', 'rules', 'roles'] as const

const SEVERITIES: Record<string, SeverityLevel> = { off: 0, warn: 1, error: 2, '0': 0, '1': 1, '2': 2 }

export function parseSeverity(value: unknown, file: string, key: string): SeverityLevel {
  const level = typeof value === 'string' || typeof value === 'number' ? SEVERITIES[String(value)] : undefined
  if (level === undefined) {
    const hint = typeof value === 'string' ? didYouMean(value, ['off', 'warn', 'error']) : ''
    throw new ConfigError(file, key, `severity must be "off", "warn", "error", 0, 1 or 2, not ${JSON.stringify(value)}${hint}`)
  }
  return level
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array'
  if (value === null) return 'null'
  return typeof value === 'object' ? 'an object' : JSON.stringify(value)
}

let ajv: import('ajv').default | undefined
const validators = new WeakMap<Rule, ValidateFunction>()

async function validatorFor(rule: Rule): Promise<ValidateFunction | undefined> {
  const schema = rule.meta.schema
  if (!schema) return undefined
  const cached = validators.get(rule)
  if (cached) return cached
  if (!ajv) {
    const { default: Ajv } = await import('ajv')
    ajv = new Ajv.default({ allErrors: false, strict: false, useDefaults: false, verbose: true })
  }
  // An array schema describes the options array item by item (ESLint's convention).
  const full = Array.isArray(schema) ? { type: 'array', items: schema, minItems: 0, maxItems: schema.length } : schema
  const compiled = ajv.compile(full)
  validators.set(rule, compiled)
  return compiled
}

function formatAjvError(error: ErrorObject, key: string): string {
  const path = error.instancePath
    .split('/')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? `[${Number(p) + 1}]` : `.${p}`))
    .join('')
  let detail = error.message ?? 'is not valid'
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty
    detail = `unknown option "${extra}"`
  } else if (error.keyword === 'enum') {
    detail = `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
  } else if (error.keyword === 'oneOf') {
    const branches = ((error.parentSchema as { oneOf?: { type?: string }[] } | undefined)?.oneOf ?? []).map((b) => b.type)
    detail =
      branches.join(',') === 'array,object'
        ? 'must be a list of phrases (replacing the defaults) or { "add": [...], "remove": [...] }'
        : `must match exactly one of: ${branches.filter(Boolean).join(', ') || 'the allowed shapes'}`
  } else if (error.keyword === 'maxItems') {
    detail = `takes at most ${(error.params as { limit: number }).limit} option value(s)`
  }
  return `${key}${path}: ${detail}`
}

/** Validates one `rules` entry and returns its severity and options. */
export async function validateRuleSetting(
  id: string,
  setting: RuleSetting,
  rules: Record<string, Rule>,
  file: string,
  key: string,
): Promise<RuleEntry> {
  const rule = rules[id]
  if (!rule) throw new ConfigError(file, key, `unknown rule "${id}"${didYouMean(id, Object.keys(rules))}`)
  const [severityValue, ...options] = Array.isArray(setting) ? setting : [setting]
  if (Array.isArray(setting) && setting.length === 0) throw new ConfigError(file, key, 'expected a severity or [severity, options]; got an empty array')
  const severity = parseSeverity(severityValue, file, key)
  if (options.length > 0) {
    const unsafe = findUnsafePattern(stringsIn(options))
    if (unsafe)
      throw new ConfigError(file, key, `the pattern ${unsafe} could take exponential time on some text (nested repetition); rewrite it without a repeated group inside a repetition`)
    const validate = await validatorFor(rule)
    if (!validate) throw new ConfigError(file, key, `rule "${id}" takes no options`)
    if (!validate(options)) {
      // A failed oneOf (a phrase list given as neither an array nor { add, remove }) is clearer as a whole
      // than as the complaint of its first branch.
      const errors = validate.errors ?? []
      const error = errors.find((e) => e.keyword === 'oneOf') ?? errors[0]
      const detail = error ? formatAjvError(error, '') : 'options are not valid'
      throw new ConfigError(file, key, `options${/^[[:]/.test(detail) ? '' : ' '}${detail}`)
    }
  }
  return { severity, options }
}

function checkKeys(value: Record<string, unknown>, allowed: readonly string[], file: string, where: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key))
      throw new ConfigError(file, where ? `${where}.${key}` : key, `unknown key${didYouMean(key, allowed)} (expected one of: ${allowed.join(', ')})`)
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function checkStringArray(value: unknown, file: string, key: string): void {
  const list = typeof value === 'string' ? [value] : value
  if (!Array.isArray(list) || list.some((v) => typeof v !== 'string'))
    throw new ConfigError(file, key, `expected a string or an array of strings, got ${describe(value)}`)
}

function checkRoles(value: unknown, file: string, key: string): void {
  if (!isObject(value)) throw new ConfigError(file, key, `expected an object of role → speaker labels, got ${describe(value)}`)
  for (const [role, labels] of Object.entries(value)) {
    if (!isRole(role))
      throw new ConfigError(file, `${key}.${role}`, `unknown role${didYouMean(role, ['agent', 'customer', 'bot', 'system', 'unknown'])} (expected agent, customer, bot, system or unknown)`)
    if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string'))
      throw new ConfigError(file, `${key}.${role}`, `expected an array of speaker labels, got ${describe(labels)}`)
  }
}

/** Checks the shape of a config file as written; rules are checked by validateRuleSetting. */
export function checkConfigShape(value: unknown, file: string): asserts value is ConfigFile {
  if (!isObject(value)) throw new ConfigError(file, '(file)', `expected an object of config keys, got ${describe(value)}`)
  checkKeys(value, TOP_KEYS, file, '')
  // An empty YAML key ("rules:" with only comments under it) means "nothing set", not a mistake.
  for (const key of Object.keys(value)) if (value[key] === null) delete value[key]
  if (value.extends !== undefined) checkStringArray(value.extends, file, 'extends')
  if (value.rules !== undefined && !isObject(value.rules))
    throw new ConfigError(file, 'rules', `expected an object of rule id → severity, got ${describe(value.rules)}`)
  if (value.roles !== undefined) checkRoles(value.roles, file, 'roles')
  if (value.ignores !== undefined) checkStringArray(value.ignores, file, 'ignores')
  if (value.rulesDir !== undefined) checkStringArray(value.rulesDir, file, 'rulesDir')
  if (value.plugins !== undefined) checkStringArray(value.plugins, file, 'plugins')
  if (value.formats !== undefined) {
    if (!isObject(value.formats) || Object.values(value.formats).some((f) => typeof f !== 'string'))
      throw new ConfigError(file, 'formats', `expected an object of glob → format name, got ${describe(value.formats)}`)
  }
  if (value.reportUnusedDisableDirectives !== undefined && typeof value.reportUnusedDisableDirectives !== 'boolean')
    parseSeverity(value.reportUnusedDisableDirectives, file, 'reportUnusedDisableDirectives')
  if (value.overrides !== undefined) {
    if (!Array.isArray(value.overrides)) throw new ConfigError(file, 'overrides', `expected an array, got ${describe(value.overrides)}`)
    value.overrides.forEach((o: unknown, i) => {
      const key = `overrides[${i}]`
      if (!isObject(o)) throw new ConfigError(file, key, `expected an object with "files", got ${describe(o)}`)
      checkKeys(o, OVERRIDE_KEYS, file, key)
      if (o.files === undefined) throw new ConfigError(file, `${key}.files`, 'is required (a glob or a list of globs)')
      checkStringArray(o.files, file, `${key}.files`)
      if (o.excludedFiles !== undefined) checkStringArray(o.excludedFiles, file, `${key}.excludedFiles`)
      if (o.rules !== undefined && !isObject(o.rules))
        throw new ConfigError(file, `${key}.rules`, `expected an object of rule id → severity, got ${describe(o.rules)}`)
      if (o.roles !== undefined) checkRoles(o.roles, file, `${key}.roles`)
    })
  }
}
