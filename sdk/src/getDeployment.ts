import type { Deployment } from './deployment'
import { deployments } from './generated/deployments'

/** The deployment on `chainId`, or a clear error naming what to run to create one. */
export function getDeployment(chainId: number): Deployment {
  const deployment = deployments[chainId]
  if (!deployment) {
    const known = Object.keys(deployments).join(', ') || 'none'
    throw new Error(
      `No Neuromation deployment for chain ${chainId} (known: ${known}). ` +
        'Deploy with script/Deploy.s.sol, then run `npm run codegen`.',
    )
  }
  return deployment
}
