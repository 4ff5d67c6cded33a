import { parseEther } from 'viem'
import { describe, expect, it } from 'vitest'
import { commandHint } from '../cli/commandHint'
import { type NodeReadiness, whyNodeCannotStart } from './checkNodeReady'

const me = '0x00000000000000000000000000000000000000a1'
const ready: NodeReadiness = {
  registered: true,
  freeStake: parseEther('40'),
  locked: 0n,
  inFlight: 0,
  minCollateral: parseEther('10'),
}

describe('whyNodeCannotStart', () => {
  it('refuses an unregistered node, with the commands to run', () => {
    expect(whyNodeCannotStart({ ...ready, registered: false, freeStake: 0n }, me, 4)).toBe(
      `${me} is not registered in the NodeRegistry, so the market gives it no tasks. Run \`neuro-executor register\`, then \`neuro-executor stake <NTK>\` (at least 40 NTK: 10 NTK per task of EXECUTOR_CAPACITY=4), then start again.`,
    )
  })

  it('refuses a node whose free stake cannot back its ask, saying how much more to stake', () => {
    expect(whyNodeCannotStart({ ...ready, freeStake: parseEther('15') }, me, 4)).toBe(
      `${me} has 15 NTK of free stake, and its ask needs 40 NTK (10 NTK per task of EXECUTOR_CAPACITY=4), so the market gives it no tasks. Run \`neuro-executor stake 25\` (or lower EXECUTOR_CAPACITY), then start again.`,
    )
    expect(whyNodeCannotStart(ready, me, 4)).toBeUndefined()
    // Tasks in flight hold their own collateral: the ask backs only the open slots (Matching.placeAsk).
    expect(whyNodeCannotStart({ ...ready, freeStake: parseEther('20'), inFlight: 2, locked: 1n }, me, 4)).toBeUndefined()
  })

  it('starts a node with stake locked in open work whatever its free stake: that work must be finished', () => {
    expect(whyNodeCannotStart({ ...ready, freeStake: 0n, locked: parseEther('30') }, me, 4)).toBeUndefined()
  })
})

describe('whyNodeCannotStart with a config given by --config', () => {
  it('names the config in the commands it tells the operator to run', () => {
    const hint = commandHint('/tmp/node4/config.json', { HOME: '/home/op' })
    expect(whyNodeCannotStart({ ...ready, registered: false, freeStake: 0n }, me, 4, hint)).toContain(
      'Run `neuro-executor register --config /tmp/node4/config.json`, then `neuro-executor stake --config /tmp/node4/config.json <NTK>`',
    )
    expect(whyNodeCannotStart({ ...ready, freeStake: parseEther('15') }, me, 4, hint)).toContain(
      'Run `neuro-executor stake --config /tmp/node4/config.json 25`',
    )
  })
})
