import { BaseError, type BaseErrorOptions } from '@neuromation/runtime'

/**
 * The platform could not be started or stopped: the message says what went wrong and what to do;
 * `service` names the failing service and `logTail` holds its last log lines, so `npm start` and a
 * failing test show the cause without anyone opening a log file.
 */
export class PlatformError extends BaseError {
  override name = 'PlatformError'
  readonly service: string | undefined
  readonly logTail: readonly string[]
  readonly logFile: string | undefined

  constructor(
    message: string,
    options: Omit<BaseErrorOptions, 'code'> & { service?: string; logTail?: readonly string[]; logFile?: string; code?: string } = {},
  ) {
    const { service, logTail, logFile, ...rest } = options
    super(message, { code: 'PLATFORM_START_FAILED', ...rest })
    this.service = service
    this.logTail = logTail ?? []
    this.logFile = logFile
  }

  /** The message followed by the service's last log lines: what a test failure should print. */
  withLogTail(): string {
    if (this.logTail.length === 0) return this.message
    return `${this.message}\n--- last lines${this.logFile ? ` of ${this.logFile}` : ''} ---\n${this.logTail.join('\n')}\n---`
  }
}
