import type { ContractErrorArgs, ContractErrorName } from 'viem'
import { formatEther } from 'viem'
import type { allAbis } from './generated/abis'
import { salePhaseLabels, salePhaseName } from './phase'

/** An 18-decimal amount exactly, its whole part grouped: 1,000 / 0.000044 (a rounded "0" would hide a small amount). */
const amount = (units: unknown) => {
  const [whole, fraction] = formatEther(units as bigint).split('.')
  const grouped = BigInt(whole).toLocaleString('en-US')
  return fraction ? `${grouped}.${fraction}` : grouped
}
const ntk = (units: unknown) => `${amount(units)} NTK`
const eth = (wei: unknown) => `${amount(wei)} ETH`
const date = (seconds: unknown) => new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z')
/** A time as people read it in a message: `2026-01-01 00:00 UTC`. */
const utc = (seconds: unknown) => `${new Date(Number(seconds) * 1000).toISOString().replace('T', ' ').slice(0, 16)} UTC`
const minutes = (seconds: unknown) => `${Math.round(Number(seconds) / 6) / 10} min`

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
  // TokenSale (ETH refunds and proceeds) and JobMarket (NTK credits) both name it so.
  NothingToWithdraw: () => 'This account has nothing to withdraw here.',
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
  UnreachableRecipient: ([to]) =>
    `${to} is a platform contract: tokens sent there could never be withdrawn. Withdraw to your own wallet's address.`,
  // NodeRegistry: an executor node's own actions (the executor CLI and the dApp's Executors page).
  NotRegistered: () =>
    'This account has no node registered: register it first (`neuro-executor register`, or Register on the Executors page).',
  AlreadyRegistered: () => 'This account already has a node registered: update it instead.',
  InvalidCapabilities: () => 'Declare a benchmark throughput greater than zero.',
  InvalidMetadataCid: ([length]) => `The metadata CID must be 1 to 128 characters (it is ${length}).`,
  InsufficientStake: ([, available, requested]) =>
    `Only ${ntk(available)} of the stake is free (not locked by assignments or unbonding); ${ntk(requested)} was asked for.`,
  UnbondingNotReady: ([readyAt]) => `The unbonding stake can be withdrawn from ${utc(readyAt)}.`,
  NothingUnbonding: () => 'Nothing is unbonding: request an unbond first.',
  // JobMarket: asks.
  NotRegisteredExecutor: () => 'Only a registered node with stake can place asks: register and stake first.',
  ZeroPrice: () => 'Enter a price of at least 1 tick.',
  InvalidCapacity: ([, maxCapacity]) => `Capacity must be from 1 to ${maxCapacity} tasks.`,
  AskUnderCollateralized: ([freeStake, required]) =>
    `This ask needs ${ntk(required)} of free stake (capacity × the minimum collateral per task); the node has ${ntk(freeStake)}. Stake more or lower the capacity.`,
  NoAsk: () => 'This node has no ask for this kind of job in the book.',
  KindNotSupported: () => 'Only GENERATE jobs are open on the market for now.',
  // JobMarket: posting a job (the dApp's form checks most of these before sending).
  InvalidTaskCount: ([count, max]) => `The market takes 1 to ${max} tasks per job (this has ${count}).`,
  ZeroUnitsPerTask: () => 'A task must cost at least one compute unit: raise the samples per task.',
  InvalidReplication: ([, replication]) =>
    `Replication ${replication} is not allowed: optimistic jobs use 1, replicated jobs 3 or 5.`,
  ChallengeWindowOutOfBounds: ([window, min, max]) =>
    `A challenge window of ${minutes(window)} is outside the market's ${minutes(min)} to ${minutes(max)}.`,
  SecondsPerTaskTooShort: ([given, min]) =>
    `${minutes(given)} per task is under the market's least time per task, ${minutes(min)}: give executors more time.`,
  InvalidDeadline: ([deadline]) => `The deadline ${utc(deadline)} is in the past or too far ahead: choose fewer hours.`,
  CollateralTooLow: ([collateral, min]) =>
    `Collateral of ${ntk(collateral)} per task is under the market's minimum of ${ntk(min)}.`,
  InvalidSpecCid: () => 'The job spec CID is empty or too long: upload the spec again.',
  EscrowOverflow: () => 'This job is too large for the market: lower the tasks, the samples per task or the max price.',
  UnknownJob: ([id]) => `There is no job #${id}.`,
  JobNotOpen: ([id]) => `Job #${id} is no longer open.`,
  NotRequester: ([id]) => `Only the requester of job #${id} may do this.`,
  JobNotFinalizable: ([id, open, unassigned, deadline]) =>
    open > 0
      ? `Job #${id} cannot be finalized yet: ${open} assignment(s) are in flight.`
      : `Job #${id} cannot be finalized yet: ${unassigned} task(s) wait for executors until ${utc(deadline)}.`,
  // JobMarket: assignments, results and challenges.
  UnknownAssignment: ([id]) => `There is no assignment #${id}.`,
  NotAssignee: ([id]) => `Assignment #${id} belongs to another executor.`,
  AssignmentExpired: ([id, deadline]) => `Assignment #${id} expired at ${utc(deadline)}; its tasks go to others.`,
  AssignmentNotExpired: ([id, deadline]) => `Assignment #${id} can be reclaimed only after its deadline, ${utc(deadline)}.`,
  DeclineWindowClosed: ([id, until]) =>
    `Assignment #${id} could be declined only until its deadline, ${utc(until)}: it can now be reclaimed by anyone.`,
  ChallengeWindowClosed: ([, end]) => `The challenge window of this result closed at ${utc(end)}.`,
  TaskOutOfRange: ([id, task, first, count]) =>
    `Task ${task} is not in assignment #${id} (tasks ${first} to ${first + count - 1}).`,
  NotAllowedToChallenge: () => "Only the job's requester or another staked executor can challenge a result.",
  WrongAssignmentStatus: ([id, status]) =>
    `Assignment #${id} cannot take this step in its current status (${status}): its result may be final or already challenged.`,
  VerifierCandidatesFull: ([id, weight, lightest]) =>
    `The verifier candidates of challenge #${id} are full and the lightest has ${ntk(lightest)} staked, not less than your ${ntk(weight)}: stake more than ${ntk(lightest)} to take that place, or leave this challenge to the others.`,
  DrawNotOpen: ([id, commitDeadline]) =>
    `Challenge #${id} takes verifier candidates until ${utc(commitDeadline)}: draw its verifiers after that.`,
  DrawNotReady: ([id, drawBlock]) =>
    `The draw of challenge #${id} is seeded by block ${drawBlock}, which is still the newest: send it again once another block is mined.`,
  VerifiersAlreadyDrawn: ([id]) =>
    `The verifiers of challenge #${id} are already drawn: nothing more to send; the seated verifiers reveal next.`,
  VerifiersNotDrawn: ([id]) =>
    `Challenge #${id} has more verifier candidates than seats: draw its verifiers first (anyone may), then the seated ones reveal.`,
  InsufficientFreeStake: ([, freeStake, required]) =>
    `This needs ${ntk(required)} of free stake; the account has ${ntk(freeStake)}. Stake more first.`,
  ERC20InsufficientBalance: ([, balance, needed]) =>
    `Insufficient NTK balance: ${ntk(balance)} available, ${ntk(needed)} needed.`,
  ERC20InsufficientAllowance: ([, allowance, needed]) =>
    `Insufficient NTK allowance: ${ntk(allowance)} approved, ${ntk(needed)} needed.`,
  ERC2612ExpiredSignature: () => 'The permit signature has expired. Sign again.',
  ERC2612InvalidSigner: () => 'The permit was signed by a different account.',
}
