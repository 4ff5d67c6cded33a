// One daemon per data dir. Two daemons on one data dir run with the same key, cursor, shards and
// IPFS repo: each drives the other's assignments, and the one stopped first cancels the ask the
// other relies on (market decision: a stopped node cancels its ask). The lock is a file holding
// the owner's pid, created atomically (a hard link of a complete temporary file, which fails when
// the lock exists), so a reader never sees half of it. A daemon that was SIGKILLed leaves its file
// behind: a lock whose pid is no longer alive is taken over (the caller warns).
import { randomBytes } from 'node:crypto'
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { ExecutorError } from '../ExecutorError'

export const DATA_DIR_LOCK_FILE = 'daemon.lock'

/** Who holds (or held) a data dir's lock, as its file says. */
export type LockOwner = { pid: number; host: string; startedAt: string }

export type DataDirLock = {
  /** The lock file. */
  path: string
  /** The owner of a lock left behind by a daemon that is gone, which this one took over. */
  tookOverFrom: LockOwner | undefined
  /** Removes the lock file if it is still this process's; idempotent, synchronous (safe in an 'exit' handler). */
  release: () => void
}

/** Data dirs this process holds: a second lock of one of them is refused, not taken over from itself. */
const held = new Set<string>()

/**
 * Takes `dataDir` for this process, or throws ExecutorError DATA_DIR_IN_USE naming the pid that
 * holds it. Synchronous from the first check to the lock being written, so nothing of this
 * process interleaves with it.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const path = join(dataDir, DATA_DIR_LOCK_FILE)
  if (held.has(path))
    throw new ExecutorError('DATA_DIR_IN_USE', `this process already runs a daemon on ${dataDir}; stop it first.`)
  mkdirSync(dataDir, { recursive: true })
  const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() }
  const text = `${JSON.stringify({ ...owner, token: randomBytes(8).toString('hex') })}\n`
  let tookOverFrom: LockOwner | undefined
  // A round is lost only to another process taking the lock at the same moment; three are plenty.
  for (let round = 0; round < 3; round++) {
    if (create(path, text)) {
      held.add(path)
      let released = false
      const release = () => {
        if (released) return
        released = true
        held.delete(path)
        // Only our own file: after a takeover race (see below) it may be someone else's.
        if (readText(path) === text) rmSync(path, { force: true })
      }
      return { path, tookOverFrom, release }
    }
    const found = readText(path)
    if (found === undefined) continue // released meanwhile: try again
    const previous = parseOwner(found)
    if (previous !== undefined && isAlive(previous.pid)) throw inUse(dataDir, path, previous)
    // Stale: move exactly the file judged stale out of the way. Renaming first and comparing
    // afterwards means a lock another process created meanwhile is never deleted: it is put back.
    const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`
    try {
      renameSync(path, aside)
    } catch {
      continue // gone meanwhile (another process took it over): try again
    }
    const moved = readText(aside)
    if (moved !== found) {
      try {
        linkSync(aside, path)
      } catch {
        // A third process locked in the instant the path was free: its lock stands, and the one
        // moved aside is lost. Only a race of three starts on a stale lock gets here.
      }
      rmSync(aside, { force: true })
      continue
    }
    rmSync(aside, { force: true })
    tookOverFrom = previous ?? { pid: 0, host: 'unknown', startedAt: 'unknown (unreadable lock file)' }
  }
  throw new ExecutorError(
    'DATA_DIR_IN_USE',
    `${dataDir} is being locked by other processes at this moment (${path}); make sure one daemon starts on it, then start again.`,
  )
}

/** Creates `path` holding `text`, whole or not at all; false when it exists. */
function create(path: string, text: string): boolean {
  const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`
  writeFileSync(temp, text, { mode: 0o600 })
  try {
    linkSync(temp, path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  } finally {
    rmSync(temp, { force: true })
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>
    if (!Number.isSafeInteger(value.pid) || (value.pid as number) <= 0) return undefined
    return { pid: value.pid as number, host: String(value.host ?? 'unknown'), startedAt: String(value.startedAt ?? 'unknown') }
  } catch {
    return undefined // not written by this code (we write whole files): nobody to wait for
  }
}

/**
 * Whether a process with this pid runs on this machine. Our own pid in a lock we do not hold is a
 * previous process's that had the same pid (a container restarted: the daemon is pid 1 again).
 * EPERM: it runs, as another user. A lock of a daemon on another host (a data dir on shared
 * storage) is judged by its pid here too: the pid is all the lock can be checked by.
 */
function isAlive(pid: number): boolean {
  if (pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function inUse(dataDir: string, path: string, owner: LockOwner): ExecutorError {
  const where = owner.host === hostname() ? '' : ` on host ${owner.host}`
  return new ExecutorError(
    'DATA_DIR_IN_USE',
    `another daemon (pid ${owner.pid}${where}) is using ${dataDir}; stop it first. Two daemons on one data dir share its key, cursor and IPFS repo, and the first stopped cancels the other's ask. To run a second node, give it its own data dir (\`neuro-executor init --data-dir <dir>\`). If pid ${owner.pid} is no neuro-executor (a pid reused after a crash), delete ${path}.`,
  )
}
