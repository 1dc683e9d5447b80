/**
 * commander, the command-line parser, bundled into one module by the build as the parsers are (see
 * ./markdown.ts): its package is nine CommonJS modules behind an ES module wrapper, loaded by every run.
 */
export { Command, CommanderError, Option } from 'commander'
