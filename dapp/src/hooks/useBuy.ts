import { buyTokens, type SignedVoucher } from '@neuromation/sdk'
import { useCallback, useState } from 'react'
import { type Address, parseEventLogs } from 'viem'
import { useConfig } from 'wagmi'
import { readContract } from 'wagmi/actions'
import { useAppContract } from './useAppContract'
import { type ReportProgress, useContractWrite } from './useContractWrite'
import type { Eligibility } from './useEligibility'

/**
 * Buys NTK with the sdk's buyTokens action: makes sure the voucher is still usable (fetching a
 * fresh one for the remembered declaration when it was used or expired), then writes through
 * useContractWrite.
 */
export function useBuy({
  address,
  eligibility,
  chainNow,
}: {
  address: Address | undefined
  eligibility: Eligibility
  chainNow: number | undefined
}) {
  const sale = useAppContract('TokenSale')
  const wagmiConfig = useConfig()
  const tx = useContractWrite(buyTokens, { revertedMessage: 'The transaction was mined but reverted; nothing was bought.' })

  const usableVoucher = useCallback(
    async (report: ReportProgress): Promise<SignedVoucher> => {
      const current = eligibility.voucher.data
      if (current && address) {
        const used = await readContract(wagmiConfig, {
          ...sale,
          functionName: 'voucherUsed',
          args: [address, current.voucher.nonce],
        })
        // A minute of margin so the voucher cannot expire between this check and the block.
        const fresh = chainNow === undefined || Number(current.voucher.expiry) > chainNow + 60
        if (!used && fresh) return current
      }
      report('Getting a fresh eligibility voucher…')
      return eligibility.renew()
    },
    [address, chainNow, eligibility, sale, wagmiConfig],
  )

  // What the purchase delivered, from its Purchased event (the cap may have cut it).
  const [bought, setBought] = useState<{ tokens: bigint; weiAccepted: bigint; refundWei: bigint }>()

  const { write } = tx
  const buy = useCallback(
    async (valueWei: bigint) => {
      if (!address) return undefined
      setBought(undefined)
      const receipt = await write(async (report) => {
        const { voucher, signature } = await usableVoucher(report)
        return { voucher, signature, beneficiary: address, value: valueWei }
      })
      if (receipt?.status === 'success') {
        const [event] = parseEventLogs({ abi: sale.abi, eventName: 'Purchased', logs: receipt.logs })
        if (event) setBought({ tokens: event.args.tokens, weiAccepted: event.args.weiAccepted, refundWei: event.args.refundWei })
      }
      // A mined transaction spends the voucher either way: get the next one now so the form stays ready.
      if (receipt) void eligibility.renew().catch(() => undefined)
      return receipt
    },
    [address, eligibility, sale, usableVoucher, write],
  )

  return { status: tx.status, bought, buy, reset: tx.reset, busy: tx.busy }
}
