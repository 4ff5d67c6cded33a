/**
 * An error of the training runner: a short message saying what is wrong, details saying what to
 * do, and the underlying cause. `retryable` tells callers (the executor node) whether running the
 * same job again may succeed (a killed worker) or not (a bad model file).
 */
export class TrainError extends Error {
  override name = 'TrainError'
  readonly details?: string
  readonly retryable: boolean

  constructor(message: string, options: { details?: string; cause?: unknown; retryable?: boolean } = {}) {
    super(options.details ? `${message}: ${options.details}` : message, { cause: options.cause })
    this.details = options.details
    this.retryable = options.retryable ?? false
  }
}
