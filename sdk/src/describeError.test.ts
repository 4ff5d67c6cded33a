import {
  BaseError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  InsufficientFundsError,
  parseEther,
  RpcRequestError,
  TransactionExecutionError,
  UserRejectedRequestError,
} from 'viem'
import { describe, expect, it } from 'vitest'
import { decodeRevert, describeError } from './describeError'
import { allAbis, burnScheduleAbi, jobMarketAbi, nodeRegistryAbi, tokenSaleAbi } from './generated/abis'
import { type RevertMessages, revertMessages } from './revertMessages'

/** A revert as viem raises it from a contract call. */
const reverted = (data: `0x${string}`) => new ContractFunctionRevertedError({ abi: allAbis, data, functionName: 'buy' })

describe('describeError', () => {
  it('describes a revert by its decoded error name, with the arguments the ABI declares', () => {
    const data = encodeErrorResult({
      abi: tokenSaleAbi,
      errorName: 'ContributionLimitExceeded',
      args: [parseEther('2'), parseEther('1')],
    })
    expect(describeError(reverted(data))).toBe('This purchase (2 ETH) exceeds your remaining limit of 1 ETH.')
    expect(decodeRevert(data)).toEqual({ errorName: 'ContributionLimitExceeded', args: [parseEther('2'), parseEther('1')] })
  })

  it('describes the new burn-schedule errors', () => {
    const data = encodeErrorResult({ abi: burnScheduleAbi, errorName: 'ShortfallOutstanding', args: [parseEther('1500')] })
    expect(describeError(reverted(data))).toBe(
      '1,500 NTK of scheduled burns are still owed: fund the vault and settle the shortfall first.',
    )
  })

  it("words the market's and the registry's reverts for the executor CLI and the dApp alike", () => {
    const node = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
    const notRegistered = encodeErrorResult({ abi: nodeRegistryAbi, errorName: 'NotRegistered', args: [node] })
    expect(describeError(reverted(notRegistered))).toMatch(/no node registered: register it first \(`neuro-executor register`/)
    const stake = encodeErrorResult({
      abi: nodeRegistryAbi,
      errorName: 'InsufficientStake',
      args: [node, parseEther('100'), parseEther('1000')],
    })
    expect(describeError(reverted(stake))).toBe(
      'Only 100 NTK of the stake is free (not locked by assignments or unbonding); 1,000 NTK was asked for.',
    )
    const noAsk = encodeErrorResult({ abi: jobMarketAbi, errorName: 'NoAsk', args: [node, 0] })
    expect(describeError(reverted(noAsk))).toBe('This node has no ask for this kind of job in the book.')
    const expired = encodeErrorResult({ abi: jobMarketAbi, errorName: 'AssignmentExpired', args: [7n, 1_767_225_600n] })
    expect(describeError(reverted(expired))).toBe('Assignment #7 expired at 2026-01-01 00:00 UTC; its tasks go to others.')
    // A small amount is shown exactly, not rounded to 0.
    const short = encodeErrorResult({
      abi: allAbis,
      errorName: 'ERC20InsufficientBalance',
      args: [node, 0n, 44_000_000_000_000n],
    } as never)
    expect(describeError(reverted(short))).toBe('Insufficient NTK balance: 0 NTK available, 0.000044 NTK needed.')
    // Both the sale (ETH) and the market (NTK credits) revert with it: the words fit either.
    for (const abi of [tokenSaleAbi, jobMarketAbi]) {
      const data = encodeErrorResult({ abi, errorName: 'NothingToWithdraw', args: [node] } as never)
      expect(describeError(reverted(data))).toBe('This account has nothing to withdraw here.')
    }
  })

  it("names the account short of ETH for gas and says to fund it, instead of viem's gas arithmetic", () => {
    const sender = '0x205e7BAdA71822c8caBE63dCebD95d7245415f35'
    // As viem raises it for a contract write from an account with no ETH (anvil's words).
    const node = new RpcRequestError({
      body: {},
      url: 'http://127.0.0.1:8545',
      error: { code: -32003, message: 'Insufficient funds for gas * price + value' },
    })
    const noEth = new ContractFunctionExecutionError(
      new TransactionExecutionError(new InsufficientFundsError({ cause: node }), {
        account: { address: sender, type: 'json-rpc' },
      }),
      { abi: nodeRegistryAbi, functionName: 'stake', args: [parseEther('1')], sender },
    )
    expect(describeError(noEth)).toBe(
      `The account ${sender} has too little ETH to pay for the gas of this transaction (and any ETH it sends): send ETH to it, then try again.`,
    )
    // Without a contract call around it the sender is unknown.
    expect(describeError(new InsufficientFundsError({ cause: node }))).toMatch(/^This account has too little ETH/)
  })

  it('names an error that has no message instead of hiding it', () => {
    const data = encodeErrorResult({ abi: tokenSaleAbi, errorName: 'InvalidWeekLength' })
    expect(describeError(reverted(data))).toBe('The transaction was rejected by the contract: InvalidWeekLength.')
  })

  it('decodes a revert that viem raised with only the called function in its ABI (writeContract after a simulation)', () => {
    const data = encodeErrorResult({ abi: tokenSaleAbi, errorName: 'InvalidWeekLength' })
    const buyOnly = tokenSaleAbi.filter((item) => item.type === 'function' && item.name === 'buy')
    const undecoded = new ContractFunctionRevertedError({ abi: buyOnly, data, functionName: 'buy' })
    expect(undecoded.data).toBeUndefined()
    expect(describeError(undecoded)).toBe('The transaction was rejected by the contract: InvalidWeekLength.')
  })

  it('reports a rejected wallet prompt and passes other errors through', () => {
    const rejected = new BaseError('wallet', { cause: new UserRejectedRequestError(new Error('no')) })
    expect(describeError(rejected)).toBe('You rejected the request in your wallet.')
    expect(describeError(new Error('plain'))).toBe('plain')
    expect(decodeRevert('0xdeadbeef')).toBeUndefined()
  })

  it('has a message only for errors that exist in the generated ABIs', () => {
    const errorNames = new Set<string>(allAbis.filter((item) => item.type === 'error').map((item) => item.name))
    const unknown = Object.keys(revertMessages).filter((name) => !errorNames.has(name))
    expect(unknown).toEqual([])
    expect(Object.keys(revertMessages).length).toBeGreaterThan(30)
  })

  it('types the table by the ABIs error names (checked by `tsc`, which fails if this stops being an error)', () => {
    const misspelled: RevertMessages = {
      // @ts-expect-error 'SaleNotActiv' is not an error of any platform contract
      SaleNotActiv: () => 'never used',
    }
    expect(Object.keys(misspelled)).toEqual(['SaleNotActiv'])
  })
})
