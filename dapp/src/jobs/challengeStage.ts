import { formatDateTime, formatNtk } from '../lib/format'
import type { IndexedChallenge } from './useJob'

/** Seats per challenge (IJobMarket.VERIFIERS): more candidates than this are drawn by stake. */
const SEATS = 3

/** The challenge row's fields the sentence reads. */
export type ChallengeRow = Pick<
  IndexedChallenge,
  | 'status'
  | 'proofDeadline'
  | 'commitDeadline'
  | 'drawn'
  | 'drawBlock'
  | 'verifiersCommitted'
  | 'verifiersSeated'
  | 'verifiersRevealed'
  | 'slashed'
>

/**
 * Where a challenge stands, in one sentence for the job page: the proof awaited, candidates
 * committing, the draw of the seats awaited or done, or how it ended.
 */
export function challengeStage(c: ChallengeRow, now: number | undefined): string {
  switch (c.status) {
    case 'AwaitingProof':
      return `The executor must prove the task by ${formatDateTime(c.proofDeadline)}.`
    case 'Verifying': {
      const candidates = `${c.verifiersCommitted} candidate${c.verifiersCommitted === 1 ? '' : 's'}`
      if (c.drawn) return `${c.verifiersSeated} seated, ${c.verifiersRevealed} revealed.`
      if (c.commitDeadline !== null && (now === undefined || now <= Number(c.commitDeadline))) {
        return `Executors recompute the task and stand as candidates until ${formatDateTime(c.commitDeadline)} (${candidates} so far); ${SEATS} seats are then drawn by stake.`
      }
      if (c.verifiersCommitted === 0) return 'No executor stood as a candidate: the challenge can be resolved.'
      if (c.verifiersCommitted <= SEATS) return `${candidates}, all seated by their first reveal.`
      return c.drawBlock === null
        ? `${candidates}: waiting for the draw of ${SEATS} seats by stake (anyone may send it).`
        : `${candidates}: the seats are drawn from the hash of block ${c.drawBlock} by the next call.`
    }
    case 'ExecutorWon':
      return "The verifiers holding most of the revealed stake agreed with the executor: the result stands and the challenger's bond went to the executor and them."
    case 'ChallengerWon': {
      const lost = `the executor lost ${formatNtk(c.slashed ?? 0n, 6)} and its tasks went back to the book`
      return c.drawn
        ? `The verifiers holding most of the revealed stake disproved the result: ${lost}.`
        : `The task was not proven in time: ${lost}.`
    }
    default:
      if (!c.drawn) {
        return 'Nobody drew the seats in time: every candidate got its lock back, the challenger got 90% of its bond back and the result stands.'
      }
      return c.verifiersSeated === 0
        ? 'No executor verified the task: the challenger got 90% of its bond back and the result stands.'
        : 'No majority of stake among the seated verifiers (a tie, or none revealed): the challenger got 90% of its bond back and the result stands.'
  }
}
