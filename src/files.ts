/**
 * Turns CLI paths, directories and globs into the list of files to lint. Directories are walked (skipping
 * node_modules and .git, honouring .gitignore files from the repository root down); only file types some
 * source reads are picked up from a walk, while a file named explicitly is always linted.
 */
import { existsSync, readFileSync } from 'node:fs'
import type { Stats } from 'node:fs'
import { readdir, realpath, stat } from 'node:fs/promises'
import { dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path'
import type { Ignore } from 'ignore'
import { ignore, picomatch } from './lazy.js'
import { lintableExtensions } from './sources/index.js'
import { extname } from 'node:path'

export interface FoundFile {
  path: string
  /** Named on the command line (not found by a walk or a glob). */
  explicit: boolean
}

export interface FileSearch {
  files: FoundFile[]
  /** Patterns that matched nothing and folders that could not be read, with the reason. */
  missing: { pattern: string; reason: string }[]
  /** Symbolic links a walk did not follow (loops, dangling links), with the reason: notices, not errors. */
  skipped: { path: string; reason: string }[]
}

const ALWAYS_SKIPPED = new Set(['node_modules', '.git'])
// Files a walk never takes for macros or transcripts: package manifests, tool configs (rapport's own among
// them) and other dot-files. A file named on the command line is still read.
const NOT_CONTENT = /^(?:\..*|package(?:-lock)?\.json|npm-shrinkwrap\.json|tsconfig(?:\..+)?\.json|jsconfig\.json|composer\.json|rapport\.config\..*|rapport-suppressions\.json)$/
// Dot-folders hold tool state, not content; .github is the exception (saved replies live there).
const skipDirectory = (name: string) => ALWAYS_SKIPPED.has(name) || (name.startsWith('.') && name !== '.github')
// Inside .github only the saved replies are content; workflows and issue templates are not.
const GITHUB_CONTENT = /^replies\.ya?ml$/
const isContent = (path: string, name: string) =>
  !NOT_CONTENT.test(name) && (!/[\\/]\.github[\\/]/.test(path) || GITHUB_CONTENT.test(name))

interface GitIgnoreLayer {
  dir: string
  rules: Ignore
}

function readGitIgnore(dir: string): GitIgnoreLayer | undefined {
  const file = join(dir, '.gitignore')
  if (!existsSync(file)) return undefined
  try {
    return { dir, rules: ignore()().add(readFileSync(file, 'utf8')) }
  } catch {
    return undefined
  }
}

/** .gitignore files from the repository root (or the file system root) down to `dir`'s parent. */
function ancestorGitIgnores(dir: string): GitIgnoreLayer[] {
  const chain: string[] = []
  let current = dirname(dir)
  while (true) {
    chain.unshift(current)
    if (existsSync(join(current, '.git'))) break
    const parent = dirname(current)
    if (parent === current) break
    current = parent
  }
  if (existsSync(join(dir, '.git'))) return []
  return chain.map(readGitIgnore).filter((l): l is GitIgnoreLayer => l !== undefined)
}

function gitIgnored(layers: GitIgnoreLayer[], path: string, isDir: boolean): boolean {
  for (const layer of layers) {
    const rel = relative(layer.dir, path).split(sep).join('/')
    if (!rel || rel.startsWith('..')) continue
    if (layer.rules.ignores(isDir ? `${rel}/` : rel)) return true
  }
  return false
}

interface WalkState {
  /** Real paths of the folders already walked: a symlink loop is walked once. */
  visited: Set<string>
  /** Folders that could not be read, with the reason. */
  unreadable: { pattern: string; reason: string }[]
  skipped: { path: string; reason: string }[]
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file or directory'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  return code ?? String(error)
}

async function walk(dir: string, layers: GitIgnoreLayer[], accept: (path: string) => boolean, out: string[], state: WalkState, viaLink = false): Promise<void> {
  const real = await realpath(dir).catch(() => dir)
  if (state.visited.has(real)) {
    if (viaLink) state.skipped.push({ path: dir, reason: 'symbolic link to a folder already walked (a loop); not walked again' })
    return
  }
  state.visited.add(real)
  const own = readGitIgnore(dir)
  const here = own ? [...layers, own] : layers
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch (error) {
    state.unreadable.push({ pattern: dir, reason: `cannot read this folder: ${reasonOf(error)}` })
    return
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const entry of entries) {
    const path = join(dir, entry.name)
    // Symbolic links are followed to what they point at (a link to a folder is walked once).
    const link = entry.isSymbolicLink()
    let kind: Pick<Stats, 'isDirectory' | 'isFile'> | undefined = entry
    if (link) {
      try {
        kind = await stat(path)
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        // Only links that could have been content are worth a notice; an ignored name stays silent.
        if (!skipDirectory(entry.name) && !gitIgnored(here, path, false))
          state.skipped.push({ path, reason: code === 'ELOOP' ? 'symbolic link loop (it points back at itself); skipped' : code === 'ENOENT' ? 'broken symbolic link (its target does not exist); skipped' : `symbolic link cannot be followed (${reasonOf(error)}); skipped` })
        continue
      }
    }
    if (kind.isDirectory()) {
      if (skipDirectory(entry.name) || gitIgnored(here, path, true)) continue
      await walk(path, here, accept, out, state, link)
    } else if (kind.isFile() && isContent(path, entry.name) && accept(path) && !gitIgnored(here, path, false)) {
      out.push(path)
    }
  }
}

const lintable = (path: string) => lintableExtensions.has(extname(path).toLowerCase())

export async function findFiles(patterns: string[], cwd: string): Promise<FileSearch> {
  const files: FoundFile[] = []
  const missing: FileSearch['missing'] = []
  const skipped: FileSearch['skipped'] = []
  // The loop guard is per pattern: two patterns may walk the same folders.
  const walkState = (): WalkState => ({ visited: new Set(), unreadable: missing, skipped })
  const seen = new Set<string>()
  const add = (path: string, explicit: boolean) => {
    if (seen.has(path)) return
    seen.add(path)
    files.push({ path, explicit })
  }
  const posix = (p: string) => p.split(sep).join('/')
  for (const pattern of patterns) {
    const absolute = resolve(cwd, pattern)
    let info: Stats | undefined
    let failure: unknown
    try {
      info = await stat(absolute)
    } catch (error) {
      failure = error
    }
    if (info?.isDirectory()) {
      const found: string[] = []
      const before = missing.length
      await walk(absolute, ancestorGitIgnores(absolute), lintable, found, walkState())
      if (found.length === 0 && missing.length === before) missing.push({ pattern, reason: 'no lintable files in this directory' })
      found.forEach((f) => add(f, false))
      continue
    }
    // Anything else that exists is read as named: a file, or a device or pipe such as <(command).
    if (info) {
      add(absolute, true)
      continue
    }
    const scan = picomatch().scan(pattern)
    if (scan.isGlob) {
      // Match paths relative to cwd against the pattern as written, so a cwd whose own name holds glob
      // characters ("drafts (copy)") does not turn into part of the pattern.
      const absolutePattern = isAbsolute(pattern)
      const isMatch = picomatch()(posix(absolutePattern ? pattern : normalize(pattern)), { dot: false })
      const base = resolve(cwd, scan.base || '.')
      const found: string[] = []
      if (await stat(base).then((s) => s.isDirectory()).catch(() => false))
        await walk(base, ancestorGitIgnores(base), (p) => isMatch(posix(absolutePattern ? p : relative(cwd, p))), found, walkState())
      if (found.length === 0) missing.push({ pattern, reason: 'no files match this pattern' })
      found.forEach((f) => add(f, false))
      continue
    }
    missing.push({ pattern, reason: reasonOf(failure) })
  }
  // Two patterns walking the same folder would note the same link twice.
  const notes = [...new Map(skipped.map((s) => [s.path, s])).values()]
  return { files, missing, skipped: notes }
}
