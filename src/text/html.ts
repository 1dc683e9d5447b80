/**
 * HTML bodies (Zendesk comment_value_html, Help Scout text, Intercom and Front bodies) read as a person sees
 * them: tags gone, entities decoded, a line break for <br>, a blank line between blocks, nothing from
 * <script>, <style> or comments. Every character keeps its place in the markup (rehype-parse positions), so a
 * diagnostic points into the HTML. Intercom's `<attribute key="user.name" default="there"/>` becomes the
 * placeholder `{{user.name|fallback:"there"}}`, mapped to the whole element.
 *
 * The parser is loaded on demand: call `loadHtmlParser()` (async) before `htmlToText` (sync).
 */
import type { Element, Nodes, Root } from 'hast'
import { SourceMap } from '../document.js'
import { align } from './align.js'

type Parse = (html: string) => Root
let parse: Parse | undefined

export async function loadHtmlParser(): Promise<void> {
  if (parse) return
  const { unified, rehypeParse } = await import('../bundled/html.js')
  const processor = unified().use(rehypeParse, { fragment: true })
  parse = (html) => processor.parse(html) as Root
}

const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'blockquote', 'ul', 'ol', 'li', 'table', 'tr', 'td', 'th',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'hr', 'dl', 'dt', 'dd', 'figure', 'figcaption', 'address',
])
const HIDDEN = new Set(['script', 'style', 'head', 'title', 'template', 'noscript'])

/** True when `text` looks like markup rather than plain text (a reader can then choose htmlToText). */
export function looksLikeHtml(text: string): boolean {
  return /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/i.test(text)
}

type Piece =
  | { kind: 'text'; value: string; start?: number; end?: number }
  | { kind: 'token'; value: string; start?: number; end?: number }
  | { kind: 'break'; size: 1 | 2; at: number }

export function htmlToText(html: string): { text: string; map: SourceMap } {
  if (!parse) throw new Error('htmlToText called before loadHtmlParser()')
  const pieces: Piece[] = []
  let lastEnd = 0

  const visit = (node: Nodes): void => {
    if (node.type === 'text') {
      const start = node.position?.start.offset
      const end = node.position?.end.offset
      pieces.push({ kind: 'text', value: node.value.replace(/\s+/g, ' '), start, end })
      if (end !== undefined) lastEnd = end
      return
    }
    if (node.type === 'root') {
      for (const child of node.children) visit(child as Nodes)
      return
    }
    if (node.type !== 'element') return
    const el = node as Element
    if (HIDDEN.has(el.tagName)) return
    const start = el.position?.start.offset
    const end = el.position?.end.offset
    if (el.tagName === 'attribute') {
      const key = String(el.properties?.key ?? '')
      const fallback = el.properties?.default
      // HTML has no self-closing custom elements, so what follows `<attribute/>` is parsed as its content:
      // the token covers the tag itself, and the content is read as ordinary text.
      const tagEnd = (el.children[0]?.position?.start.offset ?? end)
      pieces.push({ kind: 'token', value: `{{${key}${fallback !== undefined ? `|fallback:"${String(fallback)}"` : ''}}}`, start, end: tagEnd })
      for (const child of el.children) visit(child as Nodes)
    } else if (el.tagName === 'br') {
      pieces.push({ kind: 'break', size: 1, at: start ?? lastEnd })
    } else {
      const block = BLOCK.has(el.tagName)
      if (block) pieces.push({ kind: 'break', size: 2, at: start ?? lastEnd })
      for (const child of el.children) visit(child as Nodes)
      if (block) pieces.push({ kind: 'break', size: 2, at: end ?? lastEnd })
    }
    if (end !== undefined) lastEnd = end
  }
  visit(parse(html))

  // Assemble: white space collapses across pieces, no space next to a break, breaks merge (the larger wins)
  // and never lead or trail.
  const map = new SourceMap()
  let text = ''
  let owed: { size: number; at: number } | undefined
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!
    if (piece.kind === 'break') {
      // Two <br> in a row make a blank line, as they show; block edges merge (the larger wins).
      const twoBreaks = piece.size === 1 && pieces[i - 1]?.kind === 'break' && (pieces[i - 1] as { size: number }).size === 1
      if (text.length > 0) owed = { size: twoBreaks ? 2 : Math.max(owed?.size ?? 0, piece.size), at: owed?.at ?? piece.at }
      continue
    }
    let value = piece.value
    const atLineStart = text.length === 0 || owed !== undefined || text.endsWith('\n')
    if (atLineStart || text.endsWith(' ')) value = value.replace(/^ /, '')
    // A trailing space is dropped when what follows is a break or nothing visible.
    const rest = pieces.slice(i + 1).find((p) => p.kind !== 'text' || p.value.trim() !== '')
    if (!rest || rest.kind === 'break') value = value.replace(/ $/, '')
    if (value === '') continue
    if (owed && text.length > 0) {
      const br = '\n'.repeat(owed.size)
      text += br
      map.push(br.length, owed.at, 0)
    }
    owed = undefined
    if (piece.kind === 'token' || piece.start === undefined || piece.end === undefined) {
      const span = piece.start !== undefined && piece.end !== undefined ? piece.end - piece.start : 0
      map.push(value.length, piece.start ?? lastEnd, span)
    } else {
      align(value, html.slice(piece.start, piece.end), piece.start, map)
    }
    text += value
  }
  return { text, map }
}
