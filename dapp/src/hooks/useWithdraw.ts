import { tokenSaleAbi } from '@neuromation/sdk'
import { useCallback, useState } from 'react'
import { parseEventLogs, type Address } from 'viem'
import { useConfig } from 'wagmi'
import { simulateContract } from 'wagmi/actions'
import { useApp } from '../AppContext'
import { useTransaction } from './useTransaction'

/** Pulls the connected account's credited ETH out of the TokenSale; `withdrawn` is read from the Withdrawn event. */
export function useWithdraw(address: Address | undefined) {
  const { deployment } = useApp()
  const wagmiConfig = useConfig()
  const tx = useTransaction()
  const [withdrawn, setWithdrawn] = useState<bigint>()

  const { run } = tx
  const withdraw = useCallback(async () => {
    if (!address) return
    setWithdrawn(undefined)
    const receipt = await run({
      simulate: () =>
        simulateContract(wagmiConfig, {
          account: address,
          address: deployment.contracts.TokenSale,
          abi: tokenSaleAbi,
          functionName: 'withdraw',
        }),
      revertedMessage: 'The transaction was mined but reverted; nothing was withdrawn.',
    })
    if (receipt?.status !== 'success') return
    const [event] = parseEventLogs({ abi: tokenSaleAbi, eventName: 'Withdrawn', logs: receipt.logs })
    if (event) setWithdrawn(event.args.amount)
  }, [address, deployment, run, wagmiConfig])

  return { status: tx.status, withdrawn, withdraw, busy: tx.busy }
}
