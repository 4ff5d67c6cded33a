import { withdraw } from '@neuromation/sdk'
import { useAccount, useReadContract } from 'wagmi'
import { TxStatus } from '../components/TxStatus'
import { useAppContract } from '../hooks/useAppContract'
import { useContractWrite } from '../hooks/useContractWrite'
import { describeJobError } from './describeJobError'
import { formatCost } from './formatCost'

/**
 * The connected wallet's credits in the JobMarket, with a Withdraw button. Finalizing a job
 * credits its requester with the unspent escrow, and a challenge credits the bond back (or a
 * reward): the market pays by pull, so without this a requester who is no executor had no way
 * from the dApp to get those tokens. Shown only while there is something to withdraw (or a
 * withdrawal to report). Read from the chain, fresh after each block.
 */
export function MarketCredits() {
  const { address } = useAccount()
  const market = useAppContract('JobMarket')
  const credits = useReadContract({
    ...market,
    functionName: 'credits',
    args: [address ?? '0x0000000000000000000000000000000000000000'],
    query: { enabled: address !== undefined, refetchInterval: 4_000 },
  })
  const tx = useContractWrite(withdraw, {
    revertedMessage: 'The withdrawal was mined but reverted: your credits are unchanged.',
    describeFailure: describeJobError,
  })
  const amount = credits.data ?? 0n
  if (!address || (amount === 0n && tx.status.step === 'idle')) return null
  return (
    <section className="card" aria-labelledby="market-credits-heading" data-testid="market-credits">
      <div className="card-head">
        <div>
          <h2 id="market-credits-heading">Your market credits</h2>
          <p className="muted small">
            Refunds of unspent escrow, returned challenge bonds and rewards wait in the market until you withdraw them.
          </p>
        </div>
        <button
          type="button"
          className="button button-primary"
          disabled={amount === 0n || tx.busy}
          onClick={() => void tx.write({})}
        >
          {tx.busy ? 'Withdrawing…' : amount === 0n ? 'Nothing to withdraw' : `Withdraw ${formatCost(amount)}`}
        </button>
      </div>
      <TxStatus status={tx.status} successText="Sent to your wallet." />
    </section>
  )
}
