// A hostile bundle (a generator reaching for the clock) fails its task with the sandbox's reason
// logged; the node lets that assignment lapse, leaves the ask book while the job can still be
// assigned (so the same job cannot take its collateral again), and keeps serving: once the job's
// deadline has passed it asks again and runs the next job.

import { bundleFiles, hostileModuleSource } from '@neuromation/engine/testing/hostileGenerator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Market, startMarket } from './marketHarness'
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
  it('fails the task with a clear reason, pauses its ask while the job is live, and keeps serving', async () => {
    const node = await market.startExecutor({ account: 2, env: { EXECUTOR_ASK_PRICE: '100' } })
    await node.waitForLog((l) => l.msg === 'ask placed')
    await postTestJob(market, {
      taskCount: 1,
      samplesPerTask: 2,
      bundle: bundleFiles(hostileModuleSource),
      params: { mode: 'date' },
    })
    const failed = await node.waitForLog((l) => l.msg === 'work failed for good')
    expect(String(failed.reason)).toMatch(/Forbidden|Date/)
    await node.waitForLog((l) => l.msg === 'assignment left to lapse: its job cannot be run')
    await node.waitForLog((l) => l.msg === 'ask paused while a failing job can be reassigned')
    expect(node.child.exitCode).toBeNull() // still running

    // Past the failing job's deadline the node asks again and runs a good job.
    await market.timeTravel(7201)
    const asksBefore = node.logs.filter((l) => l.msg === 'ask placed').length
    await node.waitForLog(
      (l) => l.msg === 'ask placed' && node.logs.filter((x) => x.msg === 'ask placed').length > asksBefore,
      120_000,
    )
    await postTestJob(market, { taskCount: 1, samplesPerTask: 2, seed: 4 })
    await node.waitForLog((l) => l.msg === 'result submitted')
  }, 600_000)
})
