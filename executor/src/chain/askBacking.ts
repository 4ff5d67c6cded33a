/** How much of an ask a node's free stake backs (the market's rule, read from its views). */
export type AskBacking = {
  /** Slots the ask offers: capacity less the tasks in flight (those hold their own collateral). */
  open: number
  /** Open slots the free stake backs: free stake / the kind's minimum collateral, at most `open`. */
  backed: number
  /** Free stake that backs every open slot: open x minimum collateral. */
  required: bigint
}

/**
 * The market's one rule for an ask's stake, in one place for the daemon and the CLI: placing an
 * ask needs free stake >= (capacity - inFlight) x minCollateral (Matching.placeAsk), and matching
 * gives an ask at most free stake / minCollateral tasks (MarketState.quote), taking it out of the
 * book once it cannot back even one (AskRemoval.InsufficientStake).
 */
export function askBacking(ask: { capacity: number; inFlight: number }, freeStake: bigint, minCollateral: bigint): AskBacking {
  const open = Math.max(0, ask.capacity - ask.inFlight)
  // A zero minimum (no such deployment so far) backs any number of slots.
  const byStake = minCollateral > 0n ? freeStake / minCollateral : BigInt(open)
  return { open, backed: Number(byStake < BigInt(open) ? byStake : BigInt(open)), required: BigInt(open) * minCollateral }
}
