import { describeError, tokenSaleAbi, type SignedVoucher } from '@neuromation/sdk'
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import type { Address, Hash, TransactionReceipt } from 'viem'
import { useConfig } from 'wagmi'
import { readContract, simulateContract, waitForTransactionReceipt, writeContract } from 'wagmi/actions'
import { useApp } from '../AppContext'
import { VoucherRequestError } from '../lib/requestVoucher'
import type { Eligibility } from './useEligibility'

export type BuyStatus =
  | { step: 'idle' }
  | { step: 'voucher' }
  | { step: 'simulating' }
  | { step: 'wallet' }
  | { step: 'pending'; hash: Hash }
  | { step: 'confirmed'; hash: Hash; receipt: TransactionReceipt }
  | { step: 'failed'; message: string; hash?: Hash }

/**
 * Buys NTK: makes sure the voucher is still usable (fetching a fresh one for the remembered
 * declaration when it was used or expired), simulates the purchase so a revert is explained
 * before the wallet opens, sends it and follows it to its receipt.
 */
export function useBuy({ address, eligibility, chainNow }: { address: Address | undefined; eligibility: Eligibility; chainNow: number | undefined }) {
  const { deployment } = useApp()
  const wagmiConfig = useConfig()
  const queryClient = useQueryClient()
  const [status, setStatus] = useState<BuyStatus>({ step: 'idle' })

  const usableVoucher = useCallback(async (): Promise<SignedVoucher> => {
    const current = eligibility.voucher.data
    if (current && address) {
      const used = await readContract(wagmiConfig, {
        address: deployment.contracts.TokenSale,
        abi: tokenSaleAbi,
        functionName: 'voucherUsed',
        args: [address, current.voucher.nonce],
      })
      // A minute of margin so the voucher cannot expire between this check and the block.
      const fresh = chainNow === undefined || Number(current.voucher.expiry) > chainNow + 60
      if (!used && fresh) return current
    }
    setStatus({ step: 'voucher' })
    return eligibility.renew()
  }, [address, chainNow, deployment, eligibility, wagmiConfig])

  const buy = useCallback(
    async (valueWei: bigint) => {
      if (!address) return
      let hash: Hash | undefined
      try {
        const { voucher, signature } = await usableVoucher()
        setStatus({ step: 'simulating' })
        const { request } = await simulateContract(wagmiConfig, {
          account: address,
          address: deployment.contracts.TokenSale,
          abi: tokenSaleAbi,
          functionName: 'buy',
          args: [address, voucher, signature],
          value: valueWei,
        })
        setStatus({ step: 'wallet' })
        hash = await writeContract(wagmiConfig, request)
        setStatus({ step: 'pending', hash })
        const receipt = await waitForTransactionReceipt(wagmiConfig, { hash })
        if (receipt.status !== 'success') {
          setStatus({ step: 'failed', hash, message: 'The transaction was mined but reverted; nothing was bought.' })
        } else {
          setStatus({ step: 'confirmed', hash, receipt })
        }
        // The voucher is spent either way: get the next one now so the form stays ready.
        void eligibility.renew().catch(() => undefined)
      } catch (error) {
        const message = error instanceof VoucherRequestError ? error.message : describeError(error)
        setStatus({ step: 'failed', message, hash })
      } finally {
        // Balances, contribution and sale totals changed; the voucher query is managed by useEligibility.
        void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'voucher' })
      }
    },
    [address, deployment, eligibility, queryClient, usableVoucher, wagmiConfig],
  )

  const reset = useCallback(() => setStatus({ step: 'idle' }), [])
  const busy = status.step === 'voucher' || status.step === 'simulating' || status.step === 'wallet' || status.step === 'pending'
  return { status, buy, reset, busy }
}
