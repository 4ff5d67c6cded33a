import { describeError, tokenSaleAbi } from '@neuromation/sdk'
import { useId } from 'react'
import type { Address } from 'viem'
import { useBalance, useReadContract } from 'wagmi'
import { useApp } from '../AppContext'
import type { useBuy } from '../hooks/useBuy'
import { useDebounced } from '../hooks/useDebounced'
import type { SaleState } from '../hooks/useSale'
import { formatBps, formatEth, formatNtk } from '../lib/format'
import { parseEthInput } from '../lib/parseEthInput'
import { Notice } from './Notice'
import { Skeleton } from './Skeleton'
import { TxStatus } from './TxStatus'

/**
 * Step 2: the amount of ETH, a live estimate from TokenSale.quote (debounced), and the purchase.
 * The buy button exists only once the buyer holds a voucher.
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
  const { deployment } = useApp()
  const inputId = useId()
  const open = (sale.phase === 'Presale' || sale.phase === 'Sale') && !sale.paused
  const parsed = parseEthInput(amountText)
  const debouncedText = useDebounced(amountText, 300)
  const debounced = parseEthInput(debouncedText)
  const settled = debouncedText === amountText

  const quote = useReadContract({
    address: deployment.contracts.TokenSale,
    abi: tokenSaleAbi,
    functionName: 'quote',
    args: [debounced.wei ?? 0n],
    query: { enabled: debounced.wei !== undefined && open },
  })
  const balance = useBalance({ address, query: { enabled: Boolean(address) } })

  const [weiAccepted, refundWei, tokens, bonusTokens] = quote.data ?? []
  const bonusBps = tokens && bonusTokens !== undefined && tokens > bonusTokens ? Number((bonusTokens * 10_000n) / (tokens - bonusTokens)) : 0
  const overBalance = parsed.wei !== undefined && balance.data !== undefined && parsed.wei > balance.data.value
  const overLimit = parsed.wei !== undefined && remainingWei !== undefined && (weiAccepted ?? parsed.wei) > remainingWei
  const canBuy = eligible && open && parsed.wei !== undefined && settled && quote.isSuccess && !overBalance && !overLimit && !purchase.busy

  return (
    <section className="card" aria-labelledby="buy-heading">
      <h2 id="buy-heading">
        <span className="step">2</span> Buy NTK
      </h2>
      {!open && (
        <Notice tone="info" title={sale.paused ? 'Purchases are paused' : 'Purchases are closed'}>
          {sale.paused ? 'Try again once the guardian resumes the sale.' : 'Tokens can be bought during the presale and the public sale.'}
        </Notice>
      )}
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault()
          if (canBuy && parsed.wei !== undefined) void purchase.buy(parsed.wei)
        }}
        noValidate
      >
        <label htmlFor={inputId}>Amount to pay</label>
        <div className="input-group">
          <input
            id={inputId}
            inputMode="decimal"
            autoComplete="off"
            placeholder="0.0"
            value={amountText}
            onChange={(e) => {
              onAmountChange(e.target.value)
              if (purchase.status.step === 'confirmed' || purchase.status.step === 'failed') purchase.reset()
            }}
            aria-invalid={parsed.error || overBalance || overLimit ? true : undefined}
            aria-describedby={`${inputId}-help`}
            disabled={purchase.busy}
          />
          <span className="input-suffix">ETH</span>
        </div>
        <p id={`${inputId}-help`} className={parsed.error || overBalance || overLimit ? 'field-error' : 'muted small'}>
          {parsed.error ??
            (overBalance
              ? `Your wallet holds only ${formatEth(balance.data!.value)}.`
              : overLimit
                ? `This exceeds your remaining limit of ${formatEth(remainingWei!)}.`
                : balance.data
                  ? `Wallet balance: ${formatEth(balance.data.value)}`
                  : 'Price: 0.001 ETH per NTK plus any bonus.')}
        </p>

        <div className="estimate" aria-live="polite" data-testid="estimate">
          {parsed.wei === undefined || !open ? (
            <span className="muted">Enter an amount to see how many NTK you receive.</span>
          ) : !settled || quote.isLoading ? (
            <Skeleton width="12rem" />
          ) : quote.error ? (
            <span className="field-error">{describeError(quote.error)}</span>
          ) : tokens !== undefined ? (
            <>
              <div className="estimate-main">
                You receive <strong data-testid="estimate-tokens">{formatNtk(tokens)}</strong>
              </div>
              <div className="muted small">
                {formatNtk(tokens - bonusTokens!)} + bonus {formatNtk(bonusTokens!)} ({formatBps(bonusBps)})
              </div>
              {refundWei! > 0n && (
                <Notice tone="warning" title="The hard cap cuts this purchase">
                  Only {formatEth(weiAccepted!)} can be accepted; {formatEth(refundWei!)} is refunded in the same transaction.
                </Notice>
              )}
            </>
          ) : null}
        </div>

        {eligible ? (
          <button type="submit" className="button button-primary button-wide" disabled={!canBuy}>
            {purchase.busy ? 'Buying…' : parsed.wei !== undefined && tokens !== undefined && settled ? `Buy ${formatNtk(tokens)}` : 'Buy NTK'}
          </button>
        ) : (
          <p className="muted small">{address ? 'Complete the eligibility check to buy.' : 'Connect a wallet to buy.'}</p>
        )}
      </form>
      <TxStatus status={purchase.status} successText="Your NTK has been delivered." />
    </section>
  )
}
