import { type JobSpec, unitsPerTask } from '@neuromation/sdk'

/** What one task of a job costs here, and why the job's declared cost does not cover it. */
export type UnitsPerTaskCheck = {
  /** Compute units one task of the spec costs: samples per task x the generator's units per sample. */
  needed: bigint
  /** Set when the job declares fewer units per task than `needed`: why it must not be taken. */
  understated?: string
}

/**
 * Checks a job's on-chain `unitsPerTask` against what its spec costs. The market sizes a job's pay
 * and its deadline (secondsPerTask against the executor's declared throughput) on the declared
 * figure, so a job that understates it is paid and timed for less work than it asks: its tasks run
 * at a loss and likely lapse. The one rule for every way this node takes a job: a fresh assignment
 * (declined while that is free) and a resting bid it would match (left alone).
 */
export function checkUnitsPerTask(
  job: { jobId: bigint; unitsPerTask: bigint },
  spec: Pick<JobSpec, 'samplesPerTask'>,
  unitsPerSample: number,
): UnitsPerTaskCheck {
  const needed = unitsPerTask(spec, unitsPerSample)
  if (BigInt(job.unitsPerTask) >= needed) return { needed }
  return {
    needed,
    understated: `job ${job.jobId} declares ${job.unitsPerTask} compute units per task, but its spec costs ${needed} (${spec.samplesPerTask} samples x ${unitsPerSample} units per sample)`,
  }
}
