/**
 * Build step: reads the built-in YAML rules (rules/*.yml) once and writes their checked specs as JSON beside
 * the compiled registry (dist/rules/yaml-rules.json), so a run does not load a YAML parser to start.
 * A broken rule file fails the build with the same message a user would get.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseRuleSpec } from '../src/declarative/spec.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const rulesDir = join(root, 'rules')
const specs = readdirSync(rulesDir)
  .filter((n) => n.endsWith('.yml'))
  .sort()
  .map((name) => {
    const spec = parseRuleSpec(readFileSync(join(rulesDir, name), 'utf8'), join('rules', name), name.replace(/\.yml$/, ''))
    return spec
  })
writeFileSync(join(root, 'dist', 'rules', 'yaml-rules.json'), JSON.stringify(specs))
console.log(`compiled ${specs.length} YAML rules`)
