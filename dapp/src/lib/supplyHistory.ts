import type { SupplyPoint } from './burnProjection'

/**
 * The indexer's supply points (one per mint or burn, in time order) as one point per timestamp,
 * keeping the supply after the last change at that time. The genesis allocation mints to several
 * holders in one block; the chart should show the 100M it adds up to, not the steps in between.
 */
export function supplyHistory(points: { timestamp: bigint; totalSupply: bigint }[]): SupplyPoint[] {
  const history: SupplyPoint[] = []
  for (const point of points) {
    const entry = { time: Number(point.timestamp), supply: point.totalSupply }
    if (history.length && history[history.length - 1].time === entry.time) history[history.length - 1] = entry
    else history.push(entry)
  }
  return history
}
