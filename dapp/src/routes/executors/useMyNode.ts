import type { Address } from 'viem'
import { useReadContracts } from 'wagmi'
import { useAppContract } from '../../hooks/useAppContract'

const GENERATE = 0

/**
 * The connected wallet's node straight from the chain (fresh after each of its own transactions,
 * whatever the indexer's lag): the registry's view of it, its GENERATE ask, its withdrawable
 * credits, its NTK balance, and the market settings the forms check against.
 */
export function useMyNode(address: Address | undefined) {
  const registry = useAppContract('NodeRegistry')
  const market = useAppContract('JobMarket')
  const token = useAppContract('NeuroToken')
  const enabled = address !== undefined
  const account = address ?? '0x0000000000000000000000000000000000000000'
  const query = useReadContracts({
    allowFailure: false,
    contracts: [
      { ...registry, functionName: 'getNode', args: [account] },
      { ...market, functionName: 'getAsk', args: [account, GENERATE] },
      { ...market, functionName: 'credits', args: [account] },
      { ...token, functionName: 'balanceOf', args: [account] },
      { ...market, functionName: 'minCollateral', args: [GENERATE] },
      { ...registry, functionName: 'unbondingDelay' },
    ],
    query: { enabled, refetchInterval: 4_000 },
  })
  const data = query.data
    ? {
        node: query.data[0],
        ask: query.data[1],
        credits: query.data[2],
        balance: query.data[3],
        minCollateral: query.data[4],
        unbondingDelay: query.data[5],
      }
    : undefined
  return { ...query, data }
}

export type MyNode = NonNullable<ReturnType<typeof useMyNode>['data']>
