import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ASK_REMOVALS, askRemovalName } from './askRemovalName'

describe('askRemovalName', () => {
  it('names every IJobMarket.AskRemoval value as the interface declares it', () => {
    const source = readFileSync(new URL('../../../contracts/interfaces/IJobMarket.sol', import.meta.url), 'utf8')
    const body = /enum AskRemoval\s*\{([^}]*)\}/.exec(source)?.[1]
    expect(body).toBeDefined()
    expect(ASK_REMOVALS).toEqual(
      body
        ?.split(',')
        .map((member) => member.trim())
        .filter(Boolean),
    )
    expect(askRemovalName(0)).toBe('Cancelled')
    expect(askRemovalName(2n)).toBe('InsufficientStake')
    expect(askRemovalName(9)).toBe('Unknown(9)')
  })
})
