import type { Anvil } from '@neuromation/devkit'
import { createPublicClient, createWalletClient, type Hash, http, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDeployedChain, testChainId } from '../../test/startDeployedChain'
import { anvilAccounts, localTestCapabilities as capabilities } from '../localChain'

// The crowded bid book of the market's known limitations, and its way out: 32 jobs at the top
// price that no ask can serve (a collateral nobody has staked) rest ahead of a job an ask could
// take. A new ask visits at most 32 resting bids, so it never reaches that job by itself; a
// matchJob call for it (the executor daemon sends one for a job it could serve) assigns it.
let sdk: typeof import('../index')
let anvil: Anvil

const account = (i: number) => privateKeyToAccount(anvilAccounts[i].privateKey)
const executor = account(2)
const requester = account(5)

beforeAll(async () => {
  ;({ anvil } = await startDeployedChain())
  sdk = await import('../index')
})

afterAll(async () => {
  await anvil?.stop()
})

describe('matchJob', () => {
  it('assigns a job resting behind 32 bids that no ask can serve, which a new ask does not reach', async () => {
    const client = createPublicClient({ transport: http(anvil.rpcUrl), pollingInterval: 50 })
    const wallet = (a: typeof executor) => createWalletClient({ account: a, transport: http(anvil.rpcUrl) })
    const wait = async (hash: Hash) => {
      const receipt = await client.waitForTransactionReceipt({ hash })
      expect(receipt.status).toBe('success')
    }
    const market = sdk.getContract(testChainId, 'JobMarket')
    const tasksUnassigned = async (jobId: bigint) =>
      (
        (await client.readContract({ address: market.address, abi: market.abi, functionName: 'getJob', args: [jobId] })) as {
          tasksUnassigned: number
        }
      ).tasksUnassigned
    const now = (await client.getBlock()).timestamp
    const post = async (maxPriceTick: number, collateralPerTask: bigint) => {
      const posted = await sdk.postJob(wallet(requester), {
        kind: 'GENERATE',
        verification: 'OPTIMISTIC',
        replication: 1,
        taskCount: 1,
        unitsPerTask: 10n,
        maxPriceTick,
        secondsPerTask: 600,
        challengeWindow: 600,
        deadline: now + 3600n,
        collateralPerTask,
        specCid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy',
      })
      await wait(posted.hash)
      return posted.jobId
    }
    for (let i = 0; i < 32; i++) await post(1_000, parseEther('1000000'))
    const wanted = await post(150, parseEther('1'))

    await wait(await sdk.register(wallet(executor), { capabilities, metadataCid: 'test:executor' }))
    await wait(await sdk.stake(wallet(executor), { amount: parseEther('10') }))
    await wait(await sdk.placeAsk(wallet(executor), { kind: 'GENERATE', priceTick: 100, capacity: 1 }))
    expect(await tasksUnassigned(wanted)).toBe(1) // the ask's own walk stopped at the 32 it could not serve

    await wait(await sdk.matchJob(wallet(requester), { jobId: wanted, maxAssignments: 4n }))
    expect(await tasksUnassigned(wanted)).toBe(0)
    const ask = (await client.readContract({
      address: market.address,
      abi: market.abi,
      functionName: 'getAsk',
      args: [executor.address, 0],
    })) as { inFlight: number }
    expect(ask.inFlight).toBe(1)
  })
})
