import { formatEther } from 'viem'
import { type CommandHint, plainCommandHint } from '../cli/commandHint'
import { ExecutorError } from '../ExecutorError'
import { askBacking } from './askBacking'
import type { Chain } from './createChain'
import { readContractOf } from './readContractOf'

/** What the registry and the market say about a node when its daemon starts. */
export type NodeReadiness = {
  registered: boolean
  /** Stake not locked by assignments, challenges or unbonding. */
  freeStake: bigint
  /** Stake the market holds for the node's open work. */
  locked: bigint
  /** Tasks of its GENERATE ask assigned and not yet paid. */
  inFlight: number
  /** Free stake the market wants per open slot of an ask (JobMarket.minCollateral). */
  minCollateral: bigint
}

/**
 * Why a node's daemon should not start, or undefined. The daemon gets work only through its ask,
 * which the market takes only from a registered node whose free stake backs each open slot
 * (Matching.placeAsk): without that it would retry the ask for ever and do nothing. A node with
 * stake locked in open work starts anyway: it must finish that work, or be slashed for it.
 */
export function whyNodeCannotStart(
  node: NodeReadiness,
  me: string,
  capacity: number,
  hint: CommandHint = plainCommandHint,
): string | undefined {
  const { required } = askBacking({ capacity, inFlight: node.inFlight }, node.freeStake, node.minCollateral)
  const per = `${formatEther(node.minCollateral)} NTK per task of EXECUTOR_CAPACITY=${capacity}`
  if (!node.registered)
    return `${me} is not registered in the NodeRegistry, so the market gives it no tasks. Run \`${hint('register')}\`, then \`${hint('stake', '<NTK>')}\`${required > 0n ? ` (at least ${formatEther(required)} NTK: ${per})` : ''}, then start again.`
  if (node.freeStake < required && node.locked === 0n)
    return `${me} has ${formatEther(node.freeStake)} NTK of free stake, and its ask needs ${formatEther(required)} NTK (${per}), so the market gives it no tasks. Run \`${hint('stake', formatEther(required - node.freeStake))}\` (or lower EXECUTOR_CAPACITY), then start again.`
  return undefined
}

/** Reads the node's registration, stake and ask; throws ExecutorError NOT_READY when it cannot take work. */
export async function checkNodeReady(chain: Chain, capacity: number, hint?: CommandHint): Promise<void> {
  const read = readContractOf(chain)
  const [node, freeStake, ask, minCollateral] = (await Promise.all([
    read('registry', 'getNode', [chain.me]),
    read('registry', 'freeStake', [chain.me]),
    read('market', 'getAsk', [chain.me, 0]),
    read('market', 'minCollateral', [0]),
  ])) as [{ registered: boolean; locked: bigint }, bigint, { inFlight: number }, bigint]
  const why = whyNodeCannotStart(
    { registered: node.registered, freeStake, locked: node.locked, inFlight: Number(ask.inFlight), minCollateral },
    chain.me,
    capacity,
    hint,
  )
  if (why !== undefined) throw new ExecutorError('NOT_READY', why)
}
