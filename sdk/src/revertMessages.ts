import type { ContractErrorArgs, ContractErrorName } from 'viem'
import { formatEther } from 'viem'
import type { allAbis } from './generated/abis'
import { salePhaseLabels, salePhaseName } from './phase'

const ntk = (units: unknown) => `${Number(formatEther(units as bigint)).toLocaleString('en-US')} NTK`
const eth = (wei: unknown) => `${formatEther(wei as bigint)} ETH`
const date = (seconds: unknown) => new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z')

/**
 * A message for a person per custom error, keyed and typed by the generated ABIs: a key that is
 * not an error of any platform contract (e.g. after renaming the Solidity error) fails the type
 * check, and each function receives that error's arguments as the ABI declares them. Errors
 * without an entry are described by name (see describeError), so a new contract needs none.
 */
export type RevertMessages = {
  [name in RevertName]?: (args: ContractErrorArgs<typeof allAbis, name>) => string
}

/** Names of every custom error in the platform's ABIs (OpenZeppelin's included). */
export type RevertName = ContractErrorName<typeof allAbis>

export const revertMessages: RevertMessages = {
  SaleNotActive: ([phase]) => `Purchases are closed: the sale is in phase "${salePhaseLabels[salePhaseName(Number(phase))]}".`,
  PurchasesPaused: () => 'Purchases are paused by the guardian. Try again later.',
  ZeroPurchase: () => 'Enter an amount of ETH greater than zero.',
  VoucherExpired: ([expiry]) => `Your eligibility voucher expired at ${date(expiry)}. Get a new one.`,
  InvalidVoucherSignature: () =>
    'The eligibility voucher was not signed by the compliance signer for this sale and chain. Get a new one.',
  VoucherPayerMismatch: ([payer]) =>
    `This voucher was issued to wallet ${payer}; pay from that wallet or get a voucher for this one.`,
  VoucherBeneficiaryMismatch: ([voucherBeneficiary]) => `This voucher delivers tokens only to ${voucherBeneficiary}.`,
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
  WithdrawFailed: ([to, amount]) => `Sending ${eth(amount)} to ${to} failed; it stays withdrawable. Withdraw to another address.`,
  NoStrayTokens: () => 'The sale holds no NTK sent to it by mistake.',
  NotGuardian: () => 'Only the guardian may do this.',
  EpochNotDue: ([epoch, dueAt]) => `Burn epoch ${Number(epoch) + 1} is not due until ${date(dueAt)}.`,
  EpochAlreadyExecuted: ([epoch]) => `Burn epoch ${Number(epoch) + 1} has already been executed.`,
  EpochOutOfOrder: ([epoch, next]) => `Burn epoch ${Number(epoch) + 1} cannot run before epoch ${Number(next) + 1}.`,
  UnknownEpoch: ([epoch, count]) => `There is no burn epoch ${Number(epoch) + 1} (the schedule has ${count}).`,
  ZeroAmount: () => 'Enter an amount greater than zero.',
  NothingToSettle: ([shortfall]) =>
    shortfall === 0n ? 'No burn shortfall is owed.' : `The burn vault is empty; ${ntk(shortfall)} stay owed. Fund it first.`,
  ScheduleNotComplete: ([next, count]) =>
    `The burn schedule is not complete: epoch ${Number(next) + 1} of ${count} is still to run.`,
  ShortfallOutstanding: ([shortfall]) =>
    `${ntk(shortfall)} of scheduled burns are still owed: fund the vault and settle the shortfall first.`,
  NothingToRelease: () => 'The burn vault is empty.',
  ZeroAddress: () => 'Enter a non-zero address.',
  ERC20InsufficientBalance: ([, balance, needed]) =>
    `Insufficient NTK balance: ${ntk(balance)} available, ${ntk(needed)} needed.`,
  ERC20InsufficientAllowance: ([, allowance, needed]) =>
    `Insufficient NTK allowance: ${ntk(allowance)} approved, ${ntk(needed)} needed.`,
  ERC2612ExpiredSignature: () => 'The permit signature has expired. Sign again.',
  ERC2612InvalidSigner: () => 'The permit was signed by a different account.',
}
