/**
 * Turns CLI paths, directories and globs into the list of files to lint. Directories are walked (skipping
 * node_modules and .git, honouring .gitignore files from the repository root down); only file types some
 * source reads are picked up from a walk, while a file named explicitly is always linted.
 */
import { existsSync, readFileSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { dirname, join, relative, resolve, sep } from 'node:path'
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
  /** Patterns that matched nothing, with the reason. */
  missing: { pattern: string; reason: string }[]
}

const ALWAYS_SKIPPED = new Set(['node_modules', '.git'])
// Files a walk never takes for macros or transcripts: package manifests, tool configs (rapport's own among
// them) and other dot-files. A file named on the command line is still read.
const NOT_CONTENT = /^(?:\..*|package(?:-lock)?\.json|npm-shrinkwrap\.json|tsconfig(?:\..+)?\.json|jsconfig\.json|composer\.json|rapport\.config\..*)$/
// Dot-folders hold tool state, not content; .github is the exception (saved replies live there).
const skipDirectory = (name: string) => ALWAYS_SKIPPED.has(name) || (name.startsWith('.') && name !== '.github')

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

async function walk(dir: string, layers: GitIgnoreLayer[], accept: (path: string) => boolean, out: string[]): Promise<void> {
  const own = readGitIgnore(dir)
  const here = own ? [...layers, own] : layers
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch {
    return
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (skipDirectory(entry.name) || gitIgnored(here, path, true)) continue
      await walk(path, here, accept, out)
    } else if (entry.isFile() && !NOT_CONTENT.test(entry.name) && accept(path) && !gitIgnored(here, path, false)) {
      out.push(path)
    }
  }
}

const lintable = (path: string) => lintableExtensions.has(extname(path).toLowerCase())

export async function findFiles(patterns: string[], cwd: string): Promise<FileSearch> {
  const files: FoundFile[] = []
  const missing: FileSearch['missing'] = []
  const seen = new Set<string>()
  const add = (path: string, explicit: boolean) => {
    if (seen.has(path)) return
    seen.add(path)
    files.push({ path, explicit })
  }
  for (const pattern of patterns) {
    const absolute = resolve(cwd, pattern)
    const info = await stat(absolute).catch(() => undefined)
    if (info?.isFile()) {
      add(absolute, true)
      continue
    }
    if (info?.isDirectory()) {
      const found: string[] = []
      await walk(absolute, ancestorGitIgnores(absolute), lintable, found)
      if (found.length === 0) missing.push({ pattern, reason: 'no lintable files in this directory' })
      found.forEach((f) => add(f, false))
      continue
    }
    const scan = picomatch().scan(pattern)
    if (scan.isGlob) {
      const base = resolve(cwd, scan.base || '.')
      const isMatch = picomatch()(resolve(cwd, pattern).split(sep).join('/'), { dot: false })
      const found: string[] = []
      if (await stat(base).then((s) => s.isDirectory()).catch(() => false))
        await walk(base, ancestorGitIgnores(base), (p) => isMatch(p.split(sep).join('/')), found)
      if (found.length === 0) missing.push({ pattern, reason: 'no files match this pattern' })
      found.forEach((f) => add(f, false))
      continue
    }
    missing.push({ pattern, reason: 'no such file or directory' })
  }
  return { files, missing }
}
