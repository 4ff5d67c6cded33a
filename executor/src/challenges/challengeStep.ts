// What an open challenge needs next from anyone, decided from IJobMarket.getChallenge alone (the
// daemon re-reads it every tick, so a restart or a race changes nothing). Pure: the executor's
// unit tests and its daemon share it.
import type { Address, Hex } from 'viem'

/** IJobMarket.ChallengeStatus (uint8 order). */
export const ChallengeStatus = { AwaitingProof: 1, Verifying: 2, ExecutorWon: 3, ChallengerWon: 4, NoQuorum: 5 } as const

/** IJobMarket.Challenge as getChallenge returns it (the fields the daemon reads). */
export type ChallengeState = {
  assignmentId: bigint
  challenger: Address
  taskIndex: number
  status: number
  /** Candidates until the draw, then the seated verifiers. */
  commits: number
  reveals: number
  proofDeadline: bigint
  commitDeadline: bigint
  revealDeadline: bigint
  shardHash: Hex
  drawn: boolean
  /** The block whose hash seeds the draw; 0 until the first drawVerifiers of a list of more than `seats`. */
  drawBlock: bigint
}

/**
 * Whether the seats are fixed at chain time `now`: drawn, or the candidate list closed with no
 * more candidates than `seats` (IJobMarket.VERIFIERS), which the first reveal or the resolution
 * seats all at once. Before that nobody may reveal.
 */
export function seatsFixed(c: ChallengeState, now: bigint, seats: number): boolean {
  return c.drawn || (now > c.commitDeadline && c.commits <= seats)
}

/**
 * The permissionless step a challenge waits for (a node's own commit and reveal are decided
 * elsewhere):
 * - 'resolve': the proof deadline passed without a proof; the seats are fixed and every seated
 *   verifier revealed (with no candidate at all, right after the commit deadline); or the reveal
 *   deadline passed (a list never drawn by then is released whole, NoQuorum);
 * - 'draw': proven, the commit deadline passed, more candidates than seats, not drawn yet (the
 *   first draw fixes the seed block, one in a later block seats them);
 * - 'wait': otherwise.
 */
export function challengeStep(c: ChallengeState, now: bigint, seats: number): 'wait' | 'draw' | 'resolve' {
  if (c.status === ChallengeStatus.AwaitingProof) return now > c.proofDeadline ? 'resolve' : 'wait'
  if (c.status !== ChallengeStatus.Verifying) return 'wait'
  if (now > c.revealDeadline) return 'resolve'
  if (seatsFixed(c, now, seats)) return c.reveals === c.commits ? 'resolve' : 'wait'
  return now > c.commitDeadline ? 'draw' : 'wait'
}
