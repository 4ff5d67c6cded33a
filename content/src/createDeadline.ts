import { setMaxListeners } from 'node:events'

/**
 * An abort signal for one fetch that fires when the caller aborts, when no progress was made for
 * `idleMs` (each `touch()` restarts the clock, e.g. when a block arrives), or when the fetch runs
 * past its total limit (`limit()`). The idle clock lets a big file on a slow link finish while a
 * missing CID still fails in bounded time; the total limit stops a peer that sends one block just
 * before each idle timeout from holding the fetch for hours.
 */
export type Deadline = {
  signal: AbortSignal
  /** Progress was made: restart the idle clock. */
  touch: () => void
  /** Sets (or moves) the total limit to `totalMs` after the deadline was created; fires at once when already past. */
  limit: (totalMs: number) => void
  /** The total limit in ms since creation, or undefined without one. */
  readonly totalMs: number | undefined
  /** Milliseconds since the deadline was created. */
  elapsedMs: () => number
  /** True when a clock (not the caller) aborted. */
  readonly timedOut: boolean
  /** Which clock aborted: no progress for idleMs, or the total limit; undefined while none has. */
  readonly expired: 'idle' | 'total' | undefined
  /** Ends the fetch with `reason` (e.g. a block read that failed deep in the exporter, where a rejection would go unhandled). */
  fail: (reason: unknown) => void
  /** Stops the clocks; call when the fetch ends. */
  clear: () => void
}

export function createDeadline(idleMs: number, callerSignal?: AbortSignal): Deadline {
  const controller = new AbortController()
  // Every block read of a fetch listens on this signal, dozens at once for a big file: not a leak.
  setMaxListeners(0, controller.signal)
  const started = performance.now()
  let expired: 'idle' | 'total' | undefined
  let cleared = false
  let timer: NodeJS.Timeout | undefined
  let totalTimer: NodeJS.Timeout | undefined
  let totalMs: number | undefined
  const onCallerAbort = () => controller.abort(callerSignal?.reason)
  const expire = (clock: 'idle' | 'total', message: string) => {
    if (controller.signal.aborted || cleared) return
    expired = clock
    controller.abort(new DOMException(message, 'TimeoutError'))
  }
  const arm = () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => expire('idle', `no progress for ${idleMs} ms`), idleMs)
    // A pending fetch must not keep a process alive that is otherwise done.
    timer.unref?.()
  }
  if (callerSignal?.aborted) controller.abort(callerSignal.reason)
  else {
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true })
    arm()
  }
  return {
    signal: controller.signal,
    touch: () => {
      if (!controller.signal.aborted && !cleared) arm()
    },
    limit: (ms) => {
      if (controller.signal.aborted || cleared) return
      totalMs = ms
      if (totalTimer) clearTimeout(totalTimer)
      const left = Math.max(0, started + ms - performance.now())
      totalTimer = setTimeout(() => expire('total', `not done within ${ms} ms`), left)
      totalTimer.unref?.()
    },
    get totalMs() {
      return totalMs
    },
    elapsedMs: () => Math.round(performance.now() - started),
    get timedOut() {
      return expired !== undefined
    },
    get expired() {
      return expired
    },
    fail: (reason) => {
      if (!controller.signal.aborted && !cleared) controller.abort(reason)
    },
    clear: () => {
      cleared = true
      if (timer) clearTimeout(timer)
      if (totalTimer) clearTimeout(totalTimer)
      callerSignal?.removeEventListener('abort', onCallerAbort)
    },
  }
}
