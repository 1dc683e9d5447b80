/**
 * Config through the CLI: cosmiconfig discovery, file formats, extends, rule settings, roles, overrides, ignores,
 * --print-config, --rule, and config errors (exit 2, one line naming the file, the key and what was expected).
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { project as makeProject, rapport, removeProjects, STACK, type Run } from './process.js'

const project = (files: Record<string, string>) => makeProject(files, { prefix: 'rapport-config-' })
afterAll(removeProjects)

function results(run: Run): Record<string, any> {
  const list = JSON.parse(run.stdout) as any[]
  return Object.fromEntries(list.map((r) => [r.filePath, r]))
}

/** avoid-interjection severities per file, from a JSON run: { 'a/x.txt': [2] }. */
function severities(dir: string, run: Run): Record<string, number[]> {
  const out: Record<string, number[]> = {}
  for (const [path, r] of Object.entries(results(run)))
    out[path.slice(dir.length + 1)] = r.messages.filter((m: any) => m.ruleId === 'avoid-interjection').map((m: any) => m.severity)
  return out
}

function printConfig(dir: string, file: string, extra: string[] = []): any {
  const run = rapport(dir, ['--print-config', file, ...extra])
  expect(run.stderr).toBe('')
  expect(run.status).toBe(0)
  return JSON.parse(run.stdout)
}

const OOPS = 'Agent: Oops, wrong link.\n'
/** 0.7 s of overlap: reported at the default minOverlapMs (500), not at 900. */
const OVERLAP =
  '[00:00:01.000 --> 00:00:05.000] Customer: My card was charged twice this month.\n' +
  '[00:00:04.300 --> 00:00:06.000] Agent: Let me look into that for you.\n'

describe('discovery', () => {
  it('uses the nearest config above each file; a nested .rapportrc.json wins for its files', () => {
    const dir = project({
      '.rapportrc': 'rules:\n  avoid-interjection: error\n',
      'a.txt': OOPS,
      'team/.rapportrc.json': '{ "rules": { "avoid-interjection": "warn" } }',
      'team/b.txt': OOPS,
      'team/deeper/c.txt': OOPS,
      // A package.json without a "rapport" key is not a config: the search goes on upward.
      'other/package.json': '{ "name": "other" }',
      'other/d.txt': OOPS,
    })
    const run = rapport(dir, ['-f', 'json', 'a.txt', 'team/b.txt', 'team/deeper/c.txt', 'other/d.txt'])
    expect(run.status).toBe(1)
    expect(severities(dir, run)).toEqual({ 'a.txt': [2], 'team/b.txt': [1], 'team/deeper/c.txt': [1], 'other/d.txt': [2] })
    expect(printConfig(dir, 'team/deeper/c.txt').configFile).toBe(join(dir, 'team/.rapportrc.json'))
  })

  it('reads .rapportrc (YAML and JSON), .rapportrc.json, .rapportrc.yml, package.json#rapport, rapport.config.mjs and .cjs', () => {
    const dir = project({
      'yaml/.rapportrc': 'rules:\n  avoid-interjection: 2\n',
      'yaml/x.txt': OOPS,
      'rcjson/.rapportrc': '{ "rules": { "avoid-interjection": 1 } }',
      'rcjson/x.txt': OOPS,
      'json/.rapportrc.json': '{ "rules": { "avoid-interjection": ["warn"] } }',
      'json/x.txt': OOPS,
      'yml/.rapportrc.yml': 'rules:\n  avoid-interjection: [error]\n',
      'yml/x.txt': OOPS,
      'pkg/package.json': '{ "name": "pkg", "rapport": { "rules": { "avoid-interjection": "error" } } }',
      'pkg/x.txt': OOPS,
      'mjs/rapport.config.mjs': 'export default { rules: { "avoid-interjection": "warn" } }\n',
      'mjs/x.txt': OOPS,
      'cjs/rapport.config.cjs': 'module.exports = { rules: { "avoid-interjection": "error" } }\n',
      'cjs/x.txt': OOPS,
    })
    const run = rapport(dir, ['-f', 'json', 'yaml/x.txt', 'rcjson/x.txt', 'json/x.txt', 'yml/x.txt', 'pkg/x.txt', 'mjs/x.txt', 'cjs/x.txt'])
    expect(run.stderr).toBe('')
    expect(severities(dir, run)).toEqual({
      'yaml/x.txt': [2],
      'rcjson/x.txt': [1],
      'json/x.txt': [1],
      'yml/x.txt': [2],
      'pkg/x.txt': [2],
      'mjs/x.txt': [1],
      'cjs/x.txt': [2],
    })
  })

  it('-c uses one file for every linted file instead of searching', () => {
    const dir = project({
      '.rapportrc': 'rules:\n  avoid-interjection: error\n',
      'team/.rapportrc': 'rules:\n  avoid-interjection: error\n',
      'team/b.txt': OOPS,
      'a.txt': OOPS,
      'configs/ci.json': '{ "rules": { "avoid-interjection": "warn" } }',
    })
    const run = rapport(dir, ['-c', 'configs/ci.json', '-f', 'json', 'a.txt', 'team/b.txt'])
    expect(run.status).toBe(0)
    expect(severities(dir, run)).toEqual({ 'a.txt': [1], 'team/b.txt': [1] })
    expect(printConfig(dir, 'team/b.txt', ['-c', 'configs/ci.json']).configFile).toBe(join(dir, 'configs/ci.json'))
  })

  it('with no config file anywhere, applies rapport:recommended', () => {
    const dir = project({ 'a.txt': OOPS })
    const listed = rapport(dir, ['--list-rules']).stdout.trim().split('\n').slice(1)
    const recommended = Object.fromEntries(
      listed.map((l) => l.split(/\s+/)).filter(([, rec]) => rec !== 'off').map(([id, rec]) => [id, rec]),
    )
    const config = printConfig(dir, 'a.txt')
    expect(config.configFile).toBeNull()
    expect(config.rules).toEqual(recommended)
  })
})

describe('extends', () => {
  let dir: string
  let recommended: Record<string, string>
  beforeAll(() => {
    dir = project({
      'rec/.rapportrc.json': '{ "extends": ["rapport:recommended"] }',
      'all/.rapportrc.json': '{ "extends": "rapport:all" }',
      'shared/base.yaml': 'rules:\n  avoid-interjection: [error, { interjections: { add: [golly] } }]\nroles:\n  agent: [Dana]\n',
      'rel/.rapportrc.json': '{ "extends": "../shared/base.yaml", "rules": { "avoid-interjection": "warn" } }',
      'rel/x.txt': 'Dana: Golly, oops.\n',
      'node_modules/rapport-config-acme/package.json': '{ "name": "rapport-config-acme", "main": "index.json" }',
      'node_modules/rapport-config-acme/index.json': '{ "rules": { "avoid-interjection": ["error", { "minOverlapMs": 900 }] } }',
      'npm/.rapportrc': 'extends: rapport-config-acme\n',
      'node_modules/rapport-config-cjs/package.json': '{ "name": "rapport-config-cjs" }',
      'node_modules/rapport-config-cjs/index.js': 'module.exports = { rules: { "avoid-interjection": "warn" }, roles: { agent: ["Sam"] } }\n',
      'cjs/.rapportrc': 'extends: rapport-config-cjs\n',
      'node_modules/@acme/rapport-config/package.json': '{ "name": "@acme/rapport-config", "type": "module", "exports": "./config.js" }',
      'node_modules/@acme/rapport-config/config.js': 'export default { rules: { "avoid-interjection": "error" } }\n',
      'scoped/.rapportrc.json': '{ "extends": "@acme/rapport-config" }',
      'node_modules/rapport-config-esm/package.json': '{ "name": "rapport-config-esm", "type": "module", "exports": { ".": { "import": "./index.js" } } }',
      'node_modules/rapport-config-esm/index.js': 'export default { rules: { "offer-alternatives": "warn" } }\n',
      'esm/.rapportrc.json': '{ "extends": "rapport-config-esm" }',
    })
    const listed = rapport(dir, ['--list-rules']).stdout.trim().split('\n').slice(1)
    recommended = Object.fromEntries(listed.map((l) => l.split(/\s+/)).map(([id, rec]) => [id!, rec!]))
  })

  it('rapport:recommended turns on the recommended rules at their recommended severity', () => {
    const expected = Object.fromEntries(Object.entries(recommended).filter(([, rec]) => rec !== 'off'))
    expect(printConfig(dir, 'rec/x.txt').rules).toEqual(expected)
  })

  it('rapport:all turns on every rule', () => {
    const rules = printConfig(dir, 'all/x.txt').rules
    expect(Object.keys(rules)).toEqual(Object.keys(recommended).sort())
    for (const [id, severity] of Object.entries(rules)) expect(severity).toBe(recommended[id] === 'off' ? 'warn' : recommended[id])
  })

  it('a relative file: its options and roles carry over, and a severity alone keeps the options', () => {
    const config = printConfig(dir, 'rel/x.txt')
    expect(config.rules).toEqual({ 'avoid-interjection': ['warn', { interjections: { add: ['golly'] } }] })
    expect(config.roles).toEqual({ agent: ['Dana'] })
    const run = rapport(dir, ['-f', 'json', 'rel/x.txt'])
    expect(run.status).toBe(0)
    const [r] = Object.values(results(run))
    expect(r.messages.map((m: any) => [m.severity, m.line, m.column, m.message.split('"')[1]])).toEqual([
      [1, 1, 7, 'Golly'],
      [1, 1, 14, 'oops'],
    ])
  })

  it('an npm package (JSON main, CommonJS index.js, scoped ESM package, import-only exports)', () => {
    expect(printConfig(dir, 'esm/x.txt').rules).toEqual({ 'offer-alternatives': 'warn' })
    expect(printConfig(dir, 'npm/x.txt').rules).toEqual({ 'avoid-interjection': ['error', { minOverlapMs: 900 }] })
    const cjs = printConfig(dir, 'cjs/x.txt')
    expect(cjs.rules).toEqual({ 'avoid-interjection': 'warn' })
    expect(cjs.roles).toEqual({ agent: ['Sam'] })
    expect(printConfig(dir, 'scoped/x.txt').rules).toEqual({ 'avoid-interjection': 'error' })
  })
})

describe('extends: cycles and shared patterns', () => {
  it('a circular extends is a config error (exit 2, one line), not a silent exit', () => {
    const dir = project({
      '.rapportrc.json': '{ "extends": "./shared/b.json" }',
      'shared/b.json': '{ "extends": "../.rapportrc.json" }',
      'self/.rapportrc.json': '{ "extends": "./.rapportrc.json" }',
      'a.txt': OOPS,
      'self/a.txt': OOPS,
    })
    for (const file of ['a.txt', 'self/a.txt']) {
      const run = rapport(dir, [file])
      expect(run.status).toBe(2)
      const lines = run.stderr.split('\n').filter(Boolean)
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(/^rapport: .*: extends: circular extends through /)
    }
  })

  it("ignores and overrides in an npm package config apply to the project that extends it", () => {
    const dir = project({
      'node_modules/rapport-config-acme/package.json': '{ "name": "rapport-config-acme", "main": "index.json" }',
      'node_modules/rapport-config-acme/index.json': JSON.stringify({
        rules: { 'avoid-interjection': 'warn' },
        overrides: [{ files: ['macros/**'], rules: { 'avoid-interjection': 'error' } }],
        ignores: ['drafts/**'],
      }),
      '.rapportrc': 'extends: rapport-config-acme\n',
      'a.txt': OOPS,
      'drafts/b.txt': OOPS,
      'macros/c.txt': OOPS,
    })
    const run = rapport(dir, ['-f', 'json', '.'])
    expect(severities(dir, run)).toEqual({ 'a.txt': [1], 'macros/c.txt': [2] })
  })
})

describe('rules, roles, overrides, ignores', () => {
  it('a config without extends starts from rapport:recommended; extends: [] starts from nothing', () => {
    const dir = project({
      'roles-only/.rapportrc.yaml': 'roles:\n  agent: [Dana]\n',
      'nothing/.rapportrc.yaml': 'extends: []\nroles:\n  agent: [Dana]\n',
    })
    const recommended = Object.fromEntries(
      rapport(dir, ['--list-rules']).stdout.split('\n').slice(1).filter(Boolean).map((l) => l.split(/\s+/).slice(0, 2)),
    )
    expect(printConfig(dir, 'roles-only/x.txt').rules).toEqual(Object.fromEntries(Object.entries(recommended).filter(([, rec]) => rec !== 'off')))
    expect(printConfig(dir, 'nothing/x.txt').rules).toEqual({})
  })

  it('accepts severity names, 0/1/2 and [severity, options]', () => {
    const dir = project({
      'a/.rapportrc': 'extends: []\nrules:\n  avoid-interjection: 0\n  acknowledge-feelings: 1\n  offer-alternatives: 2\n',
      'b/.rapportrc': 'extends: []\nrules:\n  avoid-interjection: [2, { minOverlapMs: 900 }]\n  acknowledge-feelings: "off"\n',
    })
    expect(printConfig(dir, 'a/x.txt').rules).toEqual({ 'acknowledge-feelings': 'warn', 'avoid-interjection': 'off', 'offer-alternatives': 'error' })
    expect(printConfig(dir, 'b/x.txt').rules).toEqual({ 'acknowledge-feelings': 'off', 'avoid-interjection': ['error', { minOverlapMs: 900 }] })
  })

  it('options change what the rule reports; a later severity alone keeps them (override and --rule)', () => {
    const dir = project({
      '.rapportrc': [
        'extends: []',
        'rules:',
        '  avoid-interjection: [error, { minOverlapMs: 900 }]',
        'overrides:',
        '  - files: ["soft/**"]',
        '    rules: { avoid-interjection: warn }',
        '',
      ].join('\n'),
      'call.txt': OVERLAP,
      'soft/call.txt': OVERLAP,
      'plain/.rapportrc': 'rules:\n  avoid-interjection: error\n',
      'plain/call.txt': OVERLAP,
    })
    const run = rapport(dir, ['-f', 'json', 'call.txt', 'soft/call.txt', 'plain/call.txt'])
    // 0.7 s overlap: silent at minOverlapMs 900 (also after the override's severity), reported at the default.
    expect(severities(dir, run)).toEqual({ 'call.txt': [], 'soft/call.txt': [], 'plain/call.txt': [2] })
    const plain = results(run)[join(dir, 'plain/call.txt')].messages[0]
    expect(plain).toMatchObject({ line: 2, column: 40, message: 'The agent started speaking 0.7 s before the customer had finished; let them finish.' })
    expect(printConfig(dir, 'soft/call.txt').rules).toEqual({ 'avoid-interjection': ['warn', { minOverlapMs: 900 }] })
    expect(printConfig(dir, 'call.txt', ['--rule', 'avoid-interjection:warn']).rules).toEqual({ 'avoid-interjection': ['warn', { minOverlapMs: 900 }] })
  })

  it('--rule id:severity and --rule id:[severity, options] lie over the config', () => {
    const dir = project({ '.rapportrc': 'extends: []\nrules:\n  avoid-interjection: error\n', 'call.txt': OVERLAP, 'a.txt': OOPS })
    expect(rapport(dir, ['call.txt']).status).toBe(1)
    const quieter = rapport(dir, ['--rule', 'avoid-interjection:["warn",{"minOverlapMs":900}]', '-f', 'json', 'call.txt', 'a.txt'])
    expect(quieter.status).toBe(0)
    expect(severities(dir, quieter)).toEqual({ 'call.txt': [], 'a.txt': [1] })
    const off = rapport(dir, ['--rule', 'avoid-interjection:off', 'call.txt', 'a.txt'])
    expect(off).toEqual({ status: 0, stdout: '', stderr: '' })
    expect(printConfig(dir, 'a.txt', ['--rule', 'acknowledge-feelings:2', '--rule', 'avoid-interjection:["warn",{"minOverlapMs":900}]']).rules).toEqual({
      'acknowledge-feelings': 'error',
      'avoid-interjection': ['warn', { minOverlapMs: 900 }],
    })
  })

  it('roles map custom speaker labels, so agent-only rules apply to them', () => {
    const dir = project({
      'with/.rapportrc': 'rules:\n  avoid-interjection: error\nroles:\n  agent: [Dana]\n  customer: [Pat]\n',
      'with/chat.txt': 'Pat: The link is broken.\nDana: Oops, wrong link.\n',
      'without/.rapportrc': 'rules:\n  avoid-interjection: error\n',
      'without/chat.txt': 'Pat: The link is broken.\nDana: Oops, wrong link.\n',
    })
    const run = rapport(dir, ['-f', 'json', 'with/chat.txt', 'without/chat.txt'])
    const r = results(run)
    expect(r[join(dir, 'with/chat.txt')].messages).toMatchObject([
      { ruleId: 'avoid-interjection', line: 2, column: 7, endColumn: 11, turn: { index: 1, role: 'agent', speaker: 'Dana' } },
    ])
    expect(r[join(dir, 'without/chat.txt')].messages).toEqual([])
    expect(printConfig(dir, 'with/chat.txt').roles).toEqual({ agent: ['Dana'], customer: ['Pat'] })
  })

  it('overrides change a rule for the files their globs match (and not for excludedFiles)', () => {
    const dir = project({
      '.rapportrc': [
        'rules:',
        '  avoid-interjection: error',
        'overrides:',
        '  - files: ["macros/billing/**"]',
        '    excludedFiles: ["**/strict-*.md"]',
        '    rules: { avoid-interjection: warn }',
        '  - files: "*.chat"',
        '    rules: { avoid-interjection: off }',
        '  - files: ["calls/**"]',
        '    roles: { agent: [Dana] }',
        '',
      ].join('\n'),
      'macros/billing/refund.md': 'Oops, sorry.\n',
      'macros/billing/strict-refund.md': 'Oops, sorry.\n',
      'macros/sales/offer.md': 'Oops, sorry.\n',
      'deep/room.chat': OOPS,
      'calls/one.txt': 'Dana: Oops.\n',
      'two.txt': 'Dana: Oops.\n',
    })
    const run = rapport(dir, ['-f', 'json', 'macros', 'deep', 'calls', 'two.txt'])
    expect(severities(dir, run)).toEqual({
      'macros/billing/refund.md': [1],
      'macros/billing/strict-refund.md': [2],
      'macros/sales/offer.md': [2],
      'deep/room.chat': [],
      'calls/one.txt': [2],
      'two.txt': [],
    })
  })

  it('ignores: skipped in a walk, and --print-config says so', () => {
    const dir = project({
      '.rapportrc': 'rules:\n  avoid-interjection: error\nignores: ["drafts/**", "*.log"]\n',
      'a.txt': OOPS,
      'drafts/b.txt': OOPS,
      'sub/c.log': OOPS,
    })
    const run = rapport(dir, ['-f', 'json'])
    expect(Object.keys(severities(dir, run))).toEqual(['a.txt'])
    expect(printConfig(dir, 'drafts/b.txt').ignored).toBe(true)
    expect(printConfig(dir, 'sub/c.log').ignored).toBe(true)
    expect(printConfig(dir, 'a.txt').ignored).toBe(false)
  })

  it('--print-config prints the whole resolved config as JSON', () => {
    const dir = project({
      '.rapportrc.json': JSON.stringify({
        extends: [],
        rules: { 'avoid-interjection': ['error', { minOverlapMs: 700 }], 'offer-alternatives': 'off' },
        roles: { agent: ['Dana'] },
        overrides: [{ files: ['macros/**'], rules: { 'avoid-interjection': 1 }, roles: { customer: ['Pat'] } }],
        reportUnusedDisableDirectives: true,
      }),
    })
    expect(printConfig(dir, 'macros/x.md')).toEqual({
      configFile: join(dir, '.rapportrc.json'),
      ignored: false,
      rules: { 'avoid-interjection': ['warn', { minOverlapMs: 700 }], 'offer-alternatives': 'off' },
      roles: { agent: ['Dana'], customer: ['Pat'] },
      reportUnusedDisableDirectives: 'warn',
    })
  })
})

describe('config errors', () => {
  const cases: [string, Record<string, string>, string, RegExp][] = [
    ['an unknown rule id', { '.rapportrc.json': '{"rules":{"avoid-interjections":"error"}}' }, '.rapportrc.json', /: rules\.avoid-interjections: unknown rule "avoid-interjections"; did you mean "avoid-interjection"\?$/],
    ['a bad severity', { '.rapportrc.json': '{"rules":{"avoid-interjection":"warning"}}' }, '.rapportrc.json', /: rules\.avoid-interjection: severity must be .*not "warning"; did you mean "warn"\?$/],
    ['a severity out of range', { '.rapportrc.json': '{"rules":{"avoid-interjection":3}}' }, '.rapportrc.json', /: rules\.avoid-interjection: severity must be "off", "warn", "error", 0, 1 or 2, not 3$/],
    ['an option of the wrong type', { '.rapportrc.json': '{"rules":{"avoid-interjection":["warn",{"minOverlapMs":"abc"}]}}' }, '.rapportrc.json', /: rules\.avoid-interjection: options\[1\]\.minOverlapMs: must be integer$/],
    ['a phrase list that is neither a list nor { add, remove }', { '.rapportrc.json': '{"rules":{"avoid-interjection":["warn",{"interjections":"oops"}]}}' }, '.rapportrc.json', /: rules\.avoid-interjection: options\[1\]\.interjections: must be a list of phrases \(replacing the defaults\) or \{ "add": \[\.\.\.\], "remove": \[\.\.\.\] \}$/],
    ['an unknown option', { '.rapportrc.json': '{"rules":{"avoid-interjection":["warn",{"minOverlap":900}]}}' }, '.rapportrc.json', /: rules\.avoid-interjection: options\[1\]: unknown option "minOverlap"$/],
    ['too many option values', { '.rapportrc.json': '{"rules":{"avoid-interjection":["warn",{},{}]}}' }, '.rapportrc.json', /: rules\.avoid-interjection: options: takes at most 1 option value\(s\)$/],
    ['an empty rule array', { '.rapportrc.json': '{"rules":{"avoid-interjection":[]}}' }, '.rapportrc.json', /: rules\.avoid-interjection: expected a severity or \[severity, options\]/],
    ['an unknown top-level key', { '.rapportrc.json': '{"rule":{}}' }, '.rapportrc.json', /: rule: unknown key; did you mean "rules"\? \(expected one of: extends, rules, rulesDir, plugins, roles, overrides, ignores, formats/],
    ['roles as a string', { '.rapportrc.json': '{"roles":{"agent":"Dana"}}' }, '.rapportrc.json', /: roles\.agent: expected an array of speaker labels, got "Dana"$/],
    ['an unknown role', { '.rapportrc.json': '{"roles":{"agents":["Dana"]}}' }, '.rapportrc.json', /: roles\.agents: unknown role; did you mean "agent"\?/],
    ['roles as a list', { '.rapportrc': 'roles: [Dana]\n' }, '.rapportrc', /: roles: expected an object of role → speaker labels, got an array$/],
    ['an unknown preset', { '.rapportrc.json': '{"extends":"rapport:recomended"}' }, '.rapportrc.json', /: extends: unknown preset "rapport:recomended"; did you mean "rapport:recommended"\?$/],
    ['a package that cannot be found', { '.rapportrc.json': '{"extends":"rapport-config-nope"}' }, '.rapportrc.json', /: extends: cannot find "rapport-config-nope"/],
    ['a relative extends that cannot be found', { '.rapportrc.json': '{"extends":"./shared/nope.json"}' }, '.rapportrc.json', /: extends: .*nope\.json/],
    ['an override without files', { '.rapportrc.json': '{"overrides":[{"rules":{}}]}' }, '.rapportrc.json', /: overrides\[0\]\.files: is required/],
    ['an unknown rule in an override', { '.rapportrc.json': '{"overrides":[{"files":"*.md","rules":{"offer-alternative":"off"}}]}' }, '.rapportrc.json', /: overrides\[0\]\.rules\.offer-alternative: unknown rule "offer-alternative"; did you mean "offer-alternatives"\?$/],
    ['a config that is not an object', { '.rapportrc.json': '[]' }, '.rapportrc.json', /: \(file\): expected an object of config keys, got an array$/],
    ['a bad rule in an extended file', { '.rapportrc.json': '{"extends":"./base.json"}', 'base.json': '{"rules":{"avoid-interjection":"loud"}}' }, 'base.json', /: rules\.avoid-interjection: severity must be/],
    ['JSON that cannot be parsed', { '.rapportrc.json': '{"rules": {"avoid-interjection": "warn",}}' }, '.rapportrc.json', /: \(file\): cannot be parsed: (?!JSON Error in).*(position|line|column|Unexpected|Expected)/i],
    ['YAML that cannot be parsed', { '.rapportrc': 'rules:\n  avoid-interjection: [warn\n' }, '.rapportrc', /: \(file\): cannot be parsed: (?!YAML Error in).*\w/],
    ['an ES module with a syntax error', { 'rapport.config.mjs': 'export default { rules: {' }, 'rapport.config.mjs', /: \(file\): cannot be parsed: .*(SyntaxError|Unexpected end of input)/],
  ]

  it.each(cases)('exits 2 with one line naming the file and the key for %s', (_name, files, configName, pattern) => {
    const dir = project({ ...files, 'a.txt': OOPS })
    const run = rapport(dir, ['a.txt'])
    expect(run.status).toBe(2)
    expect(run.stdout).toBe('')
    const lines = run.stderr.split('\n').filter(Boolean)
    expect(lines).toHaveLength(1)
    expect(lines[0]!.startsWith(`rapport: ${join(dir, configName)}: `)).toBe(true)
    expect(lines[0]).toMatch(pattern)
    expect(run.stderr).not.toMatch(STACK)
  })

  it('-c with a missing file names it', () => {
    const dir = project({ 'a.txt': OOPS })
    const run = rapport(dir, ['-c', 'nope.yaml', 'a.txt'])
    expect(run.status).toBe(2)
    expect(run.stderr).toBe(`rapport: ${join(dir, 'nope.yaml')}: (file): no such file\n`)
  })

  it('--print-config reports config errors the same way', () => {
    const dir = project({ '.rapportrc.json': '{"rules":{"avoid-interjections":"error"}}' })
    const run = rapport(dir, ['--print-config', 'a.txt'])
    expect(run.status).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^rapport: .*\.rapportrc\.json: rules\.avoid-interjections: unknown rule/)
  })
})

describe('formats', () => {
  it('config formats name the format of files whose extension does not say it; the last match wins', () => {
    const dir = project({
      '.rapportrc.yaml': 'extends: []\nrules:\n  avoid-interjection: error\nformats:\n  "*.export": json\n  "exports/chat-*.export": chat-text\n',
      'a.export': '{"turns":[{"role":"agent","text":"Oops, wrong link."}]}\n',
      'exports/chat-1.export': 'Agent: Oops, wrong link.\n',
    })
    const run = rapport(dir, ['-f', 'json', 'a.export', 'exports/chat-1.export'])
    expect(run.stderr).toBe('')
    const r = results(run)
    expect(r[join(dir, 'a.export')]).toMatchObject({ format: 'json', messages: [{ ruleId: 'avoid-interjection', line: 1, column: 35 }] })
    expect(r[join(dir, 'exports/chat-1.export')]).toMatchObject({ format: 'chat-text', messages: [{ ruleId: 'avoid-interjection', line: 1, column: 8 }] })
  })

  it('--input-format takes JSON shape and YAML format names, and says when a file is not that format', () => {
    const dir = project({
      'replies.data': 'replies:\n  - name: Thanks\n    body: Oops, thanks for the report.\n',
      'chat.json': '{"turns":[{"role":"agent","text":"hi"}]}',
    })
    const yaml = rapport(dir, ['-f', 'json', '--input-format', 'github-replies', 'replies.data'])
    expect(JSON.parse(yaml.stdout)[0]).toMatchObject({ format: 'github-replies', messages: [{ ruleId: 'avoid-interjection', line: 3, column: 11 }] })
    const wrong = rapport(dir, ['-f', 'json', '--input-format', 'contact-lens', 'chat.json'])
    expect(wrong.status).toBe(1)
    expect(JSON.parse(wrong.stdout)[0].messages).toMatchObject([{ fatal: true, line: 1, column: 1, message: expect.stringMatching(/^This is not contact-lens JSON: expected /) }])
  })

  it('an unknown format in config or on the command line exits 2 with one line', () => {
    const dir = project({ '.rapportrc.yaml': 'formats:\n  "*.export": jsn\n', 'a.export': '{}' })
    const bad = rapport(dir, ['a.export'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/^rapport: .*\.rapportrc\.yaml: formats\.\*\.export: unknown format "jsn"; did you mean "json"\? \(known: .*\)\n$/)
    const flag = rapport(dir, ['--input-format', 'nope', '-c', '/dev/null', 'a.export'])
    expect(flag.status).toBe(2)
    expect(flag.stderr).toMatch(/^rapport: --input-format: unknown format "nope" \(known: chat-text, markdown, json, .*\)\n$/)
  })
})
