// One shutdown registry per process: resources register a close function as they start, and
// SIGINT/SIGTERM (or a call to shutdown()) closes them in reverse order (the HTTP server before
// the database it reads), each awaited, errors logged and skipped. A grace timer bounds the
// whole thing: idle keep-alive sockets or a stuck RPC call would otherwise hold the process
// open forever. Long-running loops watch `signal` and stop at their next await.
import type { Logger } from './createLogger'

export type ShutdownHook = (signal: AbortSignal) => unknown | Promise<unknown>

export type ShutdownOptions = {
  logger: Logger
  /** How long all hooks together may take before the process is forced out (exit code 1). */
  graceMs?: number
  /** Signals that start a shutdown; [] installs no handlers (libraries, tests). */
  signals?: readonly NodeJS.Signals[]
  /** Called once the hooks are done (or the grace expired); `false` never exits (tests, embedding). */
  exit?: ((code: number) => void) | false
}

export type Shutdown = {
  /** Aborted as soon as shutdown starts. */
  readonly signal: AbortSignal
  readonly isShuttingDown: boolean
  /** Adds a close function; returns a function that removes it again (a resource closed early). */
  register: (name: string, hook: ShutdownHook) => () => void
  /**
   * Runs every hook once, newest first; later calls return the same promise. Resolves with the
   * exit code: 0 when every hook succeeded, 1 when one failed or the grace expired.
   */
  shutdown: (reason?: string, exitCode?: number) => Promise<number>
  /** Removes the signal handlers (the hooks stay). */
  dispose: () => void
}

export function createShutdown(options: ShutdownOptions): Shutdown {
  const { logger } = options
  const graceMs = options.graceMs ?? 10_000
  const signals = options.signals ?? ['SIGINT', 'SIGTERM']
  const exit = options.exit === undefined ? (code: number) => process.exit(code) : options.exit
  const controller = new AbortController()
  const hooks: { name: string; hook: ShutdownHook }[] = []
  let running: Promise<number> | undefined

  const runHooks = async (): Promise<number> => {
    let code = 0
    for (const { name, hook } of [...hooks].reverse()) {
      const started = performance.now()
      try {
        await hook(controller.signal)
        logger.debug({ msg: 'closed', resource: name, ms: Math.round(performance.now() - started) })
      } catch (error) {
        code = 1
        logger.error({ msg: 'close failed; continuing with the rest', resource: name, error })
      }
    }
    return code
  }

  const shutdown = (reason = 'shutdown requested', exitCode = 0): Promise<number> => {
    if (running) return running
    logger.info({ msg: 'shutting down', reason, resources: hooks.map((entry) => entry.name).reverse() })
    controller.abort(new Error(`shutting down: ${reason}`))
    running = new Promise<number>((resolve) => {
      const timer = setTimeout(() => {
        logger.warn({ msg: 'shutdown grace expired; exiting now', graceMs })
        resolve(1)
      }, graceMs)
      // The timer alone must not keep an otherwise finished process alive.
      timer.unref()
      runHooks().then((code) => {
        clearTimeout(timer)
        resolve(code)
      })
    }).then((code) => {
      const final = code === 0 ? exitCode : code
      if (code === 0) logger.info({ msg: 'shut down', reason })
      if (exit) exit(final)
      return final
    })
    return running
  }

  const onSignal = (signal: NodeJS.Signals) => {
    if (running) {
      // A second Ctrl-C means "now": do not make the user wait out the grace period.
      logger.warn({ msg: 'second signal during shutdown; exiting now', signal })
      if (exit) exit(1)
      return
    }
    void shutdown(signal)
  }
  for (const signal of signals) process.on(signal, onSignal)

  return {
    signal: controller.signal,
    get isShuttingDown() {
      return running !== undefined
    },
    register(name, hook) {
      if (running) throw new Error(`cannot register "${name}": shutdown has already started`)
      const entry = { name, hook }
      hooks.push(entry)
      return () => {
        const index = hooks.indexOf(entry)
        if (index >= 0) hooks.splice(index, 1)
      }
    },
    shutdown,
    dispose() {
      for (const signal of signals) process.off(signal, onSignal)
    },
  }
}
