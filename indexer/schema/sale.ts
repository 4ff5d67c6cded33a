// The token sale's tables: purchases, per-buyer totals, the sale's running totals and its
// withdrawals. Amounts are wei / token base units (18 decimals) as bigint; times are unix seconds.
// Tables are snake_case in SQL; GraphQL exposes them by the export names (e.g. `purchases`).
import { index, onchainTable, relations } from 'ponder'

/** One row per TokenSale.Purchased event. id = `${txHash}-${logIndex}`. */
export const purchase = onchainTable(
  'purchase',
  (t) => ({
    id: t.text().primaryKey(),
    payer: t.hex().notNull(),
    beneficiary: t.hex().notNull(),
    /** 'Presale' | 'Sale' (TokenSale.Phase name). */
    phase: t.text().notNull(),
    weiAccepted: t.bigint().notNull(),
    refundWei: t.bigint().notNull(),
    tokens: t.bigint().notNull(),
    bonusTokens: t.bigint().notNull(),
    bonusBps: t.integer().notNull(),
    voucherNonce: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({
    beneficiaryIdx: index().on(table.beneficiary),
    payerIdx: index().on(table.payer),
    timestampIdx: index().on(table.timestamp),
  }),
)

/** Per-beneficiary purchase totals. */
export const buyer = onchainTable('buyer', (t) => ({
  address: t.hex().primaryKey(),
  purchaseCount: t.integer().notNull(),
  weiContributed: t.bigint().notNull(),
  tokensBought: t.bigint().notNull(),
  bonusTokens: t.bigint().notNull(),
  firstPurchaseAt: t.bigint().notNull(),
  lastPurchaseAt: t.bigint().notNull(),
}))

/** Singleton (id = 'sale'): running totals and lifecycle of the TokenSale. */
export const saleStats = onchainTable('sale_stats', (t) => ({
  id: t.text().primaryKey(),
  address: t.hex().notNull(),
  weiRaised: t.bigint().notNull(),
  tokensSold: t.bigint().notNull(),
  bonusTokens: t.bigint().notNull(),
  refundedWei: t.bigint().notNull(),
  purchaseCount: t.integer().notNull(),
  buyerCount: t.integer().notNull(),
  /** Phase of the last purchase or lifecycle event: 'Presale' | 'Sale' | 'Finalized' | null before any. */
  lastPhase: t.text(),
  paused: t.boolean().notNull(),
  /** Set when the secret cap is revealed. */
  revealedCapWei: t.bigint(),
  endTime: t.bigint(),
  finalized: t.boolean().notNull(),
  unsoldBurned: t.bigint(),
  updatedAt: t.bigint().notNull(),
  // Read from the contract when the row is created (its deployment block).
  /** Tokens for sale, bonuses included (TokenSale.HARD_CAP_TOKENS, 60M NTK). */
  hardCapTokens: t.bigint().notNull(),
  presaleStart: t.bigint().notNull(),
  presaleEnd: t.bigint().notNull(),
  saleStart: t.bigint().notNull(),
  /** The scheduled end; `endTime` moves earlier once the secret cap is revealed. */
  saleEnd: t.bigint().notNull(),
  /** Length of a public-sale bonus week (7 days in production). */
  weekLength: t.bigint().notNull(),
  guardian: t.hex().notNull(),
  /** The key vouchers are verified against; the guardian may rotate it. */
  complianceSigner: t.hex().notNull(),
  capRevealedAt: t.bigint(),
  finalizedAt: t.bigint(),
}))

/** Raised ETH credited to and withdrawn by each recipient after finalization. */
export const saleWithdrawal = onchainTable('sale_withdrawal', (t) => ({
  account: t.hex().primaryKey(),
  credited: t.bigint().notNull(),
  withdrawn: t.bigint().notNull(),
}))

// Relations only add GraphQL fields (e.g. `buyer { purchases { items { ... } } }`); no SQL changes.
export const buyerRelations = relations(buyer, ({ many }) => ({ purchases: many(purchase) }))

export const purchaseRelations = relations(purchase, ({ one }) => ({
  buyer: one(buyer, { fields: [purchase.beneficiary], references: [buyer.address] }),
}))
