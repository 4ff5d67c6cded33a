import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLogger, type LogFields } from './createLogger'
import { createShutdown, type Shutdown } from './createShutdown'

function recordingLogger() {
  const lines: LogFields[] = []
  const logger = createLogger({ level: 'debug', format: 'json', sink: (line) => lines.push(JSON.parse(line)) })
  return { logger, lines }
}

const created: Shutdown[] = []
const make = (options: Omit<Parameters<typeof createShutdown>[0], 'logger'> & { logger?: ReturnType<typeof createLogger> }) => {
  const shutdown = createShutdown({ logger: options.logger ?? recordingLogger().logger, ...options })
  created.push(shutdown)
  return shutdown
}

afterEach(() => {
  for (const shutdown of created.splice(0)) shutdown.dispose()
  vi.useRealTimers()
})

describe('createShutdown', () => {
  it('closes resources newest first, once, and aborts the loop signal first', async () => {
    const order: string[] = []
    const exit = vi.fn()
    const shutdown = make({ signals: [], exit })
    shutdown.register('database', () => {
      order.push('database')
    })
    shutdown.register('http server', async (signal) => {
      expect(signal.aborted).toBe(true)
      await new Promise((resolve) => setTimeout(resolve, 5))
      order.push('http server')
    })
    expect(shutdown.signal.aborted).toBe(false)
    const first = shutdown.shutdown('test')
    const second = shutdown.shutdown('again')
    expect(second).toBe(first)
    expect(shutdown.signal.aborted).toBe(true)
    expect(shutdown.isShuttingDown).toBe(true)
    expect(await first).toBe(0)
    expect(order).toEqual(['http server', 'database'])
    expect(exit).toHaveBeenCalledTimes(1)
    expect(exit).toHaveBeenCalledWith(0)
  })

  it('keeps closing the rest when one hook fails, and reports exit code 1', async () => {
    const { logger, lines } = recordingLogger()
    const closed: string[] = []
    const exit = vi.fn()
    const shutdown = make({ logger, signals: [], exit })
    shutdown.register('a', () => void closed.push('a'))
    shutdown.register('b', () => {
      throw new Error('b exploded')
    })
    expect(await shutdown.shutdown()).toBe(1)
    expect(closed).toEqual(['a'])
    expect(exit).toHaveBeenCalledWith(1)
    expect(lines.find((line) => line.msg.startsWith('close failed'))).toMatchObject({
      resource: 'b',
      error: { message: 'b exploded' },
    })
  })

  it('forces the exit when the hooks outlast the grace period', async () => {
    const { logger, lines } = recordingLogger()
    const exit = vi.fn()
    const shutdown = make({ logger, signals: [], exit, graceMs: 30 })
    shutdown.register('stuck socket', () => new Promise(() => {}))
    const started = Date.now()
    expect(await shutdown.shutdown()).toBe(1)
    expect(Date.now() - started).toBeLessThan(1_000)
    expect(exit).toHaveBeenCalledWith(1)
    expect(lines.some((line) => line.msg.startsWith('shutdown grace expired'))).toBe(true)
  })

  it('lets a resource unregister itself and refuses registrations once closing', async () => {
    const closed: string[] = []
    const shutdown = make({ signals: [], exit: false })
    const unregister = shutdown.register('temp dir', () => void closed.push('temp dir'))
    shutdown.register('server', () => void closed.push('server'))
    unregister()
    await shutdown.shutdown()
    expect(closed).toEqual(['server'])
    expect(() => shutdown.register('late', () => {})).toThrow(/already started/)
  })

  it('starts on SIGTERM and exits at once on a second signal', async () => {
    const exit = vi.fn()
    let release: () => void = () => {}
    const shutdown = make({ signals: ['SIGTERM'], exit })
    shutdown.register('slow', () => new Promise<void>((resolve) => (release = resolve)))
    process.emit('SIGTERM', 'SIGTERM')
    expect(shutdown.isShuttingDown).toBe(true)
    process.emit('SIGTERM', 'SIGTERM')
    expect(exit).toHaveBeenCalledWith(1)
    release()
    await shutdown.shutdown()
    expect(exit).toHaveBeenLastCalledWith(0)
  })

  it('removes its signal handlers on dispose', () => {
    const before = process.listenerCount('SIGINT')
    const shutdown = make({ signals: ['SIGINT'], exit: false })
    expect(process.listenerCount('SIGINT')).toBe(before + 1)
    shutdown.dispose()
    expect(process.listenerCount('SIGINT')).toBe(before)
  })
})
