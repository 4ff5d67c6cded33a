import { type SalePhase, salePhaseName } from '@neuromation/sdk'
import { useReadContracts } from 'wagmi'
import { useAppContract } from './useAppContract'

export type SaleSchedule = {
  presaleStart: number
  presaleEnd: number
  saleStart: number
  saleEnd: number
  weekLength: number
}

export type SaleState = {
  phase: SalePhase
  schedule: SaleSchedule
  endTime: number
  paused: boolean
  tokensSold: bigint
  weiRaised: bigint
  hardCapTokens: bigint
  tokensPerEth: bigint
  tiers: readonly { minWei: bigint; bonusBps: number }[]
  /** The public sale's bonus at the latest block (0 outside the Sale phase; see quotePurchase). */
  saleBonusBps: number
}

/** The sale's state from the TokenSale contract (refreshed on every new block). */
export function useSale() {
  const sale = useAppContract('TokenSale')
  const query = useReadContracts({
    allowFailure: false,
    contracts: [
      { ...sale, functionName: 'phase' },
      { ...sale, functionName: 'schedule' },
      { ...sale, functionName: 'endTime' },
      { ...sale, functionName: 'paused' },
      { ...sale, functionName: 'tokensSold' },
      { ...sale, functionName: 'weiRaised' },
      { ...sale, functionName: 'HARD_CAP_TOKENS' },
      { ...sale, functionName: 'TOKENS_PER_ETH' },
      { ...sale, functionName: 'presaleTiers' },
      // The bonus of an amount that reaches no presale tier: the week bonus in the public sale.
      { ...sale, functionName: 'currentBonusBps', args: [0n] },
    ],
  })
  let data: SaleState | undefined
  if (query.data) {
    const [phase, schedule, endTime, paused, tokensSold, weiRaised, hardCapTokens, tokensPerEth, tiers, zeroAmountBonus] =
      query.data
    data = {
      phase: salePhaseName(phase),
      schedule: {
        presaleStart: Number(schedule.presaleStart),
        presaleEnd: Number(schedule.presaleEnd),
        saleStart: Number(schedule.saleStart),
        saleEnd: Number(schedule.saleEnd),
        weekLength: Number(schedule.weekLength),
      },
      endTime: Number(endTime),
      paused,
      tokensSold,
      weiRaised,
      hardCapTokens,
      tokensPerEth,
      tiers,
      saleBonusBps: salePhaseName(phase) === 'Sale' ? zeroAmountBonus : 0,
    }
  }
  return { ...query, data }
}
