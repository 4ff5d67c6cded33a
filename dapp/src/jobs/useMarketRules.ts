import { jobKind } from '@neuromation/sdk'
import { useReadContracts } from 'wagmi'
import { useAppContract } from '../hooks/useAppContract'

/** What JobMarket enforces for GENERATE jobs, read from the chain (refreshed every block). */
export type MarketSettings = {
  /** Wei of NTK per compute unit per price tick. */
  priceTick: bigint
  commissionBps: number
  minCollateral: bigint
  minChallengeWindow: number
  maxChallengeWindow: number
  /** The least seconds per task a job may give. */
  minSecondsPerTask: number
}

const GENERATE = jobKind('GENERATE')

/** JobMarket's price tick, GENERATE commission and minimum collateral, its challenge-window bounds and its least time per task. */
export function useMarketRules() {
  const market = useAppContract('JobMarket')
  const query = useReadContracts({
    allowFailure: false,
    contracts: [
      { ...market, functionName: 'PRICE_TICK' },
      { ...market, functionName: 'commissionBps', args: [GENERATE] },
      { ...market, functionName: 'minCollateral', args: [GENERATE] },
      { ...market, functionName: 'windows' },
    ],
  })
  let data: MarketSettings | undefined
  if (query.data) {
    const [priceTick, commissionBps, minCollateral, windows] = query.data
    data = {
      priceTick,
      commissionBps,
      minCollateral,
      minChallengeWindow: windows.minChallengeWindow,
      maxChallengeWindow: windows.maxChallengeWindow,
      minSecondsPerTask: windows.minSecondsPerTask,
    }
  }
  return { ...query, data }
}
