import { parseEther } from 'viem'
import { describe, expect, it } from 'vitest'
import { askBacking } from './askBacking'

const one = parseEther('1')

describe('askBacking', () => {
  it('backs each open slot with one minimum collateral of free stake; tasks in flight need none', () => {
    expect(askBacking({ capacity: 2, inFlight: 0 }, parseEther('100'), one)).toEqual({ open: 2, backed: 2, required: 2n * one })
    expect(askBacking({ capacity: 2, inFlight: 0 }, 0n, one)).toEqual({ open: 2, backed: 0, required: 2n * one })
    expect(askBacking({ capacity: 4, inFlight: 1 }, parseEther('1.5'), one)).toEqual({ open: 3, backed: 1, required: 3n * one })
    // A full ask offers nothing, so nothing needs backing.
    expect(askBacking({ capacity: 2, inFlight: 2 }, 0n, one)).toEqual({ open: 0, backed: 0, required: 0n })
  })
})
