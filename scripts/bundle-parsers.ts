/**
 * Build step: replaces each compiled parser module (dist/src/parsers/*.js, a re-export of unified and a
 * parser plugin) with one file holding the packages it imports. Node then reads and links one module instead
 * of dozens, which is most of what the parser costs a one-file run to start. The packages themselves are
 * unchanged; only how they are loaded is.
 */
import { build } from 'esbuild'
import { readdirSync, renameSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const dir = join(root, 'dist', 'src', 'parsers')
const modules = readdirSync(dir).filter((n) => n.endsWith('.js'))
for (const name of modules) {
  const file = join(dir, name)
  const temp = `${file}.bundle.tmp`
  await build({
    entryPoints: [file],
    outfile: temp,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: false,
    legalComments: 'eof',
    banner: { js: `// Built by scripts/bundle-parsers.ts from ${name.replace(/\.js$/, '.ts')} and the packages it imports (each under its own licence, as installed).` },
    logLevel: 'warning',
  })
  renameSync(temp, file)
  // tsc's source map describes the two-line re-export, not the bundle.
  rmSync(`${file}.map`, { force: true })
}
console.log(`bundled ${modules.length} parser modules`)
