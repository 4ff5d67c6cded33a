import { mkdtempSync, rmSync, utimesSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { freePort, PORT_RESERVATION_MS, reservePort } from './freePort'

const dirs: string[] = []
function reservations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ports-test-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('freePort', () => {
  it('never hands out one port twice while it is reserved, though the kernel picks again at random', async () => {
    // One after another, so each probe has closed before the next: 600 such picks from the
    // kernel's ephemeral range repeat a port about 20 times (measured on Linux 6).
    const dir = reservations()
    const ports: number[] = []
    for (let i = 0; i < 600; i++) ports.push(await freePort({ reservations: dir }))
    expect(new Set(ports).size).toBe(ports.length)
  })

  it('gives a port that can be bound on 127.0.0.1', async () => {
    const port = await freePort({ reservations: reservations() })
    const server = createServer()
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen({ port, host: '127.0.0.1' }, resolve)
    })
    await new Promise((resolve) => server.close(resolve))
  })
})

describe('reservePort', () => {
  it('refuses a fresh claim of another taker and takes over a claim older than the reservation time', () => {
    const dir = reservations()
    expect(reservePort(40_001, dir)).toBe(true)
    expect(reservePort(40_001, dir)).toBe(false)
    const stale = (Date.now() - PORT_RESERVATION_MS - 1_000) / 1000
    utimesSync(join(dir, '40001'), stale, stale)
    expect(reservePort(40_001, dir)).toBe(true)
    expect(reservePort(40_001, dir)).toBe(false)
  })
})
