// Others' results this node has challenged, kept in the data dir. A challenge that does not
// disprove a result (NoQuorum: nobody verified; ExecutorWon: the verifiers upheld it) gives the
// result its challenge window back, and this node's own recomputation still disagrees with it: an
// audit would challenge it again, and again, paying 10% of the bond (NoQuorum) or all of it
// (ExecutorWon) every round. The record says which results not to challenge again, across restarts.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * How a challenge of this node's ended, as far as this record cares. 'sent': recorded before its
 * transaction was sent, and not yet seen mined (its receipt, or the chain's challenge): its id is
 * not known yet.
 */
export type OwnChallengeOutcome = 'sent' | 'open' | 'disproved' | 'upheld' | 'no quorum'

/** One result this node challenged: the assignment, the task, the challenge and how it ended. */
export type OwnChallenge =
  | { assignmentId: bigint; taskIndex: number; challengeId: bigint; outcome: Exclude<OwnChallengeOutcome, 'sent'> }
  | { assignmentId: bigint; taskIndex: number; challengeId?: undefined; outcome: 'sent' }

/**
 * Results remembered at most (the oldest forgotten first). Generous: a result is forgotten as soon
 * as its assignment settles, so only results still in a challenge window count, and a node opens
 * only a few challenges per window.
 */
export const OWN_CHALLENGES_MAX = 4_096

/** The file in the data dir (StateStore sets it aside with the rest of a deployment's state). */
export const OWN_CHALLENGES_FILE = 'own-challenges.json'

type Saved = { assignmentId: string; taskIndex: number; challengeId?: string; outcome: OwnChallengeOutcome }

export class OwnChallenges {
  /** Assignment id -> its latest challenge by this node, oldest first. */
  private readonly entries = new Map<bigint, OwnChallenge>()
  private readonly path: string

  constructor(
    dataDir: string,
    private readonly max = OWN_CHALLENGES_MAX,
  ) {
    this.path = join(dataDir, OWN_CHALLENGES_FILE)
  }

  /**
   * Reads the record from the data dir: once the node has claimed it (StateStore.claim may set
   * another deployment's record aside first), so not in the constructor.
   */
  load(): void {
    this.entries.clear()
    if (!existsSync(this.path)) return
    for (const e of JSON.parse(readFileSync(this.path, 'utf8')) as Saved[]) {
      const assignmentId = BigInt(e.assignmentId)
      this.entries.set(
        assignmentId,
        e.outcome === 'sent' || e.challengeId === undefined
          ? { assignmentId, taskIndex: e.taskIndex, outcome: 'sent' }
          : { assignmentId, taskIndex: e.taskIndex, challengeId: BigInt(e.challengeId), outcome: e.outcome },
      )
    }
  }

  get size(): number {
    return this.entries.size
  }

  get(assignmentId: bigint): OwnChallenge | undefined {
    return this.entries.get(assignmentId)
  }

  /**
   * Whether this node may challenge `assignmentId`'s result: not once a challenge of its own of it
   * ended without disproving it (its recomputation then disagrees with what the verifiers, or
   * nobody, confirmed: another challenge only loses more of the bond), nor while one it sent is
   * not seen on the chain yet (it may be mined, and may even have ended so).
   */
  mayChallenge(assignmentId: bigint): boolean {
    const outcome = this.entries.get(assignmentId)?.outcome
    return outcome !== 'sent' && !givenUp(outcome)
  }

  /**
   * Records a challenge of `assignmentId`'s task about to be sent, before it is: a challenge mined
   * whose receipt never came (an RPC failure, a crash) is then known here all the same, and the
   * result is not challenged again until the chain's challenge replaces this entry (`record`), or
   * the send is known not to have gone out (`unsent`).
   */
  sending(assignmentId: bigint, taskIndex: number): void {
    if (givenUp(this.entries.get(assignmentId)?.outcome)) return
    this.put({ assignmentId, taskIndex, outcome: 'sent' })
  }

  /** Drops the 'sent' entry of `assignmentId`: its challenge was refused before sending, or reverted. */
  unsent(assignmentId: bigint): void {
    if (this.entries.get(assignmentId)?.outcome === 'sent') this.forget(assignmentId)
  }

  /**
   * Records a challenge this node opened, or how one ended (from its receipt, or the chain's
   * challenge: it replaces a 'sent' entry). A result once given up on stays given up on.
   */
  record(entry: OwnChallenge & { challengeId: bigint }): void {
    const previous = this.entries.get(entry.assignmentId)
    if (
      previous &&
      (givenUp(previous.outcome) || (previous.challengeId === entry.challengeId && previous.outcome === entry.outcome))
    ) {
      return
    }
    this.put(entry)
  }

  private put(entry: OwnChallenge): void {
    this.entries.delete(entry.assignmentId)
    this.entries.set(entry.assignmentId, entry)
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as bigint)
    this.save()
  }

  /** Forgets `assignmentId` (settled: no window can open again). */
  forget(assignmentId: bigint): void {
    if (this.entries.delete(assignmentId)) this.save()
  }

  private save(): void {
    const saved: Saved[] = [...this.entries.values()].map((e) => ({
      assignmentId: String(e.assignmentId),
      taskIndex: e.taskIndex,
      ...(e.challengeId === undefined ? {} : { challengeId: String(e.challengeId) }),
      outcome: e.outcome,
    }))
    writeFileSync(`${this.path}.tmp`, `${JSON.stringify(saved)}\n`)
    renameSync(`${this.path}.tmp`, this.path)
  }
}

/** Whether a challenge that ended so gives the result up for good (see mayChallenge). */
function givenUp(outcome: OwnChallengeOutcome | undefined): boolean {
  return outcome === 'upheld' || outcome === 'no quorum'
}
