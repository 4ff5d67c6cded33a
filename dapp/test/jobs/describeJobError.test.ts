import { ContractFunctionExecutionError, ContractFunctionRevertedError, encodeErrorResult, parseAbi } from 'viem'
import { describe, expect, it } from 'vitest'
import { describeJobError } from '../../src/jobs/describeJobError'
import { GatewayError } from '../../src/jobs/gatewayClient'

// The errors as IJobMarket declares them.
const abi = parseAbi([
  'error CollateralTooLow(uint256 collateralPerTask, uint256 minCollateral)',
  'error TaskOutOfRange(uint256 assignmentId, uint32 taskIndex, uint32 firstTask, uint32 taskCount)',
  'error InvalidTaskCount(uint32 taskCount, uint32 maxTasks)',
  'error Mystery()',
])

// What wagmi throws for a simulated call that reverts: the revert wrapped in an execution error.
function reverted(errorName: 'CollateralTooLow' | 'TaskOutOfRange' | 'InvalidTaskCount' | 'Mystery', args: readonly unknown[]) {
  const data = encodeErrorResult({ abi, errorName, args } as never)
  const cause = new ContractFunctionRevertedError({ abi, data, functionName: 'postJob' })
  return new ContractFunctionExecutionError(cause, { abi, functionName: 'postJob' })
}

describe('describeJobError', () => {
  it('words market reverts by name with their values', () => {
    expect(describeJobError(reverted('CollateralTooLow', [5n * 10n ** 17n, 10n ** 18n]))).toBe(
      "Collateral of 0.5 NTK per task is under the market's minimum of 1 NTK.",
    )
    expect(describeJobError(reverted('TaskOutOfRange', [4n, 9, 0, 4]))).toBe('Task 9 is not in assignment #4 (tasks 0 to 3).')
    expect(describeJobError(reverted('InvalidTaskCount', [0, 10_000]))).toBe(
      'The market takes 1 to 10000 tasks per job (this has 0).',
    )
  })

  it('passes gateway errors through and falls back to the error name for others', () => {
    expect(describeJobError(new GatewayError('Uploading to IPFS: the gateway answered 500', true))).toBe(
      'Uploading to IPFS: the gateway answered 500',
    )
    expect(describeJobError(reverted('Mystery', []))).toBe('The transaction was rejected by the contract: Mystery.')
  })
})
