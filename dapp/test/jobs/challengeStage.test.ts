import { describe, expect, it } from 'vitest'
import { type ChallengeRow, challengeStage } from '../../src/jobs/challengeStage'

// Proven at 1,767,225,600 (2026-01-01 00:00 UTC); candidates commit for two minutes.
const verifying = (overrides: Partial<ChallengeRow> = {}): ChallengeRow => ({
  status: 'Verifying',
  proofDeadline: 1_767_225_600n,
  commitDeadline: 1_767_225_720n,
  drawn: false,
  drawBlock: null,
  verifiersCommitted: 5,
  verifiersSeated: 0,
  verifiersRevealed: 0,
  slashed: null,
  ...overrides,
})

describe('challengeStage', () => {
  it('says who acts next while the challenge is open', () => {
    expect(challengeStage(verifying({ status: 'AwaitingProof', commitDeadline: null }), undefined)).toBe(
      'The executor must prove the task by 2026-01-01 00:00 UTC.',
    )
    expect(challengeStage(verifying(), 1_767_225_700)).toBe(
      'Executors recompute the task and stand as candidates until 2026-01-01 00:02 UTC (5 candidates so far); 3 seats are then drawn by stake.',
    )
    const closed = 1_767_225_721
    expect(challengeStage(verifying(), closed)).toBe(
      '5 candidates: waiting for the draw of 3 seats by stake (anyone may send it).',
    )
    expect(challengeStage(verifying({ drawBlock: 140n }), closed)).toBe(
      '5 candidates: the seats are drawn from the hash of block 140 by the next call.',
    )
    expect(challengeStage(verifying({ verifiersCommitted: 2 }), closed)).toBe('2 candidates, all seated by their first reveal.')
    expect(challengeStage(verifying({ verifiersCommitted: 0 }), closed)).toMatch(/^No executor stood as a candidate/)
    expect(challengeStage(verifying({ drawn: true, drawBlock: 140n, verifiersSeated: 3, verifiersRevealed: 1 }), closed)).toBe(
      '3 seated, 1 revealed.',
    )
  })

  it('says how it ended, drawn or not', () => {
    expect(challengeStage(verifying({ status: 'ChallengerWon', drawn: true, slashed: 2n * 10n ** 18n }), undefined)).toBe(
      'The verifiers holding most of the revealed stake disproved the result: the executor lost 2 NTK and its tasks went back to the book.',
    )
    expect(challengeStage(verifying({ status: 'ChallengerWon', slashed: 10n ** 18n }), undefined)).toMatch(
      /^The task was not proven in time/,
    )
    expect(challengeStage(verifying({ status: 'NoQuorum' }), undefined)).toMatch(
      /^Nobody drew the seats in time: every candidate/,
    )
    expect(challengeStage(verifying({ status: 'NoQuorum', drawn: true }), undefined)).toMatch(/^No executor verified the task/)
    expect(challengeStage(verifying({ status: 'NoQuorum', drawn: true, verifiersSeated: 3 }), undefined)).toMatch(
      /^No majority of stake among the seated verifiers/,
    )
  })
})
