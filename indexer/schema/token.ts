// NeuroToken's tables: holders, supply history, burns and the burn schedule (BurnSchedule), the
// genesis allocation. Amounts are token base units (18 decimals) as bigint; times are unix seconds.
import { index, onchainTable, primaryKey, relations } from 'ponder'

/** NTK balance of every address that ever held tokens. */
export const holder = onchainTable(
  'holder',
  (t) => ({
    address: t.hex().primaryKey(),
    balance: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ balanceIdx: index().on(table.balance) }),
)

/** Singleton (id = 'ntk'): token-wide figures. */
export const tokenStats = onchainTable('token_stats', (t) => ({
  id: t.text().primaryKey(),
  address: t.hex().notNull(),
  totalSupply: t.bigint().notNull(),
  totalBurned: t.bigint().notNull(),
  /** Addresses with a non-zero balance. */
  holderCount: t.integer().notNull(),
  updatedAt: t.bigint().notNull(),
  /** NTK in the BurnSchedule vault, available to the next burn epochs. */
  vaultBalance: t.bigint().notNull(),
}))

/** Total supply after every block that changed it (mint at genesis, each burn). */
export const supplyPoint = onchainTable(
  'supply_point',
  (t) => ({
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.bigint().notNull(),
    totalSupply: t.bigint().notNull(),
    /** Positive for mints, negative for burns. */
    delta: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.blockNumber, table.logIndex] }) }),
)

/**
 * Every burn (Transfer to the zero address). id = `${txHash}-${logIndex}`. A burn-schedule burn
 * has `epoch` set when an epoch's execution made it, `settlementId` when settleShortfall did.
 */
export const burn = onchainTable('burn', (t) => ({
  id: t.text().primaryKey(),
  from: t.hex().notNull(),
  amount: t.bigint().notNull(),
  /** 'sale-finalize' | 'burn-schedule' | 'holder'. */
  source: t.text().notNull(),
  /** Burn-schedule epoch index when an epoch's execution made this burn. */
  epoch: t.integer(),
  /** The shortfall_settlement id when BurnSchedule.settleShortfall made this burn. */
  settlementId: t.text(),
  blockNumber: t.bigint().notNull(),
  logIndex: t.integer().notNull(),
  timestamp: t.bigint().notNull(),
  txHash: t.hex().notNull(),
}))

/**
 * Singleton (id = 'burn-schedule'): what the schedule still owes and where its leftover went.
 * `shortfall` follows the contract: executed epochs' unpaid burns, carried forward until later
 * funding is burned against them (next epoch or settleShortfall).
 */
export const burnSchedule = onchainTable('burn_schedule', (t) => ({
  id: t.text().primaryKey(),
  address: t.hex().notNull(),
  /** Where releaseLeftover sends the vault once every epoch ran and nothing is owed. */
  leftoverRecipient: t.hex().notNull(),
  epochCount: t.integer().notNull(),
  /** NTK still owed to the burn by executed epochs (BurnSchedule.shortfall()). */
  shortfall: t.bigint().notNull(),
  /** NTK burned through settleShortfall, in total. */
  shortfallSettled: t.bigint().notNull(),
  /** NTK sent to the leftover recipient through releaseLeftover, in total. */
  leftoverReleased: t.bigint().notNull(),
  updatedAt: t.bigint().notNull(),
}))

/** The burn schedule: one row per epoch, filled from the contract at the first event and on execution. */
export const burnEpoch = onchainTable('burn_epoch', (t) => ({
  epoch: t.integer().primaryKey(),
  dueAt: t.bigint().notNull(),
  rateBps: t.integer().notNull(),
  executed: t.boolean().notNull(),
  executedAt: t.bigint(),
  target: t.bigint(),
  burned: t.bigint(),
  shortfall: t.bigint(),
  totalSupplyAfter: t.bigint(),
  txHash: t.hex(),
}))

/** Funding of the burn vault through BurnSchedule.fund. id = `${txHash}-${logIndex}`. */
export const vaultFunding = onchainTable('vault_funding', (t) => ({
  id: t.text().primaryKey(),
  from: t.hex().notNull(),
  amount: t.bigint().notNull(),
  timestamp: t.bigint().notNull(),
  blockNumber: t.bigint().notNull(),
  txHash: t.hex().notNull(),
}))

/** Each BurnSchedule.settleShortfall: owed NTK burned once the vault was funded. id = `${txHash}-${logIndex}`. */
export const shortfallSettlement = onchainTable('shortfall_settlement', (t) => ({
  id: t.text().primaryKey(),
  burned: t.bigint().notNull(),
  /** What stays owed after this settlement (ShortfallSettled.shortfall). */
  owedAfter: t.bigint().notNull(),
  totalSupplyAfter: t.bigint().notNull(),
  caller: t.hex().notNull(),
  timestamp: t.bigint().notNull(),
  blockNumber: t.bigint().notNull(),
  txHash: t.hex().notNull(),
}))

/** Each BurnSchedule.releaseLeftover: the vault sent to the leftover recipient. id = `${txHash}-${logIndex}`. */
export const leftoverRelease = onchainTable('leftover_release', (t) => ({
  id: t.text().primaryKey(),
  recipient: t.hex().notNull(),
  amount: t.bigint().notNull(),
  caller: t.hex().notNull(),
  timestamp: t.bigint().notNull(),
  blockNumber: t.bigint().notNull(),
  txHash: t.hex().notNull(),
}))

/** The genesis allocation (NeuroToken.GenesisAllocated), one row per recipient. */
export const genesisAllocation = onchainTable('genesis_allocation', (t) => ({
  recipient: t.hex().primaryKey(),
  amount: t.bigint().notNull(),
  /** The bytes32 purpose decoded as text: 'sale' | 'team' | 'partners' | 'liquidity' | 'researchers'. */
  purpose: t.text().notNull(),
}))

// Relations only add GraphQL fields (e.g. `burnEpoch { burns { items { ... } } }`); no SQL changes.
export const burnRelations = relations(burn, ({ one }) => ({
  burnEpoch: one(burnEpoch, { fields: [burn.epoch], references: [burnEpoch.epoch] }),
  settlement: one(shortfallSettlement, { fields: [burn.settlementId], references: [shortfallSettlement.id] }),
}))

export const shortfallSettlementRelations = relations(shortfallSettlement, ({ many }) => ({ burns: many(burn) }))

export const burnEpochRelations = relations(burnEpoch, ({ many }) => ({ burns: many(burn) }))
