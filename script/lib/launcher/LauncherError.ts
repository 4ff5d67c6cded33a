/**
 * A failure the launcher explains to the person at the terminal: `message` says what went wrong
 * and what to do; `logTail` holds the last lines of the failing service, when there is one.
 */
export class LauncherError extends Error {
  override name = 'LauncherError'
  constructor(
    message: string,
    readonly details: { service?: string; logTail?: string[]; logFile?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause })
  }
}
