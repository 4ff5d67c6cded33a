// Test support: a throwaway anvil on a free port with the platform deployed by script/Deploy.s.sol
// and the sdk regenerated for it, so tests exercise the real contracts through the generated code.
// The chain comes from @neuromation/devkit, the one place that knows how to start the platform.
import { type Anvil, deploy, freePort, repoRoot, runCommand, startAnvil } from '@neuromation/devkit'
import type { Deployment } from '../src/deployment'

/**
 * anvil's chain for the sdk's tests (one of localChainIds). Files using it may run at the same time,
 * each on its own anvil: the deployment's addresses are the same on every fresh chain.
 */
export const testChainId = 31339

/**
 * Starts anvil, deploys, and runs codegen so deployments/<testChainId>.json is in the generated
 * `contracts`. Import the sdk dynamically AFTER this resolves: a static import would load the
 * generated module as it was before the deployment (which is also why the devkit imports only the
 * sdk's subpaths, never its entry point).
 */
export async function startDeployedChain(): Promise<{ anvil: Anvil; deployment: Deployment }> {
  const anvil = await startAnvil({ port: await freePort(), args: ['--chain-id', String(testChainId)] })
  try {
    const deployment = await deploy({ rpcUrl: anvil.rpcUrl })
    const codegen = await runCommand(process.execPath, ['--import', 'tsx', 'script/codegen.ts'], { cwd: repoRoot })
    if (codegen.code !== 0) throw new Error(`codegen failed:\n${codegen.output}`)
    return { anvil, deployment }
  } catch (error) {
    await anvil.stop()
    throw error
  }
}
