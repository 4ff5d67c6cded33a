import { describe, expect, it } from 'vitest'
import { chainHealth, pollBlockNumber } from '../src/lib/chainHealth'

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

describe('pollBlockNumber', () => {
  it('fails when the RPC accepts the request and never answers (a stopped or hung node), not ~40 s later', async () => {
    const hung = { getBlockNumber: () => new Promise<bigint>(() => {}) }
    const started = Date.now()
    await expect(pollBlockNumber(hung, 50)).rejects.toThrow(/no answer/)
    expect(Date.now() - started).toBeLessThan(1_000)
  })

  it('gives the block number of an RPC that answers', async () => {
    expect(await pollBlockNumber({ getBlockNumber: async () => 658n }, 50)).toBe(658n)
  })
})
