/** Placeholder until the zendesk-csv reader lands: a clear message instead of a crash. */
import { SourceError } from '../errors.js'
import type { SourceReader } from './index.js'

export const zendeskCsvSource: SourceReader = {
  read() {
    throw new SourceError('Reading zendesk-csv files is not supported yet.')
  },
}
