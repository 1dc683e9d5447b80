/**
 * The source registry: which reader handles a file, loaded only when a file of its kind is read (so a run
 * over .txt transcripts never loads the Markdown parser). Later formats register here.
 */
import { extname } from 'node:path'
import type { ParsedFile, Role } from '../document.js'
import { SourceError } from '../errors.js'

export interface SourceContext {
  filePath: string
  /** Lower-cased speaker label → role (defaults merged with config `roles`). */
  roles: Record<string, Role>
}

export interface SourceReader {
  read(text: string, context: SourceContext): ParsedFile
}

interface SourceEntry {
  extensions: string[]
  load(): Promise<SourceReader>
}

export const sources: Record<string, SourceEntry> = {
  'chat-text': {
    extensions: ['.txt', '.chat', '.log'],
    load: async () => (await import('./chat-text.js')).chatTextSource,
  },
  markdown: {
    extensions: ['.md', '.markdown'],
    load: async () => (await import('./markdown.js')).markdownSource,
  },
  json: {
    extensions: ['.json', '.jsonl', '.ndjson'],
    load: async () => (await import('./json.js')).jsonSource,
  },
}

/** Every extension some source reads (what a directory walk picks up). */
export const lintableExtensions: ReadonlySet<string> = new Set(Object.values(sources).flatMap((s) => s.extensions))

export function formatForPath(filePath: string): string | undefined {
  const ext = extname(filePath).toLowerCase()
  for (const [name, entry] of Object.entries(sources)) if (entry.extensions.includes(ext)) return name
  return undefined
}

export async function readSource(
  text: string,
  filePath: string,
  options: { roles: Record<string, Role>; format?: string },
): Promise<{ parsed: ParsedFile; format: string }> {
  const format = options.format ?? formatForPath(filePath)
  if (!format) {
    const ext = extname(filePath) || '(none)'
    throw new SourceError(
      `No source reads files of type ${ext}; known types: ${[...lintableExtensions].join(', ')} (or pass --input-format).`,
    )
  }
  const entry = sources[format]
  if (!entry) throw new SourceError(`Unknown input format "${format}"; known formats: ${Object.keys(sources).join(', ')}.`)
  const reader = await entry.load()
  return { parsed: reader.read(text, { filePath, roles: options.roles }), format }
}
