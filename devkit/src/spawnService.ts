import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { killOnExit } from './killOnExit'

export type ServiceProcess = {
  name: string
  logFile: string
  child: ChildProcess
  /** Resolves with the exit code (128 + n for signal n) once the group leader exits. */
  exited: Promise<number>
  /** The last `n` lines the service wrote (stdout and stderr together). */
  tail: (n?: number) => string[]
  /** The stop signal (SIGTERM) to the whole process group, SIGKILL after `graceMs`; resolves when the group is gone. Idempotent. */
  stop: (graceMs: number) => Promise<void>
}

const keepLines = 200
const signalNumbers: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }

/** True while any process of group `pgid` is alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  } catch (error) {
    // EPERM: something of that group exists but is not ours to signal; treat as alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pgid, signal)
  } catch {
    // the group is already gone
  }
}

/**
 * Starts `command` in its own process group (npm -> sh -> tsx -> node chains leave
 * grandchildren that a plain kill misses), writing its output to `logFile` and keeping a tail in
 * memory for error reports.
 */
export function spawnService(options: {
  name: string
  command: string
  args: string[]
  cwd: string
  env: NodeJS.ProcessEnv
  logFile: string
  /** Append to `logFile` instead of starting it afresh (a restart after a crash). */
  append?: boolean
  /** Sent to the group first; e.g. SIGINT asks PostgreSQL for a fast shutdown. Default SIGTERM. */
  stopSignal?: NodeJS.Signals
  /** Run as another OS user (PostgreSQL refuses to run as root). */
  uid?: number
  gid?: number
}): ServiceProcess {
  mkdirSync(dirname(options.logFile), { recursive: true })
  const log = createWriteStream(options.logFile, { flags: options.append ? 'a' : 'w' })
  log.write(`# ${new Date().toISOString()} ${options.command} ${options.args.join(' ')}\n`)
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid }),
  })

  const lines: string[] = []
  let partial = ''
  const onData = (chunk: Buffer) => {
    // Output can still arrive after the leader exited and the log was closed (its pipes drain
    // later, and other processes of its group may hold them): keep it in the tail, not the file.
    if (!log.writableEnded) log.write(chunk)
    const parts = (partial + chunk.toString('utf8')).split('\n')
    partial = parts.pop() ?? ''
    lines.push(...parts)
    if (lines.length > keepLines) lines.splice(0, lines.length - keepLines)
  }
  child.stdout!.on('data', onData)
  child.stderr!.on('data', onData)

  const exited = new Promise<number>((resolve) => {
    child.on('error', (error) => {
      lines.push(`failed to start ${options.command}: ${error.message}`)
      resolve(127)
    })
    child.on('exit', (code, signal) => {
      resolve(code ?? 128 + (signal ? (signalNumbers[signal] ?? 1) : 1))
    })
  })
  const forget = child.pid === undefined ? () => false : killOnExit(child.pid)
  exited.then(() => {
    forget()
    log.end()
  })

  let stopping: Promise<void> | undefined
  const stop = (graceMs: number) => {
    stopping ??= (async () => {
      const pgid = child.pid
      if (pgid === undefined) return
      signalGroup(pgid, options.stopSignal ?? 'SIGTERM')
      const deadline = Date.now() + graceMs
      // The leader exiting is not enough: wait until the whole group is gone.
      while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      if (groupAlive(pgid)) {
        signalGroup(pgid, 'SIGKILL')
        while (groupAlive(pgid)) await new Promise((r) => setTimeout(r, 20))
      }
      await exited
    })()
    return stopping
  }

  return {
    name: options.name,
    logFile: options.logFile,
    child,
    exited,
    tail: (n = 20) => [...lines, ...(partial ? [partial] : [])].slice(-n),
    stop,
  }
}
