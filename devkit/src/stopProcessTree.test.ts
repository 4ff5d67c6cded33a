// A launcher-like tree: a root that ignores SIGINT (a launcher stuck in its shutdown) and has
// started a "service" in a process group of its own (as spawnService does). Killing the root's
// group leaves the service running; stopProcessTree must leave nothing.
import { spawn } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { processTree, stopProcessTree } from './stopProcessTree'

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
const started: number[] = []
afterAll(() => {
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // gone, as it should be
    }
  }
})

/** Starts the root; resolves with its pid and the pid of the service it started in its own group. */
async function launchTree(ignoreSigint: boolean): Promise<{ root: number; service: number }> {
  const script = `
    const { spawn } = require('node:child_process')
    ${ignoreSigint ? "process.on('SIGINT', () => {})" : ''}
    const service = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' })
    console.log(service.pid)
    setInterval(() => {}, 1000)
  `
  const root = spawn(process.execPath, ['-e', script], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] })
  started.push(root.pid!)
  const service = await new Promise<number>((resolve) =>
    root.stdout!.once('data', (chunk) => resolve(Number(String(chunk).trim()))),
  )
  started.push(service)
  return { root: root.pid!, service }
}

describe('stopProcessTree', () => {
  it('finds a service started in its own process group as part of the tree', async () => {
    const { root, service } = await launchTree(false)
    const tree = processTree(root)
    expect(tree.pids).toContain(service)
    expect(tree.groups).toContain(service)
    await stopProcessTree(root, { graceMs: 2_000 })
  })

  it('(the leak it fixes) a SIGKILL of the root group leaves the service running', async () => {
    const { root, service } = await launchTree(false)
    process.kill(-root, 'SIGKILL')
    await new Promise((r) => setTimeout(r, 300))
    expect(alive(root)).toBe(false)
    expect(alive(service)).toBe(true) // killed by afterAll
  })

  it('kills the whole tree when the root does not stop on SIGINT', async () => {
    const { root, service } = await launchTree(true)
    const killed = await stopProcessTree(root, { graceMs: 500 })
    expect(killed).toEqual(expect.arrayContaining([root, service]))
    expect(alive(root)).toBe(false)
    expect(alive(service)).toBe(false)
  })

  it('leaves nothing when the root stops on SIGINT but forgets its service', async () => {
    const { root, service } = await launchTree(false)
    await stopProcessTree(root, { graceMs: 5_000 })
    expect(alive(root)).toBe(false)
    expect(alive(service)).toBe(false)
  })
})
