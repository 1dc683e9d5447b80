/** Built-in shareable configs: `rapport:recommended` and `rapport:all`. */
import type { Rule } from '../rule.js'
import type { ConfigFile, RuleSetting } from './types.js'

export const PRESET_NAMES = ['rapport:recommended', 'rapport:strict', 'rapport:all'] as const

export function presetConfig(name: string, rules: Record<string, Rule>): ConfigFile | undefined {
  if (name === 'rapport:recommended') {
    const out: Record<string, RuleSetting> = {}
    for (const [id, rule] of Object.entries(rules)) if (rule.meta.recommended) out[id] = rule.meta.recommended
    return { rules: out }
  }
  // Every rule, as errors: for teams that gate on the whole practice (clarify-understanding is only here).
  if (name === 'rapport:strict') {
    const out: Record<string, RuleSetting> = {}
    for (const id of Object.keys(rules)) out[id] = 'error'
    return { rules: out }
  }
  if (name === 'rapport:all') {
    const out: Record<string, RuleSetting> = {}
    for (const [id, rule] of Object.entries(rules)) out[id] = rule.meta.recommended || 'warn'
    return { rules: out }
  }
  return undefined
}
