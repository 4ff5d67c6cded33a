import { ContractsNotDeployedError } from './ContractsNotDeployedError'
import { contracts } from './generated/contracts'
import type { PlatformContracts } from './platformContracts'

/** Every platform contract on `chainId` (address, typed ABI, start block), or a clear error. */
export function getContracts(chainId: number): PlatformContracts {
  const onChain = (contracts as Record<number, PlatformContracts | undefined>)[chainId]
  if (!onChain) throw new ContractsNotDeployedError(chainId, Object.keys(contracts).map(Number))
  return onChain
}
