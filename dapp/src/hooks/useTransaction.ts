import { describeError } from '@neuromation/sdk'
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import type { Hash, TransactionReceipt } from 'viem'
import { useConfig } from 'wagmi'
import { waitForTransactionReceipt, writeContract, type WriteContractParameters } from 'wagmi/actions'

/** Where a contract write stands, from its preparation to its receipt (rendered by TxStatus). */
export type TxState =
  | { step: 'idle' }
  | { step: 'voucher' }
  | { step: 'simulating' }
  | { step: 'wallet' }
  | { step: 'pending'; hash: Hash }
  | { step: 'confirmed'; hash: Hash; receipt: TransactionReceipt }
  | { step: 'failed'; message: string; hash?: Hash }

export type TransactionSteps<P> = {
  /** Work before the simulation (e.g. fetching a voucher); may report its own step through `report`. */
  prepare?: (report: (state: TxState) => void) => Promise<P>
  /** simulateContract for the write: a revert is explained before the wallet opens. */
  simulate: (prepared: P) => Promise<{ request: WriteContractParameters }>
  /** Shown when the transaction is mined but reverts (the simulation passed against an older block). */
  revertedMessage: string
  /** Turns a thrown error into the message shown; defaults to describeError (reverts decoded by name). */
  describeFailure?: (error: unknown) => string
}

/**
 * The one transaction-status machine of the dApp: prepare, simulate, ask the wallet, follow the
 * transaction to its receipt, and refresh the app's queries afterwards. Resolves with the receipt
 * once mined (reverted or not) and with undefined when it failed before that, so callers can read
 * events from it or react to a spent voucher.
 */
export function useTransaction() {
  const wagmiConfig = useConfig()
  const queryClient = useQueryClient()
  const [status, setStatus] = useState<TxState>({ step: 'idle' })

  const run = useCallback(
    async <P = undefined>(steps: TransactionSteps<P>): Promise<TransactionReceipt | undefined> => {
      let hash: Hash | undefined
      try {
        const prepared = steps.prepare ? await steps.prepare(setStatus) : (undefined as P)
        setStatus({ step: 'simulating' })
        const { request } = await steps.simulate(prepared)
        setStatus({ step: 'wallet' })
        hash = await writeContract(wagmiConfig, request)
        setStatus({ step: 'pending', hash })
        const receipt = await waitForTransactionReceipt(wagmiConfig, { hash })
        if (receipt.status === 'success') setStatus({ step: 'confirmed', hash, receipt })
        else setStatus({ step: 'failed', hash, message: steps.revertedMessage })
        return receipt
      } catch (error) {
        setStatus({ step: 'failed', hash, message: (steps.describeFailure ?? describeError)(error) })
        return undefined
      } finally {
        // Balances, sale totals and indexed history may have changed. Voucher queries are left to
        // useEligibility: refetching one asks the signer for a new voucher.
        void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'voucher' })
      }
    },
    [queryClient, wagmiConfig],
  )

  const reset = useCallback(() => setStatus({ step: 'idle' }), [])
  const busy = status.step === 'voucher' || status.step === 'simulating' || status.step === 'wallet' || status.step === 'pending'
  return { status, run, reset, busy }
}
