// Stops a process and everything it started, whatever state it is in. The launcher starts each
// service in its own process group (so a plain group kill of the launcher misses them) and, once
// the launcher is gone, its services are re-parented and no longer look like its descendants. So
// the tree is read from /proc first, while it is intact; then the root gets a polite signal (the
// launcher stops its services itself), and whatever of the tree is still alive after the grace
// period is SIGKILLed, by process group and by pid. Linux only (the platform's requirement);
// elsewhere only the root's own group is signalled.
import { readdirSync, readFileSync } from 'node:fs'

type ProcessInfo = { pid: number; ppid: number; pgid: number }

/** Every process's parent and group, from /proc/<pid>/stat; [] where /proc is unreadable. */
function processTable(): ProcessInfo[] {
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return []
  }
  const table: ProcessInfo[] = []
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      table.push({ pid: Number(entry), ppid: Number(fields[1]), pgid: Number(fields[2]) })
    } catch {
      // exited while we looked
    }
  }
  return table
}

/** `root` and all its descendants, with their process groups. */
export function processTree(root: number, table = processTable()): { pids: number[]; groups: number[] } {
  const pids = new Set([root])
  // Parents precede children only by chance in /proc order: repeat until nothing new is found.
  for (let grew = true; grew; ) {
    grew = false
    for (const p of table) {
      if (!pids.has(p.pid) && pids.has(p.ppid)) {
        pids.add(p.pid)
        grew = true
      }
    }
  }
  const groups = new Set(table.filter((p) => pids.has(p.pid)).map((p) => p.pgid))
  groups.add(root)
  return { pids: [...pids], groups: [...groups] }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
const send = (target: number, signal: NodeJS.Signals) => {
  try {
    process.kill(target, signal)
  } catch {
    // already gone
  }
}

/**
 * Sends `signal` (default SIGINT, a terminal's Ctrl-C) to `pid`'s process group, waits up to
 * `graceMs` for `pid` to exit, then SIGKILLs every process and group of the tree read before the
 * signal, and waits (bounded) until they are gone. Never signals this process's own group.
 * Resolves with the pids that had to be killed.
 */
export async function stopProcessTree(
  pid: number,
  options: { signal?: NodeJS.Signals; graceMs?: number } = {},
): Promise<number[]> {
  // One read of /proc serves both the tree and this process's own group.
  const table = processTable()
  const tree = processTree(pid, table)
  const ownGroup = table.find((p) => p.pid === process.pid)?.pgid ?? process.pid
  const groups = tree.groups.filter((g) => g !== ownGroup && g !== process.pid)
  send(groups.includes(pid) ? -pid : pid, options.signal ?? 'SIGINT')
  const deadline = Date.now() + (options.graceMs ?? 30_000)
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
  const survivors = tree.pids.filter((p) => p !== process.pid && alive(p))
  for (const group of groups) send(-group, 'SIGKILL')
  for (const p of survivors) send(p, 'SIGKILL')
  const killDeadline = Date.now() + 10_000
  while (survivors.some(alive) && Date.now() < killDeadline) await new Promise((r) => setTimeout(r, 50))
  return survivors
}
