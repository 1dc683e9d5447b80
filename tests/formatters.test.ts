/**
 * The CI formatters: sarif, github, junit, checkstyle, compact, json-with-metadata. Each is called on hand-built
 * results (paths relative to cwd, escaping of what each format cannot carry verbatim), then once through the CLI
 * on a temp project. SARIF is also checked by Microsoft's validator (`sarif-multitool validate`) when it is
 * installed: set SARIF_MULTITOOL to its binary, or install it into /tmp/sarif-tool
 * (`npm install --prefix /tmp/sarif-tool @microsoft/sarif-multitool`).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { checkstyle } from '../src/formatters/checkstyle.js'
import { compact } from '../src/formatters/compact.js'
import { github } from '../src/formatters/github.js'
import { formatterNames, loadFormatter, type FormatterContext } from '../src/formatters/index.js'
import { json } from '../src/formatters/json.js'
import { jsonWithMetadata } from '../src/formatters/json-with-metadata.js'
import { junit } from '../src/formatters/junit.js'
import { sarif } from '../src/formatters/sarif.js'
import type { LintMessage, LintResult } from '../src/linter.js'
import type { RuleMeta } from '../src/rule.js'
import { project, rapport, removeProjects } from './process.js'

afterAll(removeProjects)

const PKG = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { version: string }
const CWD = resolve('/proj')
const at = (...parts: string[]) => join(CWD, ...parts)

const OOPS = '"Oops" is a casual interjection; it reads as careless in a customer reply.'
/** Everything the formats must escape: quotes, <>&, a CR LF, a percent sign, a comma and a colon. */
const NASTY = `Don't shout: "NOW" & <b>\r\n100% sure, ok`

function result(filePath: string, messages: LintMessage[], extra: Partial<LintResult> = {}): LintResult {
  const errors = messages.filter((m) => m.severity === 2)
  return {
    filePath,
    messages,
    errorCount: errors.length,
    warningCount: messages.length - errors.length,
    fatalErrorCount: messages.filter((m) => m.fatal).length,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    documentCount: 1,
    format: 'txt',
    suppressedMessages: [],
    ...extra,
  }
}

const RESULTS: LintResult[] = [
  result(at('macros', 'refund, v2:final%.txt'), [
    { ruleId: 'avoid-interjection', severity: 2, message: OOPS, line: 1, column: 8, endLine: 1, endColumn: 12, url: 'https://example.com/rules/avoid-interjection' },
    { ruleId: 'no-shouting', severity: 1, message: NASTY, line: 2, column: 1, endLine: 3, endColumn: 5 },
    { ruleId: null, severity: 1, message: 'Unused rapport-disable directive (no problem was reported here).', line: 4, column: 1, endLine: 4, endColumn: 30 },
  ]),
  result(at('clean.txt'), []),
  result(at('broken.json'), [{ ruleId: null, severity: 2, fatal: true, message: 'Invalid JSON: expected a value.', line: 1, column: 12 }], { documentCount: 0 }),
  result(at('library.csv'), [{ ruleId: 'avoid-interjection', severity: 1, message: OOPS, line: 3, column: 20, endLine: 3, endColumn: 24, documentId: 'refund-1' }], { documentCount: 2 }),
]

const META = (id: string, description: string, recommended: RuleMeta['recommended'], tags: string[]): RuleMeta => ({
  description,
  appliesTo: ['macro', 'transcript'],
  recommended,
  tags,
  messages: { x: 'x' },
  url: `https://example.com/rules/${id}`,
})
const RULES_META: Record<string, RuleMeta> = {
  'avoid-interjection': META('avoid-interjection', 'Do not cut in with a casual interjection.', 'warn', ['tone']),
  'no-shouting': META('no-shouting', 'Do not shout', 'error', ['tone']),
  personalize: META('personalize', 'Use the name.', false, []),
}
const CONTEXT: FormatterContext = { cwd: CWD, color: false, rulesMeta: RULES_META }

describe('registry', () => {
  it('knows every CI formatter', async () => {
    for (const name of ['sarif', 'github', 'junit', 'checkstyle', 'compact', 'json-with-metadata']) {
      expect(formatterNames).toContain(name)
      expect(typeof (await loadFormatter(name))).toBe('function')
    }
  })
})

describe('github', () => {
  it('writes one workflow command per message, escaped as @actions/core does', () => {
    expect(github(RESULTS, CONTEXT).split('\n')).toEqual([
      `::error file=macros/refund%2C v2%3Afinal%25.txt,line=1,col=8,endLine=1,endColumn=12,title=avoid-interjection::${OOPS}`,
      '::warning file=macros/refund%2C v2%3Afinal%25.txt,line=2,col=1,endLine=3,endColumn=5,title=no-shouting::' +
        `Don't shout: "NOW" & <b>%0D%0A100%25 sure, ok`,
      '::warning file=macros/refund%2C v2%3Afinal%25.txt,line=4,col=1,endLine=4,endColumn=30::Unused rapport-disable directive (no problem was reported here).',
      '::error file=broken.json,line=1,col=12::Invalid JSON: expected a value.',
      `::warning file=library.csv,line=3,col=20,endLine=3,endColumn=24,title=avoid-interjection::[refund-1] ${OOPS}`,
    ])
  })

  it('escapes a rule id with a colon or comma in the title and prints nothing for clean results', () => {
    const r = result(at('a.txt'), [{ ruleId: 'my:plugin/a,b', severity: 2, message: 'm', line: 1, column: 1 }])
    expect(github([r], CONTEXT)).toBe('::error file=a.txt,line=1,col=1,title=my%3Aplugin/a%2Cb::m')
    expect(github([result(at('a.txt'), [])], CONTEXT)).toBe('')
  })

  it('keeps a path outside the working directory absolute', () => {
    const outside = resolve('/elsewhere/a.txt')
    const r = result(outside, [{ ruleId: 'x', severity: 1, message: 'm', line: 1, column: 1 }])
    expect(github([r], CONTEXT)).toBe(`::warning file=${outside.replace(/:/g, '%3A')},line=1,col=1,title=x::m`)
  })
})

describe('compact', () => {
  it('writes file:line:col: severity message (rule) and a total', () => {
    expect(compact(RESULTS, CONTEXT)).toBe(
      `macros/refund, v2:final%.txt:1:8: error ${OOPS} (avoid-interjection)\n` +
        `macros/refund, v2:final%.txt:2:1: warning Don't shout: "NOW" & <b> 100% sure, ok (no-shouting)\n` +
        'macros/refund, v2:final%.txt:4:1: warning Unused rapport-disable directive (no problem was reported here).\n' +
        'broken.json:1:12: error Invalid JSON: expected a value.\n' +
        `library.csv:3:20: warning [refund-1] ${OOPS} (avoid-interjection)\n` +
        '\n' +
        '5 problems',
    )
    expect(compact([RESULTS[0]!].map((r) => ({ ...r, messages: r.messages.slice(0, 1) })), CONTEXT)).toBe(
      `macros/refund, v2:final%.txt:1:8: error ${OOPS} (avoid-interjection)\n\n1 problem`,
    )
    expect(compact([result(at('a.txt'), [])], CONTEXT)).toBe('')
  })
})

const XML_NASTY_ATTR = 'Don&apos;t shout: &quot;NOW&quot; &amp; &lt;b&gt;&#13;&#10;100% sure, ok'
const XML_OOPS = '&quot;Oops&quot; is a casual interjection; it reads as careless in a customer reply.'

describe('checkstyle', () => {
  it('writes a <file> per result with XML-escaped attributes', () => {
    expect(checkstyle(RESULTS, CONTEXT)).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n' +
        '<checkstyle version="4.3">\n' +
        '  <file name="macros/refund, v2:final%.txt">\n' +
        `    <error line="1" column="8" severity="error" message="${XML_OOPS} (avoid-interjection)" source="rapport.avoid-interjection"/>\n` +
        `    <error line="2" column="1" severity="warning" message="${XML_NASTY_ATTR} (no-shouting)" source="rapport.no-shouting"/>\n` +
        '    <error line="4" column="1" severity="warning" message="Unused rapport-disable directive (no problem was reported here)."/>\n' +
        '  </file>\n' +
        '  <file name="clean.txt"/>\n' +
        '  <file name="broken.json">\n' +
        '    <error line="1" column="12" severity="error" message="Invalid JSON: expected a value."/>\n' +
        '  </file>\n' +
        '  <file name="library.csv">\n' +
        `    <error line="3" column="20" severity="warning" message="[refund-1] ${XML_OOPS} (avoid-interjection)" source="rapport.avoid-interjection"/>\n` +
        '  </file>\n' +
        '</checkstyle>',
    )
  })

  it('escapes file names and drops characters XML cannot hold', () => {
    const r = result(at(`a&b<'c'>.txt`), [{ ruleId: 'x', severity: 2, message: 'bell\u0007 and ]]>', line: 1, column: 1 }])
    expect(checkstyle([r], CONTEXT)).toContain(
      `<file name="a&amp;b&lt;&apos;c&apos;&gt;.txt">\n    <error line="1" column="1" severity="error" message="bell\uFFFD and ]]&gt; (x)" source="rapport.x"/>`,
    )
  })
})

describe('junit', () => {
  it('writes a testsuite per file, a failing testcase per message, a passing one for a clean file', () => {
    expect(junit(RESULTS, CONTEXT)).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n' +
        '<testsuites>\n' +
        '<testsuite package="rapport" time="0" tests="3" errors="0" failures="3" name="macros/refund, v2:final%.txt">\n' +
        '<testcase time="0" name="rapport.avoid-interjection" classname="macros/refund, v2:final%">' +
        `<failure message="${XML_OOPS}" type="error"><![CDATA[line 1, col 8, Error - ${OOPS} (avoid-interjection)]]></failure></testcase>\n` +
        '<testcase time="0" name="rapport.no-shouting" classname="macros/refund, v2:final%">' +
        `<failure message="${XML_NASTY_ATTR}" type="warning"><![CDATA[line 2, col 1, Warning - ${NASTY} (no-shouting)]]></failure></testcase>\n` +
        '<testcase time="0" name="rapport.unknown" classname="macros/refund, v2:final%">' +
        '<failure message="Unused rapport-disable directive (no problem was reported here)." type="warning">' +
        '<![CDATA[line 4, col 1, Warning - Unused rapport-disable directive (no problem was reported here).]]></failure></testcase>\n' +
        '</testsuite>\n' +
        '<testsuite package="rapport" time="0" tests="1" errors="0" failures="0" name="clean.txt">\n' +
        '<testcase time="0" name="clean.txt" classname="clean"/>\n' +
        '</testsuite>\n' +
        '<testsuite package="rapport" time="0" tests="1" errors="0" failures="1" name="broken.json">\n' +
        '<testcase time="0" name="rapport.unknown" classname="broken">' +
        '<failure message="Invalid JSON: expected a value." type="error"><![CDATA[line 1, col 12, Error - Invalid JSON: expected a value.]]></failure></testcase>\n' +
        '</testsuite>\n' +
        '<testsuite package="rapport" time="0" tests="1" errors="0" failures="1" name="library.csv">\n' +
        '<testcase time="0" name="rapport.avoid-interjection" classname="library">' +
        `<failure message="[refund-1] ${XML_OOPS}" type="warning"><![CDATA[line 3, col 20, Warning - [refund-1] ${OOPS} (avoid-interjection)]]></failure></testcase>\n` +
        '</testsuite>\n' +
        '</testsuites>',
    )
  })

  it('splits "]]>" across CDATA sections', () => {
    const r = result(at('a.txt'), [{ ruleId: 'x', severity: 2, message: 'a ]]> b', line: 1, column: 1 }])
    expect(junit([r], CONTEXT)).toContain('<![CDATA[line 1, col 1, Error - a ]]]]><![CDATA[> b (x)]]>')
  })
})

describe('json-with-metadata', () => {
  it('puts the json results beside the meta of the rules that reported', () => {
    const suppressed = result(at('s.txt'), [], {
      suppressedMessages: [{ ruleId: 'personalize', severity: 1, message: 'm', line: 1, column: 1, suppressions: [{ kind: 'directive', justification: '' }] }],
    })
    const out = JSON.parse(jsonWithMetadata([...RESULTS, suppressed], CONTEXT)) as { results: unknown; metadata: { cwd: string; rulesMeta: Record<string, RuleMeta> } }
    expect(out.results).toEqual(JSON.parse(json([...RESULTS, suppressed], CONTEXT)))
    expect(out.metadata.cwd).toBe(CWD)
    expect(Object.keys(out.metadata.rulesMeta)).toEqual(['avoid-interjection', 'no-shouting', 'personalize'])
    expect(out.metadata.rulesMeta['no-shouting']).toEqual(RULES_META['no-shouting'])
    expect(out.metadata.rulesMeta['avoid-interjection']).toMatchObject({
      description: 'Do not cut in with a casual interjection.',
      url: 'https://example.com/rules/avoid-interjection',
      recommended: 'warn',
      tags: ['tone'],
    })
  })
})

interface SarifLog {
  $schema: string
  version: string
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: Record<string, any>[] } }
    invocations: { executionSuccessful: boolean; toolExecutionNotifications?: Record<string, any>[] }[]
    originalUriBaseIds: Record<string, { uri: string }>
    results: Record<string, any>[]
  }[]
}

describe('sarif', () => {
  const log = JSON.parse(sarif(RESULTS, CONTEXT)) as SarifLog
  const run = log.runs[0]!

  it('is SARIF 2.1.0 from rapport at the package version', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json')
    expect(log.version).toBe('2.1.0')
    expect(log.runs).toHaveLength(1)
    expect(run.tool.driver).toMatchObject({ name: 'rapport', version: PKG.version })
    expect(run.tool.driver.informationUri).toMatch(/^https:\/\//)
    expect(run.originalUriBaseIds['%SRCROOT%']!.uri).toBe(pathToFileURL(CWD).href.replace(/\/?$/, '/'))
  })

  it('describes each rule that reported once, in order of first report', () => {
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['avoid-interjection', 'no-shouting', 'rapport'])
    expect(run.tool.driver.rules[0]).toEqual({
      id: 'avoid-interjection',
      name: 'AvoidInterjection',
      shortDescription: { text: 'Do not cut in with a casual interjection.' },
      fullDescription: { text: 'Do not cut in with a casual interjection.' },
      helpUri: 'https://example.com/rules/avoid-interjection',
      help: { text: 'Do not cut in with a casual interjection. See https://example.com/rules/avoid-interjection' },
      defaultConfiguration: { level: 'warning' },
      properties: { tags: ['tone'], recommended: true },
    })
    // A description without a closing period gets one; an error rule in rapport:recommended defaults to error.
    expect(run.tool.driver.rules[1]).toMatchObject({ shortDescription: { text: 'Do not shout.' }, defaultConfiguration: { level: 'error' } })
  })

  it('writes one result per message with its rule, level, text and exact region', () => {
    const simple = run.results.map((r) => ({
      ruleId: r.ruleId,
      ruleIndex: r.ruleIndex,
      level: r.level,
      text: r.message.text,
      artifact: r.locations[0].physicalLocation.artifactLocation,
      region: r.locations[0].physicalLocation.region,
    }))
    const refund = { uri: 'macros/refund%2C%20v2%3Afinal%25.txt', uriBaseId: '%SRCROOT%' }
    expect(simple).toEqual([
      { ruleId: 'avoid-interjection', ruleIndex: 0, level: 'error', text: OOPS, artifact: refund, region: { startLine: 1, startColumn: 8, endLine: 1, endColumn: 12 } },
      { ruleId: 'no-shouting', ruleIndex: 1, level: 'warning', text: `${NASTY}.`, artifact: refund, region: { startLine: 2, startColumn: 1, endLine: 3, endColumn: 5 } },
      {
        ruleId: 'rapport',
        ruleIndex: 2,
        level: 'warning',
        text: 'Unused rapport-disable directive (no problem was reported here).',
        artifact: refund,
        region: { startLine: 4, startColumn: 1, endLine: 4, endColumn: 30 },
      },
      {
        ruleId: 'avoid-interjection',
        ruleIndex: 0,
        level: 'warning',
        text: `[refund-1] ${OOPS}`,
        artifact: { uri: 'library.csv', uriBaseId: '%SRCROOT%' },
        region: { startLine: 3, startColumn: 20, endLine: 3, endColumn: 24 },
      },
    ])
  })

  it('reports a file that could not be read as a tool execution notification, not a result', () => {
    expect(run.invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: { text: 'Invalid JSON: expected a value.' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'broken.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 1, startColumn: 12 } } }],
          },
        ],
      },
    ])
  })

  it('gives a file outside the working directory an absolute file: URI', () => {
    const outside = resolve('/elsewhere/dir with space/a#b.txt')
    const r = result(outside, [{ ruleId: 'x', severity: 1, message: 'm.', line: 1, column: 1 }])
    const out = JSON.parse(sarif([r], CONTEXT)) as SarifLog
    expect(out.runs[0]!.results[0]!.locations[0].physicalLocation.artifactLocation).toEqual({ uri: pathToFileURL(outside).href })
    expect(pathToFileURL(outside).href).toContain('dir%20with%20space/a%23b.txt')
  })

  it('writes an empty result list for clean files', () => {
    const out = JSON.parse(sarif([result(at('a.txt'), [])], CONTEXT)) as SarifLog
    expect(out.runs[0]!.results).toEqual([])
    expect(out.runs[0]!.tool.driver.rules).toEqual([])
  })
})

/** Microsoft's SARIF validator: SARIF_MULTITOOL, or the native binary of an install into /tmp/sarif-tool. */
const MULTITOOL = [
  process.env.SARIF_MULTITOOL,
  `/tmp/sarif-tool/node_modules/@microsoft/sarif-multitool-${process.platform}/Sarif.Multitool`,
].find((p): p is string => !!p && existsSync(p))
if (!MULTITOOL) {
  console.warn(
    'formatters.test.ts: sarif-multitool not found; skipping SARIF validation. Install it with ' +
      '`npm install --prefix /tmp/sarif-tool @microsoft/sarif-multitool` or set SARIF_MULTITOOL to its binary.',
  )
}

/** The errors and warnings `sarif-multitool validate` finds in `file`: the SARIF rules and GitHub's (Gh, Ghas). */
function validate(file: string): string[] {
  const problems: string[] = []
  for (const kind of ['Sarif', 'Gh', 'Ghas']) {
    const out = `${file}.${kind}.validation.sarif`
    execFileSync(MULTITOOL!, ['validate', file, '--output', out, '--log', 'ForceOverwrite', '--rule-kind', kind], { encoding: 'utf8', timeout: 60_000 })
    const report = JSON.parse(readFileSync(out, 'utf8')) as SarifLog
    for (const r of report.runs[0]?.results ?? []) {
      const level = (r.level as string | undefined) ?? 'warning'
      if (level === 'error' || level === 'warning') problems.push(`${level} ${r.ruleId as string}: ${JSON.stringify(r.message)}`)
    }
  }
  return problems
}

describe('sarif-multitool validate', () => {
  it.skipIf(!MULTITOOL)('finds no errors or warnings in the hand-built log', () => {
    const dir = project({}, { prefix: 'rapport-sarif-' })
    const file = join(dir, 'hand.sarif')
    const outside = result(resolve('/elsewhere/a b.txt'), [{ ruleId: 'personalize', severity: 1, message: 'No name', line: 1, column: 1, endLine: 1, endColumn: 1 }])
    writeFileSync(file, sarif([...RESULTS, outside], CONTEXT))
    expect(validate(file)).toEqual([])
  })
})

describe('through the CLI', () => {
  const files = {
    '.rapportrc': 'rules:\n  avoid-interjection: error\n',
    'a b/oops, 1.txt': 'Agent: Oops, wrong link.\n',
    'clean.txt': 'Agent: Here is the right one.\n',
  }
  const fileName = 'a b/oops, 1.txt'

  it('-f github', () => {
    const dir = project(files, { prefix: 'rapport-fmt-' })
    const run = rapport(dir, ['-f', 'github', '.'])
    expect(run.stderr).toBe('')
    expect(run.status).toBe(1)
    expect(run.stdout).toBe(`::error file=a b/oops%2C 1.txt,line=1,col=8,endLine=1,endColumn=12,title=avoid-interjection::${OOPS}\n`)
  })

  it('-f compact, -f checkstyle, -f junit, -f json-with-metadata', () => {
    const dir = project(files, { prefix: 'rapport-fmt-' })
    const c = rapport(dir, ['-f', 'compact', '.'])
    expect(c.status).toBe(1)
    expect(c.stdout).toBe(`${fileName}:1:8: error ${OOPS} (avoid-interjection)\n\n1 problem\n`)
    const cs = rapport(dir, ['-f', 'checkstyle', '.'])
    expect(cs.stdout).toContain(`<file name="${fileName}">\n    <error line="1" column="8" severity="error" message="${XML_OOPS} (avoid-interjection)" source="rapport.avoid-interjection"/>`)
    expect(cs.stdout).toContain('<file name="clean.txt"/>')
    const j = rapport(dir, ['-f', 'junit', '.'])
    expect(j.stdout).toContain(`<testsuite package="rapport" time="0" tests="1" errors="0" failures="1" name="${fileName}">`)
    expect(j.stdout).toContain('<testcase time="0" name="clean.txt" classname="clean"/>')
    const m = rapport(dir, ['-f', 'json-with-metadata', '.'])
    const parsed = JSON.parse(m.stdout) as { results: { messages: LintMessage[] }[]; metadata: { rulesMeta: Record<string, RuleMeta> } }
    expect(parsed.results.flatMap((r) => r.messages).map((x) => [x.ruleId, x.line, x.column])).toEqual([['avoid-interjection', 1, 8]])
    expect(Object.keys(parsed.metadata.rulesMeta)).toEqual(['avoid-interjection'])
    expect(parsed.metadata.rulesMeta['avoid-interjection']!.url).toMatch(/avoid-interjection\.md$/)
  })

  it('-f sarif: the region of the diagnostic, the rule page as help, valid for the validator', () => {
    const dir = project(files, { prefix: 'rapport-fmt-' })
    const run = rapport(dir, ['-f', 'sarif', '-o', 'out.sarif', '.'])
    expect(run.stderr).toBe('')
    expect(run.status).toBe(1)
    const log = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as SarifLog
    const [only] = log.runs[0]!.results
    expect(log.runs[0]!.results).toHaveLength(1)
    expect(only!.ruleId).toBe('avoid-interjection')
    expect(only!.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'a%20b/oops%2C%201.txt', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1, startColumn: 8, endLine: 1, endColumn: 12 },
    })
    const rule = log.runs[0]!.tool.driver.rules[0]!
    expect(rule.helpUri).toMatch(/^file:.*\/rules\/avoid-interjection\.md$/)
    expect(rule.help.markdown).toMatch(/^# avoid-interjection\n/)
    expect(log.runs[0]!.tool.driver.version).toBe(PKG.version)
    if (MULTITOOL) expect(validate(join(dir, 'out.sarif'))).toEqual([])
  })
})
