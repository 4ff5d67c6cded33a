import { salePhaseLabels } from '@neuromation/sdk'
import type { SaleState } from '../hooks/useSale'
import { formatBps, formatDateTime, formatEth, formatNtk } from '../lib/format'
import { nextBoundary } from '../lib/saleTimeline'
import { Countdown } from './Countdown'
import { Notice } from './Notice'
import { ProgressBar } from './ProgressBar'
import { Stat } from './Stat'

/** Headline of the sale: phase, countdown, price, bonus, and progress to the hard cap. */
export function SaleOverview({
  sale,
  now,
  bonusBps,
  finalizedAt,
}: {
  sale: SaleState
  now: number | undefined
  bonusBps: number | undefined
  /** Block time of the finalize transaction (from the indexer); undefined while unknown. */
  finalizedAt: number | undefined
}) {
  const boundary = nextBoundary(sale.phase, sale.schedule, sale.endTime, now)
  const open = sale.phase === 'Presale' || sale.phase === 'Sale'
  const price = 10n ** 18n / sale.tokensPerEth
  return (
    <section className="card overview" aria-labelledby="sale-heading">
      {sale.paused && (
        <Notice tone="warning" title="Purchases are paused">
          The guardian has paused purchases. Your limit and vouchers stay valid; try again once purchases resume.
        </Notice>
      )}
      <div className="overview-head">
        <div>
          <h1 id="sale-heading">NeuroToken sale</h1>
          <p className="muted">NTK pays for synthetic-data generation and model training on the Neuromation compute network.</p>
        </div>
        <span className={`phase-badge ${open ? 'phase-open' : 'phase-closed'}`} data-testid="sale-phase">
          {salePhaseLabels[sale.phase]}
        </span>
      </div>

      <div className="overview-body">
        {boundary ? (
          <Countdown label={boundary.label} target={boundary.at} now={now} />
        ) : (
          <div className="countdown">
            {sale.phase === 'Finalized' ? (
              <>
                <span className="countdown-label">Finalized</span>
                {/* The finalize transaction's time: anyone may finalize, any time after the end. */}
                <span className="countdown-value" data-testid="finalized-at">
                  {finalizedAt === undefined ? '—' : formatDateTime(finalizedAt)}
                </span>
                <span className="countdown-label">Ended {formatDateTime(sale.endTime)}</span>
              </>
            ) : (
              <>
                <span className="countdown-label">Ended</span>
                <span className="countdown-value">{formatDateTime(sale.endTime)}</span>
              </>
            )}
          </div>
        )}
        <dl className="stats">
          <Stat
            label="Price"
            value={`${formatEth(price, 6)} / NTK`}
            hint={`${sale.tokensPerEth.toLocaleString('en-US')} NTK per ETH`}
          />
          <Stat
            label="Current bonus"
            testId="current-bonus"
            value={bonusBps === undefined ? '—' : formatBps(bonusBps)}
            hint={
              sale.phase === 'Presale'
                ? 'Presale: by purchase size'
                : sale.phase === 'Sale'
                  ? 'Public sale: by week'
                  : 'No purchases now'
            }
          />
          <Stat label="ETH raised" value={formatEth(sale.weiRaised, 2)} testId="wei-raised" />
        </dl>
      </div>

      <div className="cap">
        <div className="cap-figures">
          <span>
            <strong data-testid="tokens-sold">{formatNtk(sale.tokensSold, 0)}</strong> sold
          </span>
          <span className="muted">of {formatNtk(sale.hardCapTokens, 0)} hard cap</span>
        </div>
        <ProgressBar label="Tokens sold of the hard cap" value={sale.tokensSold} max={sale.hardCapTokens} />
      </div>
    </section>
  )
}
