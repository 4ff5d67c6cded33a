import { useReadContracts } from 'wagmi'
import { useAppContract } from './useAppContract'

export type BurnEpoch = {
  index: number
  time: number
  rateBps: number
  executed: boolean
  executedAt: number
  target: bigint
  burned: bigint
}

export type BurnScheduleState = {
  genesisSupply: bigint
  totalSupply: bigint
  vaultBalance: bigint
  /** NTK owed by executed epochs that the vault could not cover; burned once funding arrives. */
  shortfall: bigint
  nextEpoch: number
  epochs: BurnEpoch[]
}

/** Token supply and the burn schedule, from NeuroToken and BurnSchedule (refreshed every block). */
export function useBurnSchedule() {
  const token = useAppContract('NeuroToken')
  const burn = useAppContract('BurnSchedule')
  const query = useReadContracts({
    allowFailure: false,
    contracts: [
      { ...token, functionName: 'GENESIS_SUPPLY' },
      { ...token, functionName: 'totalSupply' },
      { ...burn, functionName: 'vaultBalance' },
      { ...burn, functionName: 'shortfall' },
      { ...burn, functionName: 'nextEpoch' },
      { ...burn, functionName: 'epochs' },
    ],
  })
  let data: BurnScheduleState | undefined
  if (query.data) {
    const [genesisSupply, totalSupply, vaultBalance, shortfall, nextEpoch, epochs] = query.data
    data = {
      genesisSupply,
      totalSupply,
      vaultBalance,
      shortfall,
      nextEpoch: Number(nextEpoch),
      epochs: epochs.map((e, index) => ({
        index,
        time: Number(e.time),
        rateBps: e.rateBps,
        executed: e.executed,
        executedAt: Number(e.executedAt),
        target: e.target,
        burned: e.burned,
      })),
    }
  }
  return { ...query, data }
}
