// Enum names of IJobMarket as the sdk's actions take them (the ABI wants the uint8 order).

/** IJobMarket.JobKind, in the contract's order. */
export const JOB_KINDS = ['GENERATE', 'TRAIN', 'LABEL', 'CUSTOM'] as const
export type JobKindName = (typeof JOB_KINDS)[number]

/** IJobMarket.Verification, in the contract's order. */
export const VERIFICATIONS = ['OPTIMISTIC', 'REPLICATED'] as const
export type VerificationName = (typeof VERIFICATIONS)[number]

/** Matching calls create at most this many assignments unless told otherwise (bounded gas). */
export const DEFAULT_MAX_ASSIGNMENTS = 16n

/** The ABI value of a job kind name, or a clear error for a name the market does not know. */
export function jobKind(name: JobKindName): number {
  const index = JOB_KINDS.indexOf(name)
  if (index < 0) throw new Error(`Unknown job kind "${String(name)}": use one of ${JOB_KINDS.join(', ')}`)
  return index
}

/** The ABI value of a verification mode name. */
export function verification(name: VerificationName): number {
  const index = VERIFICATIONS.indexOf(name)
  if (index < 0) throw new Error(`Unknown verification "${String(name)}": use one of ${VERIFICATIONS.join(', ')}`)
  return index
}
