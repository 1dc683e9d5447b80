/**
 * What a one-file run loads. Start-up is all a pre-commit hook user feels, and its cost is mostly modules
 * (speed itself is measured by `npm run bench`, not here). These tests run the built CLI with a hook that
 * records every module it loads, and check that a plain Markdown macro loads the Markdown parser as one
 * bundled file and nothing a run of its kind does not need.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { unified } from 'unified'
import remarkParse from 'remark-parse'
import { BIN, project, removeProjects } from './process.js'

afterAll(removeProjects)

// Records ESM loads (through a loader hook, which runs on its own thread in Node 20) and, at exit, the
// CommonJS modules in require's cache, one path per line in the file named by RAPPORT_LOADED.
const RECORDER = `
import { register, createRequire } from 'node:module'
import { appendFileSync } from 'node:fs'
const out = process.env.RAPPORT_LOADED
register('data:text/javascript,' + encodeURIComponent(\`
  import { appendFileSync } from 'node:fs'
  export async function load(url, context, next) {
    if (url.startsWith('file:')) appendFileSync(\${JSON.stringify(out)}, url + '\\\\n')
    return next(url, context)
  }\`))
const cache = createRequire(import.meta.url).cache
process.on('exit', () => appendFileSync(out, Object.keys(cache).map((p) => 'cjs:' + p).join('\\n') + '\\n'))
`

function loadedBy(files: Record<string, string>, args: string[]): { status: number | null; stderr: string; modules: string[] } {
  const dir = project({ ...files, 'recorder.mjs': RECORDER })
  const log = join(dir, 'loaded.txt')
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(join(dir, 'recorder.mjs')).href, BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, RAPPORT_LOADED: log, NO_COLOR: '1' },
  })
  const modules = readFileSync(log, 'utf8').split('\n').filter(Boolean)
  return { status: r.status, stderr: r.stderr, modules }
}

const packageOf = (module: string): string | undefined => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(module)?.[1]

describe('a one-file run', () => {
  const macro = 'Hi {{first_name}},\n\nThanks for writing in. Your **refund** is on its way; see [the help centre](https://example.com).\n'

  it('loads the Markdown parser as one bundled file, and no parser package one module at a time', () => {
    const run = loadedBy({ 'reply.md': macro }, ['reply.md'])
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(run.modules.some((m) => m.endsWith('/dist/src/bundled/markdown.js'))).toBe(true)
    const packages = new Set(run.modules.map(packageOf).filter(Boolean))
    for (const name of ['unified', 'remark-parse', 'micromark', 'mdast-util-from-markdown', 'vfile']) expect(packages).not.toContain(name)
  })

  it('loads commander as one bundled file', () => {
    const run = loadedBy({ 'reply.md': macro }, ['reply.md'])
    expect(run.modules.some((m) => m.endsWith('/dist/src/bundled/commander.js'))).toBe(true)
    expect(run.modules.map(packageOf)).not.toContain('commander')
  })

  it('loads no YAML parser, schema validator, HTML parser, progress bar, chart or language server for a plain macro', () => {
    const run = loadedBy({ 'reply.md': macro }, ['reply.md'])
    const loaded = run.modules.join('\n')
    for (const never of ['/node_modules/yaml/', '/node_modules/js-yaml/', '/node_modules/ajv/', '/bundled/html.js', '/node_modules/cli-progress/', '/node_modules/chart.js/', '/node_modules/vscode-languageserver'])
      expect(loaded, never).not.toContain(never)
  })

  it('loads js-yaml, not yaml, for a macro with front matter', () => {
    const run = loadedBy({ 'reply.md': `---\nid: refund-1\ntags: [billing]\n---\n\n${macro}` }, ['-f', 'json', 'reply.md'])
    expect(run.status).toBe(0)
    const loaded = run.modules.join('\n')
    expect(loaded).toContain('/node_modules/js-yaml/')
    expect(loaded).not.toContain('/node_modules/yaml/')
  })
})

describe('the bundled parsers', () => {
  it('parse Markdown exactly as unified and remark-parse do', async () => {
    const built = (await import(pathToFileURL(resolve('dist/src/bundled/markdown.js')).href)) as typeof import('../src/bundled/markdown.js')
    const samples = [
      'Hi *there*, \\*not\\* emphasis &amp; an [link](https://x.y "t").\n\n> quoted\n> - item\n\n```\ncode\n```\n',
      '# Title\n\n1. one\n2. two  \n   hard break\n\n| a | b |\n|---|---|\n| c | d |\n\n<!-- rapport-disable -->\n',
    ]
    const expected = unified().use(remarkParse)
    const actual = built.unified().use(built.remarkParse)
    for (const text of samples) expect(actual.parse(text)).toEqual(expected.parse(text))
  })

  it('parse HTML through rehype-parse', async () => {
    const built = (await import(pathToFileURL(resolve('dist/src/bundled/html.js')).href)) as typeof import('../src/bundled/html.js')
    const tree = built.unified().use(built.rehypeParse, { fragment: true }).parse('<p>Hi <b>there</b></p>')
    expect(tree.children[0]).toMatchObject({ type: 'element', tagName: 'p', position: { start: { offset: 0 }, end: { offset: 22 } } })
  })
})
