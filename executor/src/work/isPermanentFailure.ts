import { SandboxError } from '@neuromation/engine'
import { ExecutorError } from '../ExecutorError'

/**
 * Whether a job's failure will repeat on every try: the sandbox is deterministic, so a generator
 * that timed out, ran out of memory, touched a forbidden API or returned garbage does it again; a
 * malformed spec stays malformed. Fetch timeouts and crashed workers are worth another try.
 */
export function isPermanentFailure(error: unknown): boolean {
  if (error instanceof SandboxError) return error.code !== 'WorkerCrashed'
  if (error instanceof ExecutorError) return error.code === 'BAD_SPEC' || error.code === 'BAD_BUNDLE'
  return false
}
