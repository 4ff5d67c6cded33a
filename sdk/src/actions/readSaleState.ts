import type { Client } from 'viem'
import { getBlockNumber, readContract } from 'viem/actions'
import { getContract } from '../getContract'
import { type SalePhase, salePhaseName } from '../phase'
import { resolveChainId } from './resolveChainId'

export type SaleState = {
  phase: SalePhase
  weiRaised: bigint
  tokensSold: bigint
  bonusTokensGiven: bigint
  /** The effective end (unix seconds): saleEnd, or earlier once the secret cap is revealed. */
  endTime: bigint
  paused: boolean
  finalized: boolean
  schedule: { presaleStart: bigint; presaleEnd: bigint; saleStart: bigint; saleEnd: bigint; weekLength: bigint }
  /** The block the state was read at, so every field describes the same moment. */
  blockNumber: bigint
}

/** The TokenSale's state as the dApp shows it, every field read at one block. */
export async function readSaleState(client: Client, params: { chainId?: number; blockNumber?: bigint } = {}): Promise<SaleState> {
  const sale = getContract(await resolveChainId(client, params.chainId), 'TokenSale')
  const blockNumber = params.blockNumber ?? (await getBlockNumber(client, { cacheTime: 0 }))
  const read = { address: sale.address, abi: sale.abi, blockNumber } as const
  const [phase, weiRaised, tokensSold, bonusTokensGiven, endTime, paused, finalized, schedule] = await Promise.all([
    readContract(client, { ...read, functionName: 'phase' }),
    readContract(client, { ...read, functionName: 'weiRaised' }),
    readContract(client, { ...read, functionName: 'tokensSold' }),
    readContract(client, { ...read, functionName: 'bonusTokensGiven' }),
    readContract(client, { ...read, functionName: 'endTime' }),
    readContract(client, { ...read, functionName: 'paused' }),
    readContract(client, { ...read, functionName: 'finalized' }),
    readContract(client, { ...read, functionName: 'schedule' }),
  ])
  return {
    phase: salePhaseName(phase),
    weiRaised,
    tokensSold,
    bonusTokensGiven,
    endTime: BigInt(endTime),
    paused,
    finalized,
    schedule: {
      presaleStart: BigInt(schedule.presaleStart),
      presaleEnd: BigInt(schedule.presaleEnd),
      saleStart: BigInt(schedule.saleStart),
      saleEnd: BigInt(schedule.saleEnd),
      weekLength: BigInt(schedule.weekLength),
    },
    blockNumber,
  }
}
