// The root of every error our Node services throw on purpose. Modelled on viem's BaseError: a
// short message for people, optional details and a `cause` chain, plus two things a caller
// needs to decide what to do next without parsing text: a stable `code` and `retryable`
// (a transient fault such as a timed-out RPC call, worth retrying; a bad input is not).

export type BaseErrorOptions = {
  /** Further explanation; when absent and `cause` is set, the cause's details or message. */
  details?: string
  /** Extra lines printed between the short message and the details (hints, the fix). */
  metaMessages?: string[]
  cause?: unknown
  /** True when trying the same thing again later may succeed; inherits the cause's flag. */
  retryable?: boolean
  /** A stable machine-readable code, e.g. 'CONFIG_INVALID' or 'RPC_TIMEOUT'. */
  code?: string
}

export class BaseError extends Error {
  override name = 'BaseError'
  readonly shortMessage: string
  readonly details: string | undefined
  readonly metaMessages: string[] | undefined
  readonly retryable: boolean
  readonly code: string | undefined

  constructor(shortMessage: string, options: BaseErrorOptions = {}) {
    const { cause, metaMessages } = options
    const details = options.details ?? detailsOf(cause)
    const message = [
      shortMessage || 'An error occurred.',
      ...(metaMessages?.length ? ['', ...metaMessages] : []),
      ...(details ? ['', `Details: ${details}`] : []),
    ].join('\n')
    super(message, cause === undefined ? undefined : { cause })
    this.shortMessage = shortMessage
    this.details = details
    this.metaMessages = metaMessages
    this.retryable = options.retryable ?? (cause instanceof BaseError ? cause.retryable : false)
    this.code = options.code ?? (cause instanceof BaseError ? cause.code : undefined)
  }

  /** The innermost error of the `cause` chain. */
  walk(): unknown
  /** The first error of the chain (this one included) for which `fn` is true, or null. */
  walk(fn: (error: unknown) => boolean): unknown
  walk(fn?: (error: unknown) => boolean): unknown {
    return walk(this, fn)
  }
}

function detailsOf(cause: unknown): string | undefined {
  if (cause instanceof BaseError) return cause.details ?? cause.shortMessage
  if (cause instanceof Error) return cause.message.split('\n')[0]
  if (typeof cause === 'string') return cause
  return undefined
}

function walk(error: unknown, fn?: (error: unknown) => boolean): unknown {
  // Bounded: a cause chain that loops back on itself must not hang the caller.
  const seen = new Set<unknown>()
  let current = error
  while (true) {
    if (fn?.(current)) return current
    seen.add(current)
    const cause = typeof current === 'object' && current !== null && 'cause' in current ? current.cause : undefined
    if (cause === undefined || cause === null || seen.has(cause)) return fn ? null : current
    current = cause
  }
}
