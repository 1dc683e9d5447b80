import type { Role } from '../document.js'
import type { SeverityLevel, SeverityName } from '../rule.js'

export type SeveritySetting = SeverityName | SeverityLevel
export type RuleSetting = SeveritySetting | [SeveritySetting, ...unknown[]]

/** Speaker labels per role, as written in config: `{ agent: [Dana], customer: [Caller] }`. */
export type RolesSetting = Partial<Record<Role, string[]>>

export interface OverrideSetting {
  files: string | string[]
  excludedFiles?: string | string[]
  rules?: Record<string, RuleSetting>
  roles?: RolesSetting
}

/** A config file as the user writes it. */
export interface ConfigFile {
  extends?: string | string[]
  rules?: Record<string, RuleSetting>
  roles?: RolesSetting
  overrides?: OverrideSetting[]
  ignores?: string[]
  /** Glob → input format, for files whose name does not say what they are. */
  formats?: Record<string, string>
  /** Folders of the team's own YAML rules, relative to the config file. */
  rulesDir?: string | string[]
  /** npm packages, modules or folders that bring rules, named `<plugin>/<id>`. */
  plugins?: string | string[]
  reportUnusedDisableDirectives?: SeveritySetting | boolean
}

export interface RuleEntry {
  severity: SeverityLevel
  options: unknown[]
}

/** The config that applies to one file: what the linter runs with. */
export interface ResolvedConfig {
  rules: Record<string, RuleEntry>
  /** Lower-cased speaker label → role. */
  roles: Record<string, Role>
  reportUnusedDisableDirectives: SeverityLevel
  /** The input format config `formats` assigns to this file, if any. */
  format?: string
  /** The config's own rules (YAML rules from `rulesDir`), by id. */
  customRules?: Record<string, import('../rule.js').Rule>
  /** The config file it came from, if any. */
  configFile?: string
}
