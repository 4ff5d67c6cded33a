import { encodeJobSpec, type JobSpec, postJob } from '@neuromation/sdk'
import { useCallback, useState } from 'react'
import { parseEventLogs } from 'viem'
import { useAppContract } from '../hooks/useAppContract'
import { useContractWrite } from '../hooks/useContractWrite'
import type { LoadedGenerator } from './checkGenerator'
import { describeJobError } from './describeJobError'
import type { PlannedJob } from './planJob'
import { runInBrowser } from './runInBrowser'
import { useGateway } from './useGateway'

/**
 * Posts a GENERATE job: first runs its first sample in this browser (the generator as executors run
 * it), so parameters the generator refuses at run time (`minStrokeWidth` above `maxStrokeWidth`,
 * which no schema can say) are refused here, before anything is escrowed, with the generator's own
 * words; an executor would otherwise take the tasks and fail them. Then it uploads its spec (sdk encodeJobSpec, the canonical bytes executors read)
 * through the gateway, then the sdk's postJob action signs a permit for exactly the escrow and
 * posts with it in one transaction (simulated first: reverts are decoded before the wallet opens).
 * `postedJobId` is read from the receipt's JobPosted event.
 */
export function usePostJob() {
  const gateway = useGateway()
  const market = useAppContract('JobMarket')
  const tx = useContractWrite(postJob, {
    revertedMessage: 'The transaction was mined but reverted: no job was posted and nothing was escrowed.',
    describeFailure: describeJobError,
  })
  const [postedJobId, setPostedJobId] = useState<bigint>()

  const { write } = tx
  const post = useCallback(
    async (spec: JobSpec, job: PlannedJob, generator: LoadedGenerator) => {
      setPostedJobId(undefined)
      const receipt = await write(async (report) => {
        report('Trying the generator on the first sample in this browser…')
        try {
          await runInBrowser({
            moduleSource: generator.moduleSource,
            paramsSchema: generator.manifest.params,
            params: spec.params,
            seed: spec.seed,
            indices: [0],
            timeoutMs: 60_000,
          })
        } catch (error) {
          throw new Error(
            `${(error as Error).message} Executors would fail this job the same way, so nothing was posted: change the parameters.`,
          )
        }
        report('Uploading the job spec to IPFS…')
        const specCid = await gateway.add([{ path: 'job.json', bytes: encodeJobSpec(spec) }], { wrap: false })
        return { ...job.params, specCid }
      })
      if (receipt?.status === 'success') {
        const [event] = parseEventLogs({ abi: market.abi, eventName: 'JobPosted', logs: receipt.logs })
        if (event) setPostedJobId(event.args.jobId)
      }
      return receipt
    },
    [gateway, market.abi, write],
  )

  return { status: tx.status, busy: tx.busy, reset: tx.reset, post, postedJobId }
}
