import {
  BaseError,
  ContractFunctionRevertedError,
  UserRejectedRequestError,
  decodeErrorResult,
  formatEther,
  type Hex,
} from 'viem'
import { burnScheduleAbi, neuroTokenAbi, tokenSaleAbi } from './generated/abis'
import { salePhaseLabels, salePhaseName } from './phase'

/** Every contract ABI, so a revert from any of them (or from a nested call) decodes by name. */
export const allAbis = [...tokenSaleAbi, ...burnScheduleAbi, ...neuroTokenAbi] as const

const ntk = (units: unknown) => `${Number(formatEther(units as bigint)).toLocaleString('en-US')} NTK`
const eth = (wei: unknown) => `${formatEther(wei as bigint)} ETH`
const date = (seconds: unknown) => new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z')

/** Human messages for each custom error, by name; args as the ABI declares them. */
const messages: Record<string, (args: readonly unknown[]) => string> = {
  SaleNotActive: ([phase]) =>
    `Purchases are closed: the sale is in phase "${salePhaseLabels[salePhaseName(Number(phase))]}".`,
  PurchasesPaused: () => 'Purchases are paused by the guardian. Try again later.',
  ZeroPurchase: () => 'Enter an amount of ETH greater than zero.',
  VoucherExpired: ([expiry]) => `Your eligibility voucher expired at ${date(expiry)}. Get a new one.`,
  InvalidVoucherSignature: () =>
    'The eligibility voucher was not signed by the compliance signer for this sale and chain. Get a new one.',
  VoucherPayerMismatch: ([payer]) =>
    `This voucher was issued to wallet ${payer}; pay from that wallet or get a voucher for this one.`,
  VoucherBeneficiaryMismatch: ([voucherBeneficiary]) =>
    `This voucher delivers tokens only to ${voucherBeneficiary}.`,
  VoucherAlreadyUsed: () => 'This eligibility voucher has already been used. Get a new one.',
  ContributionLimitExceeded: ([requested, remaining]) =>
    `This purchase (${eth(requested)}) exceeds your remaining limit of ${eth(remaining)}.`,
  RefundFailed: ([, amount]) => `The refund of ${eth(amount)} could not be sent to your wallet, so nothing was bought.`,
  NoSecretCap: () => 'This sale has no secret cap.',
  CapAlreadyRevealed: () => 'The secret cap has already been revealed.',
  CapCommitmentMismatch: () => 'That cap and salt do not match the committed secret cap.',
  CapNotReached: ([raised, cap]) => `The secret cap of ${eth(cap)} is not reached yet (${eth(raised)} raised).`,
  SaleNotEnded: ([end]) => `The sale can be finalized only after it ends (${date(end)}) or sells out.`,
  AlreadyFinalized: () => 'The sale is already finalized.',
  NotFinalized: () => 'The sale must be finalized first.',
  NothingToSweep: () => 'There is no unaccounted ETH in the sale to sweep.',
  NothingToWithdraw: () => 'This account has no ETH to withdraw.',
  WithdrawFailed: ([, amount]) => `Sending ${eth(amount)} failed; it stays withdrawable.`,
  NotGuardian: () => 'Only the guardian may do this.',
  EpochNotDue: ([epoch, dueAt]) => `Burn epoch ${Number(epoch) + 1} is not due until ${date(dueAt)}.`,
  EpochAlreadyExecuted: ([epoch]) => `Burn epoch ${Number(epoch) + 1} has already been executed.`,
  EpochOutOfOrder: ([epoch, next]) =>
    `Burn epoch ${Number(epoch) + 1} cannot run before epoch ${Number(next) + 1}.`,
  UnknownEpoch: ([epoch, count]) => `There is no burn epoch ${Number(epoch) + 1} (the schedule has ${count}).`,
  ZeroAmount: () => 'Enter an amount greater than zero.',
  ERC20InsufficientBalance: ([, balance, needed]) =>
    `Insufficient NTK balance: ${ntk(balance)} available, ${ntk(needed)} needed.`,
  ERC20InsufficientAllowance: ([, allowance, needed]) =>
    `Insufficient NTK allowance: ${ntk(allowance)} approved, ${ntk(needed)} needed.`,
  ERC2612ExpiredSignature: () => 'The permit signature has expired. Sign again.',
  ERC2612InvalidSigner: () => 'The permit was signed by a different account.',
}

/** A revert decoded from raw data (e.g. from eth_call), or undefined when it matches no ABI. */
export function decodeRevert(data: Hex): { errorName: string; args: readonly unknown[] } | undefined {
  try {
    const { errorName, args } = decodeErrorResult({ abi: allAbis, data })
    return { errorName, args: args ?? [] }
  } catch {
    return undefined
  }
}

/**
 * A short message for a person from any error thrown by viem/wagmi: contract reverts decoded
 * by error name (never by string matching), a rejected wallet prompt, or viem's short message.
 */
export function describeError(error: unknown): string {
  if (error instanceof BaseError) {
    if (error.walk((e) => e instanceof UserRejectedRequestError)) return 'You rejected the request in your wallet.'
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError)
    if (reverted instanceof ContractFunctionRevertedError) {
      const name = reverted.data?.errorName
      if (name && messages[name]) return messages[name](reverted.data?.args ?? [])
      if (name) return `The transaction was rejected by the contract: ${name}.`
      if (reverted.reason) return `The transaction was rejected by the contract: ${reverted.reason}.`
    }
    return error.shortMessage
  }
  return error instanceof Error ? error.message : String(error)
}
