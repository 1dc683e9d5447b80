/** Vendor transcript formats read from JSON (contact centres, messaging exports). */
import type { JsonShape } from './json-tree.js'

export const transcriptShapes: readonly JsonShape[] = []
