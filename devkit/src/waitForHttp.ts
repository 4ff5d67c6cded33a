import { PlatformError } from './PlatformError'
import type { ServiceProcess } from './spawnService'

/**
 * Polls `url` until it answers 200 (and `accept` agrees with the body, when given). Fails with a
 * PlatformError naming the service and showing its last log lines when it exits, times out or
 * `signal` aborts the wait.
 */
export async function waitForHttp(options: {
  service: Pick<ServiceProcess, 'name' | 'exited' | 'tail' | 'logFile'>
  url: string
  timeoutMs: number
  signal: AbortSignal
  accept?: (body: string) => boolean
  /** Replaces the GET, e.g. a JSON-RPC call; true when the service is ready. */
  probe?: (url: string, signal: AbortSignal) => Promise<boolean>
  hint?: string
}): Promise<void> {
  const { service, url, timeoutMs, signal } = options
  const deadline = Date.now() + timeoutMs
  let exitCode: number | undefined
  service.exited.then((code) => (exitCode = code))
  let lastProblem = 'no answer yet'
  const failure = (message: string) =>
    new PlatformError(message, {
      service: service.name,
      metaMessages: options.hint ? [options.hint] : undefined,
      logTail: service.tail(25),
      logFile: service.logFile,
    })

  while (true) {
    if (signal.aborted) throw new PlatformError('startup interrupted', { service: service.name, code: 'PLATFORM_INTERRUPTED' })
    // Let a pending 'exit' event land before deciding.
    await new Promise((r) => setImmediate(r))
    if (exitCode !== undefined) throw failure(`${service.name} exited with code ${exitCode} before it was ready.`)
    try {
      const attempt = AbortSignal.any([signal, AbortSignal.timeout(2_000)])
      if (options.probe) {
        if (await options.probe(url, attempt)) return
        lastProblem = 'not ready'
      } else {
        const res = await fetch(url, { signal: attempt })
        const body = await res.text()
        if (res.status === 200 && (!options.accept || options.accept(body))) return
        lastProblem = `HTTP ${res.status}`
      }
    } catch (error) {
      lastProblem = (error as Error).message
    }
    if (Date.now() > deadline) {
      throw failure(`${service.name} was not ready at ${url} within ${Math.round(timeoutMs / 1000)} s (last: ${lastProblem}).`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
}
