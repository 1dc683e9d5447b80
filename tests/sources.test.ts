import { describe, expect, it } from 'vitest'
import { readSource } from '../src/sources/index.js'
import { buildRoleMap } from '../src/sources/roles.js'
import { SourceError } from '../src/errors.js'
import { lintString } from './helpers.js'

const roles = buildRoleMap({ agent: ['Dana'] })
const read = (text: string, file: string) => readSource(text, file, { roles }).then((r) => r.parsed)

describe('chat-text', () => {
  it('reads speakers, default roles, configured roles and unknown speakers', async () => {
    const { documents } = await read('Customer: hi\nDana: hello\nRep: hey\nVisitor: yo\nBob: who?\n', 'a.txt')
    expect(documents).toHaveLength(1)
    expect(documents[0]!.kind).toBe('transcript')
    expect(documents[0]!.turns.map((t) => [t.speaker, t.role, t.text])).toEqual([
      ['Customer', 'customer', 'hi'],
      ['Dana', 'agent', 'hello'],
      ['Rep', 'agent', 'hey'],
      ['Visitor', 'customer', 'yo'],
      ['Bob', 'unknown', 'who?'],
    ])
  })

  it('reads the three time prefixes', async () => {
    const text = '[10:02] Customer: a\n[10:02:13] Agent: b\n[00:01:02.500 --> 00:01:04.000] Customer: c\n'
    const turns = (await read(text, 'a.chat')).documents[0]!.turns
    expect(turns.map((t) => [t.startMs, t.endMs])).toEqual([
      [36_120_000, undefined],
      [36_133_000, undefined],
      [62_500, 64_000],
    ])
  })

  it('joins continuation lines, skips blank lines, and keeps indented "Label:" lines in the turn', async () => {
    const text = 'Agent: first line\nsecond line\n\n  Note: still the agent\nCustomer: ok\n'
    const turns = (await read(text, 'a.log')).documents[0]!.turns
    expect(turns.map((t) => t.text)).toEqual(['first line\nsecond line\nNote: still the agent', 'ok'])
  })

  it('does not start a turn at a "Label:" inside a message unless it is a speaker', async () => {
    const text = [
      'Customer: Hi, my parcel never came.',
      'Order number: 5512, and I am not happy.',
      'Agent: Thanks, checking.',
      'Please note: it left the depot today.',
      'Note: one more thing.',
      'Dana: Anything else?',
    ].join('\n')
    const turns = (await read(text, 'a.txt')).documents[0]!.turns
    expect(turns.map((t) => [t.speaker, t.role, t.text])).toEqual([
      ['Customer', 'customer', 'Hi, my parcel never came.\nOrder number: 5512, and I am not happy.'],
      ['Agent', 'agent', 'Thanks, checking.\nPlease note: it left the depot today.\nNote: one more thing.'],
      ['Dana', 'agent', 'Anything else?'],
    ])
  })

  it('takes an unknown label used on two lines as a speaker, and reads role words inside labels', async () => {
    const text = 'Caller Two: hello\nSupport Agent: hi\nCaller Two: again\nAgent (Priya): yes\nChat agent 2: ok\n'
    const turns = (await read(text, 'a.txt')).documents[0]!.turns
    expect(turns.map((t) => [t.speaker, t.role])).toEqual([
      ['Caller Two', 'customer'],
      ['Support Agent', 'agent'],
      ['Caller Two', 'customer'],
      ['Agent (Priya)', 'agent'],
      ['Chat agent 2', 'agent'],
    ])
  })

  it('reads the short cue form [mm:ss.fff --> mm:ss.fff] as minutes and seconds', async () => {
    const turns = (await read('[01:02.500 --> 01:04.000] Customer: hi\n', 'a.txt')).documents[0]!.turns
    expect([turns[0]!.startMs, turns[0]!.endMs]).toEqual([62_500, 64_000])
  })

  it('treats whole-line HTML comments as comments, not text', async () => {
    const parsed = await read('<!-- rapport-disable -->\nAgent: hi\n', 'a.txt')
    expect(parsed.comments).toEqual([{ value: ' rapport-disable ', start: 0, end: 24 }])
    expect(parsed.documents[0]!.turns).toHaveLength(1)
  })

  it('reads an empty file as a transcript with no turns', async () => {
    expect((await read('', 'a.txt')).documents[0]!.turns).toEqual([])
  })
})

describe('markdown', () => {
  it('reads front matter and the prose as one agent turn', async () => {
    const text = '---\nid: refund-42\ntitle: Refund sent\ntags: [billing, refunds]\n---\n# Hi {{ticket.requester.first_name}},\n\nYour refund is on its way.\n\n<!-- a note -->\n\n```\ncode\n```\n'
    const doc = (await read(text, 'm/refund.md')).documents[0]!
    expect(doc).toMatchObject({ kind: 'macro', format: 'markdown', id: 'refund-42', title: 'Refund sent', tags: ['billing', 'refunds'] })
    expect(doc.turns).toHaveLength(1)
    expect(doc.turns[0]!.role).toBe('agent')
    expect(doc.turns[0]!.text).toBe('Hi {{ticket.requester.first_name}},\n\nYour refund is on its way.')
  })

  it('uses the file name as id when the front matter has none', async () => {
    expect((await read('Hello', 'macros/welcome-back.md')).documents[0]!.id).toBe('welcome-back')
  })

  it('reads the body as chat-text with kind: transcript, keeping file positions', async () => {
    const text = '---\nkind: transcript\n---\nCustomer: hi\nAgent: oops\n'
    const result = await lintString(text, 't.md', { 'avoid-interjection': 'error' })
    expect(result.messages.map((m) => [m.line, m.column, m.ruleId])).toEqual([[5, 8, 'avoid-interjection']])
    const doc = (await read(text, 't.md')).documents[0]!
    expect(doc.kind).toBe('transcript')
    expect(doc.turns.map((t) => t.role)).toEqual(['customer', 'agent'])
  })

  it('rejects invalid front matter with its position', async () => {
    await expect(read('---\ntitle: [unclosed\n---\nHi\n', 'a.md')).rejects.toBeInstanceOf(SourceError)
    const result = await lintString('---\ntitle: [unclosed\n---\nHi\n', 'a.md', { 'avoid-interjection': 'error' })
    expect(result.fatalErrorCount).toBe(1)
    expect(result.messages[0]!.message).toMatch(/^Invalid YAML front matter/)
    expect(result.messages[0]!.line).toBeGreaterThanOrEqual(2)
  })
})

describe('json and jsonl', () => {
  it('reads one conversation, roles from role or speaker, and times in seconds or ms', async () => {
    const text = JSON.stringify({
      id: 'c1',
      title: 'Late parcel',
      turns: [
        { role: 'customer', text: 'hi', start: 1.5, end: 2 },
        { speaker: 'Support', text: 'hello', startMs: 2500, endMs: 3000 },
        { role: 'AGENT', text: 'again', at: '2026-01-02T10:00:00Z', internal: true },
      ],
    })
    const doc = (await read(text, 'c.json')).documents[0]!
    expect(doc).toMatchObject({ id: 'c1', title: 'Late parcel', kind: 'transcript', format: 'json' })
    expect(doc.turns.map((t) => [t.role, t.speaker, t.startMs, t.endMs, t.at, t.internal])).toEqual([
      ['customer', undefined, 1500, 2000, undefined, undefined],
      ['agent', 'Support', 2500, 3000, undefined, undefined],
      ['agent', undefined, undefined, undefined, '2026-01-02T10:00:00Z', true],
    ])
  })

  it('reads an empty .json file as no conversations, like the other formats', async () => {
    expect((await read('  \n', 'c.json')).documents).toEqual([])
  })

  it('reads an array of conversations', async () => {
    const text = JSON.stringify([{ turns: [{ role: 'agent', text: 'a' }] }, { turns: [] }])
    expect((await read(text, 'c.json')).documents).toHaveLength(2)
  })

  it('reads a .jsonl file as one document per line and reports a bad line without losing the others', async () => {
    const text = '{"id":"a","turns":[{"role":"agent","text":"meh"}]}\n\n{"id":"b","turns":[}\n{"id":"c","turns":[{"role":"agent","text":"fine"}]}\n'
    const parsed = await read(text, 'c.jsonl')
    expect(parsed.documents.map((d) => d.id)).toEqual(['a', 'c'])
    const result = await lintString(text, 'c.jsonl', { 'avoid-interjection': 'error' })
    expect(result.messages.map((m) => [m.line, m.column, m.fatal ?? false, m.documentId])).toEqual([
      [1, 44, false, 'a'],
      [3, 20, true, undefined],
    ])
    expect(result.documentCount).toBe(2)
  })

  it('names what it expected for an unrecognised shape, at the right place', async () => {
    const result = await lintString('{\n  "messages": []\n}', 'c.json', { 'avoid-interjection': 'error' })
    expect(result.messages).toEqual([
      expect.objectContaining({ fatal: true, line: 1, column: 1, message: expect.stringMatching(/^Unrecognised JSON: no known format matches\. Tried: .*json \(\{ "turns"/) }),
    ])
    const bad = await lintString('{"turns": [{"role": "agent", "text": 42}]}', 'c.json', { 'avoid-interjection': 'error' })
    expect(bad.messages[0]).toMatchObject({ fatal: true, line: 1, column: 38, message: 'turns[0].text must be a string.' })
  })

  it('reports invalid JSON at the offending character', async () => {
    const result = await lintString('{"turns": [\n  {"role": "agent" "text": "x"}\n]}', 'c.json', { 'avoid-interjection': 'error' })
    expect(result.messages[0]).toMatchObject({ fatal: true, line: 2, column: 20, message: 'Invalid JSON: expected "," or the end of the object or array.' })
  })
})

describe('unknown file types', () => {
  it('are a fatal message naming the known types', async () => {
    const result = await lintString('x', 'notes.docx', { 'avoid-interjection': 'error' })
    expect(result.messages[0]!.message).toMatch(/^No source reads files of type \.docx/)
  })
})
