// Runs a plan: a list of ServiceDefinitions. Ports are assigned first (given ones checked free,
// the rest chosen by the kernel), then each service starts as soon as the services it depends on
// are ready, so independent ones start in parallel. The first failure (or a crash, or the
// caller's abort) stops everything already started. stop() takes services down in reverse
// dependency order: a service stops only after everything that depends on it has stopped.
import { join } from 'node:path'
import { createLogger, freePort, type Logger } from '@neuromation/runtime'
import type { StatusBoard } from './createStatusBoard'
import { PlatformError } from './PlatformError'
import { portInUse } from './portInUse'
import type { RunningService, ServiceContext, ServiceDefinition } from './ServiceDefinition'

export type RunPlanOptions = {
  /** Fixed ports by service name (`npm start`); services left out get free ports. */
  ports?: Readonly<Record<string, number>>
  /** Variables the run starts with, as if exported by services outside it (e.g. an external RPC_URL). */
  given?: Readonly<Record<string, string>>
  baseEnv?: NodeJS.ProcessEnv
  logDir: string
  /** Prefix of the log file names, so parallel runs (test suites) keep their logs apart. */
  logPrefix?: string
  readyTimeoutMs?: number
  stopGraceMs?: number
  signal?: AbortSignal
  board?: StatusBoard
  logger?: Logger
}

export type RunningPlatform = {
  services: Readonly<Record<string, RunningService>>
  /** Every exported variable: the given ones plus each service's exports. */
  env: Readonly<Record<string, string>>
  ports: Readonly<Record<string, number>>
  /** Rejects with a PlatformError when a service exits while the platform is up. */
  crashed: Promise<never>
  /** Stops every service (reverse dependency order, bounded grace each). Idempotent. */
  stop: () => Promise<void>
}

const silentBoard: StatusBoard = { step: () => ({ done() {}, skip() {}, fail() {} }), note() {} }
const interrupted = (error: unknown) => error instanceof PlatformError && error.code === 'PLATFORM_INTERRUPTED'

/** The services named in `names` plus everything they depend on, in plan order. */
export function selectServices(plan: readonly ServiceDefinition[], names: readonly string[]): ServiceDefinition[] {
  const byName = new Map(plan.map((s) => [s.name, s]))
  const wanted = new Set<string>()
  const visit = (name: string) => {
    const service = byName.get(name)
    if (!service)
      throw new PlatformError(`Unknown service "${name}"; the plan has ${[...byName.keys()].join(', ')}.`, {
        code: 'PLATFORM_UNKNOWN_SERVICE',
      })
    if (wanted.has(name)) return
    wanted.add(name)
    for (const dependency of service.dependsOn) visit(dependency)
  }
  for (const name of names) visit(name)
  return plan.filter((s) => wanted.has(s.name))
}

export async function runPlan(plan: readonly ServiceDefinition[], options: RunPlanOptions): Promise<RunningPlatform> {
  const board = options.board ?? silentBoard
  const logger = options.logger ?? createLogger({ level: 'silent' })
  const readyTimeoutMs = options.readyTimeoutMs ?? 180_000
  const stopGraceMs = options.stopGraceMs ?? 10_000
  const byName = new Map(plan.map((s) => [s.name, s]))
  if (byName.size !== plan.length) throw new PlatformError('The plan names a service twice; give each service its own name.')
  for (const service of plan) checkCycle(service, byName)

  const ports = await assignPorts(plan, options.ports ?? {})
  const env: Record<string, string> = { ...options.given }
  const running = new Map<string, RunningService>()
  const internal = new AbortController()
  const signal = options.signal ? AbortSignal.any([options.signal, internal.signal]) : internal.signal
  let stopping: Promise<void> | undefined
  let crash: PlatformError | undefined
  let rejectCrashed: (error: PlatformError) => void = () => {}
  const crashed = new Promise<never>((_, reject) => (rejectCrashed = reject))
  crashed.catch(() => {}) // observed by the caller; never an unhandled rejection

  const contextFor = (service: ServiceDefinition, restarts: number): ServiceContext => ({
    host: '127.0.0.1',
    port: ports[service.name],
    ports,
    env: { ...env },
    baseEnv: options.baseEnv ?? process.env,
    logFile: join(options.logDir, `${options.logPrefix ?? ''}${service.name}.log`),
    readyTimeoutMs,
    stopGraceMs,
    signal,
    logger: logger.child({ service: service.name }),
    restarts,
  })

  const restartCounts = new Map<string, number>()
  const watch = (name: string, service: RunningService) => {
    service.exited?.then(async (code) => {
      if (stopping || crash) return
      const definition = byName.get(name)
      const restarts = restartCounts.get(name) ?? 0
      if (definition?.restartOnExit !== undefined && restarts < definition.restartOnExit && !signal.aborted) {
        restartCounts.set(name, restarts + 1)
        logger.warn({ msg: 'service exited unexpectedly: restarting it', service: name, code, restart: restarts + 1 })
        try {
          const restarted = await definition.start(contextFor(definition, restarts + 1))
          if (stopping || crash) {
            await restarted.stop?.()
            return
          }
          running.set(name, restarted)
          watch(name, restarted)
          logger.info({ msg: 'service restarted', service: name, restart: restarts + 1 })
          return
        } catch (error) {
          if (stopping || crash) return
          logger.error({ msg: 'service restart failed', service: name, error })
        }
      }
      crash = new PlatformError(`${name} exited unexpectedly with code ${code}; stopping the platform.`, {
        service: name,
        logTail: service.tail?.(25),
        logFile: service.logFile,
        code: 'PLATFORM_SERVICE_CRASHED',
      })
      logger.error({ msg: 'service crashed', service: name, code })
      internal.abort(crash)
      rejectCrashed(crash)
    })
  }

  const starting = new Map<string, Promise<void>>()
  const start = (service: ServiceDefinition): Promise<void> => {
    let promise = starting.get(service.name)
    if (promise) return promise
    promise = (async () => {
      await Promise.all(service.dependsOn.filter((d) => byName.has(d)).map((d) => start(byName.get(d)!)))
      if (signal.aborted) throw new PlatformError('startup interrupted', { service: service.name, code: 'PLATFORM_INTERRUPTED' })
      const step = board.step(service.label ?? service.name)
      const started = performance.now()
      try {
        const result = await service.start(contextFor(service, 0))
        running.set(service.name, result)
        Object.assign(env, result.exports)
        watch(service.name, result)
        if (result.skipped) step.skip(result.skipped)
        else step.done(result.detail)
        logger.info({
          msg: result.skipped ? 'service skipped' : 'service ready',
          service: service.name,
          ms: Math.round(performance.now() - started),
        })
      } catch (error) {
        step.fail(signal.aborted ? 'interrupted' : 'failed')
        internal.abort(error)
        throw error
      }
    })()
    starting.set(service.name, promise)
    return promise
  }

  const stopped = new Map<string, Promise<void>>()
  const stopOne = (name: string): Promise<void> => {
    let promise = stopped.get(name)
    if (promise) return promise
    const dependents = plan.filter((s) => s.dependsOn.includes(name)).map((s) => s.name)
    promise = Promise.all(dependents.map(stopOne)).then(async () => {
      const service = running.get(name)
      if (!service?.stop) return
      const started = performance.now()
      try {
        await service.stop()
        logger.info({ msg: 'service stopped', service: name, ms: Math.round(performance.now() - started) })
      } catch (error) {
        logger.warn({ msg: 'service did not stop cleanly', service: name, error })
      }
    })
    stopped.set(name, promise)
    return promise
  }
  const stop = () => {
    stopping ??= Promise.all(plan.map((s) => stopOne(s.name))).then(() => undefined)
    return stopping
  }

  const outcomes = await Promise.allSettled(plan.map(start))
  const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []))
  if (failures.length > 0 || crash) {
    await stop()
    // The root cause, not the "interrupted" of the services that were stopped because of it.
    throw crash ?? failures.find((f) => !interrupted(f)) ?? failures[0]
  }
  return { services: Object.fromEntries(running), env: { ...env }, ports, crashed, stop }
}

function checkCycle(service: ServiceDefinition, byName: Map<string, ServiceDefinition>, path: string[] = []) {
  if (path.includes(service.name)) {
    throw new PlatformError(`The plan's dependencies form a cycle: ${[...path, service.name].join(' -> ')}.`)
  }
  for (const dependency of service.dependsOn) {
    const next = byName.get(dependency)
    if (next) checkCycle(next, byName, [...path, service.name])
  }
}

async function assignPorts(
  plan: readonly ServiceDefinition[],
  fixed: Readonly<Record<string, number>>,
): Promise<Record<string, number>> {
  const ports: Record<string, number> = {}
  const taken: string[] = []
  for (const service of plan) {
    if (!service.port) continue
    const port = fixed[service.name]
    if (port === undefined) continue
    ports[service.name] = port
    if (await portInUse(port)) taken.push(service.name)
  }
  if (taken.length > 0) {
    const describe = (name: string) => `port ${ports[name]} (${name}, ${byPortEnv(plan, name)})`
    const first = ports[taken[0]]
    const suggested = await freePortsAbove(
      taken.map((name) => ports[name]),
      new Set(Object.values(ports)),
    )
    throw new PlatformError(
      `Cannot start: ${taken.map(describe).join(', ')} ${taken.length === 1 ? 'is' : 'are'} already in use by another process; ` +
        'a previous `npm start` may still be running.',
      {
        code: 'PLATFORM_PORT_IN_USE',
        metaMessages: [
          `Stop it (\`ss -ltnp 'sport = :${first}'\` shows who holds the port) or choose free ports, e.g. ` +
            `\`${taken.map((n, i) => `${byPortEnv(plan, n)}=${suggested[i]}`).join(' ')} npm start\`.`,
        ],
      },
    )
  }
  const used = new Set(Object.values(ports))
  for (const service of plan) {
    if (!service.port || ports[service.name] !== undefined) continue
    let port = await freePort()
    // The kernel may hand back a port another service was just given (it is not bound yet).
    while (used.has(port)) port = await freePort()
    used.add(port)
    ports[service.name] = port
  }
  return ports
}

/**
 * For each taken port, the first port above it that is free now and neither given to another
 * service of the run nor suggested already: "port + 1" is often the next service's own port.
 */
async function freePortsAbove(taken: readonly number[], reserved: Set<number>): Promise<number[]> {
  const result: number[] = []
  for (const from of taken) {
    let port = from + 1
    const last = Math.min(from + 100, 65_535)
    while (port <= last && (reserved.has(port) || (await portInUse(port)))) port++
    // A crowded range: any port the kernel calls free will do.
    if (port > last) {
      port = await freePort()
      while (reserved.has(port)) port = await freePort()
    }
    reserved.add(port)
    result.push(port)
  }
  return result
}

const byPortEnv = (plan: readonly ServiceDefinition[], name: string) => plan.find((s) => s.name === name)?.port?.env ?? 'port'
