import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { marketEnums } from './marketEnums'

const source = readFileSync(new URL('../../contracts/interfaces/IJobMarket.sol', import.meta.url), 'utf8')
const members = (name: string) =>
  /[^{]*\{([^}]*)\}/
    .exec(source.slice(source.indexOf(`enum ${name} {`)))?.[1]
    .split('\n')
    .map((line) =>
      line
        .replace(/\/\/.*$/, '')
        .trim()
        .replace(/,$/, ''),
    )
    .filter(Boolean)

describe('marketEnums', () => {
  it("lists every IJobMarket enum's members as the interface declares them", () => {
    const declared = {
      jobKind: 'JobKind',
      verification: 'Verification',
      jobStatus: 'JobStatus',
      assignmentStatus: 'AssignmentStatus',
      challengeStatus: 'ChallengeStatus',
      askRemoval: 'AskRemoval',
    } as const
    for (const [list, name] of Object.entries(declared)) {
      expect(marketEnums.lists[list as keyof typeof declared], name).toEqual(members(name))
    }
  })

  it('names a value, and keeps one beyond the list visible', () => {
    expect(marketEnums.name('askRemoval', 2n)).toBe('InsufficientStake')
    expect(marketEnums.name('challengeStatus', 3)).toBe('ExecutorWon')
    expect(marketEnums.name('askRemoval', 9)).toBe('Unknown(9)')
  })
})
