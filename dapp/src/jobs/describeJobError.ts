import { describeWriteError } from '../lib/describeWriteError'
import { GatewayError } from './gatewayClient'

/**
 * The message shown when posting, challenging, settling or finalizing fails: upload errors as
 * worded, market reverts as the sdk words them (by name, with their values: the executor CLI shows
 * the same), else the dApp's default.
 */
export function describeJobError(error: unknown): string {
  if (error instanceof GatewayError) return error.message
  return describeWriteError(error)
}
