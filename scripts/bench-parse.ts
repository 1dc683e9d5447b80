/**
 * Used by `npm run bench`: the Markdown parser alone, the floor under rapport's time on the macros. Parses the
 * bodies of the files listed in <list> (one path per line, front matter cut off as rapport does) with unified +
 * remark-parse, in one process; with <part> and <parts>, only every <parts>-th file from <part>, so that the
 * bench can run two halves side by side and see what a second core adds.
 *
 *   node dist/scripts/bench-parse.js <list> [<part> <parts>]
 */
import { readFileSync } from 'node:fs'
import remarkParse from 'remark-parse'
import { unified } from 'unified'

const [list, part = '0', parts = '1'] = process.argv.slice(2)
if (!list) {
  process.stderr.write('usage: bench-parse <list> [<part> <parts>]\n')
  process.exit(2)
}
const files = readFileSync(list, 'utf8').split('\n').filter(Boolean)
const processor = unified().use(remarkParse)
const FRONT_MATTER = /^---[ \t]*\r?\n[^]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/
let nodes = 0
for (let i = Number(part); i < files.length; i += Number(parts)) {
  const text = readFileSync(files[i]!, 'utf8')
  nodes += processor.parse(text.replace(FRONT_MATTER, '')).children.length
}
process.stdout.write(`${nodes}\n`)
