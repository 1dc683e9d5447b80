/** The built-in rules, by id. A rule's id is its file name; its page is rules/<id>.md beside it. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { dirname, join } from 'node:path'
import { compileSpec } from '../src/declarative/compile.js'
import { loadRulesDir, type LoadedRule } from '../src/declarative/load.js'
import type { DeclarativeSpec } from '../src/declarative/spec.js'
import type { Rule } from '../src/rule.js'
import acknowledgeFeelings from './acknowledge-feelings.js'
import askOpenQuestions from './ask-open-questions.js'
import avoidInterjection from './avoid-interjection.js'
import clarifyUnderstanding from './clarify-understanding.js'
import noShouting from './no-shouting.js'
import offerAlternatives from './offer-alternatives.js'
import timelyResponse from './timely-response.js'
import validPlaceholders from './valid-placeholders.js'

const here = dirname(fileURLToPath(import.meta.url))
// Built, this file is dist/rules/index.js and the pages are in <package>/rules; from source they are beside it.
const pages = existsSync(join(here, 'avoid-interjection.md')) ? here : join(here, '..', '..', 'rules')

function withUrl<R extends Rule<any>>(id: string, rule: R): R {
  rule.meta.url = pathToFileURL(join(pages, `${id}.md`)).href
  return rule
}

export const builtinRules: Record<string, Rule> = {
  'acknowledge-feelings': withUrl('acknowledge-feelings', acknowledgeFeelings) as Rule,
  'ask-open-questions': withUrl('ask-open-questions', askOpenQuestions) as Rule,
  'avoid-interjection': withUrl('avoid-interjection', avoidInterjection) as Rule,
  'clarify-understanding': withUrl('clarify-understanding', clarifyUnderstanding) as Rule,
  'no-shouting': withUrl('no-shouting', noShouting) as Rule,
  'offer-alternatives': withUrl('offer-alternatives', offerAlternatives) as Rule,
  'timely-response': withUrl('timely-response', timelyResponse) as Rule,
  'valid-placeholders': withUrl('valid-placeholders', validPlaceholders) as Rule,
}

/**
 * The build writes the YAML rules' checked specs to dist/rules/yaml-rules.json so that a run need not load a
 * YAML parser; when that file is missing or older than a rule file (editing a rule without building), the
 * YAML files are read directly.
 */
function loadBuiltinYaml(): Map<string, LoadedRule> {
  const compiled = join(here, 'yaml-rules.json')
  const sources = readdirSync(pages).filter((n) => n.endsWith('.yml'))
  if (existsSync(compiled)) {
    const built = statSync(compiled).mtimeMs
    if (sources.every((n) => statSync(join(pages, n)).mtimeMs <= built)) {
      const specs = JSON.parse(readFileSync(compiled, 'utf8')) as DeclarativeSpec[]
      if (specs.length === sources.length)
        return new Map(specs.map((spec) => [spec.id, { spec: { ...spec, file: join(pages, `${spec.id}.yml`) }, rule: compileSpec(spec) as Rule }]))
    }
  }
  return loadRulesDir(pages)
}

/**
 * The built-in rules written in YAML (rules/<id>.yml, page beside them), with their specs for
 * `rapport test-rules`. Read when this module loads: there are few, and a broken one must fail loudly.
 */
export const builtinYamlRules = loadBuiltinYaml()
for (const [id, loaded] of builtinYamlRules) builtinRules[id] = withUrl(id, loaded.rule)
