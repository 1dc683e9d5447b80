/** --cache and TIMING=1, through the CLI. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { project, rapport, removeProjects } from './process.js'

afterAll(removeProjects)

describe('--cache', () => {
  it('reuses results of unchanged files and drops them when the file or the config changes', () => {
    const dir = project({ '.rapportrc.yaml': 'extends: []\nrules:\n  avoid-interjection: error\n', 'a.txt': 'Agent: Oops.\n', 'b.txt': 'Agent: fine\n' })
    const first = rapport(dir, ['-f', 'json', '--cache', '.'])
    expect(existsSync(join(dir, '.rapportcache'))).toBe(true)
    const cache = JSON.parse(readFileSync(join(dir, '.rapportcache'), 'utf8'))
    expect(Object.keys(cache.entries).sort()).toEqual([join(dir, 'a.txt'), join(dir, 'b.txt')])
    // Poison the cached result of a.txt: a cache hit must return exactly what is stored.
    cache.entries[join(dir, 'a.txt')].result.messages[0].message = 'from the cache'
    writeFileSync(join(dir, '.rapportcache'), JSON.stringify(cache))
    const second = rapport(dir, ['-f', 'json', '--cache', '.'])
    expect(JSON.parse(second.stdout)[0].messages[0].message).toBe('from the cache')
    expect(second.status).toBe(first.status)
    // Editing the file invalidates its entry.
    writeFileSync(join(dir, 'a.txt'), 'Agent: Oops!\n')
    expect(JSON.parse(rapport(dir, ['-f', 'json', '--cache', '.']).stdout)[0].messages[0].message).toMatch(/casual interjection/)
    // So does a change of config.
    const again = JSON.parse(readFileSync(join(dir, '.rapportcache'), 'utf8'))
    again.entries[join(dir, 'a.txt')].result.messages[0].message = 'stale'
    writeFileSync(join(dir, '.rapportcache'), JSON.stringify(again))
    writeFileSync(join(dir, '.rapportrc.yaml'), 'extends: []\nrules:\n  avoid-interjection: warn\n')
    const changed = JSON.parse(rapport(dir, ['-f', 'json', '--cache', '.']).stdout)[0].messages[0]
    expect(changed).toMatchObject({ severity: 1, message: expect.stringMatching(/casual interjection/) })
  })

  it('--cache-location puts the file elsewhere; a cache from another version is ignored', () => {
    const dir = project({ '.rapportrc.yaml': 'extends: []\nrules:\n  avoid-interjection: error\n', 'a.txt': 'Agent: Oops.\n' })
    rapport(dir, ['--cache-location', 'tmp/lint-cache.json', 'a.txt'])
    const path = join(dir, 'tmp/lint-cache.json')
    const cache = JSON.parse(readFileSync(path, 'utf8'))
    cache.version = '0.0.0-other'
    cache.entries[join(dir, 'a.txt')].result.messages[0].message = 'from another version'
    writeFileSync(path, JSON.stringify(cache))
    const run = rapport(dir, ['-f', 'json', '--cache-location', 'tmp/lint-cache.json', 'a.txt'])
    expect(JSON.parse(run.stdout)[0].messages[0].message).toMatch(/casual interjection/)
  })
})

describe('TIMING', () => {
  it('TIMING=1 prints the time spent in each rule on stderr, slowest first', () => {
    const dir = project({ '.rapportrc.yaml': 'extends: []\nrules:\n  avoid-interjection: error\n  offer-alternatives: error\n', 'a.txt': 'Agent: hello\n' })
    const run = rapport(dir, ['-f', 'json', 'a.txt'], { env: { TIMING: '1' } })
    const lines = run.stderr.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^Rule\s+\| Time \(ms\) \| Relative$/)
    expect(lines.slice(2).map((l) => l.split(/\s+\|/)[0]!.trim()).sort()).toEqual(['avoid-interjection', 'offer-alternatives'])
    expect(JSON.parse(run.stdout)).toHaveLength(1)
  })
})
