import { formatNtk } from '../lib/format'

/**
 * An NTK amount of the compute market. Prices are ticks of 10^-9 NTK per compute unit, so a small
 * job costs millionths of an NTK: amounts under 0.001 NTK keep every digit (trailing zeros
 * dropped) instead of rounding to "0 NTK"; larger ones show 6 decimals.
 */
export function formatCost(wei: bigint): string {
  return formatNtk(wei, wei < 10n ** 15n ? 18 : 6)
}
