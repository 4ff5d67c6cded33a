// One small structured logger for the signer: one JSON object per line, so a log shipper (or the
// launcher's log file) can parse it. Errors are serialized by name and message, never by dumping
// objects that might carry secrets.

export const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const
export type LogLevel = (typeof logLevels)[number]
type Fields = Record<string, unknown>
type Sink = (line: string, level: Exclude<LogLevel, 'silent'>) => void

export type Logger = {
  debug: (fields: Fields & { msg: string }) => void
  info: (fields: Fields & { msg: string }) => void
  warn: (fields: Fields & { msg: string }) => void
  error: (fields: Fields & { msg: string }) => void
  /** A logger that adds `bindings` to every line (e.g. `{ module: 'http' }`). */
  child: (bindings: Fields) => Logger
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

// warn and error go to stderr so a supervisor can tell them apart without parsing.
const stdSink: Sink = (line, level) => (level === 'warn' || level === 'error' ? process.stderr : process.stdout).write(line)

function serialize(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Error) {
    const out: Fields = { name: value.name, message: value.message }
    if (value.cause !== undefined) out.cause = serialize(value.cause)
    return out
  }
  return value
}

export function createLogger(options: { level?: LogLevel; bindings?: Fields; sink?: Sink } = {}): Logger {
  const threshold = rank[options.level ?? 'info']
  const bindings = options.bindings ?? {}
  const sink = options.sink ?? stdSink
  const emit = (level: Exclude<LogLevel, 'silent'>) => (fields: Fields & { msg: string }) => {
    if (rank[level] < threshold) return
    const record: Fields = { time: new Date().toISOString(), level, ...bindings }
    for (const [key, value] of Object.entries(fields)) record[key] = serialize(value)
    sink(`${JSON.stringify(record)}\n`, level)
  }
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (more) => createLogger({ level: options.level, bindings: { ...bindings, ...more }, sink }),
  }
}
