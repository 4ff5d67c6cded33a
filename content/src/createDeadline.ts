import { setMaxListeners } from 'node:events'

/**
 * An abort signal for one fetch that fires when the caller aborts or when no progress was made
 * for `idleMs` (each `touch()` restarts the clock, e.g. when a block arrives), so a big file on a
 * slow link is not cut off while a missing CID still fails in bounded time.
 */
export type Deadline = {
  signal: AbortSignal
  /** Progress was made: restart the idle clock. */
  touch: () => void
  /** True when the idle clock (not the caller) aborted. */
  readonly timedOut: boolean
  /** Stops the clock; call when the fetch ends. */
  clear: () => void
}

export function createDeadline(idleMs: number, callerSignal?: AbortSignal): Deadline {
  const controller = new AbortController()
  // Every block read of a fetch listens on this signal, dozens at once for a big file: not a leak.
  setMaxListeners(0, controller.signal)
  let timedOut = false
  let cleared = false
  let timer: NodeJS.Timeout | undefined
  const onCallerAbort = () => controller.abort(callerSignal?.reason)
  const arm = () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timedOut = true
      controller.abort(new DOMException(`no progress for ${idleMs} ms`, 'TimeoutError'))
    }, idleMs)
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
    get timedOut() {
      return timedOut
    },
    clear: () => {
      cleared = true
      if (timer) clearTimeout(timer)
      callerSignal?.removeEventListener('abort', onCallerAbort)
    },
  }
}
