// An executor's live progress: the JSON its daemon serves on GET /status (next to /metrics) and
// its metadata names as `statusUrl`. The dApp polls it to draw running tasks; the node is not
// trusted, so a reader bounds the response, validates it here and keeps only the entries of
// assignments the chain says belong to that executor. Browser-safe (zod only).
import { z } from 'zod'

export const EXECUTOR_STATUS_FORMAT = 'neuromation-executor-status/1'
/** The largest status response a reader accepts (a node lists its open assignments only). */
export const MAX_EXECUTOR_STATUS_BYTES = 256 * 1024

/**
 * Where an own assignment stands before the chain shows its result: waiting for the node's worker,
 * computing shards, uploading them, sending the result transaction, or failed for good (a job the
 * node cannot run; it lets the assignment lapse).
 */
export const ASSIGNMENT_WORK_STATES = ['queued', 'running', 'uploading', 'submitting', 'failed'] as const
export type AssignmentWorkState = (typeof ASSIGNMENT_WORK_STATES)[number]

const id = (what: string) =>
  z.string({ error: `${what} must be a decimal string` }).regex(/^\d{1,78}$/, `${what} must be a decimal id`)
const count = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(0, `${what} must be >= 0`)

const assignmentProgress = z
  .object({
    assignmentId: id('assignmentId'),
    jobId: id('jobId'),
    state: z.enum(ASSIGNMENT_WORK_STATES, { error: `state must be one of ${ASSIGNMENT_WORK_STATES.join(', ')}` }),
    tasksDone: count('tasksDone'),
    tasksTotal: count('tasksTotal'),
    /** Null until the job's spec is loaded (samples per task unknown). */
    samplesDone: count('samplesDone').nullable(),
    samplesTotal: count('samplesTotal').nullable(),
    error: z.string().max(500, 'error must be at most 500 characters').optional(),
  })
  .strict()
  .refine((p) => p.tasksDone <= p.tasksTotal, 'tasksDone must not exceed tasksTotal')
  .refine(
    (p) => p.samplesDone === null || p.samplesTotal === null || p.samplesDone <= p.samplesTotal,
    'samplesDone must not exceed samplesTotal',
  )

export const executorStatusSchema = z
  .object({
    format: z.literal(EXECUTOR_STATUS_FORMAT, { error: `format must be "${EXECUTOR_STATUS_FORMAT}"` }),
    executor: z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'executor must be an address'),
    /** Unix milliseconds when the node wrote this. */
    updatedAt: count('updatedAt'),
    assignments: z.array(assignmentProgress).max(1000, 'at most 1000 assignments'),
  })
  .strict()

export type ExecutorStatus = z.output<typeof executorStatusSchema>
export type AssignmentProgress = ExecutorStatus['assignments'][number]

/** The status response is not one; the message says why (shown as "progress unavailable: ..."). */
export class ExecutorStatusError extends Error {
  override name = 'ExecutorStatusError'
}

/** Parses a status response from its text or a parsed value; throws an ExecutorStatusError with every problem. */
export function parseExecutorStatus(input: string | unknown): ExecutorStatus {
  let value = input
  if (typeof input === 'string') {
    if (input.length > MAX_EXECUTOR_STATUS_BYTES)
      throw new ExecutorStatusError(`the status is over the ${MAX_EXECUTOR_STATUS_BYTES}-byte limit`)
    try {
      value = JSON.parse(input)
    } catch (error) {
      throw new ExecutorStatusError(`the status is not JSON (${(error as Error).message})`)
    }
  }
  const parsed = executorStatusSchema.safeParse(value)
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.join('.')
    if (issue.code === 'unrecognized_keys') return `${path ? `${path}: ` : ''}unknown field(s) ${issue.keys.join(', ')}`
    return path ? `${path}: ${issue.message}` : issue.message
  })
  throw new ExecutorStatusError(`invalid status: ${problems.join('; ')}`)
}
