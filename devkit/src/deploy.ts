import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
// Type only: erased at run time, so deploying works before codegen has generated the sdk.
import type { Deployment, DeploymentFile } from '@neuromation/sdk'
import { anvilAccounts } from '@neuromation/sdk/localChain'
import { toDeployment } from '@neuromation/sdk/toDeployment'
import { binPath, repoRoot } from './repoRoot'
import { rpcChainId } from './rpcChainId'
import { runCommand } from './runCommand'

/** Deployments this process has run: each writes a file of its own (see below). */
let deployments = 0

/**
 * Runs script/Deploy.s.sol against `rpcUrl` and returns the deployment it wrote (as an address book). `deploymentFile`
 * defaults to deployments/<chainId>.json, which codegen turns into the sdk's addresses.
 *
 * Test suites deploy side by side to chains with the same id (31338), each to its own anvil: forge
 * writes to a file of this call's own, which is read back and then renamed over `deploymentFile`.
 * The caller gets its own deployment (its anchor time is its chain's, not a neighbour's) and no
 * reader of the shared file ever sees it half-written. The contract addresses are the same in each
 * (one deployer, the same nonces), so codegen's output does not depend on which rename came last.
 */
export async function deploy(options: {
  rpcUrl: string
  privateKey?: string
  config?: string
  deploymentFile?: string
}): Promise<Deployment> {
  const chainId = await rpcChainId(options.rpcUrl)
  const file = options.deploymentFile ?? join(repoRoot, 'deployments', `${chainId}.json`)
  mkdirSync(dirname(file), { recursive: true })
  const own = `${file}.${process.pid}-${++deployments}.tmp`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DEPLOY_CONFIG: options.config ?? 'script/config/local.json',
    DEPLOYMENT_FILE: own,
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
  try {
    const { code, output } = await runCommand(binPath('forge'), args, { cwd: repoRoot, env })
    if (code !== 0) throw new Error(`deploy failed (forge exited ${code}):\n${output}`)
    const written = JSON.parse(readFileSync(own, 'utf8')) as DeploymentFile
    renameSync(own, file)
    return toDeployment(written)
  } finally {
    rmSync(own, { force: true })
  }
}
