/**
 * js-yaml, loaded on first use from its one-file build. Front matter and YAML config files are read with it.
 * Its package entry for require() is some twenty-five modules (15 ms to load); the one-file build it publishes
 * for browsers is the same library in one module (8 ms). Should a release move that file, the package entry is used.
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
let loaded: typeof import('js-yaml') | undefined

export function jsYaml(): typeof import('js-yaml') {
  if (loaded) return loaded
  try {
    loaded = require(join(dirname(require.resolve('js-yaml/package.json')), 'dist', 'js-yaml.js')) as typeof import('js-yaml')
    if (typeof loaded.load !== 'function') throw new Error('not js-yaml')
  } catch {
    loaded = require('js-yaml') as typeof import('js-yaml')
  }
  return loaded
}

/** A cosmiconfig loader for YAML config files, with cosmiconfig's own "YAML Error in <file>" header. */
export function loadYamlConfig(filepath: string, content: string): unknown {
  try {
    return jsYaml().load(content)
  } catch (error) {
    if (error instanceof Error) error.message = `YAML Error in ${filepath}:\n${error.message}`
    throw error
  }
}
