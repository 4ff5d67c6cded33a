/** TokenSale.Phase, in enum order. */
export const salePhases = ['BeforePresale', 'Presale', 'BetweenPhases', 'Sale', 'Ended', 'Finalized'] as const
export type SalePhase = (typeof salePhases)[number]

export const salePhaseLabels: Record<SalePhase, string> = {
  BeforePresale: 'Presale not started',
  Presale: 'Presale',
  BetweenPhases: 'Between presale and public sale',
  Sale: 'Public sale',
  Ended: 'Sale ended',
  Finalized: 'Sale finalized',
}

export function salePhaseName(index: number): SalePhase {
  const phase = salePhases[index]
  if (!phase) throw new Error(`unknown sale phase index ${index}`)
  return phase
}
