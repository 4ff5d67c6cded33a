// A hostile bundle (a generator reaching for the clock) fails its task with the sandbox's reason
// logged; the node declines that assignment (its collateral unlocked, nothing slashed, the tasks
// back to the book), asks above the failing job's max price while the job can still be assigned
// (so the same job cannot come back to it), and keeps serving jobs that pay more. Once the job's
// deadline has passed it asks its own price again and runs the next job.

import { bundleFiles, hostileModuleSource } from '@neuromation/engine/testing/hostileGenerator'
import { anvilAccounts } from '@neuromation/sdk/localChain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Market, marketChainId, startMarket } from './marketHarness'
import { postTestJob } from './postTestJob'

let market: Market

beforeAll(async () => {
  market = await startMarket({ blockTime: 1 })
  await market.registerAndStake(2)
})

afterAll(async () => {
  await market?.stop()
})

describe('executor (hostile bundles)', () => {
  it('fails the task with a clear reason, declines it without losing collateral, avoids the job while it is live, and keeps serving', async () => {
    const sdk = await import('@neuromation/sdk')
    const jm = sdk.getContract(marketChainId, 'JobMarket')
    const registry = sdk.getContract(marketChainId, 'NodeRegistry')
    const node = await market.startExecutor({ account: 2, env: { EXECUTOR_ASK_PRICE: '100' } })
    const address = anvilAccounts[2].address
    const stakeOf = () => market.client.readContract({ ...registry, functionName: 'stakeOf', args: [address] })
    const stakeBefore = await stakeOf()
    await node.waitForLog((l) => l.msg === 'ask placed')
    const { jobId } = await postTestJob(market, {
      taskCount: 1,
      samplesPerTask: 2,
      bundle: bundleFiles(hostileModuleSource),
      params: { mode: 'date' },
    })
    const failed = await node.waitForLog((l) => l.msg === 'work failed for good')
    expect(String(failed.reason)).toMatch(/Forbidden|Date/)
    await node.waitForLog((l) => l.msg === 'assignment failed for good: its job cannot be run here')
    const declined = await node.waitForLog((l) => String(l.msg).startsWith('assignment declined'))
    const assignmentId = BigInt(declined.assignmentId as string)
    const a = await market.client.readContract({ ...jm, functionName: 'getAssignment', args: [assignmentId] })
    expect(a.status).toBe(10) // Released
    expect(await market.client.readContract({ ...jm, functionName: 'lockedCollateral', args: [address] })).toBe(0n)
    expect(await stakeOf()).toBe(stakeBefore)
    const job = await market.client.readContract({ ...jm, functionName: 'getJob', args: [jobId] })
    expect(job.tasksUnassigned).toBe(1) // back in the book for others
    // Above the hostile job's max price (500): the job cannot come back to this node.
    const raised = await node.waitForLog((l) => String(l.msg).startsWith('ask raised above'))
    expect(raised.priceTick).toBe(501)
    await node.waitForLog((l) => l.msg === 'ask placed' && l.priceTick === 501)
    expect(node.child.exitCode).toBeNull() // still running

    // A job paying more is served meanwhile.
    await postTestJob(market, { taskCount: 1, samplesPerTask: 2, seed: 4, maxPriceTick: 600 })
    await node.waitForLog((l) => l.msg === 'result submitted')

    // Past the failing job's deadline the node asks its own price again.
    await market.timeTravel(7201)
    await node.waitForLog((l) => l.msg === 'ask placed' && l.priceTick === 100, 120_000)
    expect(node.logs.filter((l) => l.msg === 'slashed')).toEqual([])
  }, 600_000)

  it('declines every replica of a hostile replicated job: the group ends at once, nobody slashed', async () => {
    const sdk = await import('@neuromation/sdk')
    const jm = sdk.getContract(marketChainId, 'JobMarket')
    for (const account of [3, 4]) await market.registerAndStake(account)
    const nodes = await Promise.all(
      [3, 4].map((account) => market.startExecutor({ account, env: { EXECUTOR_ASK_PRICE: '100' } })),
    )
    await Promise.all(nodes.map((n) => n.waitForLog((l) => l.msg === 'ask placed')))
    const { jobId } = await postTestJob(market, {
      taskCount: 1,
      samplesPerTask: 2,
      verification: 'REPLICATED',
      replication: 3,
      bundle: bundleFiles(hostileModuleSource),
      params: { mode: 'date' },
    })
    // The node of the first test asks at 100 again: the three replicas go to the three nodes.
    const declines = await Promise.all(
      nodes.map((n) => n.waitForLog((l) => String(l.msg).startsWith('assignment declined'), 120_000)),
    )
    const [, , groups] = await market.client.readContract({ ...jm, functionName: 'counts' })
    const group = await market.client.readContract({ ...jm, functionName: 'getGroup', args: [groups] })
    expect(group.jobId).toBe(jobId)
    await waitFor(async () => (await market.client.readContract({ ...jm, functionName: 'getGroup', args: [groups] })).resolved)
    const resolved = await market.client.readContract({ ...jm, functionName: 'getGroup', args: [groups] })
    expect(resolved).toMatchObject({ declines: 3, resolved: true, reopens: 0 })
    const job = await market.client.readContract({ ...jm, functionName: 'getJob', args: [jobId] })
    expect(job.tasksUnassigned).toBe(3) // the range back in the book, all three replicas
    expect(job.openAssignments).toBe(0)
    for (const d of declines) {
      const a = await market.client.readContract({
        ...jm,
        functionName: 'getAssignment',
        args: [BigInt(d.assignmentId as string)],
      })
      expect(a.status).toBe(10) // Released
    }
    for (const n of nodes) expect(n.logs.filter((l) => l.msg === 'slashed')).toEqual([])
  }, 600_000)
})

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting for the chain')
    await new Promise((r) => setTimeout(r, 200))
  }
}
