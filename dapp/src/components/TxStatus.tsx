import type { TxState } from '../hooks/useContractWrite'
import { Notice } from './Notice'
import { TxLink } from './TxLink'

/** Where a transaction stands, from the voucher check to its receipt. */
export function TxStatus({ status, successText }: { status: TxState; successText: string }) {
  switch (status.step) {
    case 'idle':
      return null
    case 'preparing':
      return <Progress text={status.text} />
    case 'simulating':
      return <Progress text="Checking the transaction…" />
    case 'wallet':
      return <Progress text="Waiting for confirmation in your wallet…" />
    case 'sending':
      return <Progress text="Checking the transaction, then waiting for confirmation in your wallet…" />
    case 'pending':
      return (
        <Progress
          text={
            <>
              Transaction pending: <TxLink hash={status.hash} />
            </>
          }
        />
      )
    case 'confirmed':
      return (
        <Notice tone="success" title="Confirmed">
          <p>
            {successText} Transaction <TxLink hash={status.hash} /> in block {status.receipt.blockNumber.toString()}.
          </p>
        </Notice>
      )
    case 'failed':
      return (
        <Notice tone="error" title="Transaction failed">
          <p data-testid="tx-error">{status.message}</p>
          {status.hash && (
            <p className="small">
              Transaction <TxLink hash={status.hash} />
            </p>
          )}
        </Notice>
      )
  }
}

function Progress({ text }: { text: React.ReactNode }) {
  return (
    <div className="tx-progress" role="status" data-testid="tx-progress">
      <span className="spinner" aria-hidden="true" /> {text}
    </div>
  )
}
