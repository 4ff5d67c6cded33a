import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { useBlockNumber } from 'wagmi'

// wagmi's query keys for chain reads; indexer and voucher queries poll on their own terms.
const chainReads = new Set(['readContract', 'readContracts', 'balance'])

/**
 * Refreshes every contract read and balance when a new block arrives, so figures change with the
 * chain (and only then) instead of each query polling on its own timer.
 */
export function useInvalidateOnNewBlock(): void {
  const queryClient = useQueryClient()
  const { data: blockNumber } = useBlockNumber({ watch: true })
  useEffect(() => {
    if (blockNumber === undefined) return
    void queryClient.invalidateQueries({ predicate: (query) => chainReads.has(String(query.queryKey[0])) })
  }, [blockNumber, queryClient])
}
