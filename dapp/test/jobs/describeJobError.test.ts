import { ContractFunctionExecutionError, ContractFunctionRevertedError, encodeErrorResult, parseAbi } from 'viem'
import { describe, expect, it } from 'vitest'
import { describeJobError } from '../../src/jobs/describeJobError'
import { GatewayError } from '../../src/jobs/gatewayClient'

// The errors as IJobMarket declares them.
const abi = parseAbi([
  'error CollateralTooLow(uint256 collateralPerTask, uint256 minCollateral)',
  'error TaskOutOfRange(uint256 assignmentId, uint32 taskIndex, uint32 firstTask, uint32 taskCount)',
  'error InvalidTaskCount(uint32 taskCount, uint32 maxTasks)',
  'error VerifierCandidatesFull(uint256 challengeId, uint256 weight, uint256 lightest)',
  'error DrawNotOpen(uint256 challengeId, uint64 commitDeadline)',
  'error DrawNotReady(uint256 challengeId, uint64 drawBlock)',
  'error VerifiersAlreadyDrawn(uint256 challengeId)',
  'error VerifiersNotDrawn(uint256 challengeId)',
  'error Mystery()',
])
type ErrorName =
  | 'CollateralTooLow'
  | 'TaskOutOfRange'
  | 'InvalidTaskCount'
  | 'VerifierCandidatesFull'
  | 'DrawNotOpen'
  | 'DrawNotReady'
  | 'VerifiersAlreadyDrawn'
  | 'VerifiersNotDrawn'
  | 'Mystery'

// What wagmi throws for a simulated call that reverts: the revert wrapped in an execution error.
function reverted(errorName: ErrorName, args: readonly unknown[]) {
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

  it("words the verifier draw's reverts as what is wrong and what to do", () => {
    expect(describeJobError(reverted('VerifierCandidatesFull', [2n, 5n * 10n ** 18n, 12n * 10n ** 18n]))).toBe(
      'The verifier candidates of challenge #2 are full and the lightest has 12 NTK staked, not less than your 5 NTK: stake more than 12 NTK to take that place, or leave this challenge to the others.',
    )
    expect(describeJobError(reverted('DrawNotOpen', [2n, 1_767_225_600n]))).toBe(
      'Challenge #2 takes verifier candidates until 2026-01-01 00:00 UTC: draw its verifiers after that.',
    )
    expect(describeJobError(reverted('DrawNotReady', [2n, 140n]))).toBe(
      'The draw of challenge #2 is seeded by block 140, which is still the newest: send it again once another block is mined.',
    )
    expect(describeJobError(reverted('VerifiersAlreadyDrawn', [2n]))).toMatch(/^The verifiers of challenge #2 are already drawn/)
    expect(describeJobError(reverted('VerifiersNotDrawn', [2n]))).toMatch(/draw its verifiers first \(anyone may\)/)
  })

  it('passes gateway errors through and falls back to the error name for others', () => {
    expect(describeJobError(new GatewayError('Uploading to IPFS: the gateway answered 500', true))).toBe(
      'Uploading to IPFS: the gateway answered 500',
    )
    expect(describeJobError(reverted('Mystery', []))).toBe('The transaction was rejected by the contract: Mystery.')
  })
})
