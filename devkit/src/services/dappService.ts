// The dApp (dapp/, Vite). `npm start` runs the dev server; browser tests build it once and serve
// the bundle with `vite preview`, so no dependency pre-bundling reloads a page mid-test. The
// signer's and indexer's URLs come from the plan's ports, known before those services are ready,
// so the build runs in parallel with them.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildDapp, viteBin } from '../buildDapp'
import { defineProcessService } from '../defineProcessService'
import { packageScript } from '../packageScript'
import { repoRoot } from '../repoRoot'
import type { ServiceContext, ServiceDefinition } from '../ServiceDefinition'

// {"digits":"bafy...","shelf":"bafy..."} (the ipfs service's GENERATOR_BUNDLES) -> "digits=bafy...,shelf=bafy...".
function generatorList(bundles: string): string {
  return Object.entries(JSON.parse(bundles) as Record<string, string>)
    .map(([name, cid]) => `${name}=${cid}`)
    .join(',')
}

export function dappService(options: { mode: 'dev' | 'preview' }): ServiceDefinition {
  const url = (context: { host: string; port: number | undefined }) => `http://${context.host}:${context.port}`
  const viteEnv = (context: ServiceContext): Record<string, string> => ({
    VITE_CHAIN_ID: context.env.CHAIN_ID,
    VITE_RPC_URL: context.env.RPC_URL,
    ...(context.ports.indexer ? { VITE_INDEXER_URL: `http://${context.host}:${context.ports.indexer}` } : {}),
    ...(context.ports.signer ? { VITE_SIGNER_URL: `http://${context.host}:${context.ports.signer}` } : {}),
    // The IPFS gateway and the example generators the ipfs service published (skipped: the defaults).
    ...(context.env.IPFS_GATEWAY_URL ? { VITE_GATEWAY_URL: context.env.IPFS_GATEWAY_URL } : {}),
    ...(context.env.GENERATOR_BUNDLES ? { VITE_GENERATORS: generatorList(context.env.GENERATOR_BUNDLES) } : {}),
    DAPP_PORT: String(context.port),
  })
  let outDir: string | undefined
  return defineProcessService({
    name: 'dapp',
    dependsOn: ['anvil', 'codegen', 'ipfs'],
    port: { default: 5173, env: 'DAPP_PORT' },
    prepare:
      options.mode === 'preview'
        ? async (context) => {
            outDir = mkdtempSync(join(tmpdir(), 'neuro-dapp-'))
            try {
              await buildDapp(outDir, viteEnv(context))
            } catch (error) {
              rmSync(outDir, { recursive: true, force: true })
              throw error
            }
          }
        : undefined,
    command: (context) =>
      options.mode === 'preview'
        ? {
            command: process.execPath,
            args: [viteBin, 'preview', '--outDir', outDir!],
            cwd: join(repoRoot, 'dapp'),
            env: { ...context.baseEnv, ...viteEnv(context) },
          }
        : packageScript('dapp', 'dev', { ...context.baseEnv, ...viteEnv(context) }),
    ready: (context) => ({
      url: `${url(context)}/`,
      hint: `The dApp server must listen on ${context.host}:${context.port} (DAPP_PORT).`,
    }),
    exports: (context) => ({ DAPP_URL: `${url(context)}/` }),
    detail: (context) => `${url(context)}/`,
    cleanup: async () => {
      if (outDir) rmSync(outDir, { recursive: true, force: true })
    },
  })
}
