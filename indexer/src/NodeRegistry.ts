// Executor nodes: registration, capabilities, stake movements and reputation (NodeRegistry).
// Each handler records the event (stake_event, keyed by event id) and then re-reads the node from
// the registry (syncExecutor), so stake, locked collateral and counters match the chain exactly.

import { ponder } from 'ponder:registry'
import { executor, stakeEvent } from 'ponder:schema'
import { eventRow } from './lib/eventRow'
import { syncExecutor } from './lib/syncExecutor'

ponder.on('NodeRegistry:NodeRegistered', async ({ event, context }) => {
  await syncExecutor(context, event.args.node, event.block.timestamp)
})

ponder.on('NodeRegistry:NodeUpdated', async ({ event, context }) => {
  await syncExecutor(context, event.args.node, event.block.timestamp)
})

ponder.on('NodeRegistry:Staked', async ({ event, context }) => {
  const { node, payer, amount, stakeAfter } = event.args
  const inserted = await context.db
    .insert(stakeEvent)
    .values({ ...eventRow(event), node, type: 'staked', amount, stakeAfter, payer, readyAt: null })
    .onConflictDoNothing()
  await syncExecutor(context, node, event.block.timestamp)
  // The running total moves only when the event row is new (a replay must not count it twice).
  if (inserted) {
    await context.db.update(executor, { address: node }).set((row) => ({ totalStaked: row.totalStaked + amount }))
  }
})

ponder.on('NodeRegistry:UnbondRequested', async ({ event, context }) => {
  const { node, amount, readyAt } = event.args
  await context.db
    .insert(stakeEvent)
    .values({
      ...eventRow(event),
      node,
      type: 'unbond-requested',
      amount,
      stakeAfter: null,
      payer: null,
      readyAt: BigInt(readyAt),
    })
    .onConflictDoNothing()
  await syncExecutor(context, node, event.block.timestamp)
})

ponder.on('NodeRegistry:Unbonded', async ({ event, context }) => {
  const { node, amount } = event.args
  const inserted = await context.db
    .insert(stakeEvent)
    .values({ ...eventRow(event), node, type: 'unbonded', amount, stakeAfter: null, payer: null, readyAt: null })
    .onConflictDoNothing()
  await syncExecutor(context, node, event.block.timestamp)
  if (inserted) {
    await context.db.update(executor, { address: node }).set((row) => ({ totalUnbonded: row.totalUnbonded + amount }))
  }
})

ponder.on('NodeRegistry:Slashed', async ({ event, context }) => {
  const { node, amount, stakeAfter } = event.args
  await context.db
    .insert(stakeEvent)
    .values({ ...eventRow(event), node, type: 'slashed', amount, stakeAfter, payer: null, readyAt: null })
    .onConflictDoNothing()
  await syncExecutor(context, node, event.block.timestamp)
})

ponder.on('NodeRegistry:ReputationUpdated', async ({ event, context }) => {
  await syncExecutor(context, event.args.node, event.block.timestamp)
})
