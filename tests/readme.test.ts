/** The README and the fixtures tell the truth: the sample output is what `rapport fixtures` prints today. */
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '..')
const run = (args: string[]) =>
  spawnSync(process.execPath, [join(root, 'bin/rapport.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })

describe('README', () => {
  it('shows real output of `npx rapport fixtures`', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const sample = /<!-- sample:start -->\n```text\n([^]*?)```\n<!-- sample:end -->/.exec(readme)?.[1]
    expect(sample).toBeDefined()
    const result = run(['fixtures'])
    expect(result.status).toBe(1)
    // The sample shows some of the per-file blocks, "…", and the total: each must be in the real output as is.
    const blocks = sample!.trim().split('\n\n').filter((b) => b !== '…')
    expect(blocks.length).toBeGreaterThanOrEqual(3)
    const real = result.stdout.trim().split('\n\n')
    for (const block of blocks.slice(0, -1)) expect(real, block.split('\n')[0]).toContain(block)
    expect(real[real.length - 1]).toBe(blocks[blocks.length - 1])
  })

  it('starts with the two set-up commands', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    expect(readme).toContain('```sh\nnpm install && npx rapport fixtures\nnpm test\n```')
  })

  it('links a page for every rule, and every rule page exists', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const rules = readdirSync(join(root, 'rules')).filter((f) => f.endsWith('.md'))
    const listed = run(['--list-rules']).stdout.split('\n').slice(1).filter(Boolean).map((l) => l.split(/\s+/)[0]!)
    expect(rules.map((f) => f.replace(/\.md$/, '')).sort()).toEqual([...listed].sort())
    for (const id of listed) expect(readme).toContain(`[${id}](rules/${id}.md)`)
  })
})

describe('fixtures', () => {
  it('files named -good produce no diagnostics; the others produce some', () => {
    const result = run(['-f', 'json', 'fixtures'])
    const results = JSON.parse(result.stdout) as { filePath: string; messages: unknown[] }[]
    expect(results.length).toBeGreaterThanOrEqual(8)
    for (const r of results) {
      if (/-good\.[a-z]+$/.test(r.filePath)) expect(r.messages, r.filePath).toEqual([])
      else expect(r.messages.length, r.filePath).toBeGreaterThan(0)
    }
  })
})
