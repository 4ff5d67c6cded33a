import { closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** How long a port handed out stays reserved for its taker: the time a suite may take to bind what it asked for. */
export const PORT_RESERVATION_MS = 10 * 60_000
const ATTEMPTS = 100
const defaultReservations = join(tmpdir(), 'neuromation-ports')
const pruned = new Set<string>()

function kernelPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/**
 * Claims `port` in the reservation directory shared by every process on this machine: false when
 * another taker claimed it less than PORT_RESERVATION_MS ago, true (and the claim is this
 * caller's) otherwise.
 */
export function reservePort(port: number, dir: string, now = Date.now()): boolean {
  const file = join(dir, String(port))
  try {
    closeSync(openSync(file, 'wx'))
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  if (now - statSync(file).mtimeMs < PORT_RESERVATION_MS) return false
  const seconds = now / 1000
  utimesSync(file, seconds, seconds)
  return true
}

/** Removes claims older than PORT_RESERVATION_MS, once per directory and process, so the directory stays small. */
function pruneReservations(dir: string): void {
  if (pruned.has(dir)) return
  pruned.add(dir)
  const now = Date.now()
  for (const name of readdirSync(dir)) {
    const file = join(dir, name)
    try {
      if (now - statSync(file).mtimeMs >= PORT_RESERVATION_MS) rmSync(file, { force: true })
    } catch {
      // Another process pruned it first.
    }
  }
}

/**
 * A TCP port that is free on 127.0.0.1 right now, chosen by the kernel (listen on port 0) and not
 * handed to any other caller on this machine in the last PORT_RESERVATION_MS. Tests take their
 * ports this way so suites run side by side and never meet a running `npm start`.
 *
 * The kernel picks a port at random from its ephemeral range, and once the probe closes, the same
 * port can be picked again: among the hundreds of ports a test run takes, two suites would now and
 * then be given the same one and the later to bind it would fail, or worse, talk to the other's
 * server. So each port handed out is claimed by a file in a directory shared by all processes
 * (`reservations`, a folder in the OS temp dir by default) and a claimed port is never handed out
 * again while the claim is fresh.
 */
export async function freePort(options: { reservations?: string } = {}): Promise<number> {
  const dir = options.reservations ?? defaultReservations
  let shared = true
  try {
    mkdirSync(dir, { recursive: true })
    pruneReservations(dir)
  } catch {
    // An unwritable temp dir (another user's folder): the kernel's word alone, as before.
    shared = false
  }
  for (let attempt = 1; ; attempt++) {
    const port = await kernelPort()
    if (!shared || attempt === ATTEMPTS) return port
    try {
      if (reservePort(port, dir)) return port
    } catch {
      return port
    }
  }
}
