import { BaseError, ContractFunctionRevertedError, formatEther } from 'viem'
import { describeWriteError } from '../lib/describeWriteError'
import { GatewayError } from './gatewayClient'

const ntk = (units: unknown) =>
  `${Number(formatEther(units as bigint)).toLocaleString('en-US', { maximumFractionDigits: 6 })} NTK`
const minutes = (seconds: unknown) => `${Math.round(Number(seconds) / 6) / 10} min`
const when = (seconds: unknown) => new Date(Number(seconds) * 1000).toISOString().replace('T', ' ').slice(0, 16)

/**
 * Why JobMarket refused a job post, a challenge or a step of one (its errors, by name), said as
 * what to change.
 * The form checks most of these before sending; these are for what only the chain knows (a
 * window that closed meanwhile, a balance spent elsewhere).
 */
const messages: Record<string, (args: readonly unknown[]) => string> = {
  KindNotSupported: () => 'Only GENERATE jobs are open on the market for now.',
  InvalidTaskCount: ([count, max]) => `The market takes 1 to ${max} tasks per job (this has ${count}).`,
  ZeroUnitsPerTask: () => 'A task must cost at least one compute unit: raise the samples per task.',
  InvalidReplication: ([, replication]) =>
    `Replication ${replication} is not allowed: optimistic jobs use 1, replicated jobs 3 or 5.`,
  ChallengeWindowOutOfBounds: ([window, min, max]) =>
    `A challenge window of ${minutes(window)} is outside the market's ${minutes(min)} to ${minutes(max)}.`,
  ZeroSecondsPerTask: () => 'Give executors some time per task.',
  InvalidDeadline: ([deadline]) => `The deadline ${when(deadline)} UTC is in the past or too far ahead: choose fewer hours.`,
  CollateralTooLow: ([collateral, min]) =>
    `Collateral of ${ntk(collateral)} per task is under the market's minimum of ${ntk(min)}.`,
  InvalidSpecCid: () => 'The job spec CID is empty or too long: upload the spec again.',
  EscrowOverflow: () => 'This job is too large for the market: lower the tasks, the samples per task or the max price.',
  ERC20InsufficientBalance: ([, balance, needed]) => `Your wallet holds ${ntk(balance)}; this needs ${ntk(needed)}.`,
  ERC2612ExpiredSignature: () => 'The escrow permit expired before the transaction was mined: post again.',
  ERC2612InvalidSigner: () => 'The escrow permit was not signed by this wallet: post again from the same account.',
  ChallengeWindowClosed: ([, end]) => `The challenge window of this result closed at ${when(end)} UTC.`,
  TaskOutOfRange: ([id, task, first, count]) =>
    `Task ${task} is not in assignment #${id} (tasks ${first} to ${Number(first) + Number(count) - 1}).`,
  NotAllowedToChallenge: () => "Only the job's requester or another staked executor can challenge a result.",
  WrongAssignmentStatus: ([id, status]) =>
    `Assignment #${id} cannot be challenged now (status ${status}): its result may be final or already challenged.`,
  VerifierCandidatesFull: ([id, weight, lightest]) =>
    `The verifier candidates of challenge #${id} are full and the lightest has ${ntk(lightest)} staked, not less than your ${ntk(weight)}: stake more than ${ntk(lightest)} to take that place, or leave this challenge to the others.`,
  DrawNotOpen: ([id, commitDeadline]) =>
    `Challenge #${id} takes verifier candidates until ${when(commitDeadline)} UTC: draw its verifiers after that.`,
  DrawNotReady: ([id, drawBlock]) =>
    `The draw of challenge #${id} is seeded by block ${drawBlock}, which is still the newest: send it again once another block is mined.`,
  VerifiersAlreadyDrawn: ([id]) =>
    `The verifiers of challenge #${id} are already drawn: nothing more to send; the seated verifiers reveal next.`,
  VerifiersNotDrawn: ([id]) =>
    `Challenge #${id} has more verifier candidates than seats: draw its verifiers first (anyone may), then the seated ones reveal.`,
  JobNotOpen: ([id]) => `Job #${id} is no longer open.`,
  JobNotFinalizable: ([id, open, unassigned, deadline]) =>
    Number(open) > 0
      ? `Job #${id} cannot be finalized yet: ${open} assignment(s) are in flight.`
      : `Job #${id} cannot be finalized yet: ${unassigned} task(s) wait for executors until ${when(deadline)} UTC.`,
}

/** The message shown when posting, challenging, settling or finalizing fails: market reverts by name, upload errors as worded, else the dApp's default. */
export function describeJobError(error: unknown): string {
  if (error instanceof GatewayError) return error.message
  if (error instanceof BaseError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError)
    const name = reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : undefined
    if (name && messages[name]) return messages[name]((reverted as ContractFunctionRevertedError).data?.args ?? [])
  }
  return describeWriteError(error)
}
