import type { BurnEpoch } from '../hooks/useBurnSchedule'
import { useElementWidth } from '../hooks/useElementWidth'
import { projectBurns, projectedOwed, type SupplyPoint } from '../lib/burnProjection'
import { formatBps, formatDateTime } from '../lib/format'

// Drawn at the figure's real width (one SVG unit = one CSS pixel) so the 11 px labels stay 11 px.
const minWidth = 300
const compactBelow = 560
const PAD = { left: 48, right: 16, top: 24, bottom: 40 }
const MILLION = 10n ** 24n // 1,000,000 NTK in base units

// Millions of NTK with three decimals (1,000 NTK = 10^21 base units).
const toMillions = (units: bigint) => Number(units / 10n ** 21n) / 1_000

/** A step path through `points`: supply holds until the next change, then drops vertically. */
function stepPath(points: SupplyPoint[], x: (t: number) => number, y: (s: bigint) => number): string {
  return points
    .map((p, i) => {
      if (i === 0) return `M${x(p.time).toFixed(1)},${y(p.supply).toFixed(1)}`
      return `H${x(p.time).toFixed(1)}V${y(p.supply).toFixed(1)}`
    })
    .join('')
}

/**
 * Total supply over time (inline SVG): the recorded history up to now, then two projections for
 * the remaining epochs: the plan (each burn at its full rate, any owed shortfall burned first) and
 * what the vault can fund today (the rest stays owed: BurnSchedule carries it forward).
 */
export function BurnChart({
  history,
  epochs,
  now,
  totalSupply,
  vaultBalance,
  shortfall,
  genesisSupply,
}: {
  history: SupplyPoint[]
  epochs: BurnEpoch[]
  now: number
  totalSupply: bigint
  vaultBalance: bigint
  /** NTK owed by executed epochs (BurnSchedule.shortfall()): burned first once funded. */
  shortfall: bigint
  genesisSupply: bigint
}) {
  const { ref, width } = useElementWidth<HTMLElement>(760)
  const W = Math.max(minWidth, width)
  // On a phone: a shorter plot, epoch labels without the rate, dates only at the ends.
  const compact = W < compactBelow
  const H = compact ? 240 : 300
  // What is owed is burned now in the plan (and as far as the vault holds in the funded line):
  // anyone may settle it as soon as there is funding.
  const planned = projectBurns(epochs, totalSupply, { owed: shortfall, settleAt: now })
  const funded = projectBurns(epochs, totalSupply, { owed: shortfall, vault: vaultBalance, settleAt: now })
  const stillOwed = projectedOwed(epochs, totalSupply, { owed: shortfall, vault: vaultBalance, settleAt: now })
  const start = Math.min(history[0]?.time ?? now, now)
  const lastEpoch = epochs.length ? epochs[epochs.length - 1].time : now
  const span = Math.max(lastEpoch, now) - start || 1
  const end = Math.max(lastEpoch, now) + span * 0.12

  const lowest = [...planned, ...history].reduce((min, p) => (p.supply < min ? p.supply : min), totalSupply)
  // Round the axis floor down to 10M NTK below the lowest value so the drops are visible.
  const floor = ((lowest * 9n) / 10n / (10n * MILLION)) * 10n * MILLION
  const top = genesisSupply

  const x = (t: number) => PAD.left + ((t - start) / (end - start)) * (W - PAD.left - PAD.right)
  const y = (s: bigint) => PAD.top + (1 - Number(s - floor) / Number(top - floor)) * (H - PAD.top - PAD.bottom)

  const actual = [...history, { time: now, supply: totalSupply }]
  const plannedPath = stepPath(
    [{ time: now, supply: totalSupply }, ...planned, { time: end, supply: planned.at(-1)?.supply ?? totalSupply }],
    x,
    y,
  )
  const fundedPath = stepPath(
    [{ time: now, supply: totalSupply }, ...funded, { time: end, supply: funded.at(-1)?.supply ?? totalSupply }],
    x,
    y,
  )
  const actualPath = stepPath(actual, x, y)
  const areaPath = `${actualPath}V${y(floor)}H${x(actual[0].time)}Z`

  // Gridlines every 10M NTK (20M when the range is wide), so labels are round numbers.
  const step = top - floor > 60n * MILLION ? 20n * MILLION : 10n * MILLION
  const yTicks: bigint[] = []
  for (let v = floor; v <= top; v += step) yTicks.push(v)
  const summary =
    `Total supply ${toMillions(totalSupply)} million NTK now; planned burns take it to ` +
    `${toMillions(planned.at(-1)?.supply ?? totalSupply)} million, or ${toMillions(funded.at(-1)?.supply ?? totalSupply)} million with the current vault` +
    (stillOwed > 0n ? `, leaving ${toMillions(stillOwed)} million owed until more funding is burned.` : '.')

  return (
    <figure className="chart" ref={ref}>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={summary} preserveAspectRatio="xMidYMid meet">
        <title>{summary}</title>
        {yTicks.map((v) => (
          <g key={v.toString()}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="chart-grid" />
            <text x={PAD.left - 8} y={y(v) + 4} textAnchor="end" className="chart-axis">
              {toMillions(v).toLocaleString('en-US', { maximumFractionDigits: 1 })}M
            </text>
          </g>
        ))}
        {epochs.map((e, i) => (
          <g key={e.index}>
            <line
              x1={x(e.time)}
              x2={x(e.time)}
              y1={PAD.top}
              y2={H - PAD.bottom}
              className={e.executed ? 'chart-epoch done' : 'chart-epoch'}
            />
            <text x={x(e.time)} y={PAD.top - 8} textAnchor="middle" className="chart-axis">
              E{e.index + 1}
              {compact ? '' : ` · ${formatBps(e.rateBps)}`}
            </text>
            {(!compact || i === epochs.length - 1) && (
              <text x={x(e.time)} y={H - PAD.bottom + 18} textAnchor={compact ? 'end' : 'middle'} className="chart-axis">
                {formatDateTime(e.time).slice(5, 10)}
              </text>
            )}
          </g>
        ))}
        <text x={x(start)} y={H - PAD.bottom + 18} textAnchor="start" className="chart-axis">
          {formatDateTime(start).slice(5, 10)}
        </text>
        <path d={areaPath} className="chart-area" />
        <path d={plannedPath} className="chart-planned" />
        <path d={fundedPath} className="chart-funded" />
        <path d={actualPath} className="chart-actual" />
        <line x1={x(now)} x2={x(now)} y1={PAD.top} y2={H - PAD.bottom} className="chart-now" />
        <text x={x(now) + 4} y={H - PAD.bottom - 6} className="chart-axis chart-now-label">
          now
        </text>
      </svg>
      <figcaption className="legend">
        <span>
          <i className="swatch swatch-actual" /> Total supply
        </span>
        <span>
          <i className="swatch swatch-planned" /> Planned (fully funded)
        </span>
        <span>
          <i className="swatch swatch-funded" /> With the current vault
        </span>
      </figcaption>
    </figure>
  )
}
