import { describe, expect, it } from 'vitest'
import { chainHealth } from '../src/lib/chainHealth'

describe('chainHealth', () => {
  it('is connecting before the first answer and up once a block number came', () => {
    expect(chainHealth({ dataUpdatedAt: 0, errorUpdatedAt: 0, hasData: false, hasError: false })).toBe('connecting')
    expect(chainHealth({ dataUpdatedAt: 100, errorUpdatedAt: 0, hasData: true, hasError: false })).toBe('up')
  })

  it('turns down when the latest poll failed although an older block number is still known', () => {
    expect(chainHealth({ dataUpdatedAt: 100, errorUpdatedAt: 200, hasData: true, hasError: true })).toBe('down')
    expect(chainHealth({ dataUpdatedAt: 0, errorUpdatedAt: 50, hasData: false, hasError: true })).toBe('down')
  })

  it('comes back up on the next answer', () => {
    expect(chainHealth({ dataUpdatedAt: 300, errorUpdatedAt: 200, hasData: true, hasError: false })).toBe('up')
  })
})
