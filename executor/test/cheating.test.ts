// A cheating executor (`--cheat wrong-shard`, tests only) takes a job and submits a root over wrong
// shards. An idle honest executor audits it, finds the recomputed shard differs, challenges; the
// cheater proves its (wrong) leaf; the third executor recomputes it and commits as the only
// verifier candidate; once the commit window ends it is seated without a draw (no more candidates
// than seats) and reveals; the challenge resolves for the challenger and the cheater is slashed.
import { anvilAccounts } from '@neuromation/sdk/localChain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Market, marketChainId, startMarket } from './marketHarness'
import { postTestJob } from './postTestJob'

let market: Market
let sdk: typeof import('@neuromation/sdk')

beforeAll(async () => {
  market = await startMarket({ blockTime: 1 })
  sdk = await import('@neuromation/sdk')
})

afterAll(async () => {
  await market?.stop()
})

describe('executor (audits and challenges)', () => {
  it('a wrong result is audited, challenged, verified and slashed', async () => {
    const client = market.client
    const jm = sdk.getContract(marketChainId, 'JobMarket')
    const registry = sdk.getContract(marketChainId, 'NodeRegistry')
    await Promise.all([2, 3, 4].map((account) => market.registerAndStake(account)))
    // The cheater asks least, so it gets the job; the others stay idle and audit.
    const cheater = await market.startExecutor({
      account: 2,
      name: 'cheater',
      args: ['--cheat', 'wrong-shard'],
      env: { EXECUTOR_ASK_PRICE: '50' },
    })
    await cheater.waitForLog((l) => l.msg === 'ask placed')
    const honest = await Promise.all(
      [3, 4].map((account) => market.startExecutor({ account, env: { EXECUTOR_ASK_PRICE: '300' } })),
    )
    await Promise.all(honest.map((n) => n.waitForLog((l) => l.msg === 'ask placed')))
    const stakeBefore = await client.readContract({
      address: registry.address,
      abi: registry.abi,
      functionName: 'stakeOf',
      args: [anvilAccounts[2].address],
    })

    await postTestJob(market, { taskCount: 2, samplesPerTask: 2, seed: 3 })
    const submitted = await cheater.waitForLog((l) => l.msg === 'result submitted')
    const assignmentId = BigInt(submitted.assignmentId as string)

    const opened = await Promise.race(honest.map((n) => n.waitForLog((l) => l.msg === 'challenge opened', 180_000)))
    expect(BigInt(opened.assignmentId as string)).toBe(assignmentId)
    await cheater.waitForLog((l) => l.msg === 'task proven')
    await Promise.race(honest.map((n) => n.waitForLog((l) => l.msg === 'verification committed', 180_000)))
    // One candidate for three seats: the list stays open for the whole commit window, then the
    // candidate is seated without a draw and reveals.
    await market.timeTravel(121)
    await Promise.race(honest.map((n) => n.waitForLog((l) => l.msg === 'seated as verifier')))
    await Promise.race(honest.map((n) => n.waitForLog((l) => l.msg === 'verification revealed')))
    await Promise.race(honest.map((n) => n.waitForLog((l) => l.msg === 'challenge resolved')))

    const a = await client.readContract({ address: jm.address, abi: jm.abi, functionName: 'getAssignment', args: [assignmentId] })
    expect(a.status).toBe(8) // Rejected
    const stakeAfter = await client.readContract({
      address: registry.address,
      abi: registry.abi,
      functionName: 'stakeOf',
      args: [anvilAccounts[2].address],
    })
    expect(stakeBefore - stakeAfter).toBe(2n * 10n ** 18n) // 2 tasks x 1 NTK collateral
    await cheater.waitForLog((l) => l.msg === 'slashed')
    // Nothing to draw with one candidate, and no step of the challenge failed on any node.
    for (const node of [cheater, ...honest]) {
      expect(node.logs.filter((l) => l.msg === 'verifier draw sent')).toEqual([])
      expect(node.logs.filter((l) => /^verification (committed|revealed) (failed|reverted)$/.test(String(l.msg)))).toEqual([])
    }
  }, 600_000)
})
