/** The job kinds in IJobMarket.JobKind order. */
export const marketJobKinds = ['GENERATE', 'TRAIN', 'LABEL', 'CUSTOM'] as const
export type MarketJobKind = (typeof marketJobKinds)[number]

/** A kind from a URL segment: its name in any case ('generate') or its enum index ('0'). */
export function parseJobKind(raw: string | undefined): MarketJobKind | undefined {
  if (raw === undefined) return undefined
  if (/^[0-9]$/.test(raw)) return marketJobKinds[Number(raw)]
  return marketJobKinds.find((kind) => kind === raw.toUpperCase())
}
