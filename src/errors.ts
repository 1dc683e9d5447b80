/** Errors that end a run with exit code 2 and one line on stderr (no stack unless DEBUG=rapport). */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    readonly detail: string,
  ) {
    super(`${file}: ${key}: ${detail}`)
    this.name = 'ConfigError'
  }
}

export class UsageError extends Error {
  override name = 'UsageError'
}

/** A file that cannot be read or parsed: a fatal diagnostic on that file, never a crash. */
export class SourceError extends Error {
  constructor(
    message: string,
    /** File offset of the problem, when known. */
    readonly offset?: number,
  ) {
    super(message)
    this.name = 'SourceError'
  }
}
