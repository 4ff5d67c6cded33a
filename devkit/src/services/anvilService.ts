// The chain: a local anvil (own process group, stopped last), or, with an external RPC_URL, a
// check that the node answers and serves the expected chain id (then nothing is started).
import { PlatformError } from '../PlatformError'
import { rpcAnswers, rpcChainId } from '../rpcChainId'
import type { ServiceDefinition } from '../ServiceDefinition'
import { startAnvil } from '../startAnvil'

export function anvilService(options: {
  chainId: number | undefined
  externalRpcUrl?: string
  args?: readonly string[]
}): ServiceDefinition {
  // Dependents wait for `anvil` either way; what the user sees says what it is.
  const label = options.externalRpcUrl ? 'chain' : 'anvil'
  return {
    name: 'anvil',
    label,
    dependsOn: [],
    port: options.externalRpcUrl ? undefined : { default: 8545, env: 'ANVIL_PORT' },
    async start(context) {
      const external = options.externalRpcUrl
      if (external) {
        if (!(await rpcAnswers(external))) {
          throw new PlatformError(`RPC_URL=${external} does not answer eth_chainId.`, {
            service: label,
            metaMessages: ['Check the URL, or unset RPC_URL to start a local anvil.'],
          })
        }
        const chainId = await rpcChainId(external)
        if (options.chainId !== undefined && options.chainId !== chainId) {
          throw new PlatformError(
            `RPC_URL=${external} serves chain ${chainId}, but CHAIN_ID=${options.chainId}; fix one of them.`,
            { service: label },
          )
        }
        return {
          detail: external,
          skipped: `external chain ${chainId} at RPC_URL (no anvil, no deploy)`,
          exports: { RPC_URL: external, CHAIN_ID: String(chainId) },
        }
      }
      const chainId = options.chainId ?? 31337
      let anvil: Awaited<ReturnType<typeof startAnvil>>
      try {
        anvil = await startAnvil({ port: context.port, chainId, args: [...(options.args ?? [])], detached: true })
      } catch (error) {
        throw new PlatformError(`anvil did not start on port ${context.port}.`, { service: 'anvil', cause: error })
      }
      let stderr = ''
      anvil.process.stderr?.on('data', (chunk) => (stderr += chunk))
      const exited = new Promise<number>((resolve) =>
        anvil.process.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))),
      )
      return {
        detail: `${anvil.rpcUrl}  chain ${chainId}`,
        exports: { RPC_URL: anvil.rpcUrl, CHAIN_ID: String(chainId) },
        exited,
        process: anvil.process,
        tail: (n = 20) => stderr.trim().split('\n').slice(-n),
        stop: anvil.stop,
      }
    },
  }
}
