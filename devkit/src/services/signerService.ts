// The compliance signer (signer/, `npm run start -w @neuromation/signer`), ready when /health answers.
import { repoRoot } from '../repoRoot'
import { defineProcessService } from '../defineProcessService'
import type { ServiceDefinition } from '../ServiceDefinition'

export function signerService(): ServiceDefinition {
  const url = (context: { host: string; port: number | undefined }) => `http://${context.host}:${context.port}`
  return defineProcessService({
    name: 'signer',
    dependsOn: ['anvil', 'codegen'],
    port: { default: 8787, env: 'SIGNER_PORT' },
    command: (context) => ({
      command: 'npm',
      args: ['run', 'start', '--silent', '-w', '@neuromation/signer'],
      cwd: repoRoot,
      env: {
        ...context.baseEnv,
        CHAIN_ID: context.env.CHAIN_ID,
        RPC_URL: context.env.RPC_URL,
        SIGNER_HOST: context.host,
        SIGNER_PORT: String(context.port),
      },
    }),
    ready: (context) => ({ url: `${url(context)}/health` }),
    exports: (context) => ({ SIGNER_URL: url(context) }),
    detail: url,
  })
}
