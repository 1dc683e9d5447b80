/**
 * The Markdown parser: unified with remark-parse. The build bundles this module, with everything it imports,
 * into one file (scripts/bundle-modules.ts): loading micromark's seventy small modules one at a time was about
 * 35 ms, a fifth of a one-file run. From source (tests) it loads the packages as they are.
 */
export { unified } from 'unified'
export { default as remarkParse } from 'remark-parse'
