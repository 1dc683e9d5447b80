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
  /** A format named by --input-format or config `formats` (for JSON, the shape to read). */
  format?: string
  /** Read macros marked inactive too (`--include-inactive`). */
  includeInactive?: boolean
}

export interface SourceReader {
  read(text: string, context: SourceContext): ParsedFile | Promise<ParsedFile>
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
  // Every JSON file: rapport's own shape and the vendor shapes (json-shapes.ts), told apart by their content.
  json: {
    extensions: ['.json', '.jsonl', '.ndjson'],
    load: async () => (await import('./json.js')).jsonSource,
  },
  webvtt: {
    extensions: ['.vtt'],
    load: async () => (await import('./webvtt.js')).webvttSource,
  },
  srt: {
    extensions: ['.srt'],
    load: async () => (await import('./srt.js')).srtSource,
  },
  // Zendesk's macro import CSV (title, active, actions_json).
  'zendesk-csv': {
    extensions: ['.csv'],
    load: async () => (await import('./zendesk-csv.js')).zendeskCsvSource,
  },
  // YAML macro collections: GitHub saved replies (.github/replies.yml) and the generic [{title, body}] list.
  yaml: {
    extensions: ['.yml', '.yaml'],
    load: async () => (await import('./yaml.js')).yamlSource,
  },
}

/** Every extension some source reads (what a directory walk picks up). */
export const lintableExtensions: ReadonlySet<string> = new Set(Object.values(sources).flatMap((s) => s.extensions))

export function formatForPath(filePath: string): string | undefined {
  const ext = extname(filePath).toLowerCase()
  for (const [name, entry] of Object.entries(sources)) if (entry.extensions.includes(ext)) return name
  return undefined
}

/** Formats read by a file reader that recognises them itself (the YAML reader tells its two apart). */
const READ_BY: Record<string, string> = { 'github-replies': 'yaml' }

/** Every format name --input-format and config `formats` accept: the file formats and the JSON shapes. */
export async function knownFormats(): Promise<string[]> {
  const { jsonShapeNames } = await import('./json.js')
  return [...new Set([...Object.keys(sources), ...Object.keys(READ_BY), 'jsonl', ...jsonShapeNames])]
}

export async function readSource(
  text: string,
  filePath: string,
  options: { roles: Record<string, Role>; format?: string; includeInactive?: boolean },
): Promise<{ parsed: ParsedFile; format: string }> {
  const format = options.format ?? formatForPath(filePath)
  if (!format) {
    const ext = extname(filePath) || '(none)'
    throw new SourceError(
      `No source reads files of type ${ext}; known types: ${[...lintableExtensions].join(', ')} (or pass --input-format).`,
    )
  }
  let entry = sources[READ_BY[format] ?? format]
  let shape: string | undefined
  // JSON a conversation per line, whatever the file is called (--input-format jsonl, or stdin).
  if (format === 'jsonl') {
    entry = sources.json!
    shape = 'jsonl'
  } else if (!entry) {
    // A JSON shape by name ("contact-lens"): the JSON reader, told which shape to read.
    const known = await knownFormats()
    if (!known.includes(format)) throw new SourceError(`Unknown input format "${format}"; known formats: ${known.join(', ')}.`)
    // Collections can be YAML as well as JSON: the file's own extension picks the reader.
    entry = formatForPath(filePath) === 'yaml' ? sources.yaml! : sources.json!
    shape = format
  } else if (format === 'json' && options.format) shape = 'json'
  const reader = await entry.load()
  const parsed = await reader.read(text, { filePath, roles: options.roles, format: shape, includeInactive: options.includeInactive })
  return { parsed, format: parsed.documents[0]?.format ?? format }
}
