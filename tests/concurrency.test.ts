/** --concurrency: worker threads give the same report, in the same order, as one thread (issue 6). */
import { afterAll, describe, expect, it } from 'vitest'
import { project, rapport, removeProjects, STACK } from './process.js'

afterAll(removeProjects)

/** Forty files of four formats, with problems, a broken file and an ignored one, in nested folders. */
function library(): Record<string, string> {
  const files: Record<string, string> = { '.rapportrc.yaml': 'ignores: ["skip/**"]\n' }
  for (let i = 0; i < 10; i++) {
    files[`macros/m${i}.md`] = `Hi there,\n\nWe cannot refund order ${i}. Please be advised that THIS IS FINAL!!\n`
    files[`chats/c${i}.txt`] = `Customer: I am furious, the parcel ${i} never came.\nAgent: Please send the order number.\n`
    files[`jsonl/j${i}.jsonl`] = `${JSON.stringify({ id: `j${i}`, turns: [{ role: 'customer', text: 'This is so frustrating.' }, { role: 'agent', text: 'We cannot do that.' }] })}\n`
    files[`deep/a/b/y${i}.yml`] = `- title: Reply ${i}\n  body: We can't help with that. Kindly revert.\n`
  }
  files['macros/broken.json'] = '{ "turns": [ '
  files['skip/ignored.md'] = 'We cannot help.\n'
  return files
}

describe('--concurrency', () => {
  it('gives byte-for-byte the same JSON report and exit code on 3 threads as on one', () => {
    const dir = project(library())
    const one = rapport(dir, ['-f', 'json', '--concurrency', 'off', '.'])
    const three = rapport(dir, ['-f', 'json', '--concurrency', '3', '.'])
    expect(one.status).toBe(1)
    expect(three.status).toBe(one.status)
    expect(three.stderr).toBe(one.stderr)
    expect(three.stdout).toBe(one.stdout)
    const results = JSON.parse(three.stdout) as { filePath: string; messages: unknown[] }[]
    expect(results).toHaveLength(41)
    expect(results.some((r) => r.filePath.endsWith('broken.json') && r.messages.length === 1)).toBe(true)
    expect(results.some((r) => r.filePath.includes('ignored'))).toBe(false)
  })

  it('stylish output and the TIMING table work across threads', () => {
    const dir = project(library())
    const one = rapport(dir, ['--concurrency', 'off', '.'], { env: { TIMING: 'all' } })
    const two = rapport(dir, ['--concurrency', '2', '.'], { env: { TIMING: 'all' } })
    expect(two.stdout).toBe(one.stdout)
    // Every rule that ran on one thread is timed on two as well (the times themselves differ).
    const rulesOf = (s: string) => s.split('\n').filter((l) => / \| /.test(l)).map((l) => l.split('|')[0]!.trim()).sort()
    expect(rulesOf(two.stderr)).toEqual(rulesOf(one.stderr))
    expect(rulesOf(two.stderr)).toContain('offer-alternatives')
  })

  it('a config error found inside a worker ends the run with exit 2 and one line, as on one thread', () => {
    const files = library()
    files['deep/a/.rapportrc.json'] = '{ "rules": { "no-such-rule": "error" } }'
    const dir = project(files)
    const one = rapport(dir, ['--concurrency', 'off', '.'])
    const two = rapport(dir, ['--concurrency', '2', '.'])
    expect(one.status).toBe(2)
    expect(two.status).toBe(2)
    expect(two.stderr).toBe(one.stderr)
    expect(two.stderr).toMatch(/no-such-rule/)
    expect(two.stderr).not.toMatch(STACK)
  })

  it('--cache written by a threaded run is used by the next one', () => {
    const dir = project(library())
    const first = rapport(dir, ['-f', 'json', '--cache', '--concurrency', '2', '.'])
    const second = rapport(dir, ['-f', 'json', '--cache', '--concurrency', 'off', '.'])
    expect(second.stdout).toBe(first.stdout)
    const third = rapport(dir, ['-f', 'json', '--cache', '--concurrency', '2', '.'])
    expect(third.stdout).toBe(first.stdout)
  })

  it.each(['0', '-1', 'many', '1.5'])('refuses --concurrency %s with a usage error', (value) => {
    const dir = project({ 'a.txt': 'Agent: Hello.\n' })
    const r = rapport(dir, ['--concurrency', value, 'a.txt'])
    expect(r.status).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/--concurrency: expected auto, off or a whole number/)
  })
})
