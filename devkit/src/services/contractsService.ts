// `forge build contracts`: forge's content-hashed cache is the staleness check (a fresh out/ costs
// about a second). Only contracts/ is built: the platform needs nothing else, and a test being
// edited must not block it. Runs beside anvil, before the deployment.
import { PlatformError } from '../PlatformError'
import { binPath } from '../repoRoot'
import { runCommand } from '../runCommand'
import type { ServiceDefinition } from '../ServiceDefinition'

export function contractsService(): ServiceDefinition {
  return {
    name: 'contracts',
    dependsOn: [],
    async start() {
      const { code, output } = await runCommand(binPath('forge'), ['build', 'contracts'])
      if (code !== 0) {
        throw new PlatformError(`bin/forge build contracts failed (exit ${code}); fix the compiler errors below and run again.`, {
          service: 'contracts',
          logTail: output.trim().split('\n').slice(-25),
        })
      }
      return { detail: /No files changed/.test(output) ? 'up to date' : 'compiled' }
    },
  }
}
