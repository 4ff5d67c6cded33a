// The market's Solidity enums by name, in declaration order (contracts/interfaces/IJobMarket.sol and
// INodeRegistry.sol): the ABIs type them as plain integers. The indexer's rows store names, not
// numbers, so the dApp and SQL readers need no table; the executor logs them by name.

const lists = {
  jobKind: ['GENERATE', 'TRAIN', 'LABEL', 'CUSTOM'],
  verification: ['OPTIMISTIC', 'REPLICATED'],
  jobStatus: ['None', 'Open', 'Completed', 'Expired', 'Cancelled'],
  assignmentStatus: [
    'None',
    'Assigned',
    'Committed',
    'Submitted',
    'Revealed',
    'Challenged',
    'Accepted',
    'Settled',
    'Rejected',
    'Reclaimed',
    'Released',
  ],
  challengeStatus: ['None', 'AwaitingProof', 'Verifying', 'ExecutorWon', 'ChallengerWon', 'NoQuorum'],
  askRemoval: ['Cancelled', 'MissedDeadline', 'InsufficientStake', 'Disproved', 'Declined'],
  accelerator: ['CPU', 'GPU', 'OTHER'],
  backend: ['cpu', 'wasm', 'tfjs-node', 'tfjs-node-gpu', 'webgpu'],
} as const

/** Assignment states after which nothing more happens to it (its collateral is unlocked). */
const finalAssignmentStatuses = new Set<string>(['Settled', 'Rejected', 'Reclaimed', 'Released'])

/**
 * `marketEnums.name('jobKind', 0)` is 'GENERATE'. A value beyond the list (a newer contract than
 * this reader) is kept visible as `Unknown(<n>)` rather than failing.
 */
export const marketEnums = {
  lists,
  name(list: keyof typeof lists, value: number | bigint): string {
    return (lists[list] as readonly string[])[Number(value)] ?? `Unknown(${value})`
  },
  isFinalAssignment(status: string): boolean {
    return finalAssignmentStatuses.has(status)
  },
}
