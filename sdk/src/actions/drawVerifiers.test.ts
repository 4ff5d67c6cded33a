import type { Anvil } from '@neuromation/devkit'
import {
  type Address,
  createPublicClient,
  createWalletClient,
  type Hash,
  http,
  keccak256,
  parseEther,
  parseEventLogs,
  sha256,
  toHex,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDeployedChain, testChainId } from '../../test/startDeployedChain'
import { anvilAccounts, localTestCapabilities as capabilities } from '../localChain'

// A challenge with more verifier candidates than seats, through the sdk's actions: four staked
// executors commit as candidates; no draw and no reveal while the list is open; then the first
// drawVerifiers fixes the seed block and the next one, sent at once, seats three of them by stake;
// the one left out has its lock back and cannot reveal; the seated reveal and the result stands.
let sdk: typeof import('../index')
let anvil: Anvil

const account = (i: number) => privateKeyToAccount(anvilAccounts[i].privateKey)
const deployer = account(0) // holds the liquidity reserve in script/config/local.json
const executor = account(2)
const requester = account(5)
// #3 and #4 are funded by the local deploy; #6 and #7 get NTK from the deployer here.
const candidates = [3, 4, 6, 7].map(account)

beforeAll(async () => {
  ;({ anvil } = await startDeployedChain())
  sdk = await import('../index')
})

afterAll(async () => {
  await anvil?.stop()
})

describe('drawVerifiers', () => {
  it('fixes the seed block after the commit window, then seats three candidates by stake', async () => {
    const client = createPublicClient({ transport: http(anvil.rpcUrl), pollingInterval: 50 })
    const wallet = (a: typeof deployer) => createWalletClient({ account: a, transport: http(anvil.rpcUrl) })
    const wait = async (hash: Hash) => {
      const receipt = await client.waitForTransactionReceipt({ hash })
      expect(receipt.status).toBe('success')
      return receipt
    }
    const market = sdk.getContract(testChainId, 'JobMarket')
    const registry = sdk.getContract(testChainId, 'NodeRegistry')
    const token = sdk.getContract(testChainId, 'NeuroToken')
    const refused = (attempt: Promise<unknown>) =>
      attempt.then(
        () => 'sent',
        (e: unknown) => sdk.describeError(e),
      )

    for (const a of candidates.slice(2)) {
      await wait(
        await wallet(deployer).writeContract({
          address: token.address,
          abi: token.abi,
          functionName: 'transfer',
          args: [a.address, parseEther('100')],
          chain: null,
        }),
      )
    }
    for (const [i, a] of [executor, ...candidates].entries()) {
      await wait(await sdk.register(wallet(a), { capabilities, metadataCid: `test:${i}` }))
      await wait(await sdk.stake(wallet(a), { amount: parseEther(String(10 * (i + 1))) }))
    }
    await wait(await sdk.placeAsk(wallet(executor), { kind: 'GENERATE', priceTick: 100, capacity: 1 }))
    const now = (await client.getBlock()).timestamp
    const posted = await sdk.postJob(wallet(requester), {
      kind: 'GENERATE',
      verification: 'OPTIMISTIC',
      replication: 1,
      taskCount: 1,
      unitsPerTask: 10n,
      maxPriceTick: 150,
      secondsPerTask: 600,
      challengeWindow: 600,
      deadline: now + 3600n,
      collateralPerTask: parseEther('1'),
      specCid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy',
    })
    await wait(posted.hash)
    const results = [{ taskIndex: 0, shardHash: sha256(toHex('shard-0')) }]
    const { shardHash } = results[0]
    await wait(
      await sdk.submitResult(wallet(executor), { assignmentId: 1n, root: sdk.merkleRoot(results), resultCid: 'bafyresult' }),
    )
    const opened = await sdk.challenge(wallet(requester), { assignmentId: 1n, taskIndex: 0 })
    await wait(opened.hash)
    const { challengeId } = opened
    await wait(await sdk.proveTask(wallet(executor), { challengeId, shardHash, proof: sdk.merkleProof(results, 0) }))

    const salt = (a: typeof deployer) => keccak256(toHex(`salt-${a.address}`))
    for (const a of candidates) {
      const commitment = sdk.verificationCommitment(shardHash, a.address, salt(a))
      await wait(await sdk.commitVerification(wallet(a), { challengeId, commitment }))
    }
    const read = <T>(functionName: string, args: readonly unknown[]) =>
      client.readContract({ address: market.address, abi: market.abi, functionName, args } as never) as Promise<T>
    expect(await read<Address[]>('getVerifiers', [challengeId])).toEqual(candidates.map((a) => a.address))
    const reveal = (a: typeof deployer) => sdk.revealVerification(wallet(a), { challengeId, shardHash, salt: salt(a) })

    // The list stays open until the commit deadline: no draw, no reveal.
    expect(await refused(sdk.drawVerifiers(wallet(requester), { challengeId }))).toMatch(
      /^Challenge #\d+ takes verifier candidates until .* UTC: draw its verifiers after that\.$/,
    )
    expect(await refused(reveal(candidates[0]))).toMatch(/RevealNotOpen/)

    // Past it, the first call fixes the seed block: its own.
    const { verifyCommitWindow, verifyRevealWindow } = await read<{ verifyCommitWindow: number; verifyRevealWindow: number }>(
      'windows',
      [],
    )
    await client.request({ method: 'evm_increaseTime' as never, params: [toHex(verifyCommitWindow + 1)] as never })
    await client.request({ method: 'evm_mine' as never, params: [] as never })
    const scheduled = await wait(await sdk.drawVerifiers(wallet(requester), { challengeId }))
    const [fixed] = parseEventLogs({ abi: market.abi, logs: scheduled.logs, eventName: 'VerifierDrawScheduled' })
    expect(fixed.args).toEqual({ challengeId, drawBlock: scheduled.blockNumber })
    expect(await refused(reveal(candidates[0]))).toMatch(/draw its verifiers first \(anyone may\)/)

    // Sent at once: the newest block is the seed block, and the draw (simulated in the pending
    // block, where it lands) seats three of the four.
    const drawn = await wait(await sdk.drawVerifiers(wallet(requester), { challengeId }))
    const [seats] = parseEventLogs({ abi: market.abi, logs: drawn.logs, eventName: 'VerifiersDrawn' })
    const seated = [...seats.args.verifiers]
    expect(new Set(seated).size).toBe(3)
    expect(seated.every((v) => candidates.some((a) => a.address === v))).toBe(true)
    expect(await read<Address[]>('getVerifiers', [challengeId])).toEqual(seated)
    const drawnAt = (await client.getBlock({ blockNumber: drawn.blockNumber })).timestamp
    expect(await read('getChallenge', [challengeId])).toMatchObject({
      drawn: true,
      drawBlock: scheduled.blockNumber,
      commits: 3,
      revealDeadline: drawnAt + BigInt(verifyRevealWindow),
    })
    expect(await refused(sdk.drawVerifiers(wallet(requester), { challengeId }))).toMatch(
      /are already drawn: nothing more to send/,
    )

    // The candidate left out has its lock back and cannot reveal; the seated reveal and the result stands.
    const out = candidates.find((a) => !seated.includes(a.address))!
    const node = await client.readContract({
      address: registry.address,
      abi: registry.abi,
      functionName: 'getNode',
      args: [out.address],
    })
    expect(node.locked).toBe(0n)
    expect(await refused(reveal(out))).toMatch(/NotAllowedToVerify/)
    for (const v of seated) await wait(await reveal(candidates.find((a) => a.address === v)!))
    const resolved = await wait(await sdk.resolveChallenge(wallet(requester), { challengeId }))
    const [outcome] = parseEventLogs({ abi: market.abi, logs: resolved.logs, eventName: 'ChallengeResolved' })
    expect(outcome.args.status).toBe(3) // ExecutorWon
  })
})
