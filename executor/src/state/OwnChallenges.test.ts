import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { OWN_CHALLENGES_FILE, OwnChallenges } from './OwnChallenges'
import { StateStore } from './StateStore'

const dir = () => mkdtempSync(join(tmpdir(), 'own-challenges-'))

describe('OwnChallenges', () => {
  it('allows challenging a result again only if no own challenge of it ended without disproving it', () => {
    const own = new OwnChallenges(dir())
    expect(own.mayChallenge(4n)).toBe(true)
    own.record({ assignmentId: 4n, taskIndex: 0, challengeId: 1n, outcome: 'open' })
    expect(own.mayChallenge(4n)).toBe(true)
    own.record({ assignmentId: 4n, taskIndex: 0, challengeId: 1n, outcome: 'no quorum' })
    expect(own.mayChallenge(4n)).toBe(false)
    own.record({ assignmentId: 5n, taskIndex: 2, challengeId: 2n, outcome: 'upheld' })
    expect(own.mayChallenge(5n)).toBe(false)
    own.record({ assignmentId: 6n, taskIndex: 2, challengeId: 3n, outcome: 'disproved' })
    expect(own.mayChallenge(6n)).toBe(true)
  })

  it('keeps a result given up on given up (a later record of it does not undo that)', () => {
    const own = new OwnChallenges(dir())
    own.record({ assignmentId: 4n, taskIndex: 0, challengeId: 1n, outcome: 'upheld' })
    own.record({ assignmentId: 4n, taskIndex: 1, challengeId: 2n, outcome: 'open' })
    expect(own.get(4n)).toMatchObject({ challengeId: 1n, outcome: 'upheld' })
  })

  it('holds a challenge being sent against another until the chain shows it, or it is known unsent', () => {
    const own = new OwnChallenges(dir())
    own.sending(4n, 2)
    expect(own.mayChallenge(4n)).toBe(false)
    // The chain's challenge (its receipt, or getChallenge) replaces it; its outcome then decides.
    own.record({ assignmentId: 4n, taskIndex: 2, challengeId: 7n, outcome: 'open' })
    expect(own.mayChallenge(4n)).toBe(true)
    own.record({ assignmentId: 4n, taskIndex: 2, challengeId: 7n, outcome: 'no quorum' })
    own.sending(4n, 3) // given up on: stays so
    own.unsent(4n) // only drops a 'sent' entry
    expect(own.get(4n)).toMatchObject({ challengeId: 7n, outcome: 'no quorum' })
    own.sending(5n, 0)
    own.unsent(5n) // refused before sending, or reverted
    expect(own.get(5n)).toBeUndefined()
    expect(own.mayChallenge(5n)).toBe(true)
  })

  it('survives a restart', () => {
    const d = dir()
    new OwnChallenges(d).record({ assignmentId: 4n, taskIndex: 3, challengeId: 9n, outcome: 'no quorum' })
    const again = new OwnChallenges(d)
    again.load()
    expect(again.get(4n)).toEqual({ assignmentId: 4n, taskIndex: 3, challengeId: 9n, outcome: 'no quorum' })
    expect(again.mayChallenge(4n)).toBe(false)
  })

  it('forgets a settled result, and the oldest past its bound', () => {
    const d = dir()
    const own = new OwnChallenges(d, 3)
    for (let i = 1n; i <= 5n; i++) own.record({ assignmentId: i, taskIndex: 0, challengeId: i, outcome: 'no quorum' })
    expect(own.size).toBe(3)
    expect(own.mayChallenge(1n)).toBe(true)
    expect(own.mayChallenge(5n)).toBe(false)
    own.forget(5n)
    expect(own.mayChallenge(5n)).toBe(true)
    const reread = new OwnChallenges(d, 3)
    reread.load()
    expect(reread.size).toBe(2)
  })

  it("is set aside with the rest of another deployment's state", () => {
    const d = dir()
    const store = new StateStore(d)
    store.claim({ chainId: 1, market: '0x00000000000000000000000000000000000000aa' })
    const own = new OwnChallenges(d)
    own.record({ assignmentId: 4n, taskIndex: 0, challengeId: 1n, outcome: 'upheld' })
    store.claim({ chainId: 1, market: '0x00000000000000000000000000000000000000bb' })
    expect(existsSync(join(d, OWN_CHALLENGES_FILE))).toBe(false)
    own.load()
    expect(own.mayChallenge(4n)).toBe(true)
  })
})
