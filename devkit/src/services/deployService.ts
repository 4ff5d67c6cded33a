// Deploys every contract with script/Deploy.s.sol (deploy config script/config/local.json) to the
// local anvil and exports where the deployment was written. On an external chain the contracts
// are already deployed (deployments/<chainId>.json is committed), so nothing is sent.
import { join } from 'node:path'
import { deploy } from '../deploy'
import { PlatformError } from '../PlatformError'
import { repoRoot } from '../repoRoot'
import type { ServiceDefinition } from '../ServiceDefinition'

export function deployService(options: { external: boolean; config?: string }): ServiceDefinition {
  return {
    name: 'deploy',
    dependsOn: ['anvil', 'contracts'],
    async start(context) {
      const deploymentFile = join(repoRoot, 'deployments', `${context.env.CHAIN_ID}.json`)
      if (options.external) {
        return { detail: deploymentFile, skipped: 'external chain: using the committed deployment', exports: { DEPLOYMENT_FILE: deploymentFile } }
      }
      try {
        const deployed = await deploy({ rpcUrl: context.env.RPC_URL, config: options.config })
        const contracts = Object.keys(deployed.contracts ?? {}).length
        return { detail: `${contracts} contracts from block ${deployed.startBlock}`, exports: { DEPLOYMENT_FILE: deploymentFile } }
      } catch (error) {
        throw new PlatformError('Deploying the contracts failed (forge script script/Deploy.s.sol).', {
          service: 'deploy',
          logTail: (error as Error).message.trim().split('\n').slice(-25),
        })
      }
    },
  }
}
