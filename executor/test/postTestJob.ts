import { join } from 'node:path'
import { repoRoot } from '@neuromation/devkit'
import { anvilAccounts } from '@neuromation/sdk/localChain'
import { createWalletClient, http, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { Market } from './marketHarness'

/** Posts a digits job as anvil #5 (the local demo requester); returns its id and spec. */
export async function postTestJob(
  market: Market,
  options: {
    taskCount: number
    samplesPerTask: number
    seed?: number
    verification?: 'OPTIMISTIC' | 'REPLICATED'
    replication?: number
    challengeWindow?: number
    wait?: boolean
    /** A packed bundle's files to publish instead of generators/digits. */
    bundle?: Record<string, Uint8Array>
    params?: Record<string, string | number | boolean>
    /** The most the requester pays per compute unit (default 500 ticks). */
    maxPriceTick?: number
    /** Time per task (default 600 s). */
    secondsPerTask?: number
    /** A spec CID to post instead of publishing the spec (e.g. one nobody serves). */
    specCid?: string
  },
): Promise<{ jobId: bigint; hash: `0x${string}` }> {
  const sdk = await import('@neuromation/sdk')
  const client = market.client
  const generator = options.bundle
    ? await market.hub.addDirectory(Object.entries(options.bundle).map(([path, bytes]) => ({ path, bytes })))
    : await market.publishBundle(join(repoRoot, 'generators/digits'))
  const spec = {
    version: 1 as const,
    kind: 'GENERATE' as const,
    generator,
    params: options.params ?? {},
    seed: options.seed ?? 1,
    samplesPerTask: options.samplesPerTask,
  }
  const specCid = options.specCid ?? (await market.publishSpec(spec))
  const requester = createWalletClient({
    account: privateKeyToAccount(anvilAccounts[5].privateKey),
    transport: http(market.rpcUrl),
  })
  const now = (await client.getBlock()).timestamp
  const { hash, jobId } = await sdk.postJob(requester, {
    kind: 'GENERATE',
    verification: options.verification ?? 'OPTIMISTIC',
    replication: options.replication ?? 1,
    taskCount: options.taskCount,
    unitsPerTask: sdk.unitsPerTask(spec, 1),
    maxPriceTick: options.maxPriceTick ?? 500,
    secondsPerTask: options.secondsPerTask ?? 600,
    challengeWindow: options.verification === 'REPLICATED' ? 0 : (options.challengeWindow ?? 600),
    deadline: now + 7200n,
    collateralPerTask: parseEther('1'),
    specCid,
  })
  if (options.wait !== false) {
    const receipt = await client.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') throw new Error('postJob reverted')
  }
  return { jobId, hash }
}
