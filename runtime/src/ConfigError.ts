import { BaseError, type BaseErrorOptions } from './BaseError'

/**
 * A service cannot start with its configuration: each issue names the variable, what is wrong
 * with its value and what to set instead. Never retryable (the same config fails the same way).
 * The one ConfigError of the repository: loadConfig throws it, and services throw it for
 * cross-variable rules (e.g. a limit above another).
 */
export class ConfigError extends BaseError {
  override name = 'ConfigError'
  /** One line per problem, e.g. `SIGNER_PORT="abc" is not a port number (1-65535); set ...` */
  readonly issues: readonly string[]

  constructor(issues: string | readonly string[], options: Omit<BaseErrorOptions, 'retryable'> & { title?: string } = {}) {
    const list = typeof issues === 'string' ? [issues] : [...issues]
    const { title, ...rest } = options
    // One problem reads as a sentence; several as a list under a title.
    const shortMessage =
      list.length === 1 && !title
        ? list[0]
        : `${title ?? 'Invalid configuration'}:\n${list.map((issue) => `- ${issue}`).join('\n')}`
    super(shortMessage, { code: 'CONFIG_INVALID', ...rest, retryable: false })
    this.issues = list
  }
}
