// The structured logger of every Node service: one JSON object per line (a log shipper or the
// launcher's log file parses it), or a readable line when writing to a terminal. Secrets are
// redacted on the way out: fields named like keys or passwords, and credentials or API keys in
// URLs (anywhere in a string), since RPC URLs often hold a key in their path.
import { BaseError } from './BaseError'
import { redactText } from './redactText'
import { redactUrl } from './redactUrl'

export const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const
export type LogLevel = (typeof logLevels)[number]
type EmitLevel = Exclude<LogLevel, 'silent'>

export type LogFields = { msg: string; [key: string]: unknown }

export type Logger = {
  readonly level: LogLevel
  debug: (fields: LogFields | string) => void
  info: (fields: LogFields | string) => void
  warn: (fields: LogFields | string) => void
  error: (fields: LogFields | string) => void
  isLevelEnabled: (level: EmitLevel) => boolean
  /** A logger adding `bindings` to every line, e.g. `logger.child({ module: 'http' })`. */
  child: (bindings: Record<string, unknown>) => Logger
}

/** Receives each finished line (with its newline). */
export type LogSink = (line: string, level: EmitLevel) => void

export type LoggerOptions = {
  level?: LogLevel
  bindings?: Record<string, unknown>
  /** 'auto' (default): pretty when stdout is a terminal, JSON lines otherwise. */
  format?: 'json' | 'pretty' | 'auto'
  sink?: LogSink
  /** Clock for the `time` field (tests pin it). */
  now?: () => Date
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

// Field names whose values are secrets, compared with case and separators removed, by suffix:
// `privateKey`, `SIGNER_PRIVATE_KEY`, `apiKey`, `dbPassword`, `authorization`.
const secretKey =
  /(privatekey|secret|password|passphrase|mnemonic|authorization|cookie|apikey|accesstoken|authtoken|refreshtoken|seedphrase)$/
const isSecretKey = (key: string) => secretKey.test(key.toLowerCase().replace(/[^a-z]/g, ''))

const maxDepth = 6

// warn and error go to stderr so a supervisor can tell them apart without parsing.
const stdSink: LogSink = (line, level) => (level === 'warn' || level === 'error' ? process.stderr : process.stdout).write(line)

/** A log-safe copy of `value`: JSON-compatible, redacted, cycles and depth cut. */
export function serializeLogValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value)
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return value
  if (typeof value === 'function' || typeof value === 'symbol') return undefined
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()
  if (value instanceof URL) return redactUrl(value.href)
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`
  if (seen.has(value)) return '[circular]'
  if (depth >= maxDepth) return '[too deep]'
  seen.add(value)
  try {
    if (value instanceof Error) return serializeError(value, depth, seen)
    if (Array.isArray(value)) return value.map((item) => serializeLogValue(item, depth + 1, seen))
    if (value instanceof Map) return serializeLogValue(Object.fromEntries(value), depth, seen)
    if (value instanceof Set) return serializeLogValue([...value], depth, seen)
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) {
      out[key] = isSecretKey(key) ? '[redacted]' : serializeLogValue(item, depth + 1, seen)
    }
    return out
  } finally {
    seen.delete(value)
  }
}

function serializeError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: error.name,
    message: redactText(error instanceof BaseError ? error.shortMessage : error.message),
  }
  if (error instanceof BaseError) {
    if (error.code !== undefined) out.code = error.code
    out.retryable = error.retryable
    if (error.details !== undefined) out.details = redactText(error.details)
  } else {
    const code = (error as { code?: unknown }).code
    if (typeof code === 'string' || typeof code === 'number') out.code = code
    // An error we did not make is a bug or an outside failure: its stack is what tells where.
    if (error.stack) out.stack = redactText(error.stack)
  }
  if (error.cause !== undefined) out.cause = serializeLogValue(error.cause, depth + 1, seen)
  return out
}

const colors: Record<EmitLevel, string> = { debug: '\x1b[90m', info: '\x1b[36m', warn: '\x1b[33m', error: '\x1b[31m' }
const reset = '\x1b[0m'

function prettyLine(record: Record<string, unknown>, level: EmitLevel, color: boolean): string {
  const { time, level: _level, msg, module, ...rest } = record
  const clock = typeof time === 'string' ? time.slice(11, 23) : ''
  const tag = level.toUpperCase().padEnd(5)
  const head = `${clock} ${color ? `${colors[level]}${tag}${reset}` : tag}${module ? ` [${module}]` : ''} ${msg}`
  const fields = Object.entries(rest)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' && !/\s|"/.test(value) ? value : JSON.stringify(value)}`)
  return `${[head, ...fields].join(' ')}\n`
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info'
  const threshold = rank[level]
  const sink = options.sink ?? stdSink
  const format = options.format ?? 'auto'
  // 'auto' looks at the terminal only for the default sink: a custom sink gets JSON unless asked.
  const pretty = format === 'pretty' || (format === 'auto' && options.sink === undefined && process.stdout.isTTY === true)
  const color = pretty && options.sink === undefined && process.stdout.isTTY === true
  const now = options.now ?? (() => new Date())
  const bindings = serializeLogValue(options.bindings ?? {}) as Record<string, unknown>

  const emit = (emitLevel: EmitLevel) => (input: LogFields | string) => {
    if (rank[emitLevel] < threshold) return
    const fields = typeof input === 'string' ? { msg: input } : input
    const record: Record<string, unknown> = { time: now().toISOString(), level: emitLevel, ...bindings }
    for (const [key, value] of Object.entries(fields)) {
      record[key] = isSecretKey(key) ? '[redacted]' : serializeLogValue(value)
    }
    // A log line must never take the service down (a getter that throws, a closed stream).
    try {
      sink(pretty ? prettyLine(record, emitLevel, color) : `${JSON.stringify(record)}\n`, emitLevel)
    } catch {
      // nothing sensible left to report to
    }
  }

  return {
    level,
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    isLevelEnabled: (candidate) => rank[candidate] >= threshold,
    child: (more) => createLogger({ ...options, bindings: { ...(options.bindings ?? {}), ...more } }),
  }
}
