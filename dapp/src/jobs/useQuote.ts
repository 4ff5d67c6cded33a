import { jobKind, toJobParamsTuple } from '@neuromation/sdk'
import { useReadContracts } from 'wagmi'
import { useAppContract } from '../hooks/useAppContract'
import type { PlannedJob } from './planJob'

/** What the book would do with the job now, and what posting it escrows. */
export type LiveQuote = {
  /** Task replicas the book would take now at or under the max price. */
  tasksMatchable: number
  /** Their cost at the asks' prices, commission included. */
  cost: bigint
  executors: number
  /** The market's estimate of the time to finish them, from executors' declared throughput. */
  expectedSeconds: number
  /** NTK escrowed at post: every task replica at the max price, plus commission. */
  escrow: bigint
}

/**
 * A live quote from the ask book (JobMarket.quote, for the job's time per task) and the escrow (JobMarket.escrowFor) for a
 * planned job; re-read every block, so it follows asks as they come and go. `job` undefined
 * (the form is not valid yet) reads nothing.
 */
export function useQuote(job: PlannedJob | undefined) {
  const market = useAppContract('JobMarket')
  const p = job?.params
  const query = useReadContracts({
    allowFailure: false,
    contracts: p
      ? [
          {
            ...market,
            functionName: 'quote',
            // With the time per task: asks of nodes too slow to compute a task in it are passed over, as matching does.
            args: [jobKind(p.kind), p.taskCount, p.unitsPerTask, p.replication, p.maxPriceTick, p.secondsPerTask],
          },
          // The spec CID does not change the escrow; a placeholder of the right shape stands in until upload.
          { ...market, functionName: 'escrowFor', args: [toJobParamsTuple({ ...p, specCid: 'pending' })] },
        ]
      : [],
    query: { enabled: p !== undefined },
  })
  let data: LiveQuote | undefined
  if (query.data && query.data.length === 2) {
    const [quote, escrow] = query.data as unknown as [
      { tasksMatchable: number; cost: bigint; executors: number; expectedSeconds: bigint },
      bigint,
    ]
    data = {
      tasksMatchable: quote.tasksMatchable,
      cost: quote.cost,
      executors: quote.executors,
      expectedSeconds: Number(quote.expectedSeconds),
      escrow,
    }
  }
  return { ...query, data }
}
