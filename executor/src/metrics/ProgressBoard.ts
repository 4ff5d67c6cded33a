import { type AssignmentProgress, type AssignmentWorkState, EXECUTOR_STATUS_FORMAT, type ExecutorStatus } from '@neuromation/sdk'

type Entry = Omit<AssignmentProgress, 'assignmentId'>

/**
 * Where each own open assignment stands before the chain shows its result, for GET /status: the
 * dApp draws a progress bar in its running cells. Memory only: after a restart the board fills
 * in again as the daemon re-drives its assignments from the chain.
 */
export class ProgressBoard {
  private readonly entries = new Map<bigint, Entry>()

  constructor(private readonly executor: string) {}

  /** Starts or moves an assignment's entry; fields not given keep their value. */
  set(assignmentId: bigint, update: Partial<Entry> & { state: AssignmentWorkState }): void {
    const current = this.entries.get(assignmentId)
    const base: Entry = current ?? {
      jobId: '0',
      state: 'queued',
      tasksDone: 0,
      tasksTotal: 0,
      samplesDone: null,
      samplesTotal: null,
    }
    const next: Entry = { ...base, ...update }
    if (update.state !== 'failed') delete next.error
    this.entries.set(assignmentId, next)
  }

  /** Samples done in the assignment so far (tasks before the current one included). */
  samples(assignmentId: bigint, samplesDone: number, tasksDone: number): void {
    const entry = this.entries.get(assignmentId)
    if (entry) this.entries.set(assignmentId, { ...entry, samplesDone, tasksDone })
  }

  /** The share of the assignment's work done (0 to 1; 0 when not on the board). */
  fractionDone(assignmentId: bigint): number {
    const e = this.entries.get(assignmentId)
    if (!e) return 0
    if (e.samplesDone != null && e.samplesTotal) return Math.min(1, e.samplesDone / e.samplesTotal)
    return e.tasksTotal ? Math.min(1, e.tasksDone / e.tasksTotal) : 0
  }

  has(assignmentId: bigint): boolean {
    return this.entries.has(assignmentId)
  }

  /** The assignment's result is on the chain (or it ended): the chain tells the rest. */
  remove(assignmentId: bigint): void {
    this.entries.delete(assignmentId)
  }

  /** The /status document. */
  report(now = Date.now()): ExecutorStatus {
    return {
      format: EXECUTOR_STATUS_FORMAT,
      executor: this.executor,
      updatedAt: now,
      assignments: [...this.entries]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([id, entry]) => ({ assignmentId: id.toString(), ...entry })),
    }
  }
}
