import type { SalePhase } from '@neuromation/sdk'
import type { SaleSchedule } from '../hooks/useSale'

/** TokenSale's public-sale time bonus by week since sale start (contract constants). */
export const weekBonusesBps = [1_500, 1_000, 500] as const

/** Index of the public-sale bonus week at `now` (0-based), or undefined outside the sale. */
export function saleWeek(schedule: SaleSchedule, now: number): number | undefined {
  if (now < schedule.saleStart) return undefined
  return Math.floor((now - schedule.saleStart) / schedule.weekLength)
}

/** The next moment something changes for buyers, with a label for the countdown. */
export function nextBoundary(
  phase: SalePhase,
  schedule: SaleSchedule,
  endTime: number,
  now: number | undefined,
): { label: string; at: number } | undefined {
  switch (phase) {
    case 'BeforePresale':
      return { label: 'Presale starts in', at: schedule.presaleStart }
    case 'Presale':
      return { label: 'Presale ends in', at: schedule.presaleEnd }
    case 'BetweenPhases':
      return { label: 'Public sale starts in', at: schedule.saleStart }
    case 'Sale': {
      const week = now === undefined ? undefined : saleWeek(schedule, now)
      if (week !== undefined && week < weekBonusesBps.length) {
        const at = schedule.saleStart + (week + 1) * schedule.weekLength
        if (at < endTime) {
          const nextBonus = weekBonusesBps[week + 1] ?? 0
          return { label: `Bonus drops to ${nextBonus / 100}% in`, at }
        }
      }
      return { label: 'Sale ends in', at: endTime }
    }
    default:
      return undefined
  }
}
