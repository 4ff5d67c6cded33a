// The crowdsale: purchases, per-buyer totals, running sale totals and the lifecycle (pause,
// secret-cap reveal, finalization, withdrawals of the raised ETH).

import { ponder } from 'ponder:registry'
import { buyer, purchase, saleStats, saleWithdrawal } from 'ponder:schema'
import { salePhaseName } from '@neuromation/sdk'
import { ensureSaleStats, SALE_STATS_ID } from './lib/ensureSaleStats'
import { eventKey } from './lib/eventKey'

ponder.on('TokenSale:GuardianTransferred', async ({ event, context }) => {
  // The constructor emits this, so it creates the saleStats row at the deployment block.
  await ensureSaleStats(context, event.block.timestamp)
  await context.db
    .update(saleStats, { id: SALE_STATS_ID })
    .set({ guardian: event.args.newGuardian, updatedAt: event.block.timestamp })
})

ponder.on('TokenSale:ComplianceSignerChanged', async ({ event, context }) => {
  await ensureSaleStats(context, event.block.timestamp)
  await context.db
    .update(saleStats, { id: SALE_STATS_ID })
    .set({ complianceSigner: event.args.newSigner, updatedAt: event.block.timestamp })
})

ponder.on('TokenSale:Purchased', async ({ event, context }) => {
  const { payer, beneficiary, weiAccepted, refundWei, tokens, bonusTokens, bonusBps, voucherNonce } = event.args
  const timestamp = event.block.timestamp
  const phase = salePhaseName(Number(event.args.phase))

  const inserted = await context.db
    .insert(purchase)
    .values({
      id: eventKey(event),
      payer,
      beneficiary,
      phase,
      weiAccepted,
      refundWei,
      tokens,
      bonusTokens,
      bonusBps,
      voucherNonce,
      blockNumber: event.block.number,
      logIndex: event.log.logIndex,
      timestamp,
      txHash: event.transaction.hash,
    })
    .onConflictDoNothing()
  // Totals move only when the purchase row is new, so replaying an event cannot count it twice.
  if (!inserted) return

  const previous = await context.db.find(buyer, { address: beneficiary })
  await context.db
    .insert(buyer)
    .values({
      address: beneficiary,
      purchaseCount: 1,
      weiContributed: weiAccepted,
      tokensBought: tokens,
      bonusTokens,
      firstPurchaseAt: timestamp,
      lastPurchaseAt: timestamp,
    })
    .onConflictDoUpdate((row) => ({
      purchaseCount: row.purchaseCount + 1,
      weiContributed: row.weiContributed + weiAccepted,
      tokensBought: row.tokensBought + tokens,
      bonusTokens: row.bonusTokens + bonusTokens,
      lastPurchaseAt: timestamp,
    }))

  const stats = await ensureSaleStats(context, timestamp)
  await context.db.update(saleStats, { id: SALE_STATS_ID }).set({
    weiRaised: stats.weiRaised + weiAccepted,
    tokensSold: stats.tokensSold + tokens,
    bonusTokens: stats.bonusTokens + bonusTokens,
    refundedWei: stats.refundedWei + refundWei,
    purchaseCount: stats.purchaseCount + 1,
    buyerCount: stats.buyerCount + (previous ? 0 : 1),
    lastPhase: phase,
    updatedAt: timestamp,
  })
})

ponder.on('TokenSale:PauseChanged', async ({ event, context }) => {
  await ensureSaleStats(context, event.block.timestamp)
  await context.db.update(saleStats, { id: SALE_STATS_ID }).set({ paused: event.args.paused, updatedAt: event.block.timestamp })
})

ponder.on('TokenSale:SecretCapRevealed', async ({ event, context }) => {
  await ensureSaleStats(context, event.block.timestamp)
  await context.db.update(saleStats, { id: SALE_STATS_ID }).set({
    revealedCapWei: event.args.capWei,
    endTime: event.args.newEnd,
    capRevealedAt: event.block.timestamp,
    updatedAt: event.block.timestamp,
  })
})

ponder.on('TokenSale:Finalized', async ({ event, context }) => {
  await ensureSaleStats(context, event.block.timestamp)
  await context.db.update(saleStats, { id: SALE_STATS_ID }).set({
    finalized: true,
    unsoldBurned: event.args.tokensBurned,
    lastPhase: 'Finalized',
    finalizedAt: event.block.timestamp,
    updatedAt: event.block.timestamp,
  })
})

ponder.on('TokenSale:WithdrawalCredited', async ({ event, context }) => {
  const { account, amount } = event.args
  await context.db
    .insert(saleWithdrawal)
    .values({ account, credited: amount, withdrawn: 0n })
    .onConflictDoUpdate((row) => ({ credited: row.credited + amount }))
})

ponder.on('TokenSale:Withdrawn', async ({ event, context }) => {
  const { account, amount } = event.args
  await context.db
    .insert(saleWithdrawal)
    .values({ account, credited: 0n, withdrawn: amount })
    .onConflictDoUpdate((row) => ({ withdrawn: row.withdrawn + amount }))
})
