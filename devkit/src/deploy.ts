import { mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
// Type only: erased at run time, so deploying works before codegen has generated the sdk.
import type { Deployment, DeploymentFile } from '@neuromation/sdk'
import { anvilAccounts } from '@neuromation/sdk/localChain'
import { toDeployment } from '@neuromation/sdk/toDeployment'
import { binPath, repoRoot } from './repoRoot'
import { rpcChainId } from './rpcChainId'
import { runCommand } from './runCommand'

/**
 * Runs script/Deploy.s.sol against `rpcUrl` and returns the deployment it wrote (as an address book). `deploymentFile`
 * defaults to deployments/<chainId>.json, which codegen turns into the sdk's addresses.
 */
export async function deploy(options: {
  rpcUrl: string
  privateKey?: string
  config?: string
  deploymentFile?: string
}): Promise<Deployment> {
  const env: NodeJS.ProcessEnv = { ...process.env, DEPLOY_CONFIG: options.config ?? 'script/config/local.json' }
  if (options.deploymentFile) {
    mkdirSync(dirname(options.deploymentFile), { recursive: true })
    env.DEPLOYMENT_FILE = options.deploymentFile
  }
  const args = [
    'script',
    'script/Deploy.s.sol',
    '--rpc-url',
    options.rpcUrl,
    '--private-key',
    options.privateKey ?? anvilAccounts[0].privateKey,
    '--broadcast',
    '--slow',
  ]
  const { code, output } = await runCommand(binPath('forge'), args, { cwd: repoRoot, env })
  if (code !== 0) throw new Error(`deploy failed (forge exited ${code}):\n${output}`)
  const chainId = await rpcChainId(options.rpcUrl)
  const file = options.deploymentFile ?? join(repoRoot, 'deployments', `${chainId}.json`)
  return toDeployment(JSON.parse(readFileSync(file, 'utf8')) as DeploymentFile)
}
