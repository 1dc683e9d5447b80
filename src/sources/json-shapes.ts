/**
 * The vendor JSON formats, tried in this order before rapport's own shape. Each is a JsonShape in its own
 * file; a shape's `detect` must be specific enough not to claim another vendor's files.
 */
import type { JsonShape } from './json-tree.js'
import { macroShapes } from './macro-shapes.js'
import { transcriptShapes } from './transcript-shapes.js'

export const jsonShapes: readonly JsonShape[] = [...transcriptShapes, ...macroShapes]
