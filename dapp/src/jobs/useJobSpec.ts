import { parseJobSpec } from '@neuromation/sdk'
import { useQuery } from '@tanstack/react-query'
import { retryGatewayRead } from './gatewayClient'
import { useGateway } from './useGateway'

/** A job's spec (generator, params, seed, samples per task) read from IPFS and validated. */
export function useJobSpec(specCid: string | undefined) {
  const gateway = useGateway()
  return useQuery({
    queryKey: ['ipfs', 'spec', gateway.gatewayUrl, specCid],
    queryFn: async () => parseJobSpec(await gateway.getBytes(specCid!, '', { maxBytes: 1024 * 1024 }), `at ${specCid}`),
    enabled: specCid !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
    retry: retryGatewayRead,
  })
}
