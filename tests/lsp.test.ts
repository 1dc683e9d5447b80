/**
 * The language server, driven as an editor drives it: a child process speaking JSON-RPC over stdio
 * (initialize, didOpen, didChange, codeAction, watched-file changes, shutdown/exit).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
  type CodeAction,
  type MessageConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node'
import { project, removeProjects } from './process.js'

const BIN = resolve('bin/rapport.js')

interface Client {
  connection: MessageConnection
  child: ChildProcess
  stderr: () => string
  /** The next diagnostics published for `uri` that satisfy `accept` (earlier ones included). */
  diagnostics: (uri: string, accept?: (p: PublishDiagnosticsParams) => boolean) => Promise<PublishDiagnosticsParams>
  published: PublishDiagnosticsParams[]
  registrations: unknown[]
}

function startServer(root: string): Client {
  // What `rapport --lsp --stdio` runs, spawned the way an editor spawns it.
  // As an editor starts it: the CLI with --lsp --stdio.
  const child = spawn(process.execPath, [BIN, '--lsp', '--stdio'], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!))
  const published: PublishDiagnosticsParams[] = []
  const waiters: { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; done: (p: PublishDiagnosticsParams) => void }[] = []
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p)
    for (const w of [...waiters])
      if (w.uri === p.uri && w.accept(p)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.done(p)
      }
  })
  const registrations: unknown[] = []
  connection.onRequest('client/registerCapability', (params: unknown) => {
    registrations.push(params)
    return null
  })
  connection.onNotification('window/logMessage', () => {})
  connection.listen()
  const diagnostics = (uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true) =>
    new Promise<PublishDiagnosticsParams>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no matching diagnostics for ${uri}; got ${JSON.stringify(published)}\n${stderr}`)), 5000)
      waiters.push({ uri, accept, done: (p) => (clearTimeout(timer), done(p)) })
    })
  return { connection, child, stderr: () => stderr, diagnostics, published, registrations }
}

describe('language server over stdio', () => {
  let root: string
  let client: Client
  const uri = (name: string) => pathToFileURL(join(root, name)).href

  beforeAll(async () => {
    root = project({ 'notes.ts': 'const x = 1\n' })
    client = startServer(root)
    const init = (await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'project' }],
      capabilities: {
        workspace: { didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true }, codeAction: {} },
      },
    })) as { capabilities: Record<string, unknown> }
    expect(init.capabilities.textDocumentSync).toMatchObject({ openClose: true, change: 2 })
    expect(init.capabilities.codeActionProvider).toBeTruthy()
    await client.connection.sendNotification('initialized', {})
  })

  afterAll(async () => {
    if (client.child.exitCode === null) client.child.kill()
    client.connection.dispose()
    removeProjects()
  })

  it('publishes diagnostics on open with range, code, source and rule page, and clears them when fixed', async () => {
    const doc = uri('chat.txt')
    const opened = client.diagnostics(doc)
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: doc, languageId: 'plaintext', version: 1, text: 'Agent: Oops, wrong link.\n' },
    })
    const first = await opened
    expect(first.diagnostics).toHaveLength(1)
    const [d] = first.diagnostics
    expect(d).toMatchObject({
      range: { start: { line: 0, character: 7 }, end: { line: 0, character: 11 } },
      severity: 2,
      source: 'rapport',
      code: 'avoid-interjection',
      message: '"Oops" is a casual interjection; it reads as careless in a customer reply.',
    })
    expect(d!.codeDescription?.href).toMatch(/^file:.*\/rules\/avoid-interjection\.md$/)

    // An incremental change replacing "Oops," with "Sorry," (debounced): diagnostics are cleared.
    const cleared = client.diagnostics(doc, (p) => p.diagnostics.length === 0)
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: doc, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 7 }, end: { line: 0, character: 12 } }, text: 'Sorry,' }],
    })
    expect((await cleared).version).toBe(2)
  })

  it('offers the fix as a preferred quick fix with the exact edit', async () => {
    const doc = uri('wait.txt')
    const opened = client.diagnostics(doc)
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: doc, languageId: 'plaintext', version: 1, text: 'Customer: Any news?\nAgent: Kindly wait.\n' },
    })
    const { diagnostics } = await opened
    const robotic = diagnostics.find((x) => x.code === 'avoid-robotic-language')
    expect(robotic?.range).toEqual({ start: { line: 1, character: 7 }, end: { line: 1, character: 13 } })

    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: doc },
      range: { start: { line: 1, character: 9 }, end: { line: 1, character: 9 } },
      context: { diagnostics: [robotic] },
    })) as CodeAction[]
    const quickFixes = actions.filter((a) => a.kind === 'quickfix')
    expect(quickFixes).toHaveLength(1)
    expect(quickFixes[0]).toMatchObject({
      title: 'Write "Please"',
      isPreferred: true,
      diagnostics: [{ code: 'avoid-robotic-language' }],
      edit: { changes: { [doc]: [{ range: { start: { line: 1, character: 7 }, end: { line: 1, character: 13 } }, newText: 'Please' }] } },
    })

    // Nothing on a line with no problem.
    const none = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: doc },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } },
      context: { diagnostics: [] },
    })) as CodeAction[]
    expect(none.filter((a) => a.kind === 'quickfix')).toEqual([])
  })

  it("offers a team rule's substitution (config rulesDir) and leaves the rule file itself alone", async () => {
    const rule = ['description: Say please.', 'kind: substitution', 'recommended: warn', 'message: \'"{{match}}" sounds stiff; write "{{replacement}}".\'', 'swap: { kindly: please }', ''].join('\n')
    const team = project({ '.rapportrc.yaml': 'extends: []\nrulesDir: team-rules\nrules:\n  no-kindly: error\n', 'team-rules/no-kindly.yml': rule })
    const ruleUri = pathToFileURL(join(team, 'team-rules/no-kindly.yml')).href
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: ruleUri, languageId: 'yaml', version: 1, text: rule } })
    const doc = pathToFileURL(join(team, 'reply.txt')).href
    const opened = client.diagnostics(doc)
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: doc, languageId: 'plaintext', version: 1, text: 'Agent: Kindly wait.\r\nAgent: Kindly hold.\r\n' },
    })
    expect((await opened).diagnostics).toMatchObject([
      { code: 'no-kindly', severity: 1, range: { start: { line: 0, character: 7 }, end: { line: 0, character: 13 } } },
      { code: 'no-kindly', severity: 1, range: { start: { line: 1, character: 7 }, end: { line: 1, character: 13 } } },
    ])
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: doc },
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 20 } },
      context: { diagnostics: [] },
    })) as CodeAction[]
    expect(actions).toMatchObject([
      { kind: 'quickfix', isPreferred: true, edit: { changes: { [doc]: [{ range: { start: { line: 1, character: 7 }, end: { line: 1, character: 13 } }, newText: 'Please' }] } } },
    ])
    expect(client.published.filter((p) => p.uri === ruleUri)).toEqual([])
  })

  it('watches config files, re-lints open documents when config changes, and reports a broken config at 0:0', async () => {
    expect(JSON.stringify(client.registrations)).toContain('workspace/didChangeWatchedFiles')
    const doc = uri('oops.txt')
    const opened = client.diagnostics(doc)
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: doc, languageId: 'plaintext', version: 1, text: 'Agent: Oops, wrong link.\n' },
    })
    expect((await opened).diagnostics.map((x) => x.code)).toEqual(['avoid-interjection'])

    const config = join(root, '.rapportrc.yaml')
    writeFileSync(config, 'extends: rapport:recommended\nrules:\n  avoid-interjection: off\n')
    const quiet = client.diagnostics(doc, (p) => p.diagnostics.length === 0)
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(config).href, type: 1 }] })
    await quiet

    writeFileSync(config, 'rules:\n  no-such-rule: error\n')
    const broken = client.diagnostics(doc, (p) => p.diagnostics.length === 1 && String(p.diagnostics[0]!.message).startsWith('rapport: '))
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(config).href, type: 2 }] })
    const [error] = (await broken).diagnostics
    expect(error).toMatchObject({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 1, source: 'rapport' })
    expect(String(error!.message)).toContain('no-such-rule')
    expect(client.child.exitCode).toBeNull()
  })

  it('ignores files rapport does not read, clears diagnostics on close, and exits on shutdown/exit', async () => {
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uri('notes.ts'), languageId: 'typescript', version: 1, text: 'const x = 1\n' },
    })
    const closed = client.diagnostics(uri('oops.txt'), (p) => p.diagnostics.length === 0)
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri('oops.txt') } })
    await closed
    // Give the .ts file's (skipped) lint time to have published, had it been linted.
    await new Promise((r) => setTimeout(r, 300))
    expect(client.published.filter((p) => p.uri === uri('notes.ts'))).toEqual([])

    const exited = new Promise<number | null>((done) => client.child.on('exit', (code) => done(code)))
    await client.connection.sendRequest('shutdown')
    await client.connection.sendNotification('exit')
    expect(await exited).toBe(0)
    expect(client.stderr()).toBe('')
  })
})
