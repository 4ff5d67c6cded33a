/**
 * IJobMarket.AskRemoval in declaration order (the ABI types the event's `reason` as a uint8 and
 * carries no member names; askRemovalName.test.ts keeps this list equal to the interface's enum).
 */
export const ASK_REMOVALS = ['Cancelled', 'MissedDeadline', 'InsufficientStake', 'Disproved'] as const

/**
 * The name of an AskRemoved event's `reason`, e.g. 2 -> 'InsufficientStake'. A value beyond the
 * list (a newer contract than this executor) stays visible as `Unknown(<n>)`.
 */
export function askRemovalName(reason: unknown): string {
  return ASK_REMOVALS[Number(reason)] ?? `Unknown(${String(reason)})`
}
