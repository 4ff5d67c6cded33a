import type { BurnEpoch } from '../hooks/useBurnSchedule'

export type SupplyPoint = { time: number; supply: bigint }

const BPS = 10_000n

/**
 * Supply after each epoch not yet executed, starting from `supply` now. `vault` limits each burn
 * to what the vault holds (as BurnSchedule does, recording a shortfall); without it every epoch
 * burns its full target (rate x supply at execution): the plan "when fully funded".
 */
export function projectBurns(epochs: BurnEpoch[], supply: bigint, vault?: bigint): SupplyPoint[] {
  const points: SupplyPoint[] = []
  let left = vault
  for (const epoch of epochs) {
    if (epoch.executed) continue
    const target = (supply * BigInt(epoch.rateBps)) / BPS
    const burned = left === undefined ? target : target < left ? target : left
    if (left !== undefined) left -= burned
    supply -= burned
    points.push({ time: epoch.time, supply })
  }
  return points
}
