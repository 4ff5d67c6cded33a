// A hostile bundle (a generator reaching for the clock) fails its task with the sandbox's reason
// logged; the node declines that assignment (its collateral unlocked, nothing slashed, the tasks
// back to the book). The market excludes it from that job, so it asks its own price again at once
// and keeps serving other jobs while the failing job waits for another node.

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
  it('fails the task with a clear reason, declines it without losing collateral, is never matched to that job again, and keeps serving at its price', async () => {
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
    expect(await market.client.readContract({ ...jm, functionName: 'excludedExecutors', args: [jobId] })).toEqual([address])
    // Back in the book at its own price at once, though the failing job (max price 500) still rests.
    const declinedAt = node.logs.indexOf(declined)
    await node.waitForLog((l) => node.logs.indexOf(l) > declinedAt && l.msg === 'ask placed' && l.priceTick === 100)
    expect(node.child.exitCode).toBeNull() // still running

    // Another job is served meanwhile; the failing one never comes back to this node.
    await postTestJob(market, { taskCount: 1, samplesPerTask: 2, seed: 4 })
    await node.waitForLog((l) => l.msg === 'result submitted')
    const job = await market.client.readContract({ ...jm, functionName: 'getJob', args: [jobId] })
    expect(job.tasksUnassigned).toBe(1) // waits for another node
    expect(job.openAssignments).toBe(0)
    expect(
      node.logs.filter((l) => l.msg === 'assignment declined: its tasks go to other nodes, and this job never comes back here'),
    ).toHaveLength(1)
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
    // The node of the first test asks at 100 (it is excluded only from the first test's job): the
    // three replicas go to the three nodes.
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
    // All three are excluded from the job: back in the book, none of them takes the range again.
    const excluded = await market.client.readContract({ ...jm, functionName: 'excludedExecutors', args: [jobId] })
    expect(excluded).toHaveLength(3)
    await Promise.all(
      nodes.map((n, i) => {
        const at = n.logs.indexOf(declines[i])
        return n.waitForLog((l) => n.logs.indexOf(l) > at && l.msg === 'ask placed' && l.priceTick === 100)
      }),
    )
    const [, assignments] = await market.client.readContract({ ...jm, functionName: 'counts' })
    expect(await market.client.readContract({ ...jm, functionName: 'getJob', args: [jobId] })).toMatchObject({
      tasksUnassigned: 3,
      openAssignments: 0,
    })
    expect((await market.client.readContract({ ...jm, functionName: 'counts' }))[1]).toBe(assignments)
    for (const n of nodes) expect(n.logs.filter((l) => l.msg === 'slashed')).toEqual([])
  }, 600_000)
})

describe('executor (a job whose spec nobody serves)', () => {
  // A valid CID of bytes nobody ever added: posting it costs only gas. The node used to retry the
  // fetch until the assignment lapsed, and anyone's reclaim then slashed all its collateral.
  const missingSpec = 'bafkreidzz2dhjxplojkwirpqqrnodjhppfirytm5gjcisb76ajau5l5juq'

  it('declines the assignment while that is free instead of retrying until it lapses', async () => {
    const sdk = await import('@neuromation/sdk')
    const jm = sdk.getContract(marketChainId, 'JobMarket')
    const registry = sdk.getContract(marketChainId, 'NodeRegistry')
    await market.fund(7, '200')
    await market.registerAndStake(7)
    // The cheapest ask here, with a short fetch timeout: the job goes to it and fails fast.
    const node = await market.startExecutor({ account: 7, env: { EXECUTOR_ASK_PRICE: '10', EXECUTOR_FETCH_TIMEOUT: '2s' } })
    const address = anvilAccounts[7].address
    const stakeBefore = await market.client.readContract({ ...registry, functionName: 'stakeOf', args: [address] })
    await node.waitForLog((l) => l.msg === 'ask placed')
    // 100 s a task: declining is free for the first 50 s after the match. At most 20 ticks: only this
    // node (asking 10) takes it, so once it is excluded the job rests for nobody (the next test's
    // node, asking 50, must not take it and split its own job).
    const { jobId } = await postTestJob(market, {
      taskCount: 1,
      samplesPerTask: 2,
      secondsPerTask: 100,
      specCid: missingSpec,
      maxPriceTick: 20,
    })
    await node.waitForLog(
      (l) => l.msg === 'work failed; will retry' && /Cannot fetch the job spec/.test(String(l.work ?? '') + String(l.reason)),
    )
    const declined = await node.waitForLog(
      (l) => String(l.msg).startsWith('assignment declined') && String(l.jobId) === String(jobId),
      120_000,
    )
    const assignmentId = BigInt(declined.assignmentId as string)
    expect(await market.client.readContract({ ...jm, functionName: 'getAssignment', args: [assignmentId] })).toMatchObject({
      status: 10, // Released
    })
    expect(await market.client.readContract({ ...registry, functionName: 'stakeOf', args: [address] })).toBe(stakeBefore)
    expect(await market.client.readContract({ ...jm, functionName: 'excludedExecutors', args: [jobId] })).toContain(address)
    expect(node.logs.filter((l) => l.msg === 'slashed')).toEqual([])
    await node.stop()
  }, 600_000)
})

describe('executor (a generator that fails only on a later task)', () => {
  it('finds it by probing one sample of each task before computing any, and declines for free', async () => {
    const sdk = await import('@neuromation/sdk')
    const registry = sdk.getContract(marketChainId, 'NodeRegistry')
    await market.fund(6, '200')
    await market.registerAndStake(6)
    // Cheaper than the nodes of the tests above: the three tasks go to it as one assignment.
    const node = await market.startExecutor({ account: 6, env: { EXECUTOR_ASK_PRICE: '50' } })
    const address = anvilAccounts[6].address
    const stakeBefore = await market.client.readContract({ ...registry, functionName: 'stakeOf', args: [address] })
    await node.waitForLog((l) => l.msg === 'ask placed')
    // Tasks of 8 samples: task 2 (samples 16..23) throws from its first sample on.
    const { jobId } = await postTestJob(market, {
      taskCount: 3,
      samplesPerTask: 8,
      bundle: bundleFiles(hostileModuleSource),
      params: { mode: 'throwFrom', from: 16 },
    })
    await node.waitForLog((l) => l.msg === 'work failed for good' && /boom from 16 at 16/.test(String(l.reason)))
    await node.waitForLog((l) => String(l.msg).startsWith('assignment declined') && String(l.jobId) === String(jobId))
    // Tasks 0 and 1 were never computed (the probe found the failure first; the only other job it
    // may meet here, the first test's, fails at its first sample).
    const metrics = await (await fetch(`http://127.0.0.1:${node.metricsPort}/metrics`)).text()
    expect(metrics).not.toMatch(/neuro_executor_tasks_run_total [1-9]/)
    expect(await market.client.readContract({ ...registry, functionName: 'stakeOf', args: [address] })).toBe(stakeBefore)
    expect(node.logs.filter((l) => l.msg === 'slashed')).toEqual([])
  }, 600_000)
})

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting for the chain')
    await new Promise((r) => setTimeout(r, 200))
  }
}
