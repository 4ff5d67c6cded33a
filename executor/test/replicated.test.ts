// A replicated job (replication 3) runs on three real executor processes: each commits to its root
// with a salt derived from its key, reveals once all committed, and the group resolves to the
// common root; every executor is paid.
import { join } from 'node:path'
import { repoRoot } from '@neuromation/devkit'
import { anvilAccounts } from '@neuromation/sdk/localChain'
import { createWalletClient, http, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Market, marketChainId, startMarket } from './marketHarness'

let market: Market
let sdk: typeof import('@neuromation/sdk')

beforeAll(async () => {
  market = await startMarket({ blockTime: 1 })
  sdk = await import('@neuromation/sdk')
})

afterAll(async () => {
  await market?.stop()
})

describe('executor (replicated)', () => {
  it('three executors commit, reveal and are paid for the majority root', async () => {
    const client = market.client
    const marketContract = sdk.getContract(marketChainId, 'JobMarket')
    for (const account of [2, 3, 4]) await market.registerAndStake(account)
    const nodes = await Promise.all(
      [2, 3, 4].map((account, i) =>
        market.startExecutor({ account, env: { EXECUTOR_ASK_PRICE: String(100 + i * 10), EXECUTOR_AUDIT: 'false' } }),
      ),
    )
    await Promise.all(nodes.map((n) => n.waitForLog((l) => l.msg === 'ask placed')))

    const generator = await market.publishBundle(join(repoRoot, 'generators/digits'))
    const spec = { version: 1, kind: 'GENERATE', generator, params: {}, seed: 5, samplesPerTask: 2 }
    const specCid = await market.publishSpec(spec)
    const requester = createWalletClient({
      account: privateKeyToAccount(anvilAccounts[5].privateKey),
      transport: http(market.rpcUrl),
    })
    const now = (await client.getBlock()).timestamp
    const { hash, jobId } = await sdk.postJob(requester, {
      kind: 'GENERATE',
      verification: 'REPLICATED',
      replication: 3,
      taskCount: 2,
      unitsPerTask: sdk.unitsPerTask(spec, 1),
      maxPriceTick: 200,
      secondsPerTask: 120,
      challengeWindow: 0,
      deadline: now + 3600n,
      collateralPerTask: parseEther('1'),
      specCid,
    })
    expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success')

    const revealed = await Promise.all(nodes.map((n) => n.waitForLog((l) => l.msg === 'result revealed')))
    expect(new Set(revealed.map((l) => l.root)).size).toBe(1) // the same root everywhere: deterministic shards
    await Promise.all(nodes.map((n) => n.waitForLog((l) => l.msg === 'assignments settled')))
    for (const l of revealed) {
      const a = await client.readContract({
        address: marketContract.address,
        abi: marketContract.abi,
        functionName: 'getAssignment',
        args: [BigInt(l.assignmentId as string)],
      })
      expect(a.jobId).toBe(jobId)
      expect(a.status).toBe(7) // Settled
    }
    for (const account of [2, 3, 4]) {
      const credits = await client.readContract({
        address: marketContract.address,
        abi: marketContract.abi,
        functionName: 'credits',
        args: [anvilAccounts[account].address],
      })
      expect(credits).toBeGreaterThan(0n)
    }
  }, 600_000)
})
