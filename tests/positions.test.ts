import { describe, expect, it } from 'vitest'
import { SourceMap } from '../src/document.js'
import { LineIndex } from '../src/location.js'
import { decodeJsonString } from '../src/sources/json.js'
import { messagesOf } from './helpers.js'

const casual = (word: string) => `"${word}" is a casual interjection; it reads as careless in a customer reply.`

describe('SourceMap', () => {
  it('maps runs one to one and escapes as a unit', () => {
    // text "a\nb" read from the JSON token "a\\nb" at file offset 10 (the quote at 10).
    const { text, range } = decodeJsonString('"a\\nb"', 10)
    expect(text).toBe('a\nb')
    expect(range.toFileStart(0)).toBe(11)
    expect(range.toFileStart(1)).toBe(12) // the backslash
    expect(range.toFileEnd(2)).toBe(14) // past "\n"
    expect(range.toFileStart(2)).toBe(14)
    expect(range.toFileEnd(3)).toBe(15)
  })

  it('decodes \\u escapes and surrogate pairs, each unit mapping to its escape', () => {
    const { text, range } = decodeJsonString('"\\u00e9\\ud83d\\ude00x"', 0)
    expect(text).toBe('é😀x')
    expect(range.toFileStart(0)).toBe(1)
    expect(range.toFileStart(1)).toBe(7)
    expect(range.toFileStart(2)).toBe(13)
    expect(range.toFileStart(3)).toBe(19)
    expect(range.toFileEnd(3)).toBe(19)
    expect(range.toFileEnd(4)).toBe(20)
  })

  it('merges contiguous runs and clamps offsets past the end', () => {
    const map = new SourceMap().push(3, 5).push(2, 8)
    expect(map.length).toBe(5)
    expect(map.toFileStart(4)).toBe(9)
    expect(map.toFileEnd(99)).toBe(10)
  })
})

describe('LineIndex', () => {
  it('counts LF, CRLF and lone CR as line breaks', () => {
    const lines = new LineIndex('ab\ncd\r\nef\rgh')
    expect(lines.locate(0)).toEqual({ line: 1, column: 1 })
    expect(lines.locate(3)).toEqual({ line: 2, column: 1 })
    expect(lines.locate(7)).toEqual({ line: 3, column: 1 })
    expect(lines.locate(10)).toEqual({ line: 4, column: 1 })
    expect(lines.lineCount).toBe(4)
  })
})

describe('exact positions in the file', () => {
  it('chat-text with CRLF line ends and a multi-line turn', async () => {
    const text = 'Customer: hello\r\nAgent: Let me look.\r\n  Oops, my mistake.\r\n'
    expect(await messagesOf('avoid-interjection', text, 'chat.txt')).toEqual([
      { ruleId: 'avoid-interjection', line: 3, column: 3, endLine: 3, endColumn: 7, message: casual('Oops') },
    ])
  })

  it('ignores a byte-order mark when counting columns', async () => {
    const text = '\uFEFFAgent: ugh, sorry.\n'
    expect(await messagesOf('avoid-interjection', text, 'chat.txt')).toEqual([
      { ruleId: 'avoid-interjection', line: 1, column: 8, endLine: 1, endColumn: 11, message: casual('ugh') },
    ])
  })

  it('counts astral characters as two UTF-16 units, as editors and LSP do', async () => {
    const text = 'Agent: 😀😀 yikes\n'
    expect(await messagesOf('avoid-interjection', text, 'chat.txt')).toEqual([
      { ruleId: 'avoid-interjection', line: 1, column: 13, endLine: 1, endColumn: 18, message: casual('yikes') },
    ])
  })

  it('points inside a JSON string past escapes', async () => {
    const text = '{"turns": [\n  {"role": "agent", "text": "Say \\"hi\\"\\n\\u00e9 \\ud83d\\ude00 whoops"}\n]}\n'
    // "whoops" starts after: Say \"hi\"\n\u00e9 \ud83d\ude00  (in the file)
    const line = text.split('\n')[1]!
    const column = line.indexOf('whoops') + 1
    expect(await messagesOf('avoid-interjection', text, 'conv.json')).toEqual([
      { ruleId: 'avoid-interjection', line: 2, column, endLine: 2, endColumn: column + 6, message: casual('whoops') },
    ])
  })

  it('points into Markdown through escapes, entities, emphasis and block quotes', async () => {
    const text = [
      '---',
      'title: Wrong item',
      '---',
      '# Sorry &amp; thanks',
      '',
      'We sent \\*the wrong\\* item, *oops*.',
      '',
      '> A quoted line and',
      '> then whoa here.',
      '',
      '```',
      'ugh in code is not prose',
      '```',
      '',
      'Inline `meh` code is skipped too.',
    ].join('\n')
    expect(await messagesOf('avoid-interjection', text, 'macro.md')).toEqual([
      { ruleId: 'avoid-interjection', line: 6, column: 30, endLine: 6, endColumn: 34, message: casual('oops') },
      { ruleId: 'avoid-interjection', line: 9, column: 8, endLine: 9, endColumn: 12, message: casual('whoa') },
    ])
  })
})
