/** Placeholder until the webvtt reader lands: a clear message instead of a crash. */
import { SourceError } from '../errors.js'
import type { SourceReader } from './index.js'

export const webvttSource: SourceReader = {
  read() {
    throw new SourceError('Reading webvtt files is not supported yet.')
  },
}
