import { formatNtk } from '../lib/format'

/**
 * An NTK amount of the compute market. Prices are ticks of 10^-9 NTK per compute unit, so a small
 * job costs millionths of an NTK: amounts under 0.001 NTK keep every digit (trailing zeros
 * dropped) instead of rounding to "0 NTK"; larger ones show 6 decimals.
 */
export function formatCost(wei: bigint): string {
  return formatNtk(wei, wei < 10n ** 15n ? 18 : 6)
}

/** Wei of NTK per compute unit per price tick (IJobMarket.PRICE_TICK). */
const PRICE_TICK = 10n ** 9n
/** Prices read best per million compute units: one tick is 0.001 NTK per million units. */
const UNITS_SHOWN = 1_000_000n

/** An ask's or job's price tick as people compare prices: "0.1 NTK / M units". */
export const formatAskPrice = (priceTick: number) => `${formatNtk(BigInt(priceTick) * PRICE_TICK * UNITS_SHOWN, 3)} / M units`
