import type { AssignmentProgress } from '@neuromation/sdk'
import { formatEther } from 'viem'
import type { AskBacking } from '../chain/askBacking'
import type { LifetimeTotals } from '../chain/readLifetimeTotals'
import type { OwnAssignment } from '../chain/readOwnAssignments'
import type { CommandHint } from './commandHint'
import { formatDuration } from './formatDuration'
import { formatWhen } from './formatWhen'

/** What `neuro-executor status` shows (its --json is this object). */
export type NodeStatus = {
  executor: string
  chainId: number
  registered: boolean
  stake: bigint
  freeStake: bigint
  unbonding: bigint
  /** When the unbonding stake can be withdrawn (unix seconds); null when nothing is unbonding. */
  unbondingReadyAt: bigint | null
  /** The registry's unbonding delay in seconds. */
  unbondingDelay: bigint
  reputation: { tasksCompleted: bigint; tasksFailed: bigint; timesSlashed: bigint }
  ask: { active: boolean; priceTick: number; capacity: number; inFlight: number }
  /** The capacity the daemon asks for when no computed task waits (EXECUTOR_CAPACITY). */
  configuredCapacity: number
  /** How much of the ask free stake backs (see askBacking); null without an active ask. */
  askBacking: AskBacking | null
  /** Free stake per task the market wants (minCollateral of GENERATE). */
  minCollateral: bigint
  credits: bigint
  balance: bigint
  lifetime: LifetimeTotals
  dataDir: string
  /** The running daemon's own assignments before their result is on the chain; null when it does not answer. */
  work: AssignmentProgress[] | null
  /** Own assignments not ended that the daemon's list does not show (results waiting out their window, above all). */
  assignments: OwnAssignment[]
  /** The chain's latest block time (unix seconds): what windows and the unbonding delay are measured by. */
  chainTime: bigint
}

const INDENT = '              '

/** `neuro-executor status` for people: one labelled line per part, commands to run named with the operator's --config. */
export function formatStatus(s: NodeStatus, hint: CommandHint): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  return [
    `Executor ${s.executor} on chain ${s.chainId}${s.registered ? '' : ` (not registered: run \`${hint('register')}\`)`}`,
    `  stake       ${formatEther(s.stake)} NTK (free ${formatEther(s.freeStake)}, unbonding ${formatEther(s.unbonding)})`,
    ...unbondingLines(s, hint),
    ...askLines(s, hint),
    `  credits     ${formatEther(s.credits)} NTK (withdraw with \`${hint('withdraw')}\`)`,
    `  balance     ${formatEther(s.balance)} NTK`,
    `  earned      ${formatEther(s.lifetime.earned)} NTK over ${plural(s.lifetime.settledAssignments, 'settled assignment')} (withdrawn ${formatEther(s.lifetime.withdrawn)} NTK)`,
    `  slashed     ${formatEther(s.lifetime.slashed)} NTK over ${plural(s.lifetime.slashedAssignments, 'assignment')}`,
    `  reputation  ${s.reputation.tasksCompleted} completed, ${s.reputation.tasksFailed} failed, ${s.reputation.timesSlashed} slashed`,
    ...workLines(s),
  ].join('\n')
}

function unbondingLines(s: NodeStatus, hint: CommandHint): string[] {
  if (s.unbondingReadyAt === null) return []
  const withdraw = `\`${hint('unstake', '--withdraw')}\``
  return [
    s.unbondingReadyAt <= s.chainTime
      ? `  unbonding   ${formatEther(s.unbonding)} NTK, withdrawable now: run ${withdraw}`
      : `  unbonding   ${formatEther(s.unbonding)} NTK, withdrawable from ${formatWhen(s.unbondingReadyAt, s.chainTime)} with ${withdraw} (unbonding delay ${formatDuration(s.unbondingDelay)} from the latest \`unstake\`)`,
  ]
}

/**
 * The ask, its configured capacity beside the one on the chain (the daemon adds its computed tasks
 * waiting for their challenge window, see executor/README.md "Ask"), and whether free stake backs
 * its open slots: an ask the market cannot match looks live otherwise.
 */
function askLines(s: NodeStatus, hint: CommandHint): string[] {
  if (!s.ask.active) return ['  ask         none']
  const { capacity, inFlight, priceTick } = s.ask
  const configured =
    capacity === s.configuredCapacity
      ? ''
      : capacity > s.configuredCapacity
        ? ` (capacity ${capacity} on the chain: ${s.configuredCapacity} configured + computed tasks waiting for their challenge window)`
        : ` (capacity ${capacity} on the chain, ${s.configuredCapacity} configured)`
  const lines = [`  ask         ${priceTick} ticks/unit, ${inFlight}/${capacity} tasks in flight${configured}`]
  const backing = s.askBacking
  if (backing && backing.backed < backing.open)
    lines.push(
      `${INDENT}${backing.backed === 0 ? 'not matchable' : 'partly matchable'}: free stake ${formatEther(s.freeStake)} NTK backs ${backing.backed} of its ${backing.open} open slot${backing.open === 1 ? '' : 's'} (${formatEther(s.minCollateral)} NTK each); run \`${hint('stake', formatEther(backing.required - s.freeStake))}\` to back them all`,
    )
  return lines
}

function workLines(s: NodeStatus): string[] {
  const lines: string[] =
    s.work === null
      ? ['daemon not answering on its metrics port (not started, or EXECUTOR_METRICS_PORT unset)']
      : s.work.map(
          (p) =>
            `assignment ${p.assignmentId} (job ${p.jobId}): ${p.state}, ${p.tasksDone}/${p.tasksTotal} tasks${p.samplesTotal === null ? '' : `, ${p.samplesDone}/${p.samplesTotal} samples`}${p.error ? ` (${p.error})` : ''}`,
        )
  for (const a of s.assignments) lines.push(`assignment ${a.assignmentId} (job ${a.jobId}): ${ownState(a, s.chainTime)}`)
  if (lines.length === 0) lines.push('no open assignment')
  return lines.map((line, i) => `${i === 0 ? '  work        ' : INDENT}${line}`)
}

/** Where an own assignment the daemon's list does not show stands, by the chain. */
function ownState(a: OwnAssignment, now: bigint): string {
  const tasks = `${a.tasks} task${a.tasks === 1 ? '' : 's'}`
  switch (a.status) {
    case 'Submitted':
      return (a.finalAt as bigint) > now
        ? `submitted, final at ${formatWhen(a.finalAt as bigint, now)} unless challenged, ${tasks}`
        : `submitted, final since ${formatWhen(a.finalAt as bigint, now)}: to be settled, ${tasks}`
    case 'Accepted':
      return `accepted: to be settled, ${tasks}`
    case 'Committed':
      return `committed, waiting for its group's reveals, ${tasks}`
    case 'Revealed':
      return `revealed, waiting for its group to resolve, ${tasks}`
    case 'Challenged':
      return `challenged, waiting for the challenge to resolve, ${tasks}`
    case 'Assigned':
      return `assigned, result due by ${formatWhen(a.deadline, now)}, ${tasks}`
    default:
      return `${a.status}, ${tasks}`
  }
}
