// The platform of the Jobs browser test: the devkit's chain, deployment, codegen, database and
// indexer (free ports, chain 31338); an embedded IPFS node (@neuromation/content, Helia with its
// gateway, uploads on) that publishes the example generators as the platform does; the dApp built
// by Vite with that gateway and those generators and served from disk; and Chromium.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createHeliaStore, type HeliaStore } from '@neuromation/content'
import { buildDapp, indexerOf, launchBrowser, PlatformError, startTestPlatform, waitForIndexedBlock } from '@neuromation/devkit'
import { type Bundle, loadBundle } from '@neuromation/engine'
import type { Deployment, DeploymentFile } from '@neuromation/sdk'
import { toDeployment } from '@neuromation/sdk/toDeployment'
import type { Browser } from 'playwright-core'
import { type Chain, createTestClient, defineChain, http, publicActions } from 'viem'
import { serveStatic } from '../serveStatic'
import { warnLogger } from './warnLogger'

const generatorsDir = fileURLToPath(new URL('../../../generators/', import.meta.url))

export type JobsPlatform = Awaited<ReturnType<typeof startJobsPlatform>>

export async function startJobsPlatform() {
  const platform = await startTestPlatform('jobs', { services: ['indexer'] }).catch((error: unknown) => {
    throw error instanceof PlatformError ? new Error(error.withLogTail(), { cause: error }) : error
  })
  const cleanups: (() => Promise<void>)[] = [() => platform.stop()]
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined)
  }
  try {
    const { env } = platform
    const chainId = Number(env.CHAIN_ID)
    const chain: Chain = defineChain({
      id: chainId,
      name: `anvil-${chainId}`,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [env.RPC_URL] } },
    })
    const testClient = createTestClient({ chain, mode: 'anvil', transport: http(env.RPC_URL) }).extend(publicActions)
    const deployment: Deployment = toDeployment(JSON.parse(readFileSync(env.DEPLOYMENT_FILE, 'utf8')) as DeploymentFile)
    const indexer = indexerOf(platform)

    const dir = mkdtempSync(join(tmpdir(), 'neuro-jobs-test-'))
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
    const ipfs: HeliaStore = await createHeliaStore({
      dir: join(dir, 'ipfs'),
      gatewayPort: 0,
      gatewayUploads: true,
      logger: warnLogger({ service: 'ipfs' }),
      fetchTimeoutMs: 5_000,
    })
    cleanups.push(() => ipfs.close())
    // Published as `npm start` publishes them: the packed bundle directory, under the CID neuro-gen prints.
    const bundles: Record<string, Bundle> = {}
    for (const name of ['digits', 'shelf']) {
      const bundle = await loadBundle(join(generatorsDir, name))
      const cid = await ipfs.addDirectory(Object.entries(bundle.files).map(([path, bytes]) => ({ path, bytes })))
      if (cid !== bundle.cid) throw new Error(`IPFS stored ${name} as ${cid}, but its bundle CID is ${bundle.cid}`)
      bundles[name] = bundle
    }
    const gatewayUrl = ipfs.gatewayBaseUrl!

    await buildDapp(join(dir, 'dist'), {
      VITE_CHAIN_ID: String(chainId),
      VITE_RPC_URL: env.RPC_URL,
      VITE_INDEXER_URL: indexer.url,
      VITE_GATEWAY_URL: gatewayUrl,
      VITE_GENERATORS: Object.entries(bundles)
        .map(([name, b]) => `${name}=${b.cid}`)
        .join(','),
    })
    const server = await serveStatic(join(dir, 'dist'))
    cleanups.push(() => server.close())
    const browser: Browser = await launchBrowser()
    cleanups.push(() => browser.close())

    const waitForIndexer = async () => waitForIndexedBlock(indexer, chainId, await testClient.getBlockNumber())
    await waitForIndexer()
    return {
      chain,
      rpcUrl: env.RPC_URL,
      testClient,
      deployment,
      indexer,
      ipfs,
      gatewayUrl,
      bundles,
      dappUrl: server.url,
      browser,
      dir,
      waitForIndexer,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
