// The compliance signer (signer/, its package's `start` script), ready when /health answers.
import { defineProcessService } from '../defineProcessService'
import { packageScript } from '../packageScript'
import type { ServiceDefinition } from '../ServiceDefinition'

export function signerService(): ServiceDefinition {
  const url = (context: { host: string; port: number | undefined }) => `http://${context.host}:${context.port}`
  return defineProcessService({
    name: 'signer',
    dependsOn: ['anvil', 'codegen'],
    port: { default: 8787, env: 'SIGNER_PORT' },
    command: (context) =>
      packageScript('signer', 'start', {
        ...context.baseEnv,
        CHAIN_ID: context.env.CHAIN_ID,
        RPC_URL: context.env.RPC_URL,
        SIGNER_HOST: context.host,
        SIGNER_PORT: String(context.port),
      }),
    ready: (context) => ({ url: `${url(context)}/health` }),
    exports: (context) => ({ SIGNER_URL: url(context) }),
    detail: url,
  })
}
