import { useState } from 'react'
import { useAccount, useReadContract } from 'wagmi'
import { useApp } from '../AppContext'
import { BonusTables } from '../components/BonusTables'
import { BuyCard } from '../components/BuyCard'
import { EligibilityCard } from '../components/EligibilityCard'
import { Notice } from '../components/Notice'
import { PurchasesCard } from '../components/PurchasesCard'
import { RaisedEthCard } from '../components/RaisedEthCard'
import { SaleEndCard } from '../components/SaleEndCard'
import { SaleOverview } from '../components/SaleOverview'
import { Skeleton } from '../components/Skeleton'
import { WalletCard } from '../components/WalletCard'
import { useAppContract } from '../hooks/useAppContract'
import { useBuy } from '../hooks/useBuy'
import { useChainTime } from '../hooks/useChainTime'
import { useEligibility } from '../hooks/useEligibility'
import { useSale } from '../hooks/useSale'
import { useSaleIndex } from '../hooks/useSaleIndex'
import { describeReadError } from '../lib/describeReadError'
import { parseEthInput } from '../lib/parseEthInput'
import { quotePurchase } from '../lib/quotePurchase'

/** The sale: overview, eligibility and purchase (or, once it ended, its finalization), raised ETH, and purchase history. */
export function SalePage() {
  const { config } = useApp()
  const tokenSale = useAppContract('TokenSale')
  const sale = useSale()
  const { now } = useChainTime()
  const { address } = useAccount()
  const [amountText, setAmountText] = useState('')
  const amountWei = parseEthInput(amountText).wei
  const over = sale.data?.phase === 'Ended' || sale.data?.phase === 'Finalized'
  const eligibility = useEligibility(address, { salesOpen: sale.data !== undefined && !over })
  const purchase = useBuy({ address, eligibility, chainNow: now })

  const saleIndex = useSaleIndex(sale.data?.phase === 'Finalized')
  const contributed = useReadContract({
    ...tokenSale,
    functionName: 'contributionOf',
    args: address ? [address] : undefined,
    query: { enabled: Boolean(address) },
  })
  const limitWei = eligibility.voucher.data?.voucher.limitWei
  const remainingWei =
    limitWei !== undefined && contributed.data !== undefined
      ? limitWei > contributed.data
        ? limitWei - contributed.data
        : 0n
      : undefined
  const lastTx = purchase.status.step === 'confirmed' ? purchase.status.hash : undefined

  // The bonus of the typed amount as the purchase would fill it; with none typed, the bonus of a
  // purchase reaching no presale tier (the week's bonus in the public sale).
  const bonusBps = sale.data
    ? amountWei !== undefined
      ? quotePurchase(sale.data, amountWei)?.bonusBps
      : sale.data.saleBonusBps
    : undefined

  if (sale.error && !sale.data) {
    return (
      <Notice tone="error" title="Cannot read the sale from the chain">
        {describeReadError(sale.error, config.rpcUrl)}
      </Notice>
    )
  }
  if (!sale.data) {
    return (
      <section className="card" aria-busy="true">
        <Skeleton width="40%" />
        <Skeleton width="70%" />
      </section>
    )
  }

  // Ended is final too (time only moves on, and a sold-out cap stays sold out): no purchase can follow.
  return (
    <div className="page">
      <SaleOverview
        sale={sale.data}
        now={now}
        finalizedAt={saleIndex.data?.finalizedAt == null ? undefined : Number(saleIndex.data.finalizedAt)}
        bonusBps={sale.data.phase === 'Presale' || sale.data.phase === 'Sale' ? bonusBps : undefined}
      />
      <div className="columns">
        <div className="column-main">
          {over ? (
            <SaleEndCard sale={sale.data} />
          ) : (
            <>
              <EligibilityCard connected={Boolean(address)} eligibility={eligibility} remainingWei={remainingWei} />
              <BuyCard
                address={address}
                sale={sale.data}
                eligible={Boolean(eligibility.voucher.data) && Boolean(eligibility.declaration)}
                remainingWei={remainingWei}
                amountText={amountText}
                onAmountChange={setAmountText}
                purchase={purchase}
              />
            </>
          )}
          {address && <RaisedEthCard address={address} sale={sale.data} />}
        </div>
        <aside className="column-side">
          {address && <WalletCard address={address} />}
          <BonusTables
            sale={sale.data}
            now={now}
            amountWei={amountWei === undefined ? undefined : quotePurchase(sale.data, amountWei)?.weiAccepted}
            limit={limitWei !== undefined && remainingWei !== undefined ? { limitWei, remainingWei } : undefined}
          />
        </aside>
      </div>
      {address && <PurchasesCard title="Your purchases" beneficiary={address} now={now} awaitTx={lastTx} limit={20} />}
      <PurchasesCard title="Recent purchases" now={now} awaitTx={lastTx} limit={10} />
    </div>
  )
}
