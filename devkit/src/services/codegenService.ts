// Regenerates sdk/src/generated from the forge artifacts and deployments/, so the sdk (and
// through it the signer, the indexer and the dApp) knows the chain just deployed.
import { join } from 'node:path'
import { PlatformError } from '../PlatformError'
import { repoRoot } from '../repoRoot'
import { runCommand } from '../runCommand'
import type { ServiceDefinition } from '../ServiceDefinition'

export function codegenService(): ServiceDefinition {
  return {
    name: 'codegen',
    dependsOn: ['deploy'],
    async start(context) {
      const { code, output } = await runCommand(process.execPath, ['--import', 'tsx', join('script', 'codegen.ts')], { cwd: repoRoot })
      if (code !== 0) {
        throw new PlatformError(`script/codegen.ts failed (exit ${code}).`, { service: 'codegen', logTail: output.trim().split('\n').slice(-25) })
      }
      return { detail: `sdk/src/generated (chain ${context.env.CHAIN_ID})` }
    },
  }
}
