import { describeError, tokenSaleAbi, type SignedVoucher } from '@neuromation/sdk'
import { useCallback } from 'react'
import type { Address } from 'viem'
import { useConfig } from 'wagmi'
import { readContract, simulateContract } from 'wagmi/actions'
import { useApp } from '../AppContext'
import { VoucherRequestError } from '../lib/requestVoucher'
import type { Eligibility } from './useEligibility'
import { useTransaction, type TxState } from './useTransaction'

/**
 * Buys NTK: makes sure the voucher is still usable (fetching a fresh one for the remembered
 * declaration when it was used or expired), simulates the purchase so a revert is explained
 * before the wallet opens, sends it and follows it to its receipt.
 */
export function useBuy({ address, eligibility, chainNow }: { address: Address | undefined; eligibility: Eligibility; chainNow: number | undefined }) {
  const { deployment } = useApp()
  const wagmiConfig = useConfig()
  const tx = useTransaction()

  const usableVoucher = useCallback(
    async (report: (state: TxState) => void): Promise<SignedVoucher> => {
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
      report({ step: 'voucher' })
      return eligibility.renew()
    },
    [address, chainNow, deployment, eligibility, wagmiConfig],
  )

  const { run } = tx
  const buy = useCallback(
    async (valueWei: bigint) => {
      if (!address) return
      const receipt = await run({
        prepare: usableVoucher,
        simulate: ({ voucher, signature }) =>
          simulateContract(wagmiConfig, {
            account: address,
            address: deployment.contracts.TokenSale,
            abi: tokenSaleAbi,
            functionName: 'buy',
            args: [address, voucher, signature],
            value: valueWei,
          }),
        revertedMessage: 'The transaction was mined but reverted; nothing was bought.',
        describeFailure: (error) => (error instanceof VoucherRequestError ? error.message : describeError(error)),
      })
      // A mined transaction spends the voucher either way: get the next one now so the form stays ready.
      if (receipt) void eligibility.renew().catch(() => undefined)
    },
    [address, deployment, eligibility, run, usableVoucher, wagmiConfig],
  )

  return { status: tx.status, buy, reset: tx.reset, busy: tx.busy }
}
