import type { Deployment, DeploymentFile } from './deployment'

/**
 * The address-book view of a deployments/<chainId>.json file. Kept free of generated code so the
 * launcher can read a deployment it has just written, before codegen has run.
 */
export function toDeployment(file: DeploymentFile): Deployment {
  const contracts: Record<string, DeploymentFile['contracts'][string]['address']> = {}
  for (const [name, entry] of Object.entries(file.contracts)) {
    if (typeof entry?.address !== 'string') {
      throw new Error(
        `deployments/${file.chainId}.json: contract ${name} has no address (an older file format?). ` +
          'Redeploy with script/Deploy.s.sol to rewrite it.',
      )
    }
    contracts[name] = entry.address
  }
  const { chainId, startBlock, anchor, complianceSigner } = file
  return { chainId, startBlock, anchor, complianceSigner, contracts: contracts as Deployment['contracts'] }
}
