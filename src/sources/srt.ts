/** Placeholder until the srt reader lands: a clear message instead of a crash. */
import { SourceError } from '../errors.js'
import type { SourceReader } from './index.js'

export const srtSource: SourceReader = {
  read() {
    throw new SourceError('Reading srt files is not supported yet.')
  },
}
