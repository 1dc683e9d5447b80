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
  const exact = roles[key] ?? roles[key.replace(/[\s_-]+/g, ' ')]
  if (exact) return exact
  // "Agent (Dana)", "Support Agent", "Chat agent 2": a role word in the label names the role; the last word
  // is the head of an English noun phrase, so it wins over the first ("User Support" is support).
  const words = key.replace(/\([^)]*\)/g, ' ').split(/[\s_-]+/).filter((w) => w && !/^\d+$/.test(w))
  const stripped = words.join(' ')
  return roles[stripped] ?? roles[words[words.length - 1] ?? ''] ?? roles[words[0] ?? ''] ?? 'unknown'
}
