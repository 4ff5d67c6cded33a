import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { type Address, BlockNotFoundError, type Hash } from 'viem'
import { getContractEvents } from 'viem/actions'
import type { Chain } from './createChain'

/** What an executor has earned, lost and withdrawn since the market was deployed. */
export type LifetimeTotals = {
  /** Payments of settled assignments (commission already taken). */
  earned: bigint
  settledAssignments: number
  /** Collateral lost to challenges, replicated minorities and missed deadlines. */
  slashed: bigint
  slashedAssignments: number
  /** Credits withdrawn from the market (earnings, refunds and rewards alike). */
  withdrawn: bigint
}

/** The totals up to a block at least `confirmations` deep, kept so the next call reads only newer blocks. */
type Cache = {
  chainId: number
  market: Address
  executor: Address
  block: string
  hash: Hash
  totals: Record<string, string | number>
}

export type LifetimeOptions = {
  /** Most blocks per eth_getLogs call (public RPCs cap the range). */
  pageBlocks: number
  /** Blocks this deep are final enough to cache. */
  confirmations: number
  /** Where the cache lives (the node's data dir); undefined: read everything every time. */
  cachePath?: string
}

/**
 * Sums `executor`'s AssignmentSettled, AssignmentSlashed and Withdrawn events since the market's
 * deployment. The market keeps only unwithdrawn credits in storage and the chain is the one record
 * that survives a lost data directory, so lifetime figures come from its events. A market that
 * has run for months spans many pages of logs: totals up to a confirmed block are cached and
 * reused while that block is still canonical (a reorg or a reset chain starts over).
 */
export async function readLifetimeTotals(chain: Chain, executor: Address, options: LifetimeOptions): Promise<LifetimeTotals> {
  const client = chain.publicClient
  const head = await client.getBlockNumber({ cacheTime: 0 })
  const cached = await readCache(chain, executor, options.cachePath)
  const totals = cached?.totals ?? { earned: 0n, settledAssignments: 0, slashed: 0n, slashedAssignments: 0, withdrawn: 0n }
  const safe = head - BigInt(options.confirmations)
  let cacheable: LifetimeTotals | undefined
  const { address, abi } = chain.market
  const page = BigInt(options.pageBlocks)
  for (let from = cached ? cached.block + 1n : chain.startBlock; from <= head; ) {
    // Pages end at the safe block once, so the totals there can be cached.
    let to = from + page - 1n < head ? from + page - 1n : head
    if (from <= safe && to > safe) to = safe
    const range = { fromBlock: from, toBlock: to }
    const [settled, slashed, withdrawn] = await Promise.all([
      getContractEvents(client, { address, abi, eventName: 'AssignmentSettled', args: { executor }, ...range }),
      getContractEvents(client, { address, abi, eventName: 'AssignmentSlashed', args: { executor }, ...range }),
      getContractEvents(client, { address, abi, eventName: 'Withdrawn', args: { account: executor }, ...range }),
    ])
    for (const { args } of settled) totals.earned += args.payment ?? 0n
    totals.settledAssignments += settled.length
    for (const { args } of slashed) totals.slashed += args.amount ?? 0n
    totals.slashedAssignments += slashed.length
    for (const { args } of withdrawn) totals.withdrawn += args.amount ?? 0n
    if (to === safe) cacheable = { ...totals }
    from = to + 1n
  }
  if (cacheable && options.cachePath) {
    const block = await client.getBlock({ blockNumber: safe })
    const cache: Cache = {
      chainId: chain.chainId,
      market: address,
      executor,
      block: safe.toString(),
      hash: block.hash,
      totals: Object.fromEntries(Object.entries(cacheable).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v])),
    }
    mkdirSync(dirname(options.cachePath), { recursive: true })
    writeFileSync(`${options.cachePath}.tmp`, `${JSON.stringify(cache, null, 2)}\n`)
    renameSync(`${options.cachePath}.tmp`, options.cachePath)
  }
  return totals
}

/** The cached totals if they are for this chain, market and executor and their block is still canonical. */
async function readCache(
  chain: Chain,
  executor: Address,
  path: string | undefined,
): Promise<{ block: bigint; totals: LifetimeTotals } | undefined> {
  if (!path || !existsSync(path)) return undefined
  let cache: Cache
  try {
    cache = JSON.parse(readFileSync(path, 'utf8')) as Cache
  } catch {
    return undefined // a damaged cache costs a full read, nothing else
  }
  if (cache.chainId !== chain.chainId || cache.market !== chain.market.address || cache.executor !== executor) return undefined
  const block = BigInt(cache.block)
  const onChain = await chain.publicClient.getBlock({ blockNumber: block }).catch((error: unknown) => {
    if (error instanceof BlockNotFoundError) return undefined
    throw error
  })
  if (onChain?.hash !== cache.hash) return undefined
  const t = cache.totals
  return {
    block,
    totals: {
      earned: BigInt(t.earned),
      settledAssignments: Number(t.settledAssignments),
      slashed: BigInt(t.slashed),
      slashedAssignments: Number(t.slashedAssignments),
      withdrawn: BigInt(t.withdrawn),
    },
  }
}
