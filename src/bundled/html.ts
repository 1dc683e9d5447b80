/**
 * The HTML parser: unified with rehype-parse, bundled into one file by the build as the Markdown parser is
 * (see ./markdown.ts). Loaded only for sources whose bodies are HTML.
 */
export { unified } from 'unified'
export { default as rehypeParse } from 'rehype-parse'
