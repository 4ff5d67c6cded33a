import { tokenSaleAbi } from '@neuromation/sdk'
import { useCallback } from 'react'
import type { Address } from 'viem'
import { useConfig } from 'wagmi'
import { simulateContract } from 'wagmi/actions'
import { useApp } from '../AppContext'
import { useTransaction } from './useTransaction'

/** Finalizes the ended sale (anyone may): burns the unsold NTK and credits the raised ETH. */
export function useFinalizeSale(address: Address | undefined) {
  const { deployment } = useApp()
  const wagmiConfig = useConfig()
  const tx = useTransaction()

  const { run } = tx
  const finalize = useCallback(async () => {
    if (!address) return
    await run({
      simulate: () =>
        simulateContract(wagmiConfig, {
          account: address,
          address: deployment.contracts.TokenSale,
          abi: tokenSaleAbi,
          functionName: 'finalize',
        }),
      revertedMessage: 'The transaction was mined but reverted; the sale is not finalized.',
    })
  }, [address, deployment, run, wagmiConfig])

  return { status: tx.status, finalize, busy: tx.busy }
}
