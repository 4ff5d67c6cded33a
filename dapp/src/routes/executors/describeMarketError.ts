import { BaseError, ContractFunctionRevertedError, formatEther } from 'viem'
import { describeWriteError } from '../../lib/describeWriteError'

const ntk = (units: unknown) =>
  `${Number(formatEther(units as bigint)).toLocaleString('en-US', { maximumFractionDigits: 4 })} NTK`
const when = (seconds: unknown) => new Date(Number(seconds) * 1000).toLocaleString('en-US')

/**
 * What the executor's own actions can be refused for (NodeRegistry and JobMarket errors, by name),
 * said as what to do next. Other errors fall back to the dApp's describeWriteError.
 */
const messages: Record<string, (args: readonly unknown[]) => string> = {
  NotRegistered: () => 'This wallet has no node yet: register it first.',
  AlreadyRegistered: () => 'This wallet already has a node registered.',
  InvalidCapabilities: () => 'Declare a benchmark throughput greater than zero.',
  InvalidMetadataCid: ([length]) => `The metadata CID must be 1 to 128 characters (it is ${length}).`,
  ZeroAmount: () => 'Enter an amount greater than zero.',
  InsufficientStake: ([, available, requested]) =>
    `Only ${ntk(available)} of your stake is free (not locked by assignments); you asked for ${ntk(requested)}.`,
  UnbondingNotReady: ([readyAt]) => `Your unbonding stake can be withdrawn from ${when(readyAt)}.`,
  NothingUnbonding: () => 'Nothing is unbonding: request an unbond first.',
  NotRegisteredExecutor: () => 'Only a registered node with stake can place asks: register and stake first.',
  ZeroPrice: () => 'Enter a price of at least 1 tick.',
  InvalidCapacity: ([, maxCapacity]) => `Capacity must be from 1 to ${maxCapacity} tasks.`,
  AskUnderCollateralized: ([freeStake, required]) =>
    `This ask needs ${ntk(required)} of free stake (capacity × the minimum collateral per task); you have ${ntk(freeStake)}. Stake more or lower the capacity.`,
  NoAsk: () => 'You have no ask for this kind in the book.',
  KindNotSupported: () => 'Only GENERATE jobs are open for now.',
  NothingToWithdraw: () => 'You have no earnings or refunds to withdraw.',
  ERC20InsufficientBalance: ([, balance, needed]) => `Your wallet holds ${ntk(balance)}; this needs ${ntk(needed)}.`,
}

export function describeMarketError(error: unknown): string {
  if (error instanceof BaseError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError)
    if (reverted instanceof ContractFunctionRevertedError && reverted.data?.errorName) {
      const message = messages[reverted.data.errorName]
      if (message) return message(reverted.data.args ?? [])
    }
  }
  return describeWriteError(error)
}
