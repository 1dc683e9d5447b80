/** ESLint's JSON result shape: one object per file with its messages and counts. */
import type { Formatter } from './index.js'

export const json: Formatter = (results) =>
  JSON.stringify(
    results.map((r) => ({
      filePath: r.filePath,
      messages: r.messages,
      suppressedMessages: r.suppressedMessages,
      errorCount: r.errorCount,
      fatalErrorCount: r.fatalErrorCount,
      warningCount: r.warningCount,
      fixableErrorCount: r.fixableErrorCount,
      fixableWarningCount: r.fixableWarningCount,
      format: r.format,
      documentCount: r.documentCount,
      usedDeprecatedRules: [],
      ...(r.output !== undefined ? { output: r.output } : {}),
    })),
  )
