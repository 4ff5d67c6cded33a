import type { Context } from 'ponder:registry'
import { saleStats } from 'ponder:schema'

export const SALE_STATS_ID = 'sale'

/**
 * The saleStats singleton, created at the sale's first event with its constants (hard cap,
 * schedule, guardian, compliance signer) read from the contract at that block. The constructor emits
 * GuardianTransferred, so this runs at the deployment block.
 */
export async function ensureSaleStats(context: Context, timestamp: bigint) {
  const existing = await context.db.find(saleStats, { id: SALE_STATS_ID })
  if (existing) return existing
  const { abi, address } = context.contracts.TokenSale
  const [schedule, hardCapTokens, guardian, complianceSigner, paused] = await Promise.all([
    context.client.readContract({ abi, address, functionName: 'schedule' }),
    context.client.readContract({ abi, address, functionName: 'HARD_CAP_TOKENS' }),
    context.client.readContract({ abi, address, functionName: 'guardian' }),
    context.client.readContract({ abi, address, functionName: 'complianceSigner' }),
    context.client.readContract({ abi, address, functionName: 'paused' }),
  ])
  return context.db.insert(saleStats).values({
    id: SALE_STATS_ID,
    address,
    weiRaised: 0n,
    tokensSold: 0n,
    bonusTokens: 0n,
    refundedWei: 0n,
    purchaseCount: 0,
    buyerCount: 0,
    lastPhase: null,
    paused,
    revealedCapWei: null,
    endTime: schedule.saleEnd,
    finalized: false,
    unsoldBurned: null,
    updatedAt: timestamp,
    hardCapTokens,
    presaleStart: schedule.presaleStart,
    presaleEnd: schedule.presaleEnd,
    saleStart: schedule.saleStart,
    saleEnd: schedule.saleEnd,
    weekLength: schedule.weekLength,
    guardian,
    complianceSigner,
    capRevealedAt: null,
    finalizedAt: null,
  })
}
