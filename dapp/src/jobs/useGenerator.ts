import { useQuery } from '@tanstack/react-query'
import { retryGatewayRead } from './gatewayClient'
import { loadGenerator } from './loadGenerator'
import { useGateway } from './useGateway'

/** The generator bundle `cid` read through the gateway and checked (undefined cid: nothing to load). */
export function useGenerator(cid: string | undefined) {
  const gateway = useGateway()
  return useQuery({
    queryKey: ['ipfs', 'generator', gateway.gatewayUrl, cid],
    queryFn: () => loadGenerator(gateway, cid!),
    enabled: cid !== undefined,
    // Content-addressed: a CID's bundle never changes.
    staleTime: Number.POSITIVE_INFINITY,
    retry: retryGatewayRead,
  })
}
