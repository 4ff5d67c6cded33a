import type { Address, Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { type ChallengeState, ChallengeStatus, challengeStep, seatsFixed } from './challengeStep'

// A proven challenge: candidates commit until 200, the reveal deadline is 260 (moved by a draw).
const proven = (overrides: Partial<ChallengeState> = {}): ChallengeState => ({
  assignmentId: 1n,
  challenger: '0x00000000000000000000000000000000000000b2' as Address,
  taskIndex: 0,
  status: ChallengeStatus.Verifying,
  commits: 5,
  reveals: 0,
  proofDeadline: 100n,
  commitDeadline: 200n,
  revealDeadline: 260n,
  shardHash: `0x${'11'.repeat(32)}` as Hex,
  drawn: false,
  drawBlock: 0n,
  ...overrides,
})

describe('challengeStep', () => {
  it('waits for the proof, and resolves once its deadline passed without one', () => {
    const awaiting = proven({ status: ChallengeStatus.AwaitingProof, commits: 0 })
    expect(challengeStep(awaiting, 100n, 3)).toBe('wait')
    expect(challengeStep(awaiting, 101n, 3)).toBe('resolve')
  })

  it('keeps the candidate list open until the commit deadline, however many committed', () => {
    for (const commits of [0, 3, 5, 16]) expect(challengeStep(proven({ commits }), 200n, 3), `${commits}`).toBe('wait')
    expect(seatsFixed(proven({ commits: 3 }), 200n, 3)).toBe(false)
  })

  it('draws more candidates than seats after the commit deadline, until the reveal deadline', () => {
    expect(challengeStep(proven(), 201n, 3)).toBe('draw')
    // The seed block is fixed: the draw itself is still to be sent, in a later block.
    expect(challengeStep(proven({ drawBlock: 42n }), 201n, 3)).toBe('draw')
    expect(seatsFixed(proven({ drawBlock: 42n }), 201n, 3)).toBe(false)
    // Never drawn by the reveal deadline: resolution releases every candidate (NoQuorum).
    expect(challengeStep(proven({ drawBlock: 42n }), 261n, 3)).toBe('resolve')
  })

  it('seats up to VERIFIERS candidates without a draw once the list closed', () => {
    expect(seatsFixed(proven({ commits: 3 }), 201n, 3)).toBe(true)
    expect(challengeStep(proven({ commits: 3, reveals: 2 }), 201n, 3)).toBe('wait')
    expect(challengeStep(proven({ commits: 3, reveals: 3 }), 201n, 3)).toBe('resolve')
    // Nobody committed: nothing to wait for.
    expect(challengeStep(proven({ commits: 0 }), 201n, 3)).toBe('resolve')
  })

  it('after the draw, resolves when every seated verifier revealed or the reveal deadline passed', () => {
    const drawn = proven({ drawn: true, commits: 3, drawBlock: 42n, revealDeadline: 330n })
    expect(seatsFixed(drawn, 260n, 3)).toBe(true)
    expect(challengeStep({ ...drawn, reveals: 1 }, 300n, 3)).toBe('wait')
    expect(challengeStep({ ...drawn, reveals: 3 }, 300n, 3)).toBe('resolve')
    expect(challengeStep({ ...drawn, reveals: 1 }, 331n, 3)).toBe('resolve')
  })

  it('has nothing to do for a resolved challenge', () => {
    for (const status of [ChallengeStatus.ExecutorWon, ChallengeStatus.ChallengerWon, ChallengeStatus.NoQuorum]) {
      expect(challengeStep(proven({ status }), 1_000n, 3)).toBe('wait')
    }
  })
})
