import { jobMarketAbi, nodeRegistryAbi } from '@neuromation/sdk'
import { BaseError, ContractFunctionRevertedError, encodeErrorResult, parseEther } from 'viem'
import { describe, expect, it } from 'vitest'
import { describeWriteError } from '../src/lib/describeWriteError'
import { parseCidInput, parseIntegerInput, parseNtkInput } from '../src/routes/executors/parseNodeInput'

describe('Executors page form input', () => {
  it('parses NTK amounts and refuses what is not one, zero, too precise, or above the limit', () => {
    expect(parseNtkInput('')).toEqual({})
    expect(parseNtkInput(' 12.5 ')).toEqual({ value: parseEther('12.5') })
    expect(parseNtkInput('abc').error).toMatch(/number of NTK/)
    expect(parseNtkInput('1e3').error).toMatch(/number of NTK/)
    expect(parseNtkInput('0').error).toMatch(/greater than zero/)
    expect(parseNtkInput('0.0000000000000000001').error).toMatch(/at most 18 decimals/)
    const max = { amount: parseEther('100'), what: 'your free stake (100 NTK)' }
    expect(parseNtkInput('100', max)).toEqual({ value: parseEther('100') })
    expect(parseNtkInput('100.000000000000000001', max).error).toBe('That is more than your free stake (100 NTK).')
  })

  it('parses whole numbers within bounds, naming the field', () => {
    expect(parseIntegerInput('42', 'Price', 1, 100)).toEqual({ value: 42 })
    expect(parseIntegerInput('', 'Price', 1, 100)).toEqual({})
    expect(parseIntegerInput('4.5', 'Capacity', 1, 100).error).toBe('Capacity must be a whole number.')
    expect(parseIntegerInput('-1', 'Capacity', 1, 100).error).toBe('Capacity must be a whole number.')
    expect(parseIntegerInput('0', 'Price', 1, 16_777_215).error).toBe('Price must be from 1 to 16,777,215.')
    expect(parseIntegerInput('16777216', 'Price', 1, 16_777_215).error).toMatch(/from 1 to 16,777,215/)
  })

  it('accepts CIDv0 and base32 CIDv1 and refuses anything else', () => {
    expect(parseCidInput('QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG').value).toBeDefined()
    expect(parseCidInput('bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi').value).toBeDefined()
    expect(parseCidInput('not a cid').error).toMatch(/IPFS CID/)
    expect(parseCidInput(`b${'a'.repeat(130)}`).error).toMatch(/at most 128/)
  })
})

describe('Executors page revert messages', () => {
  const reverted = (errorName: string, args: readonly unknown[]) =>
    new BaseError('execution reverted', {
      cause: new ContractFunctionRevertedError({
        abi: [...jobMarketAbi, ...nodeRegistryAbi],
        functionName: 'placeAsk',
        data: encodeErrorResult({ abi: [...jobMarketAbi, ...nodeRegistryAbi], errorName, args } as never),
      }),
    })

  it('says what to do for the market and registry errors a node meets', () => {
    expect(describeWriteError(reverted('AskUnderCollateralized', [parseEther('3'), parseEther('4')]))).toBe(
      'This ask needs 4 NTK of free stake (capacity × the minimum collateral per task); the node has 3 NTK. Stake more or lower the capacity.',
    )
    const node = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
    expect(describeWriteError(reverted('InsufficientStake', [node, parseEther('1'), parseEther('2')]))).toBe(
      'Only 1 NTK of the stake is free (not locked by assignments or unbonding); 2 NTK was asked for.',
    )
    expect(describeWriteError(reverted('NotRegistered', [node]))).toBe(
      'This account has no node registered: register it first (`neuro-executor register`, or Register on the Executors page).',
    )
  })

  it('falls back to the decoded error name for errors without a message', () => {
    expect(describeWriteError(reverted('ZeroToken', []))).toBe('The transaction was rejected by the contract: ZeroToken.')
  })
})
