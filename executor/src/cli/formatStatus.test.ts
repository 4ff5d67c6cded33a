import { parseEther } from 'viem'
import { describe, expect, it } from 'vitest'
import { askBacking } from '../chain/askBacking'
import { commandHint, plainCommandHint } from './commandHint'
import { formatStatus, type NodeStatus } from './formatStatus'

const now = BigInt(Date.UTC(2025, 2, 1, 12, 0, 0) / 1000)
const one = parseEther('1')
const ask = { active: true, priceTick: 90, capacity: 2, inFlight: 0 }
const node: NodeStatus = {
  executor: '0x00000000000000000000000000000000000000a1',
  chainId: 31337,
  registered: true,
  stake: parseEther('100'),
  freeStake: parseEther('100'),
  unbonding: 0n,
  unbondingReadyAt: null,
  unbondingDelay: 86_400n,
  reputation: { tasksCompleted: 3n, tasksFailed: 0n, timesSlashed: 0n },
  ask,
  configuredCapacity: 2,
  askBacking: askBacking(ask, parseEther('100'), one),
  minCollateral: one,
  credits: 0n,
  balance: 0n,
  lifetime: { earned: 0n, settledAssignments: 0, slashed: 0n, slashedAssignments: 0, withdrawn: 0n },
  dataDir: '/tmp/node4',
  work: [],
  assignments: [],
  chainTime: now,
}
const line = (text: string, label: string) =>
  text.split('\n').filter((l) => l.startsWith(`  ${label}`) || l.startsWith(' '.repeat(14)))

describe('formatStatus', () => {
  it('flags an ask whose free stake backs none or only some of its open slots (it looked live after unstaking all)', () => {
    const unstaked = { ...node, stake: 0n, freeStake: 0n, unbonding: parseEther('100'), askBacking: askBacking(ask, 0n, one) }
    expect(formatStatus(unstaked, plainCommandHint)).toContain(
      '  ask         90 ticks/unit, 0/2 tasks in flight\n' +
        '              not matchable: free stake 0 NTK backs 0 of its 2 open slots (1 NTK each); run `neuro-executor stake 2` to back them all\n',
    )
    const partly = { ...node, freeStake: parseEther('1.5'), askBacking: askBacking(ask, parseEther('1.5'), one) }
    expect(formatStatus(partly, plainCommandHint)).toContain(
      'partly matchable: free stake 1.5 NTK backs 1 of its 2 open slots (1 NTK each); run `neuro-executor stake 0.5` to back them all',
    )
    // Backed, or full (nothing open): nothing to flag.
    expect(formatStatus(node, plainCommandHint)).not.toContain('matchable')
    const full = {
      ...node,
      ask: { ...ask, inFlight: 2 },
      freeStake: 0n,
      askBacking: askBacking({ ...ask, inFlight: 2 }, 0n, one),
    }
    expect(formatStatus(full, plainCommandHint)).not.toContain('matchable')
  })

  it('says when unbonding stake can be withdrawn, and nothing of it once none is unbonding', () => {
    const unbonding = { ...node, unbonding: parseEther('500'), unbondingReadyAt: now + 86_399n }
    expect(formatStatus(unbonding, plainCommandHint)).toContain(
      '  unbonding   500 NTK, withdrawable from 2025-03-02 11:59:59 UTC (in 23 h 59 min) with `neuro-executor unstake --withdraw` (unbonding delay 1 day from the latest `unstake`)',
    )
    expect(formatStatus({ ...unbonding, unbondingReadyAt: now - 60n }, plainCommandHint)).toContain(
      '  unbonding   500 NTK, withdrawable now: run `neuro-executor unstake --withdraw`',
    )
    expect(formatStatus(node, plainCommandHint)).not.toContain('  unbonding')
  })

  it('shows results waiting out their challenge window, and the configured capacity beside the one on the chain', () => {
    const waiting = {
      ...node,
      ask: { ...ask, capacity: 4, inFlight: 2 },
      askBacking: askBacking({ ...ask, capacity: 4, inFlight: 2 }, parseEther('100'), one),
      assignments: [
        { assignmentId: '1', jobId: '7', tasks: 2, status: 'Submitted', deadline: now - 100n, finalAt: now + 600n },
        { assignmentId: '2', jobId: '7', tasks: 1, status: 'Submitted', deadline: now - 900n, finalAt: now - 60n },
        { assignmentId: '3', jobId: '8', tasks: 1, status: 'Accepted', deadline: now, finalAt: null },
      ],
    }
    const text = formatStatus(waiting, plainCommandHint)
    expect(text).toContain(
      '  ask         90 ticks/unit, 2/4 tasks in flight (capacity 4 on the chain: 2 configured + computed tasks waiting for their challenge window)',
    )
    expect(line(text, 'work')).toEqual([
      '  work        assignment 1 (job 7): submitted, final at 2025-03-01 12:10:00 UTC (in 10 min) unless challenged, 2 tasks',
      '              assignment 2 (job 7): submitted, final since 2025-03-01 11:59:00 UTC (1 min ago): to be settled, 1 task',
      '              assignment 3 (job 8): accepted: to be settled, 1 task',
    ])
    expect(text).not.toContain('no open assignment')
    // After the daemon's own list, or after its absence.
    const down = formatStatus({ ...waiting, work: null, assignments: waiting.assignments.slice(0, 1) }, plainCommandHint)
    expect(line(down, 'work')).toEqual([
      '  work        daemon not answering on its metrics port (not started, or EXECUTOR_METRICS_PORT unset)',
      '              assignment 1 (job 7): submitted, final at 2025-03-01 12:10:00 UTC (in 10 min) unless challenged, 2 tasks',
    ])
    expect(line(formatStatus(node, plainCommandHint), 'work')).toEqual(['  work        no open assignment'])
  })

  it('names the config given with --config in every command it suggests', () => {
    const hint = commandHint('/tmp/node4/config.json', {})
    const text = formatStatus(
      {
        ...node,
        registered: false,
        freeStake: 0n,
        unbonding: one,
        unbondingReadyAt: now,
        askBacking: askBacking(ask, 0n, one),
      },
      hint,
    )
    const suggested = text.match(/`neuro-executor [^`]*`/g)
    expect(suggested).toEqual([
      '`neuro-executor register --config /tmp/node4/config.json`',
      '`neuro-executor unstake --config /tmp/node4/config.json --withdraw`',
      '`neuro-executor stake --config /tmp/node4/config.json 2`',
      '`neuro-executor withdraw --config /tmp/node4/config.json`',
    ])
  })
})
