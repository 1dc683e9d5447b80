import type { Role } from '../document.js'
import type { RolesSetting } from '../config/types.js'

/** Speaker labels that mean a role without any config (compared case-insensitively). */
export const DEFAULT_ROLES: Readonly<Record<string, Role>> = Object.freeze({
  agent: 'agent',
  support: 'agent',
  rep: 'agent',
  representative: 'agent',
  advisor: 'agent',
  adviser: 'agent',
  assistant: 'agent',
  customer: 'customer',
  client: 'customer',
  user: 'customer',
  caller: 'customer',
  guest: 'customer',
  visitor: 'customer',
  bot: 'bot',
  system: 'system',
})

const ROLE_NAMES: readonly Role[] = ['agent', 'customer', 'bot', 'system', 'unknown']

export function isRole(value: string): value is Role {
  return (ROLE_NAMES as readonly string[]).includes(value)
}

/** Default labels with the config's labels laid over them. */
export function buildRoleMap(setting: RolesSetting | undefined, base: Record<string, Role> = DEFAULT_ROLES): Record<string, Role> {
  const map: Record<string, Role> = { ...base }
  for (const [role, labels] of Object.entries(setting ?? {})) {
    for (const label of labels ?? []) map[label.trim().toLowerCase()] = role as Role
  }
  return map
}

/** The role of a speaker label, or of a role word used directly ("agent", "AGENT", "end_user"). */
export function roleOf(label: string | undefined, roles: Record<string, Role>): Role {
  if (!label) return 'unknown'
  const key = label.trim().toLowerCase()
  return roles[key] ?? roles[key.replace(/[\s_-]+/g, ' ')] ?? 'unknown'
}
