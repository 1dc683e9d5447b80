/** Loads CommonJS dependencies on first use, so a run that needs no globs or .gitignore never pays for them. */
import { createRequire } from 'node:module'
import type Picomatch from 'picomatch'
import type Ignore from 'ignore'

const require = createRequire(import.meta.url)

let picomatchModule: typeof Picomatch | undefined
export function picomatch(): typeof Picomatch {
  return (picomatchModule ??= require('picomatch') as typeof Picomatch)
}

let ignoreModule: typeof Ignore | undefined
export function ignore(): typeof Ignore {
  return (ignoreModule ??= require('ignore') as typeof Ignore)
}
