import type { createHeliaStore } from '@neuromation/content'

type Logger = Parameters<typeof createHeliaStore>[0]['logger']

/**
 * The test's IPFS node logs warnings and errors to the test output and drops the rest. Written
 * here because dApp code (tests included) may not import the Node-only @neuromation/runtime,
 * whose createLogger the services use; the shape is the content store's Logger.
 */
export function warnLogger(bindings: Record<string, unknown> = {}): Logger {
  const emit = (level: string) => (fields: { msg: string; [key: string]: unknown } | string) =>
    console.warn(JSON.stringify({ level, ...bindings, ...(typeof fields === 'string' ? { msg: fields } : fields) }))
  return {
    level: 'warn',
    debug: () => undefined,
    info: () => undefined,
    warn: emit('warn'),
    error: emit('error'),
    isLevelEnabled: (level) => level === 'warn' || level === 'error',
    child: (more) => warnLogger({ ...bindings, ...more }),
  }
}
