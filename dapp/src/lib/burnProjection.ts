import type { BurnEpoch } from '../hooks/useBurnSchedule'

export type SupplyPoint = { time: number; supply: bigint }

export type BurnProjectionOptions = {
  /**
   * NTK owed by executed epochs that the vault could not cover (BurnSchedule.shortfall()). It
   * is not lost: BurnSchedule burns it before anything else once funding arrives.
   */
  owed?: bigint
  /**
   * NTK in the vault. Each burn is limited to what is left of it (what cannot be covered stays
   * owed, as BurnSchedule carries it forward); without it every burn is covered: the plan "when
   * fully funded".
   */
  vault?: bigint
  /**
   * When set and something is owed, the owed amount the vault (or full funding) covers is burned
   * at this time first, as anyone may do now with settleShortfall; otherwise it is burned with
   * the next epoch, which pays earlier debt before its own target.
   */
  settleAt?: number
}

const BPS = 10_000n
const min = (a: bigint, b: bigint) => (a < b ? a : b)

/**
 * Supply after each burn still to come, starting from `supply` now, following BurnSchedule's
 * rules: an epoch's target is its rate of the supply that would remain once the owed shortfall
 * is burned; executing it burns the owed shortfall first, then the target, as far as the vault
 * holds; the rest stays owed. So late funding ends at the same supply as early funding.
 */
export function projectBurns(epochs: BurnEpoch[], supply: bigint, options: BurnProjectionOptions = {}): SupplyPoint[] {
  const points: SupplyPoint[] = []
  let owed = options.owed ?? 0n
  let left = options.vault
  const burn = (amount: bigint) => {
    const burned = left === undefined ? amount : min(amount, left)
    if (left !== undefined) left -= burned
    owed = amount - burned
    supply -= burned
    return burned
  }
  if (options.settleAt !== undefined && owed > 0n && burn(owed) > 0n) {
    points.push({ time: options.settleAt, supply })
  }
  for (const epoch of epochs) {
    if (epoch.executed) continue
    const base = supply > owed ? supply - owed : 0n
    burn(owed + (base * BigInt(epoch.rateBps)) / BPS)
    points.push({ time: epoch.time, supply })
  }
  return points
}

/** What stays owed after the projected burns (0 when the vault, or full funding, covers them). */
export function projectedOwed(epochs: BurnEpoch[], supply: bigint, options: BurnProjectionOptions = {}): bigint {
  const points = projectBurns(epochs, supply, options)
  const end = points.at(-1)?.supply ?? supply
  // Everything the schedule still asks for, fully funded, minus what this projection burns.
  const planned = projectBurns(epochs, supply, { owed: options.owed, settleAt: options.settleAt }).at(-1)?.supply ?? supply
  return end - planned
}
