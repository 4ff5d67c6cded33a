/** A submitted result of another executor, as its ResultSubmitted event gives it. */
export type AuditEntry = { assignmentId: bigint; resultCid: string; challengeEnd: bigint }

/**
 * How many results wait for an audit at most. Audits use spare capacity, one task each: a node
 * gets through a few per challenge window, so a longer queue only holds results whose window
 * closes before their turn (a fresh sync replays every result of the chain's history).
 */
export const AUDIT_QUEUE_MAX = 256

/**
 * Others' results waiting for an audit, newest first. A result can be challenged only until its
 * challengeEnd, so the ones ending soonest are the ones dropped when the queue is full, and every
 * entry whose window has passed is dropped on the next `take` without asking the chain.
 */
export class AuditQueue {
  /** Sorted by challengeEnd, soonest first; at most one entry per assignment. */
  private readonly entries: AuditEntry[] = []

  constructor(private readonly max = AUDIT_QUEUE_MAX) {}

  get size(): number {
    return this.entries.length
  }

  /** Queues `entry` unless its window closed by `now` (chain time, seconds); evicts the soonest-ending past `max`. */
  add(entry: AuditEntry, now = 0n): void {
    if (entry.challengeEnd <= now) return
    const same = this.entries.findIndex((e) => e.assignmentId === entry.assignmentId)
    if (same >= 0) this.entries.splice(same, 1)
    let at = this.entries.length
    while (at > 0 && this.entries[at - 1].challengeEnd > entry.challengeEnd) at--
    this.entries.splice(at, 0, entry)
    if (this.entries.length > this.max) this.entries.splice(0, this.entries.length - this.max)
  }

  /**
   * The newest result still worth auditing: its window ends after `now + margin`. Every entry
   * ending before that is dropped on the way (stale ones cost nothing: no chain read).
   */
  take(now: bigint, margin = 0n): AuditEntry | undefined {
    let stale = 0
    while (stale < this.entries.length && this.entries[stale].challengeEnd <= now + margin) stale++
    this.entries.splice(0, stale)
    return this.entries.pop()
  }
}
