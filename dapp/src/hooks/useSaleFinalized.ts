import { useQuery } from '@tanstack/react-query'
import { usePublicClient } from 'wagmi'
import { useApp } from '../AppContext'
import { useAppContract } from './useAppContract'

export type SaleFinalization = {
  raisedWei: bigint
  tokensSold: bigint
  tokensBurned: bigint
  caller: `0x${string}`
  blockNumber: bigint
}

/**
 * The TokenSale's Finalized event, read from the chain (not the indexer, so the final figures
 * survive an indexer outage). It is emitted once, so it is fetched once `enabled` (the phase is
 * Finalized) and never refreshed per block. The burned amount exists only in this event: the
 * sale's NTK balance is zero afterwards.
 */
export function useSaleFinalized(enabled: boolean) {
  const { deployment } = useApp()
  const tokenSale = useAppContract('TokenSale')
  const client = usePublicClient()
  return useQuery({
    queryKey: ['saleFinalized', deployment.chainId, tokenSale.address],
    enabled: enabled && Boolean(client),
    staleTime: Infinity,
    queryFn: async (): Promise<SaleFinalization> => {
      const [event] = await client!.getContractEvents({
        ...tokenSale,
        eventName: 'Finalized',
        fromBlock: BigInt(deployment.startBlock),
        toBlock: 'latest',
      })
      // The phase said Finalized, so a missing event means the node has not served the block yet.
      if (!event) throw new Error('The Finalized event of the sale was not found on the chain yet.')
      const { raisedWei, tokensSold, tokensBurned, caller } = event.args
      return {
        raisedWei: raisedWei!,
        tokensSold: tokensSold!,
        tokensBurned: tokensBurned!,
        caller: caller!,
        blockNumber: event.blockNumber,
      }
    },
  })
}
