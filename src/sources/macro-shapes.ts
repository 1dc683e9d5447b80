/** Vendor macro-library formats read from JSON (one Document of kind macro per macro). */
import type { JsonShape } from './json-tree.js'

export const macroShapes: readonly JsonShape[] = []
