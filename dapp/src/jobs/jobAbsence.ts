/**
 * Why the indexer has no job `jobId`, by the chain's own count of jobs (JobMarket.counts; ids
 * start at 1 and are never reused): an id above the count was never posted ('absent'); one at or
 * under it exists on chain and the indexer has not caught up ('unindexed'). Without the count (the
 * read is pending or failed) nothing can be said ('unknown').
 */
export function jobAbsence(jobId: bigint, jobCount: bigint | undefined): 'absent' | 'unindexed' | 'unknown' {
  if (jobCount === undefined) return 'unknown'
  return jobId > jobCount ? 'absent' : 'unindexed'
}
