import { useQuery } from '@tanstack/react-query'
import { retryGatewayRead } from './gatewayClient'
import { shardFileName } from './shardFileName'
import { shardSamples } from './shardSamples'
import { useGateway } from './useGateway'

/**
 * The samples of task `task`'s shard in the result directory `resultCid`, read through the gateway;
 * they must be exactly that task's `samplesPerTask` samples.
 */
export function useShard(resultCid: string | undefined, task: number | undefined, samplesPerTask: number) {
  const gateway = useGateway()
  return useQuery({
    queryKey: ['ipfs', 'shard', gateway.gatewayUrl, resultCid, task, samplesPerTask],
    queryFn: async () => {
      const bytes = await gateway.getBytes(resultCid!, shardFileName(task!), { maxBytes: 512 * 1024 * 1024, timeoutMs: 60_000 })
      return { bytes, samples: shardSamples(bytes, { first: task! * samplesPerTask, count: samplesPerTask }) }
    },
    enabled: resultCid !== undefined && task !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
    retry: retryGatewayRead,
  })
}
