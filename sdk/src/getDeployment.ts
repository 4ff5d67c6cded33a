import { ContractsNotDeployedError } from './ContractsNotDeployedError'
import type { Deployment } from './deployment'
import { deployments } from './deployments'

/** The deployment on `chainId` as an address book, or a clear error naming what to run to create one. */
export function getDeployment(chainId: number): Deployment {
  const deployment = deployments[chainId]
  if (!deployment) throw new ContractsNotDeployedError(chainId, Object.keys(deployments).map(Number))
  return deployment
}
