import { encodeJobSpec, type JobSpec, postJob } from '@neuromation/sdk'
import { useCallback, useState } from 'react'
import { parseEventLogs } from 'viem'
import { useAppContract } from '../hooks/useAppContract'
import { useContractWrite } from '../hooks/useContractWrite'
import { describeJobError } from './describeJobError'
import type { PlannedJob } from './planJob'
import { useGateway } from './useGateway'

/**
 * Posts a GENERATE job: uploads its spec (sdk encodeJobSpec, the canonical bytes executors read)
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
    async (spec: JobSpec, job: PlannedJob) => {
      setPostedJobId(undefined)
      const receipt = await write(async (report) => {
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
