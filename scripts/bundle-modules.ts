/**
 * Build step: replaces each compiled module in dist/src/bundled/ (a re-export of the Markdown parser, the HTML
 * parser, or commander) with one file holding the packages it imports. Node then reads and links one module instead
 * of dozens, which is most of what the parser costs a one-file run to start. The packages themselves are
 * unchanged; only how they are loaded is.
 */
import { build } from 'esbuild'
import { readdirSync, renameSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const dir = join(root, 'dist', 'src', 'bundled')
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
    // CommonJS packages (commander) require Node's built-in modules: give the bundle a require() to do it with.
    banner: {
      js:
        `// Built by scripts/bundle-modules.ts from ${name.replace(/\.js$/, '.ts')} and the packages it imports (each under its own licence, as installed).\n` +
        "import { createRequire as __createRequire } from 'node:module'\nconst require = __createRequire(import.meta.url)",
    },
    logLevel: 'warning',
  })
  renameSync(temp, file)
  // tsc's source map describes the two-line re-export, not the bundle.
  rmSync(`${file}.map`, { force: true })
}
console.log(`bundled ${modules.length} modules`)
