import { useId } from 'react'
import { type Address, formatEther } from 'viem'
import { useBalance, useEstimateFeesPerGas } from 'wagmi'
import type { useBuy } from '../hooks/useBuy'
import type { SaleState } from '../hooks/useSale'
import { checkPurchase } from '../lib/checkPurchase'
import { formatAmount, formatBps, formatEth, formatNtk } from '../lib/format'
import { gasReserve } from '../lib/gasReserve'
import { maxPurchaseWei } from '../lib/maxPurchaseWei'
import { parseEthInput } from '../lib/parseEthInput'
import { Notice } from './Notice'
import { TxStatus } from './TxStatus'

// Two decimals of NTK on the card; the parts are derived from the shown total so they add up.
const shownDecimals = 2
const truncate = (units: bigint) => units - (units % 10n ** BigInt(18 - shownDecimals))

/**
 * Step 2: the amount of ETH, the purchase it makes (computed as TokenSale does, at once, with
 * the cap, the tier of the accepted amount and the voucher's remaining limit), a Max button that
 * keeps ETH for the fee, and the purchase. The buy button exists only once the buyer holds a voucher.
 */
export function BuyCard({
  address,
  sale,
  eligible,
  remainingWei,
  amountText,
  onAmountChange,
  purchase,
}: {
  address: Address | undefined
  sale: SaleState
  eligible: boolean
  remainingWei: bigint | undefined
  amountText: string
  onAmountChange: (text: string) => void
  purchase: ReturnType<typeof useBuy>
}) {
  const inputId = useId()
  const open = (sale.phase === 'Presale' || sale.phase === 'Sale') && !sale.paused
  const parsed = parseEthInput(amountText)
  const balance = useBalance({ address, query: { enabled: Boolean(address) } })
  const fees = useEstimateFeesPerGas({ query: { enabled: Boolean(address) } })
  const reserveWei = fees.data?.maxFeePerGas !== undefined ? gasReserve(fees.data.maxFeePerGas) : undefined

  const check =
    parsed.wei !== undefined && open
      ? checkPurchase({
          terms: sale,
          weiAmount: parsed.wei,
          balanceWei: balance.data?.value,
          gasReserveWei: reserveWei ?? 0n,
          remainingLimitWei: remainingWei,
        })
      : undefined
  const quote = check?.quote
  const max =
    balance.data && reserveWei !== undefined
      ? maxPurchaseWei({
          terms: sale,
          balanceWei: balance.data.value,
          gasReserveWei: reserveWei,
          remainingLimitWei: remainingWei,
        })
      : undefined
  const problem = parsed.error ?? check?.error
  const canBuy = eligible && open && parsed.wei !== undefined && check !== undefined && !check.error && !purchase.busy

  const setAmount = (text: string) => {
    onAmountChange(text)
    // A new amount starts a new purchase: the last one's outcome no longer applies.
    if (purchase.status.step === 'confirmed' || purchase.status.step === 'failed') purchase.reset()
  }
  const tokensShown = quote ? truncate(quote.tokens) : 0n
  const bonusShown = quote ? truncate(quote.bonusTokens) : 0n

  return (
    <section className="card" aria-labelledby="buy-heading">
      <h2 id="buy-heading">
        <span className="step">2</span> Buy NTK
      </h2>
      {!open && (
        <Notice tone="info" title={sale.paused ? 'Purchases are paused' : 'Purchases are closed'}>
          {sale.paused
            ? 'Try again once the guardian resumes the sale.'
            : 'Tokens can be bought during the presale and the public sale.'}
        </Notice>
      )}
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault()
          if (!canBuy || parsed.wei === undefined) return
          void purchase.buy(parsed.wei).then((receipt) => {
            // Bought: clear the form so the same purchase is not offered again (the limit it used is gone).
            if (receipt?.status === 'success') onAmountChange('')
          })
        }}
        noValidate
      >
        <label htmlFor={inputId}>Amount to pay</label>
        <div className="input-group">
          <div className="input-field">
            <input
              id={inputId}
              inputMode="decimal"
              autoComplete="off"
              placeholder="0.0"
              value={amountText}
              onChange={(e) => setAmount(e.target.value)}
              aria-invalid={problem ? true : undefined}
              aria-describedby={`${inputId}-help`}
              disabled={purchase.busy}
            />
            <span className="input-suffix">ETH</span>
          </div>
          {address && (
            <button
              type="button"
              className="button button-ghost input-max"
              disabled={max === undefined || purchase.busy || !open}
              title={reserveWei !== undefined ? `Keeps ${formatEth(reserveWei, 6)} for the network fee` : undefined}
              onClick={() => max !== undefined && setAmount(formatEther(max))}
            >
              Max
            </button>
          )}
        </div>
        <p id={`${inputId}-help`} className={problem ? 'field-error' : 'muted small'} data-testid="amount-help">
          {problem ??
            (balance.data
              ? `Wallet balance: ${formatEth(balance.data.value)}${remainingWei !== undefined ? ` · limit left: ${formatEth(remainingWei)}` : ''}`
              : 'Price: 0.001 ETH per NTK plus any bonus.')}
        </p>

        <div className="estimate" aria-live="polite" data-testid="estimate">
          {!quote ? (
            <span className="muted">Enter an amount to see how many NTK you receive.</span>
          ) : (
            <>
              <div className="estimate-main">
                You receive <strong data-testid="estimate-tokens">{formatNtk(tokensShown, shownDecimals)}</strong>
              </div>
              <div className="muted small" data-testid="estimate-parts">
                {formatNtk(tokensShown - bonusShown, shownDecimals)} + bonus {formatNtk(bonusShown, shownDecimals)} (
                {formatBps(quote.bonusBps)})
              </div>
              {quote.cutByCap && (
                <Notice tone="warning" title="The hard cap cuts this purchase">
                  Only {formatEth(quote.weiAccepted, 6)} can be accepted, for the last {formatAmount(quote.tokens, 2)} NTK;{' '}
                  {formatEth(quote.refundWei, 6)} is refunded in the same transaction.
                  {sale.phase === 'Presale' && ' The volume bonus follows the accepted amount.'}
                </Notice>
              )}
            </>
          )}
        </div>

        {eligible ? (
          <button type="submit" className="button button-primary button-wide" disabled={!canBuy}>
            {purchase.busy ? 'Buying…' : canBuy && quote ? `Buy ${formatNtk(tokensShown, shownDecimals)}` : 'Buy NTK'}
          </button>
        ) : (
          <p className="muted small">{address ? 'Complete the eligibility check to buy.' : 'Connect a wallet to buy.'}</p>
        )}
      </form>
      <TxStatus
        status={purchase.status}
        successText={
          purchase.bought
            ? `Your NTK has been delivered: ${formatNtk(purchase.bought.tokens)} for ${formatEth(purchase.bought.weiAccepted, 6)}${
                purchase.bought.refundWei > 0n ? ` (${formatEth(purchase.bought.refundWei, 6)} refunded)` : ''
              }.`
            : 'Your NTK has been delivered.'
        }
      />
    </section>
  )
}
