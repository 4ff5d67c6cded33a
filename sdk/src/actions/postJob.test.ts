import type { Anvil } from '@neuromation/devkit'
import { createPublicClient, createWalletClient, http, parseEther, sha256, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDeployedChain, testChainId } from '../../test/startDeployedChain'
import { anvilAccounts, localTestCapabilities as capabilities } from '../localChain'

// Loaded after the deployment: the sdk's generated contracts must include the test chain.
let sdk: typeof import('../index')
let anvil: Anvil

const executor = privateKeyToAccount(anvilAccounts[2].privateKey)
const requester = privateKeyToAccount(anvilAccounts[5].privateKey)

beforeAll(async () => {
  ;({ anvil } = await startDeployedChain())
  sdk = await import('../index')
})

afterAll(async () => {
  await anvil?.stop()
})

describe('market actions', () => {
  it('register, stake (permit), ask, post (permit), submit, settle and withdraw through the sdk', async () => {
    const client = createPublicClient({ transport: http(anvil.rpcUrl), pollingInterval: 50 })
    const node = createWalletClient({ account: executor, transport: http(anvil.rpcUrl) })
    const buyer = createWalletClient({ account: requester, transport: http(anvil.rpcUrl) })
    const wait = async (hash: `0x${string}`) => expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success')
    const market = sdk.getContract(testChainId, 'JobMarket')
    const registry = sdk.getContract(testChainId, 'NodeRegistry')

    await wait(await sdk.register(node, { capabilities, metadataCid: 'test:node' }))
    await wait(await sdk.stake(node, { amount: parseEther('10') }))
    expect(
      await client.readContract({
        address: registry.address,
        abi: registry.abi,
        functionName: 'stakeOf',
        args: [executor.address],
      }),
    ).toBe(parseEther('10'))
    await wait(await sdk.placeAsk(node, { kind: 'GENERATE', priceTick: 100, capacity: 2 }))

    const now = (await client.getBlock()).timestamp
    const { hash, jobId, escrow } = await sdk.postJob(buyer, {
      kind: 'GENERATE',
      verification: 'OPTIMISTIC',
      replication: 1,
      taskCount: 2,
      unitsPerTask: 10n,
      maxPriceTick: 150,
      secondsPerTask: 600,
      challengeWindow: 60,
      deadline: now + 3600n,
      collateralPerTask: parseEther('1'),
      specCid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy',
    })
    await wait(hash)
    expect(jobId).toBe(1n)
    // Decision 2: 2 tasks x 10 units x 150 ticks x 1e9, plus 10% commission.
    expect(escrow).toBe((2n * 10n * 150n * 10n ** 9n * 11_000n) / 10_000n)

    const assignment = await client.readContract({
      address: market.address,
      abi: market.abi,
      functionName: 'getAssignment',
      args: [1n],
    })
    expect(assignment).toMatchObject({ jobId: 1n, executor: executor.address, firstTask: 0, taskCount: 2, priceTick: 100 })
    const results = [0, 1].map((t) => ({ taskIndex: t, shardHash: sha256(toHex(`shard-${t}`)) }))
    await wait(await sdk.submitResult(node, { assignmentId: 1n, root: sdk.merkleRoot(results), resultCid: 'bafyresult' }))

    // Too early to settle: skipped, not reverted.
    const early = await sdk.settle(node, { assignmentIds: [1n] })
    expect(early.settled).toBe(0n)
    await wait(early.hash)
    await client.request({ method: 'evm_increaseTime' as never, params: ['0x3d'] as never })
    await client.request({ method: 'evm_mine' as never, params: [] as never })
    const settled = await sdk.settle(node, { assignmentIds: [1n] })
    expect(settled.settled).toBe(1n)
    await wait(settled.hash)
    const { amount } = await sdk.withdraw(node)
    expect(amount).toBe(2n * 10n * 100n * 10n ** 9n)

    await wait(await sdk.cancelAsk(node, { kind: 'GENERATE' }))
    await wait(await sdk.requestUnbond(node, { amount: parseEther('1') }))
  })

  it('decodes market reverts before anything is sent', async () => {
    const node = createWalletClient({ account: executor, transport: http(anvil.rpcUrl) })
    const error = await sdk.register(node, { capabilities, metadataCid: 'again' }).catch((e: unknown) => e)
    expect(sdk.describeError(error)).toMatch(/already has a node registered/)
    const noAsk = await sdk.cancelAsk(node, { kind: 'GENERATE' }).catch((e: unknown) => e)
    expect(sdk.describeError(noAsk)).toMatch(/no ask for this kind of job/)
  })
})
