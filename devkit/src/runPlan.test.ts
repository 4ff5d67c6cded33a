import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { defineProcessService } from './defineProcessService'
import { PlatformError } from './PlatformError'
import { portInUse } from './portInUse'
import { runPlan, selectServices } from './runPlan'
import type { ServiceDefinition } from './ServiceDefinition'

const logDir = mkdtempSync(join(tmpdir(), 'devkit-runplan-'))
afterAll(() => rmSync(logDir, { recursive: true, force: true }))

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** An in-process service that records what happens to it in `events`. */
function fake(
  name: string,
  dependsOn: string[],
  events: string[],
  options: { delayMs?: number; fail?: string; exports?: Record<string, string> } = {},
): ServiceDefinition {
  return {
    name,
    dependsOn,
    async start(context) {
      events.push(`start ${name} ${JSON.stringify(context.env)}`)
      await sleep(options.delayMs ?? 0)
      if (options.fail) throw new PlatformError(options.fail, { service: name })
      if (context.signal.aborted) throw new PlatformError('startup interrupted', { service: name, code: 'PLATFORM_INTERRUPTED' })
      events.push(`ready ${name}`)
      return { detail: name, exports: options.exports, stop: async () => void events.push(`stop ${name}`) }
    },
  }
}

/** A real process: a node TCP/HTTP server on its assigned port that exits after `exitAfterMs`, when given. */
function httpProcess(name: string, exitAfterMs?: number): ServiceDefinition {
  const script = [
    "const http = require('node:http')",
    "console.log('listening soon')",
    "http.createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')",
    exitAfterMs === undefined
      ? ''
      : `setTimeout(() => { console.error('fatal: out of cheese'); process.exit(3) }, ${exitAfterMs})`,
  ].join(';')
  return defineProcessService({
    name,
    dependsOn: [],
    port: { default: 1, env: `${name.toUpperCase()}_PORT` },
    command: (context) => ({
      command: process.execPath,
      args: ['-e', script],
      cwd: logDir,
      env: { PATH: process.env.PATH, PORT: String(context.port) },
    }),
    ready: (context) => ({ url: `http://127.0.0.1:${context.port}/` }),
    exports: (context) => ({ [`${name.toUpperCase()}_URL`]: `http://127.0.0.1:${context.port}` }),
    detail: (context) => `port ${context.port}`,
  })
}

/** Listens on `count` consecutive loopback ports; `port` is the first. */
async function holdConsecutivePorts(count: number): Promise<{ port: number; close: () => Promise<void> }> {
  const listen = (port: number) =>
    new Promise<Server | undefined>((resolve) => {
      const server = createServer()
      server.once('error', () => resolve(undefined))
      server.listen(port, '127.0.0.1', () => resolve(server))
    })
  const closeAll = (servers: Server[]) =>
    Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))).then(() => undefined)
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 40_000)
    const servers: Server[] = []
    for (let i = 0; i < count; i++) {
      const server = await listen(port + i)
      if (!server) break
      servers.push(server)
    }
    if (servers.length === count) return { port, close: () => closeAll(servers) }
    await closeAll(servers)
  }
  throw new Error(`found no ${count} consecutive free ports`)
}

describe('runPlan', () => {
  it('starts services after their dependencies, independent ones in parallel, and hands exports on', async () => {
    const events: string[] = []
    const plan = [
      fake('chain', [], events, { delayMs: 50, exports: { RPC_URL: 'http://chain' } }),
      fake('db', [], events, { delayMs: 50, exports: { DATABASE_URL: 'postgresql://db' } }),
      fake('indexer', ['chain', 'db'], events, { exports: { INDEXER_URL: 'http://indexer' } }),
    ]
    const platform = await runPlan(plan, { logDir, given: { CHAIN_ID: '1' } })
    // Both roots start before either is ready; the indexer sees both of their exports.
    expect(events.slice(0, 2).sort()).toEqual([`start chain {"CHAIN_ID":"1"}`, `start db {"CHAIN_ID":"1"}`])
    expect(events.at(-1)).toBe('ready indexer')
    expect(events).toContain(`start indexer {"CHAIN_ID":"1","RPC_URL":"http://chain","DATABASE_URL":"postgresql://db"}`)
    expect(platform.env).toEqual({
      CHAIN_ID: '1',
      RPC_URL: 'http://chain',
      DATABASE_URL: 'postgresql://db',
      INDEXER_URL: 'http://indexer',
    })

    events.length = 0
    await platform.stop()
    await platform.stop() // idempotent
    expect(events[0]).toBe('stop indexer') // dependents first
    expect(events.slice(1).sort()).toEqual(['stop chain', 'stop db'])
  })

  it('on a failure stops what started and reports the failing service, not the ones it interrupted', async () => {
    const events: string[] = []
    const plan = [
      fake('chain', [], events),
      fake('slow', [], events, { delayMs: 100 }),
      fake('deploy', ['chain'], events, { fail: 'forge script failed' }),
      fake('indexer', ['deploy'], events),
    ]
    const error = await runPlan(plan, { logDir }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PlatformError)
    expect((error as PlatformError).service).toBe('deploy')
    expect((error as PlatformError).shortMessage).toBe('forge script failed')
    expect(events).not.toContain('start indexer {}')
    expect(events).toContain('stop chain')
    expect(events).not.toContain('ready slow') // it saw the abort and gave up
  })

  it('gives each service with a port a free one, and reports a crash with the log tail', async () => {
    // `flaky` must answer its readiness check before it crashes: 3 s leaves room for a node start
    // on a machine busy with other test files.
    const platform = await runPlan([httpProcess('steady'), httpProcess('flaky', 3_000)], { logDir, stopGraceMs: 2_000 })
    try {
      expect(platform.ports.steady).toBeGreaterThan(0)
      expect(platform.ports.steady).not.toBe(platform.ports.flaky)
      expect(await (await fetch(platform.env.STEADY_URL)).text()).toBe('ok')
      const crash = (await platform.crashed.catch((e: unknown) => e)) as PlatformError
      expect(crash).toBeInstanceOf(PlatformError)
      expect(crash.shortMessage).toBe('flaky exited unexpectedly with code 3; stopping the platform.')
      expect(crash.logTail).toContain('fatal: out of cheese')
      expect(crash.logFile).toBe(join(logDir, 'flaky.log'))
    } finally {
      await platform.stop()
    }
    await expect(fetch(platform.env.STEADY_URL)).rejects.toThrow()
  })

  it('starts a service marked restartOnExit again when it exits, appending to its log, and stops only past the limit', async () => {
    // Each run of `flaky` answers, then exits after 1.5 s: started, restarted twice (still serving
    // in between: the platform is up), then the third exit is a crash like any other.
    const flaky = { ...httpProcess('flaky', 1_500), restartOnExit: 2 }
    const platform = await runPlan([httpProcess('steady'), flaky], { logDir, stopGraceMs: 2_000 })
    try {
      await new Promise((resolve) => setTimeout(resolve, 2_500))
      expect(await (await fetch(platform.env.FLAKY_URL)).text()).toBe('ok')
      const crash = (await platform.crashed.catch((e: unknown) => e)) as PlatformError
      expect(crash.shortMessage).toBe('flaky exited unexpectedly with code 3; stopping the platform.')
      const log = readFileSync(join(logDir, 'flaky.log'), 'utf8')
      expect(log.match(/^# /gm)).toHaveLength(3)
      expect(log).toContain('fatal: out of cheese')
    } finally {
      await platform.stop()
    }
  })

  it('refuses a fixed port that is taken before starting anything, naming the variable to change', async () => {
    const blocker: Server = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    try {
      const events: string[] = []
      const error = (await runPlan([fake('first', [], events), httpProcess('web')], { logDir, ports: { web: port } }).catch(
        (e: unknown) => e,
      )) as PlatformError
      expect(error.code).toBe('PLATFORM_PORT_IN_USE')
      expect(error.message).toContain(`port ${port} (web, WEB_PORT) is already in use`)
      expect(error.message).toContain(`WEB_PORT=${port + 1} npm start`)
      expect(events).toEqual([])
    } finally {
      blocker.close()
    }
  })

  it('suggests ports that are free now and given to no other service of the run', async () => {
    // A running `npm start`: three services on consecutive ports, all taken, and the next port
    // taken too. "Each taken port + 1" would name another service's port or a taken one.
    const blockers = await holdConsecutivePorts(4)
    const base = blockers.port
    try {
      const plan = [httpProcess('a'), httpProcess('b'), httpProcess('c')]
      const error = (await runPlan(plan, { logDir, ports: { a: base, b: base + 1, c: base + 2 } }).catch(
        (e: unknown) => e,
      )) as PlatformError
      expect(error.code).toBe('PLATFORM_PORT_IN_USE')
      const suggestion = /`((?:\w+=\d+ )+)npm start`/.exec(error.message)?.[1].trim().split(' ') ?? []
      expect(suggestion.map((s) => s.split('=')[0])).toEqual(['A_PORT', 'B_PORT', 'C_PORT'])
      const ports = suggestion.map((s) => Number(s.split('=')[1]))
      expect(new Set(ports).size).toBe(3)
      for (const port of ports) {
        expect([base, base + 1, base + 2, base + 3]).not.toContain(port)
        expect(await portInUse(port)).toBe(false)
      }
    } finally {
      await blockers.close()
    }
  })

  it('selects a subset with its dependencies, and rejects unknown names and cycles', async () => {
    const events: string[] = []
    const plan = [fake('a', [], events), fake('b', ['a'], events), fake('c', [], events), fake('d', ['b'], events)]
    expect(selectServices(plan, ['d']).map((s) => s.name)).toEqual(['a', 'b', 'd'])
    expect(() => selectServices(plan, ['x'])).toThrow('Unknown service "x"; the plan has a, b, c, d.')
    await expect(runPlan([fake('a', ['b'], events), fake('b', ['a'], events)], { logDir })).rejects.toThrow(/cycle: a -> b -> a/)
  })
})
