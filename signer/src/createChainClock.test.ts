import { createPublicClient, custom, type EIP1193RequestFn, numberToHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { ChainTimeUnavailableError, createChainClock } from './createChainClock'

/** A viem client over a fake node that counts its RPC calls and serves a settable block time. */
function countingClient(initialBlockSeconds: number) {
  const state = { calls: 0, blockSeconds: initialBlockSeconds, fail: false, delayMs: 0 }
  const request = (async ({ method }: { method: string }) => {
    state.calls++
    if (state.delayMs) await new Promise((resolve) => setTimeout(resolve, state.delayMs))
    if (state.fail) throw new Error('connect ECONNREFUSED https://rpc.example.org/v2/KEY')
    if (method !== 'eth_getBlockByNumber') throw new Error(`unexpected ${method}`)
    return { number: '0x10', hash: `0x${'ab'.repeat(32)}`, timestamp: numberToHex(state.blockSeconds), transactions: [] }
  }) as EIP1193RequestFn
  return { client: createPublicClient({ transport: custom({ request }, { retryCount: 0 }) }), state }
}

describe('createChainClock', () => {
  it('one RPC read serves every request within refreshMs (2,000 requests -> 1 read), extrapolated with the local clock', async () => {
    const wallMs = 1_700_000_000_000
    let t = wallMs
    const { client, state } = countingClient(wallMs / 1000 + 86_400) // a day ahead: time-travelled
    const clock = createChainClock(client, { refreshMs: 5_000, now: () => t })
    const times: number[] = []
    for (let i = 0; i < 2_000; i++) times.push(await clock())
    expect(state.calls).toBe(1)
    expect(new Set(times)).toEqual(new Set([wallMs / 1000 + 86_400]))
    t += 4_000
    expect(await clock()).toBe(wallMs / 1000 + 86_400 + 4)
    expect(state.calls).toBe(1)
    t += 1_000
    await clock()
    expect(state.calls).toBe(2)
  })

  it('shares one in-flight read between concurrent requests even with refreshMs 0', async () => {
    const { client, state } = countingClient(2_000_000_000)
    state.delayMs = 20
    const clock = createChainClock(client, { refreshMs: 0 })
    const times = await Promise.all(Array.from({ length: 500 }, () => clock()))
    expect(state.calls).toBe(1)
    expect(times.every((time) => time === 2_000_000_000)).toBe(true)
    // refreshMs 0: the next request reads again (sees anvil time travel at once).
    state.blockSeconds += 86_400
    expect(await clock()).toBe(2_000_086_400)
    expect(state.calls).toBe(2)
  })

  it('never runs behind the wall clock', async () => {
    const { client } = countingClient(1_000)
    const t = 1_700_000_000_000
    expect(await createChainClock(client, { now: () => t })()).toBe(1_700_000_000)
  })

  it('fails with a retryable error when the node is down, and recovers on the next request', async () => {
    const { client, state } = countingClient(2_000_000_000)
    state.fail = true
    const clock = createChainClock(client, { refreshMs: 5_000 })
    const error = await clock().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ChainTimeUnavailableError)
    expect((error as ChainTimeUnavailableError).retryable).toBe(true)
    state.fail = false
    expect(await clock()).toBe(2_000_000_000)
  })
})
