import { BaseError, type BaseErrorOptions } from '@neuromation/runtime'

/** Codes of the executor's own failures (the chain's reverts keep their decoded names). */
export type ExecutorErrorCode =
  | 'WRONG_CHAIN'
  | 'NOT_DEPLOYED'
  | 'SPEC_FETCH'
  | 'BAD_SPEC'
  | 'BUNDLE_FETCH'
  | 'BAD_BUNDLE'
  | 'TASK_FAILED'
  | 'UPLOAD_FAILED'
  | 'RPC'
  | 'STATE'
  | 'UNFUNDED'
  | 'NOT_READY'
  | 'DATA_DIR_IN_USE'

/** A failure of the executor with a stable code; `retryable` says whether trying later may succeed. */
export class ExecutorError extends BaseError {
  override name = 'ExecutorError'
  declare readonly code: ExecutorErrorCode

  constructor(code: ExecutorErrorCode, message: string, options: Omit<BaseErrorOptions, 'code'> = {}) {
    super(message, { ...options, code })
  }
}
