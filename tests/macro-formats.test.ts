/** Macro libraries in vendor formats: the Documents they give, and diagnostics at the exact place in the file. */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseTree } from 'jsonc-parser'
import { describe, expect, it } from 'vitest'
import type { Document } from '../src/document.js'
import { readSource } from '../src/sources/index.js'
import { macroShapes } from '../src/sources/macro-shapes.js'
import { buildRoleMap } from '../src/sources/roles.js'
import { decodeDoubleQuoted } from '../src/sources/yaml.js'
import { tokenizeCsv } from '../src/sources/zendesk-csv.js'
import { brief, lintString } from './helpers.js'

const fixtures = resolve(import.meta.dirname, '../fixtures')
const fixture = (path: string) => readFileSync(join(fixtures, path), 'utf8')
const roles = buildRoleMap(undefined)
const read = (text: string, file: string, includeInactive = false) =>
  readSource(text, file, { roles, includeInactive }).then((r) => r.parsed)
const casual = (word: string) => `"${word}" is a casual interjection; it reads as careless in a customer reply.`

/** avoid-interjection messages as [documentId, line, column, endColumn, message]. */
async function interjections(text: string, file: string) {
  const result = await lintString(text, file, { 'avoid-interjection': 'error' })
  return result.messages.map((m) => [m.documentId, m.line, m.column, m.endColumn, m.message])
}

/** What a Document says, without its maps. */
const summary = (d: Document) => ({
  kind: d.kind,
  format: d.format,
  id: d.id,
  title: d.title,
  active: d.active,
  turns: d.turns.map((t) => ({ role: t.role, text: t.text, ...(t.internal ? { internal: true } : {}) })),
})

describe('zendesk-macros', () => {
  const text = fixture('zendesk/macros.json')

  it('reads every active macro of an API list, one agent turn each, the HTML when there is HTML', async () => {
    const parsed = await read(text, 'macros.json')
    expect(parsed.documents.map(summary)).toEqual([
      {
        kind: 'macro', format: 'zendesk-macros', id: '360001', title: 'Billing::Refund outside window', active: true,
        turns: [{
          role: 'agent',
          text: '{% if ticket.requester.first_name %}Hi {{ticket.requester.first_name}}{% else %}Hi there{% endif %},\n\nOops, the refund window for this order closed last week.\n\nWhat I can do instead is offer store credit for the full amount.',
        }],
      },
      {
        kind: 'macro', format: 'zendesk-macros', id: '360002', title: 'Shipping::Where is my order', active: true,
        turns: [{
          role: 'agent',
          text: 'Hi {{ticket.requester.first_name}},\n\nYour order left our warehouse today and the "Track" link in your email shows its route to your café.\n\nThanks for your patience,\n{{current_user.first_name}}',
        }],
      },
      {
        kind: 'macro', format: 'zendesk-macros', id: '360003', title: 'Shipping::Address change', active: true,
        turns: [{ role: 'agent', text: 'Hi {{ticket.requester.first_name}},\n\nI have updated the address — whoops, the "apartment" line too.' }],
      },
      // Only field changes: nothing a customer reads, so no turn.
      { kind: 'macro', format: 'zendesk-macros', id: '360005', title: 'Triage::Close and tag', active: true, turns: [] },
      // Plain and HTML: the HTML is read, the plain copy is not.
      {
        kind: 'macro', format: 'zendesk-macros', id: '360006', title: 'Account::Password reset', active: true,
        turns: [{ role: 'agent', text: 'Hi {{ticket.requester.first_name}},\n\nHere is a link to reset your password: it works for 24 hours.' }],
      },
    ])
    expect(parsed.documents[0]).toMatchObject({ tags: ['Billing'], meta: { folder: 'Billing' } })
  })

  it('reads inactive macros only when asked', async () => {
    const all = await read(text, 'macros.json', true)
    expect(all.documents.map((d) => [d.id, d.active])).toEqual([
      ['360001', true], ['360002', true], ['360003', true], ['360004', false], ['360005', true], ['360006', true],
    ])
    expect(all.documents[3]!.turns[0]!.text).toBe('Ugh, refunds take ten days.')
  })

  it('points into the HTML inside a JSON string, and past \\" and \\u escapes in plain strings', async () => {
    expect(await interjections(text, 'macros.json')).toEqual([
      ['360001', 9, 162, 166, casual('Oops')],
      ['360003', 28, 136, 142, casual('whoops')],
    ])
  })

  it('reads { macro: {...} } and a bare actions array named by its file', async () => {
    const single = fixture('zendesk/single-macro.json')
    expect((await read(single, 'single-macro.json')).documents.map(summary)).toEqual([
      {
        kind: 'macro', format: 'zendesk-macros', id: '360010', title: 'Returns::Label sent', active: true,
        turns: [{ role: 'agent', text: 'Hi {{ticket.requester.first_name}},\n\nYour return label is attached. Oops — I forgot to mention it expires in 14 days.' }],
      },
    ])
    expect(await interjections(single, 'single-macro.json')).toEqual([['360010', 7, 150, 154, casual('Oops')]])

    const bare = fixture('zendesk/refund-follow-up.json')
    const doc = (await read(bare, 'backup/refund-follow-up.json')).documents[0]!
    expect(doc).toMatchObject({ format: 'zendesk-macros', id: 'refund-follow-up', title: 'refund-follow-up' })
    expect(doc.turns[0]!.text).toBe('Hi {{ticket.requester.first_name}},\n\nJust checking in on your refund. Meh, the bank is slow this week; it should arrive by Friday.')
    expect(await interjections(bare, 'refund-follow-up.json')).toEqual([['refund-follow-up', 2, 113, 116, casual('Meh')]])
  })

  it('reads a bare macro, and a private comment as an internal turn', async () => {
    const text = JSON.stringify({
      title: 'Escalation note',
      actions: [
        { field: 'comment_value', value: 'Oops, escalating to tier 2.' },
        { field: 'comment_mode_is_public', value: 'false' },
      ],
    })
    const doc = (await read(text, 'note.json')).documents[0]!
    expect(summary(doc)).toEqual({
      kind: 'macro', format: 'zendesk-macros', id: 'Escalation note', title: 'Escalation note', active: undefined,
      turns: [{ role: 'agent', text: 'Oops, escalating to tier 2.', internal: true }],
    })
  })

  it('reads a macro with only HTML, and an empty list', async () => {
    const text = '{"macros": [{"id": 1, "title": "Only HTML", "actions": [{"field": "comment_value_html", "value": "<p>Hi,</p><p>ugh &amp; sorry</p>"}]}]}'
    const doc = (await read(text, 'm.json')).documents[0]!
    expect(doc.turns[0]!.text).toBe('Hi,\n\nugh & sorry')
    expect(await interjections(text, 'm.json')).toEqual([['1', 1, 112, 115, casual('ugh')]])
    expect((await read('{"macros": [], "next_page": null, "count": 0}', 'm.json')).documents).toEqual([])
  })

  it('lints every macro of a library with all rules, empty ones included, without a failure', async () => {
    const result = await lintString(text, 'macros.json', {
      'avoid-interjection': 'error', 'acknowledge-feelings': 'error', 'offer-alternatives': 'error',
    })
    expect(result.messages.filter((m) => m.fatal)).toEqual([])
    expect(result.documentCount).toBe(5)
  })
})

describe('zendesk-csv', () => {
  const text = fixture('zendesk/macros.csv')

  it('reads one macro a row, through quoted cells with "" escapes and line breaks', async () => {
    const parsed = await read(text, 'macros.csv')
    expect(parsed.documents.map(summary)).toEqual([
      {
        kind: 'macro', format: 'zendesk-csv', id: 'Billing::Card declined', title: 'Billing::Card declined', active: true,
        turns: [{ role: 'agent', text: 'Hi {{ticket.requester.first_name}},\n\nYour card was declined. Oops, I mean the "bank" declined it.' }],
      },
      {
        kind: 'macro', format: 'zendesk-csv', id: 'Billing::Invoice copy', title: 'Billing::Invoice copy', active: true,
        turns: [{ role: 'agent', text: 'Hi there,\n\nHere is a copy of your invoice.' }],
      },
      {
        kind: 'macro', format: 'zendesk-csv', id: 'Billing::Late fee', title: 'Billing::Late fee', active: true,
        turns: [{ role: 'agent', text: 'Hi {{ticket.requester.first_name}},\n\nYikes – we removed the late fee.' }],
      },
    ])
    expect((await read(text, 'macros.csv', true)).documents.map((d) => [d.title, d.active])).toEqual([
      ['Billing::Card declined', true], ['Billing::Invoice copy', true], ['Billing::Retired', false], ['Billing::Late fee', true],
    ])
  })

  it('points at the character in the file through the cell, the JSON and the HTML', async () => {
    expect(await interjections(text, 'macros.csv')).toEqual([
      ['Billing::Card declined', 2, 135, 139, casual('Oops')],
      ['Billing::Late fee', 6, 117, 122, casual('Yikes')],
    ])
  })

  it('reports a row with bad JSON on that row, at the character, and still reads the others', async () => {
    const text = [
      'title,active,actions_json',
      'Good,true,"[{""field"":""comment_value"",""value"":""ugh""}]"',
      'Broken,true,"[{""field"":""comment_value"" ""value"":""x""}]"',
      'Also good,true,"[{""field"":""comment_value"",""value"":""meh""}]"',
    ].join('\n')
    const result = await lintString(text, 'macros.csv', { 'avoid-interjection': 'error' })
    expect(result.documentCount).toBe(2)
    expect(result.messages.map((m) => [m.documentId ?? null, m.line, m.column, m.fatal ?? false, m.message])).toEqual([
      ['Good', 2, 54, false, casual('ugh')],
      [null, 3, 44, true, 'row 3: Invalid JSON in actions_json: comma expected.'],
      ['Also good', 4, 59, false, casual('meh')],
    ])
  })

  it('finds the columns by name in any order, and reports an unclosed quote', async () => {
    const text = 'actions_json,Title\n"[{""field"":""comment_value"",""value"":""Hi, \\""yikes\\"".""}]",Reordered\n'
    const parsed = await read(text, 'r.csv')
    expect(parsed.documents.map((d) => [d.title, d.active, d.turns[0]!.text])).toEqual([['Reordered', undefined, 'Hi, "yikes".']])
    expect(await interjections(text, 'r.csv')).toEqual([['Reordered', 2, 51, 56, casual('yikes')]])

    const broken = 'title,actions_json\nA,"[{""field"":""comment_value"",""value"":""ok""}]"\nB,"[oops\n'
    const result = await lintString(broken, 'b.csv', { 'avoid-interjection': 'error' })
    expect(result.documentCount).toBe(1)
    expect(result.messages.map(brief)).toEqual([
      expect.objectContaining({ ruleId: null, line: 3, column: 3, message: 'row 3: This quoted field is never closed (a `"` is missing).' }),
    ])
  })

  it('says what it expected of a CSV that is not a macro import', async () => {
    const result = await lintString('name,message\nA,b\n', 'q.csv', { 'avoid-interjection': 'error' })
    expect(result.messages[0]).toMatchObject({
      fatal: true, line: 1, column: 1,
      message: 'Not a Zendesk macro CSV: expected a header row naming the columns title, active and actions_json (in any order).',
    })
  })

  it('tokenizes RFC 4180 with cell maps', () => {
    const [header, row] = tokenizeCsv('a,b\r\n"x""y",\r\n')
    expect(header!.cells.map((c) => c.value)).toEqual(['a', 'b'])
    expect(row!.cells.map((c) => c.value)).toEqual(['x"y', ''])
    expect(row!.cells[0]!.map.toFileStart(2)).toBe(9) // "y" after the "" escape
  })
})

describe('freshdesk', () => {
  const text = fixture('freshdesk/canned-responses.json')

  it('reads a folder of canned responses: content_html when present, else content', async () => {
    const parsed = await read(text, 'canned.json')
    expect(parsed.documents.map(summary)).toEqual([
      {
        kind: 'macro', format: 'freshdesk', id: '9001', title: 'Order delayed', active: undefined,
        turns: [{ role: 'agent', text: 'Hi {{ticket.requester.firstname}},\n\nOops, your order is running late. We will ship it on Monday.' }],
      },
      {
        kind: 'macro', format: 'freshdesk', id: '9002', title: 'Order shipped', active: undefined,
        turns: [{ role: 'agent', text: 'Hi {{ticket.requester.firstname}},\n\nYour order is on its way. Here is the tracking link: {{ticket.tracking_url}}' }],
      },
    ])
    expect(parsed.documents[0]).toMatchObject({ tags: ['Orders'], meta: { folder: 'Orders', folderId: '7001' } })
  })

  it('points into content_html, and reads a single response and an array', async () => {
    expect(await interjections(text, 'canned.json')).toEqual([['9001', 11, 74, 78, casual('Oops')]])
    const one = '{"id": 1, "title": "T", "content": "whoa", "content_html": "<div>whoa</div>", "folder_id": 2}'
    expect((await read(one, 'r.json')).documents.map((d) => d.turns[0]!.text)).toEqual(['whoa'])
    expect(await interjections(`[${one}]`, 'r.json')).toEqual([['1', 1, 67, 71, casual('whoa')]])
  })
})

describe('help-scout', () => {
  const text = fixture('help-scout/saved-replies.json')

  it('reads the email and chat variants as two Documents, and a chat variant that says the same once', async () => {
    const parsed = await read(text, 'replies.json')
    expect(parsed.documents.map((d) => [d.format, d.id, d.title, d.meta?.variant, d.turns[0]!.text])).toEqual([
      ['help-scout', '51', 'Refund processed', 'email', 'Hi {%customer.firstName,fallback=there%},\n\nYour refund is on its way — oops, I should say it has already left our bank.\n\n{%user.firstName%}'],
      ['help-scout', '51:chat', 'Refund processed', 'chat', 'Hi {%customer.firstName,fallback=there%}! Whoa, your refund already left our bank.'],
      ['help-scout', '52', 'Thanks for the feedback', 'email', 'Hi {%customer.firstName,fallback=there%},\n\nThank you for the feedback; I have passed it to the team.'],
    ])
  })

  it('points into the HTML of text and into chatText', async () => {
    expect(await interjections(text, 'replies.json')).toEqual([
      ['51', 5, 101, 105, casual('oops')],
      ['51:chat', 6, 60, 64, casual('Whoa')],
    ])
  })
})

describe('intercom-macros', () => {
  const text = fixture('intercom-macros/macros.json')

  it('reads body_text, else the HTML body', async () => {
    const parsed = await read(text, 'macros.json')
    expect(parsed.documents.map((d) => [d.format, d.id, d.title, d.turns[0]!.text])).toEqual([
      ['intercom-macros', '123', 'Plan upgrade', 'Hi {{user.name|fallback:"there"}},\n\nUgh, the upgrade page is down. You can upgrade from the billing settings instead.'],
      ['intercom-macros', '124', 'Export ready', 'Hi {{user.name|fallback:"there"}},\n\nYikes, your export took a while. It is ready now.'],
      ['intercom-macros', '125', 'Welcome', 'Hi {{user.name|fallback:"there"}}, welcome aboard. Reply here any time you have a question.'],
    ])
  })

  it('points into body_text, and into the markup of a macro with only HTML', async () => {
    expect(await interjections(text, 'macros.json')).toEqual([
      ['123', 9, 61, 64, casual('Ugh')],
      ['124', 20, 78, 83, casual('Yikes')],
    ])
  })
})

describe('front', () => {
  const text = fixture('front/templates.json')

  it('reads a page of message templates, the HTML body, the subject in meta', async () => {
    const parsed = await read(text, 'templates.json')
    expect(parsed.documents.map((d) => [d.format, d.id, d.title, d.meta?.subject, d.turns[0]!.text])).toEqual([
      ['front', 'rsp_1a', 'Booking moved', 'Your booking', 'Hi {{recipient.first_name}},\n\nWe moved your booking to Thursday. Geez, sorry for the short notice.'],
      ['front', 'rsp_1b', 'Booking confirmed', 'Your booking', 'Hi {{recipient.first_name}},\n\nYour booking for Thursday is confirmed.\n\n{{user.first_name}}'],
    ])
    expect(await interjections(text, 'templates.json')).toEqual([['rsp_1a', 10, 91, 95, casual('Geez')]])
  })
})

describe('gorgias', () => {
  const text = fixture('gorgias/macros.json')

  it('reads the setResponseText action, body_html when present', async () => {
    const parsed = await read(text, 'macros.json')
    expect(parsed.documents.map((d) => [d.format, d.id, d.title, d.turns[0]!.text])).toEqual([
      ['gorgias', '301', 'Size exchange', 'Hi {{ticket.customer.firstname}},\n\nWhoops, that size is sold out. I can send the next size up instead.'],
      ['gorgias', '302', 'Order received', 'Hi {{ticket.customer.firstname}},\n\nWe have your order and will ship it within two days.'],
    ])
    expect(parsed.documents[0]!.meta).toEqual({ intent: 'exchange/request', language: 'en' })
    expect(await interjections(text, 'macros.json')).toEqual([['301', 18, 91, 97, casual('Whoops')]])
  })
})

describe('github-replies (YAML)', () => {
  const text = fixture('github-replies/replies.yml')

  it('reads replies: [{name, body}], the body as Markdown prose', async () => {
    const parsed = await read(text, '.github/replies.yml')
    expect(parsed.documents.map((d) => [d.format, d.id, d.title, d.turns[0]!.text])).toEqual([
      ['github-replies', 'Needs reproduction', 'Needs reproduction', 'Thanks for the report!\n\nOops, we could not reproduce this yet. Could you share the exact steps?'],
      ['github-replies', 'Fixed in "next"', 'Fixed in "next"', 'This is fixed in the next release — thank you for the clear report.'],
      ['github-replies', 'Duplicate', 'Duplicate', 'Thanks! This looks like a duplicate of an earlier issue; whoa, good catch though.'],
    ])
  })

  it('points into a literal block scalar and into a folded one', async () => {
    expect(await interjections(text, 'replies.yml')).toEqual([
      ['Needs reproduction', 7, 7, 11, casual('Oops')],
      ['Duplicate', 17, 22, 26, casual('whoa')],
    ])
  })
})

describe('collection', () => {
  it('reads the YAML form: escapes in double quotes, block scalars, inactive entries', async () => {
    const text = fixture('collection/macros.yaml')
    const parsed = await read(text, 'macros.yaml')
    expect(parsed.documents.map(summary)).toEqual([
      {
        kind: 'macro', format: 'collection', id: 'welcome', title: 'Welcome', active: undefined,
        turns: [{ role: 'agent', text: 'Hi {{name}},\n\nWelcome aboard! Reply here any time you have a question.\n' }],
      },
      {
        kind: 'macro', format: 'collection', id: 'outage', title: 'Outage update', active: undefined,
        turns: [{ role: 'agent', text: 'Hi {{name}},\n\nYikes, the "sync" service is down. We expect it back within the hour.' }],
      },
    ])
    expect(parsed.documents[1]!.tags).toEqual(['status'])
    expect((await read(text, 'macros.yaml', true)).documents.map((d) => [d.id, d.active])).toEqual([
      ['welcome', undefined], ['outage', undefined], ['legacy', false],
    ])
    expect(await interjections(text, 'macros.yaml')).toEqual([['outage', 11, 28, 33, casual('Yikes')]])
  })

  it('reads the JSON form: title or name, body, text or content, HTML read as HTML, an empty body as an empty turn', async () => {
    const text = fixture('collection/macros.json')
    const parsed = await read(text, 'macros.json')
    expect(parsed.documents.map(summary)).toEqual([
      {
        kind: 'macro', format: 'collection', id: 'late', title: 'Late delivery', active: undefined,
        turns: [{ role: 'agent', text: 'Hi {{name}},\n\nOops, your parcel is late. It will arrive on Tuesday.' }],
      },
      { kind: 'macro', format: 'collection', id: 'Thanks', title: 'Thanks', active: undefined, turns: [{ role: 'agent', text: 'Thank you for your order, {{name}}!' }] },
      { kind: 'macro', format: 'collection', id: 'Empty reply', title: 'Empty reply', active: undefined, turns: [{ role: 'agent', text: '' }] },
    ])
    expect(await interjections(text, 'macros.json')).toEqual([['late', 2, 70, 74, casual('Oops')]])
    const all = await lintString(text, 'macros.json', { 'avoid-interjection': 'error', 'acknowledge-feelings': 'error', 'offer-alternatives': 'error' })
    expect(all.messages.filter((m) => m.fatal)).toEqual([])
  })

  it('reads { macros: [...] } in JSON as a collection when the entries are not Zendesk macros', async () => {
    const parsed = await read('{"macros": [{"id": 7, "name": "Hello", "text": "Hi {{name}}!", "active": true}]}', 'c.json')
    expect(parsed.documents.map(summary)).toEqual([
      { kind: 'macro', format: 'collection', id: '7', title: 'Hello', active: true, turns: [{ role: 'agent', text: 'Hi {{name}}!' }] },
    ])
  })

  it('reads an empty collection as no macros, in JSON and YAML', async () => {
    expect((await read('[]', 'c.json')).documents).toEqual([])
    expect((await read('macros: []\n', 'c.yaml')).documents).toEqual([])
    expect((await read('', 'c.yml')).documents).toEqual([])
    expect((await read('# nothing yet\n', 'c.yml')).documents).toEqual([])
  })
})

describe('YAML positions', () => {
  it('decodes double-quoted scalars with escapes and folding, mapping each character', () => {
    const raw = '"a\\"b \\u00e9\n   c\\\n  d"'
    const { text, range } = decodeDoubleQuoted(raw, 0)
    expect(text).toBe('a"b é cd')
    expect(range.toFileStart(1)).toBe(2) // \"
    expect(range.toFileStart(4)).toBe(6) // \u00e9
    expect(range.toFileEnd(5)).toBe(12) // past the escape
    expect(range.toFileStart(5)).toBe(12) // the folded break
    expect(range.toFileStart(6)).toBe(16) // c
    expect(range.toFileStart(7)).toBe(21) // d, after the escaped break
  })

  it('points into plain, single-quoted and multi-line double-quoted scalars', async () => {
    const text = [
      '- title: A',
      '  body: plain words, then yikes',
      "- title: B",
      "  body: 'it''s fine, welp'",
      '- title: C',
      '  body: "Line one \\u00e9,',
      '    then ugh."',
    ].join('\n')
    expect(await interjections(text, 'c.yaml')).toEqual([
      ['A', 2, 27, 32, casual('yikes')],
      ['B', 4, 22, 26, casual('welp')],
      ['C', 7, 10, 13, casual('ugh')],
    ])
  })

  it('reads # comments, so directives work', async () => {
    const text = 'macros:\n  - title: A\n    # rapport-disable-next-line avoid-interjection -- quoting the customer\n    body: Oops, fine.\n  - title: B\n    body: Oops again.\n'
    expect(await interjections(text, 'c.yaml')).toEqual([['B', 6, 11, 15, casual('Oops')]])
  })

  it('reports invalid YAML and an unknown shape at their place', async () => {
    const bad = await lintString('macros:\n  - title: A\n    body: b: c\n', 'c.yaml', { 'avoid-interjection': 'error' })
    expect(bad.messages.map(brief)).toEqual([
      expect.objectContaining({ line: 3, column: 11, message: 'Invalid YAML: Nested mappings are not allowed in compact mappings' }),
    ])
    const unknown = await lintString('name: x\nsteps: []\n', 'c.yaml', { 'avoid-interjection': 'error' })
    expect(unknown.messages[0]).toMatchObject({ fatal: true, line: 1, column: 1, message: expect.stringMatching(/^Unrecognised YAML: expected github-replies/) })
  })
})

describe('detection', () => {
  const own: [string, string][] = [
    ['zendesk/macros.json', 'zendesk-macros'],
    ['zendesk/single-macro.json', 'zendesk-macros'],
    ['zendesk/refund-follow-up.json', 'zendesk-macros'],
    ['freshdesk/canned-responses.json', 'freshdesk'],
    ['help-scout/saved-replies.json', 'help-scout'],
    ['intercom-macros/macros.json', 'intercom-macros'],
    ['front/templates.json', 'front'],
    ['gorgias/macros.json', 'gorgias'],
    ['collection/macros.json', 'collection'],
  ]
  it.each(own)('%s is recognised by its own shape, and by no other vendor', (path, shape) => {
    const root = parseTree(fixture(path))!
    // The generic collection comes last and may also fit a vendor's list; the vendor's shape is tried first.
    const vendors = macroShapes.filter((s) => s.name !== 'collection' || shape === 'collection')
    expect(vendors.filter((s) => s.detect(root)).map((s) => s.name)).toEqual([shape])
    expect(macroShapes.find((s) => s.detect(root))!.name).toBe(shape)
  })

  it('never claims transcripts: rapport turns, Contact Lens, CCAI, Intercom conversations, Sunshine messages', () => {
    const transcripts = [
      { turns: [{ role: 'agent', text: 'hi' }] },
      [{ title: 'call', turns: [] }],
      { Participants: [{ ParticipantId: 'A', ParticipantRole: 'AGENT' }], Transcript: [{ ParticipantId: 'A', Content: 'hi' }] },
      { entries: [{ text: 'hi', role: 'AGENT', start_timestamp_usec: 0 }] },
      { type: 'conversation', id: '1', conversation_parts: { type: 'conversation_part.list', conversation_parts: [{ body: '<p>hi</p>' }] } },
      { messages: [{ author: { type: 'business' }, content: { type: 'text', text: 'hi' } }] },
      { messages: [] },
      { type: 'list', data: [] },
    ]
    for (const t of transcripts) expect(macroShapes.filter((s) => s.detect(parseTree(JSON.stringify(t))!)).map((s) => s.name), JSON.stringify(t)).toEqual([])
  })

  it('names the macro shapes in the message for an unrecognised file', async () => {
    const result = await lintString('{"messages": []}', 'x.json', { 'avoid-interjection': 'error' })
    expect(result.messages[0]!.message).toMatch(/zendesk-macros \(.*help-scout \(.*collection \(/)
  })
})
