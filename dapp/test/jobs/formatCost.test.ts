import { describe, expect, it } from 'vitest'
import { formatCost } from '../../src/jobs/formatCost'

describe('formatCost', () => {
  it('keeps every digit of the tiny amounts tick prices make', () => {
    expect(formatCost(990_000_000_000n)).toBe('0.00000099 NTK')
    expect(formatCost(1n)).toBe('0.000000000000000001 NTK')
    expect(formatCost(0n)).toBe('0 NTK')
  })
  it('shows larger amounts to 6 decimals, truncated', () => {
    expect(formatCost(1_234_567_890_123_456_789n)).toBe('1.234567 NTK')
    expect(formatCost(10n ** 15n)).toBe('0.001 NTK')
  })
})
