/** Fixes: one pass (applyFixes), passes until stable (fixText), and atomic writes. */
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { applyFixes, fixText, MAX_FIX_PASSES, writeFileAtomic } from '../src/fix.js'
import type { LintFix, LintMessage, LintResult } from '../src/linter.js'
import { lintString } from './helpers.js'

const lintMacro = (text: string) =>
  lintString(text, 'macro.md', { 'avoid-robotic-language': 'warn', personalize: 'warn' })

function message(fix?: LintFix, suggestions?: LintMessage['suggestions']): LintMessage {
  return { ruleId: 'test', severity: 1, message: 'm', line: 1, column: 1, ...(fix ? { fix } : {}), ...(suggestions ? { suggestions } : {}) }
}

function resultOf(messages: LintMessage[]): LintResult {
  return {
    filePath: 'x',
    messages,
    errorCount: 0,
    warningCount: messages.length,
    fatalErrorCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: messages.filter((m) => m.fix).length,
    documentCount: 1,
    suppressedMessages: [],
  }
}

/** A fake lint: every place `find` occurs (overlapping ones too) gets a fix to `replace`. */
function everyOccurrence(find: string, replace: string) {
  const calls: string[] = []
  const lint = async (text: string) => {
    calls.push(text)
    const body = text.replace(/^\uFEFF/, '')
    const messages: LintMessage[] = []
    for (let i = body.indexOf(find); i >= 0; i = body.indexOf(find, i + 1)) messages.push(message({ range: [i, i + find.length], text: replace }))
    return resultOf(messages)
  }
  return { lint, calls }
}

describe('applyFixes', () => {
  it('applies fixes in range order, whatever order they were reported in', () => {
    const out = applyFixes('one two three', [message({ range: [8, 13], text: '3' }), message({ range: [0, 3], text: '1' }), message({ range: [4, 7], text: '2' })])
    expect(out).toEqual({ output: '1 2 3', applied: 3, remaining: [] })
  })

  it('skips a fix that overlaps or touches one already applied, and leaves it for the next pass', () => {
    const overlapping = message({ range: [4, 7], text: 'Y' })
    const touching = message({ range: [5, 5], text: '+' })
    const noFix = message()
    const out = applyFixes('abcdefghij', [message({ range: [2, 5], text: 'X' }), overlapping, touching, message({ range: [7, 9], text: 'Z' }), noFix])
    expect(out.output).toBe('abXfgZj')
    expect(out.applied).toBe(2)
    expect(out.remaining).toEqual([overlapping, touching, noFix])
  })

  it('applies one of two fixes for the same range, and one of two insertions at the same point', () => {
    expect(applyFixes('abc', [message({ range: [1, 2], text: 'X' }), message({ range: [1, 2], text: 'Y' })]).output).toBe('aXc')
    expect(applyFixes('abc', [message({ range: [1, 1], text: 'X' }), message({ range: [1, 1], text: 'Y' })]).output).toBe('aXbc')
  })

  it('ignores fixes outside the text, reversed ranges and no-op fixes', () => {
    const bad = [
      message({ range: [2, 9], text: 'X' }),
      message({ range: [-1, 1], text: 'X' }),
      message({ range: [2, 1], text: 'X' }),
      message({ range: [0, 1], text: 'a' }),
    ]
    expect(applyFixes('abc', bad)).toEqual({ output: 'abc', applied: 0, remaining: bad })
  })

  it('never applies suggestions', () => {
    const suggested = message(undefined, [{ desc: 'Write "b"', fix: { range: [0, 1], text: 'b' } }])
    expect(applyFixes('a', [suggested])).toEqual({ output: 'a', applied: 0, remaining: [suggested] })
  })

  it('reads ranges after a BOM and keeps it', () => {
    expect(applyFixes('\uFEFFabc', [message({ range: [0, 1], text: 'A' })]).output).toBe('\uFEFFAbc')
  })

  it('never corrupts text, however the fixes overlap', () => {
    // Every fix upper-cases the span it covers, so any set of applied fixes leaves the same letters in place.
    let seed = 7
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const text = 'the quick brown fox jumps over the lazy dog'
    for (let round = 0; round < 200; round++) {
      const messages = Array.from({ length: 1 + random(12) }, () => {
        const start = random(text.length)
        const end = Math.min(text.length, start + random(10))
        return message({ range: [start, end], text: text.slice(start, end).toUpperCase() })
      })
      const out = applyFixes(text, messages)
      expect(out.output.toLowerCase()).toBe(text)
      expect(out.applied + out.remaining.length).toBe(messages.length)
    }
  })
})

describe('fixText', () => {
  it('fixes with the real linter and reports what is left', async () => {
    const text = 'Hi Sam,\n\nKindly note that your order shipped. Please kindly send the code.\n'
    const out = await fixText(text, lintMacro)
    expect(out.output).toBe('Hi Sam,\n\nJust so you know, your order shipped. Please send the code.\n')
    expect(out).toMatchObject({ passes: 1, fixed: true })
    expect(out.result.messages).toEqual([])
    expect(out.result.fixableWarningCount).toBe(0)
  })

  it('runs passes until no fix applies', async () => {
    const { lint, calls } = everyOccurrence('aa', 'a')
    const out = await fixText('xaaaay', lint)
    // Overlapping fixes: one per pass ("aa" at 0 and 2 touch, so the second waits too).
    expect(out.output).toBe('xay')
    expect(out.passes).toBe(3)
    expect(out.fixed).toBe(true)
    expect(out.result.messages).toEqual([])
    expect(calls).toEqual(['xaaaay', 'xaaay', 'xaay', 'xay'])
  })

  it('stops after 10 passes when fixes never settle, and lints the final text', async () => {
    const calls: string[] = []
    const lint = async (text: string) => {
      calls.push(text)
      return resultOf([message({ range: [text.length, text.length], text: '!' })])
    }
    const out = await fixText('Hi', lint)
    expect(MAX_FIX_PASSES).toBe(10)
    expect(out.passes).toBe(10)
    expect(out.output).toBe('Hi' + '!'.repeat(10))
    expect(calls.at(-1)).toBe(out.output)
    expect(out.result.messages).toHaveLength(1)
  })

  it('keeps a BOM and CRLF line endings', async () => {
    const text = '\uFEFFHi Sam,\r\n\r\nKindly note that your order shipped.\r\nThanks,\r\nAlex\r\n'
    const out = await fixText(text, lintMacro)
    expect(out.output).toBe('\uFEFFHi Sam,\r\n\r\nJust so you know, your order shipped.\r\nThanks,\r\nAlex\r\n')
    expect(out.fixed).toBe(true)
  })

  it('writes line breaks a fix inserts as CRLF in a CRLF file, and leaves them alone elsewhere', async () => {
    const { lint } = everyOccurrence('. ', '.\n')
    expect((await fixText('One. Two.\r\n', lint)).output).toBe('One.\r\nTwo.\r\n')
    expect((await fixText('One. Two.\n', lint)).output).toBe('One.\nTwo.\n')
  })

  it('leaves a file with no fix untouched: fixed is false and the output is the input', async () => {
    for (const text of ['\uFEFFHi Sam,\r\n\r\nYour order shipped today.\r\n', 'Dear customer,\n\nYour order shipped today.\n']) {
      const out = await fixText(text, lintMacro)
      expect(out.fixed).toBe(false)
      expect(out.passes).toBe(0)
      expect(out.output).toBe(text)
    }
  })

  it('never applies suggestions', async () => {
    // personalize offers a greeting with the customer's name as a suggestion only.
    const text = 'Dear customer,\n\nYour order shipped today.\n'
    const before = await lintMacro(text)
    expect(before.messages.some((m) => m.suggestions?.length && !m.fix)).toBe(true)
    const out = await fixText(text, lintMacro)
    expect(out.output).toBe(text)
    expect(out.result.messages.map((m) => m.ruleId)).toEqual(['personalize'])
  })

  it('reports fixed=false when fixes end where they began', async () => {
    let flip = 0
    const lint = async (text: string) => resultOf(flip++ < 2 ? [message({ range: [0, 1], text: text[0] === 'a' ? 'b' : 'a' })] : [])
    const out = await fixText('a', lint)
    expect(out).toMatchObject({ output: 'a', fixed: false, passes: 2 })
  })
})

describe('writeFileAtomic', () => {
  const dirs: string[] = []
  const folder = () => {
    const d = mkdtempSync(join(tmpdir(), 'rapport-fix-'))
    dirs.push(d)
    return d
  }
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('replaces the content, keeps the mode, and leaves no temp file', async () => {
    const dir = folder()
    for (const [name, mode] of [['a.md', 0o640], ['b.md', 0o755], ['c.md', 0o600]] as const) {
      const path = join(dir, name)
      writeFileSync(path, 'old')
      chmodSync(path, mode)
      await writeFileAtomic(path, '\uFEFFnew\r\n')
      expect(readFileSync(path, 'utf8')).toBe('\uFEFFnew\r\n')
      expect(statSync(path).mode & 0o7777).toBe(mode)
    }
    expect(readdirSync(dir).sort()).toEqual(['a.md', 'b.md', 'c.md'])
  })

  it('writes through a symlink, keeping the link', async () => {
    const dir = folder()
    writeFileSync(join(dir, 'real.md'), 'old')
    symlinkSync('real.md', join(dir, 'link.md'))
    await writeFileAtomic(join(dir, 'link.md'), 'new')
    expect(lstatSync(join(dir, 'link.md')).isSymbolicLink()).toBe(true)
    expect(readlinkSync(join(dir, 'link.md'))).toBe('real.md')
    expect(readFileSync(join(dir, 'real.md'), 'utf8')).toBe('new')
    expect(readdirSync(dir).sort()).toEqual(['link.md', 'real.md'])
  })

  it('creates a file that does not exist yet', async () => {
    const dir = folder()
    await writeFileAtomic(join(dir, 'new.md'), 'hello')
    expect(readFileSync(join(dir, 'new.md'), 'utf8')).toBe('hello')
    expect(readdirSync(dir)).toEqual(['new.md'])
  })

  it('removes the temp file when the rename fails', async () => {
    const dir = folder()
    mkdirSync(join(dir, 'target.md')) // renaming a file over a folder fails
    await expect(writeFileAtomic(join(dir, 'target.md'), 'new')).rejects.toThrow()
    expect(readdirSync(dir)).toEqual(['target.md'])
  })
})
