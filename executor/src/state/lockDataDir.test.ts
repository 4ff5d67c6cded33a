import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DATA_DIR_LOCK_FILE, lockDataDir } from './lockDataDir'

const dirs: string[] = []
const children: ChildProcess[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'lock-'))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const child of children) child.kill('SIGKILL')
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** A process that runs until the tests end. */
const running = () => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], { stdio: 'ignore' })
  children.push(child)
  return child.pid as number
}

/** The pid of a process that has exited. */
const gone = () =>
  new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
    child.once('exit', () => resolve(child.pid as number))
  })

const lockOf = (pid: number) =>
  `${JSON.stringify({ pid, host: hostname(), startedAt: '2025-01-01T00:00:00.000Z', token: 'x' })}\n`

describe('lockDataDir', () => {
  it('refuses a data dir another live process holds, naming its pid, and leaves that lock alone', () => {
    const dir = tempDir()
    const pid = running()
    const path = join(dir, DATA_DIR_LOCK_FILE)
    writeFileSync(path, lockOf(pid))
    expect(() => lockDataDir(dir)).toThrow(`another daemon (pid ${pid}) is using ${dir}; stop it first.`)
    expect(readFileSync(path, 'utf8')).toBe(lockOf(pid))
  })

  it('holds a data dir until released: a second lock is refused, then taken after the release', () => {
    const dir = tempDir()
    const lock = lockDataDir(dir)
    expect(lock.tookOverFrom).toBeUndefined()
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() })
    expect(() => lockDataDir(dir)).toThrow(`this process already runs a daemon on ${dir}; stop it first.`)
    lock.release()
    lock.release() // idempotent
    expect(existsSync(lock.path)).toBe(false)
    const again = lockDataDir(dir)
    again.release()
    // No temporary or set-aside file is left behind.
    expect(readdirSync(dir)).toEqual([])
  })

  it('takes over a lock left by a process that is gone (SIGKILLed), and an unreadable one, saying whose', async () => {
    const dir = tempDir()
    const path = join(dir, DATA_DIR_LOCK_FILE)
    const pid = await gone()
    writeFileSync(path, lockOf(pid))
    const lock = lockDataDir(dir)
    expect(lock.tookOverFrom).toEqual({ pid, host: hostname(), startedAt: '2025-01-01T00:00:00.000Z' })
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid)
    lock.release()

    writeFileSync(path, '{"pid":')
    const unreadable = lockDataDir(dir)
    expect(unreadable.tookOverFrom?.pid).toBe(0)
    unreadable.release()
    expect(readdirSync(dir)).toEqual([])
  })

  it("takes over a lock holding its own pid (a restarted container's pid 1), and never removes another's lock on release", () => {
    const dir = tempDir()
    const path = join(dir, DATA_DIR_LOCK_FILE)
    writeFileSync(path, lockOf(process.pid))
    const lock = lockDataDir(dir)
    expect(lock.tookOverFrom?.pid).toBe(process.pid)
    // Replaced meanwhile (by hand, or a takeover race): not ours to delete.
    writeFileSync(path, lockOf(12345))
    lock.release()
    expect(readFileSync(path, 'utf8')).toBe(lockOf(12345))
  })
})
