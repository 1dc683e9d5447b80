/** Placeholder until the yaml reader lands: a clear message instead of a crash. */
import { SourceError } from '../errors.js'
import type { SourceReader } from './index.js'

export const yamlSource: SourceReader = {
  read() {
    throw new SourceError('Reading yaml files is not supported yet.')
  },
}
