import type { Deployment } from './deployment'
import { contracts, deploymentInfo } from './generated/contracts'
import type { PlatformContracts } from './platformContracts'

/** Every known deployment as an address book, by chain id (derived from the generated `contracts`). */
export const deployments: Record<number, Deployment> = Object.fromEntries(
  Object.entries(deploymentInfo as Record<string, Omit<Deployment, 'contracts'>>).map(([chainId, info]) => {
    const onChain = (contracts as Record<string, PlatformContracts>)[chainId]
    const addresses = Object.fromEntries(Object.entries(onChain).map(([name, c]) => [name, c.address]))
    return [Number(chainId), { ...info, contracts: addresses as Deployment['contracts'] }]
  }),
)
