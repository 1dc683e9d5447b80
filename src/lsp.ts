/**
 * The language server (`rapport --lsp --stdio`): diagnostics as a writer types, rule pages as code
 * descriptions, code actions for fixes and suggestions, and a re-lint when config changes. Every lint goes
 * through `lintText` from the API with the document's path, so config is found exactly as the CLI finds it
 * (and, since each call makes a new resolver, read afresh each time).
 */
import { basename, dirname, extname, relative, isAbsolute, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  CodeAction,
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
  type WorkspaceFolder,
} from 'vscode-languageserver/node'
import { TextDocument } from 'vscode-languageserver-textdocument'
import { builtinRules, lintText } from './api.js'
import { ConfigResolver } from './config/load.js'
import { ConfigError, UsageError } from './errors.js'
import type { LintFix, LintMessage, LintResult } from './linter.js'
import { lintableExtensions } from './sources/index.js'

const SOURCE = 'rapport'
const DEBOUNCE_MS = 200
/** The kind of the "fix everything" source action (VS Code's `editor.codeActionsOnSave`). */
const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.${SOURCE}`

/** Names cosmiconfig finds rapport's config under, plus package.json (its "rapport" key). */
const CONFIG_NAME = /^(?:\.rapportrc(?:\..+)?|rapportrc(?:\..+)?|rapport\.config\..+|package\.json)$/
const CONFIG_GLOBS = ['**/.rapportrc*', '**/rapport.config.*', '**/package.json', '**/.config/rapportrc*']
/** YAML rules (config `rulesDir`): saving one re-lints open documents. */
const RULE_FILE = /\.ya?ml$/i
// Files a directory walk never reads as content (see files.ts): manifests, tool configs, dot-files.
const NOT_CONTENT = /^(?:\..*|package(?:-lock)?\.json|npm-shrinkwrap\.json|tsconfig(?:\..+)?\.json|jsconfig\.json|composer\.json|rapport\.config\..*)$/

interface Linted {
  version: number
  result: LintResult
  /** The text linted (fix offsets refer to it). */
  document: TextDocument
  /** The diagnostic published for each message of `result`, same order. */
  diagnostics: Diagnostic[]
}

function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined
  try {
    return fileURLToPath(uri)
  } catch {
    return undefined
  }
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path)
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
}

function bomLength(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0
}

/** LintMessage positions (1-based, BOM stripped) → an LSP range in `document`. */
function rangeOf(m: LintMessage, document: TextDocument, bom: number): Range {
  const at = (line: number, column: number) => ({
    line: Math.max(0, line - 1),
    character: Math.max(0, column - 1 + (line === 1 ? bom : 0)),
  })
  const start = at(m.line, m.column)
  if (m.endLine !== undefined && m.endColumn !== undefined) return { start, end: at(m.endLine, m.endColumn) }
  // No end (fatal read errors): to the end of that line, so the editor has something to underline.
  const lineEnd = document.positionAt(
    document.offsetAt({ line: start.line + 1, character: 0 }) - (start.line + 1 < document.lineCount ? 1 : 0),
  )
  const end = lineEnd.line === start.line && lineEnd.character > start.character ? lineEnd : start
  return { start, end }
}

function toDiagnostic(m: LintMessage, document: TextDocument, bom: number): Diagnostic {
  const diagnostic: Diagnostic = {
    range: rangeOf(m, document, bom),
    severity: m.severity === 2 ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: SOURCE,
    message: m.message,
  }
  if (m.ruleId) diagnostic.code = m.ruleId
  if (m.url) diagnostic.codeDescription = { href: m.url }
  return diagnostic
}

/** What lintText returns for a file config `ignores`: the CLI warns, an editor shows nothing. */
function isIgnoredResult(result: LintResult): boolean {
  const [only, ...rest] = result.messages
  return rest.length === 0 && only !== undefined && only.ruleId === null && only.severity === 1 && /^File ignored\b/.test(only.message)
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) => x.line < y.line || (x.line === y.line && x.character < y.character)
  // Touching counts: a cursor at either end of a word asks for that word's actions.
  return !before(a.end, b.start) && !before(b.end, a.start)
}

/** The server's state and handlers, over one connection. */
class RapportServer {
  private readonly documents = new TextDocuments(TextDocument)
  private readonly linted = new Map<string, Linted>()
  private readonly timers = new Map<string, NodeJS.Timeout>()
  /** Per document, a counter that makes older lints' results stale. */
  private readonly generation = new Map<string, number>()
  /** Documents with diagnostics published (so a file that stops being read is cleared, and others never sent). */
  private readonly shown = new Set<string>()
  private folders: string[] = []
  private canWatch = false
  private canWatchFolders = false
  private versionedEdits = false

  constructor(private readonly connection: Connection) {}

  listen(): void {
    const { connection, documents } = this
    connection.onInitialize((params) => this.initialize(params))
    connection.onInitialized(() => void this.initialized())
    // Fired for the opening text too: a document not seen before is linted at once, edits after a pause.
    documents.onDidChangeContent((e) => this.schedule(e.document.uri, this.generation.has(e.document.uri) ? DEBOUNCE_MS : 0))
    documents.onDidClose((e) => this.close(e.document.uri))
    documents.onDidSave((e) => {
      const name = basename(filePathOf(e.document.uri) ?? '')
      // Without file watching, a save is the only sign config may have changed; with it, editors still save
      // YAML rules and config through the buffer, and a re-lint costs little.
      if (!this.canWatch || CONFIG_NAME.test(name) || RULE_FILE.test(name)) this.relintAll()
    })
    connection.onDidChangeWatchedFiles(() => this.relintAll())
    connection.onCodeAction((params) => this.codeActions(params))
    documents.listen(connection)
    connection.listen()
  }

  private initialize(params: InitializeParams): InitializeResult {
    const caps = params.capabilities
    this.canWatch = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true
    this.canWatchFolders = caps.workspace?.workspaceFolders === true
    this.versionedEdits = caps.workspace?.workspaceEdit?.documentChanges === true
    this.setFolders(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []))
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        ...(this.canWatchFolders ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
      },
      serverInfo: { name: SOURCE },
    }
  }

  private async initialized(): Promise<void> {
    if (this.canWatch) {
      await this.connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: CONFIG_GLOBS.map((globPattern) => ({ globPattern })) })
        .catch((error: unknown) => {
          this.canWatch = false
          this.connection.console.warn(`rapport: cannot watch config files (${String(error)}); re-linting on save instead.`)
        })
    }
    if (this.canWatchFolders) {
      this.connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => filePathOf(f.uri)))
        this.folders = this.folders.filter((f) => !removed.has(f))
        this.setFolders(e.added, true)
        this.relintAll()
      })
    }
  }

  private setFolders(folders: WorkspaceFolder[], add = false): void {
    const paths = folders.map((f) => filePathOf(f.uri)).filter((p): p is string => p !== undefined)
    this.folders = add ? [...this.folders, ...paths] : paths
  }

  /** The innermost workspace folder holding `path`, else the file's own folder. */
  private cwdFor(path: string): string {
    const holding = this.folders.filter((f) => isInside(f, path)).sort((a, b) => b.length - a.length)
    return holding[0] ?? dirname(path)
  }

  private schedule(uri: string, delay: number): void {
    clearTimeout(this.timers.get(uri))
    this.generation.set(uri, (this.generation.get(uri) ?? 0) + 1)
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri)
        void this.validate(uri)
      }, delay),
    )
  }

  private relintAll(): void {
    for (const document of this.documents.all()) this.schedule(document.uri, DEBOUNCE_MS)
  }

  private close(uri: string): void {
    clearTimeout(this.timers.get(uri))
    this.timers.delete(uri)
    this.generation.delete(uri)
    this.linted.delete(uri)
    if (this.shown.delete(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] })
  }

  /**
   * Whether rapport reads this file: by extension (but not the team's YAML rules in a config `rulesDir`), or
   * because config `formats` names a format for it.
   */
  private async reads(path: string, cwd: string): Promise<boolean> {
    if (NOT_CONTENT.test(basename(path))) return false
    const resolver = () => new ConfigResolver({ cwd, rules: builtinRules })
    if (lintableExtensions.has(extname(path).toLowerCase())) {
      if (!RULE_FILE.test(path)) return true
      // A config error is the lint's to report.
      const dirs = await resolver().rulesDirsFor(path).catch(() => [])
      return !dirs.some((dir) => isInside(dir, path))
    }
    try {
      return (await resolver().forFile(path)).format !== undefined
    } catch {
      return false
    }
  }

  private async validate(uri: string): Promise<void> {
    const document = this.documents.get(uri)
    const path = filePathOf(uri)
    if (!document || !path) return
    const generation = this.generation.get(uri)
    const cwd = this.cwdFor(path)
    const text = document.getText()
    const bom = bomLength(text)
    let result: LintResult | undefined
    let diagnostics: Diagnostic[]
    try {
      if (!(await this.reads(path, cwd))) {
        if (!this.shown.has(uri)) return
        diagnostics = []
      } else {
        result = await lintText(text, { filePath: path, cwd })
        if (isIgnoredResult(result)) result = undefined
        diagnostics = result ? result.messages.map((m) => toDiagnostic(m, document, bom)) : []
      }
    } catch (error) {
      // A config error (or anything else) costs this document one diagnostic, never the server.
      const detail = error instanceof Error ? error.message : String(error)
      const expected = error instanceof ConfigError || error instanceof UsageError
      if (!expected) this.connection.console.error(`rapport: ${error instanceof Error ? (error.stack ?? detail) : detail}`)
      result = undefined
      diagnostics = [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: DiagnosticSeverity.Error,
          source: SOURCE,
          message: `rapport: ${detail}`,
        },
      ]
    }
    // A newer edit (or a close) while this lint ran: its own lint will publish.
    if (this.generation.get(uri) !== generation || !this.documents.get(uri)) return
    if (result) this.linted.set(uri, { version: document.version, result, document, diagnostics })
    else this.linted.delete(uri)
    this.shown.add(uri)
    await this.connection.sendDiagnostics({ uri, version: document.version, diagnostics })
  }

  private edit(linted: Linted, edits: TextEdit[]): WorkspaceEdit {
    const { document } = linted
    if (this.versionedEdits) return { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits }] }
    return { changes: { [document.uri]: edits } }
  }

  private textEdit(linted: Linted, fix: LintFix): TextEdit {
    const { document } = linted
    const bom = bomLength(document.getText())
    return { range: { start: document.positionAt(fix.range[0] + bom), end: document.positionAt(fix.range[1] + bom) }, newText: fix.text }
  }

  private codeActions(params: CodeActionParams): CodeAction[] {
    const uri = params.textDocument.uri
    const linted = this.linted.get(uri)
    const current = this.documents.get(uri)
    // Offsets are only good for the text they were computed on; a newer lint is on its way.
    if (!linted || !current || current.version !== linted.version) return []
    const only = params.context.only
    const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`))
    const actions: CodeAction[] = []
    if (wants(CodeActionKind.QuickFix)) {
      linted.result.messages.forEach((m, i) => {
        const diagnostic = linted.diagnostics[i]!
        if (!overlaps(diagnostic.range, params.range)) return
        const sameAsFix = (s: { fix: LintFix }) => m.fix !== undefined && s.fix.range[0] === m.fix.range[0] && s.fix.range[1] === m.fix.range[1] && s.fix.text === m.fix.text
        if (m.fix) {
          // Titled as the suggestion that makes the same edit, if any ('Write "Please"'), else as ESLint's editors do.
          const title = m.suggestions?.find(sameAsFix)?.desc ?? `Fix this ${m.ruleId ?? 'rapport'} problem`
          const action = CodeAction.create(title, this.edit(linted, [this.textEdit(linted, m.fix)]), CodeActionKind.QuickFix)
          action.diagnostics = [diagnostic]
          action.isPreferred = true
          actions.push(action)
        }
        for (const s of m.suggestions ?? []) {
          // A suggestion that is the fix itself would only list the same edit twice.
          if (sameAsFix(s)) continue
          const action = CodeAction.create(s.desc, this.edit(linted, [this.textEdit(linted, s.fix)]), CodeActionKind.QuickFix)
          action.diagnostics = [diagnostic]
          actions.push(action)
        }
      })
    }
    // Only when asked for by kind (on save, or the Source Action menu): every fix at once, overlaps skipped.
    if (only && wants(FIX_ALL_KIND)) {
      const fixes = linted.result.messages
        .map((m) => m.fix)
        .filter((f): f is LintFix => f !== undefined)
        .sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1])
      const kept: LintFix[] = []
      for (const f of fixes) if (!kept.length || f.range[0] >= kept[kept.length - 1]!.range[1]) kept.push(f)
      if (kept.length) actions.push(CodeAction.create('Fix all rapport problems', this.edit(linted, kept.map((f) => this.textEdit(linted, f))), FIX_ALL_KIND))
    }
    return actions
  }
}

/** Runs the language server over stdin/stdout until the client sends `exit` (or closes the pipe). */
export async function startLanguageServer(): Promise<void> {
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout)
  // stdout carries the protocol: anything a rule or library prints goes to the client's log instead.
  const log = (write: (m: string) => void) => (...args: unknown[]) => write(args.map((a) => (typeof a === 'string' ? a : String(a))).join(' '))
  console.log = log((m) => connection.console.log(m))
  console.info = log((m) => connection.console.info(m))
  console.debug = log((m) => connection.console.log(m))
  console.warn = log((m) => connection.console.warn(m))
  console.error = log((m) => connection.console.error(m))
  new RapportServer(connection).listen()
  // The connection ends the process on `exit` or when the client closes stdin; until then, keep running.
  await new Promise<void>((resolve) => connection.onExit(() => resolve()))
}
