// The platform of the Jobs browser test, all from the devkit's plan as `npm start` runs it (free
// ports, chain 31338): anvil with the deployment and codegen, the database and indexer, the IPFS
// node (the ipfs service: embedded Helia, its gateway with uploads on, the example generators
// published), the dApp built with that gateway and those generators and served by `vite
// preview`; plus Chromium. Content is read and added the way the dApp does it: through the gateway.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { indexerOf, launchBrowser, PlatformError, startTestPlatform, waitForIndexedBlock } from '@neuromation/devkit'
import { type Bundle, loadBundle } from '@neuromation/engine'
import type { Deployment, DeploymentFile } from '@neuromation/sdk'
import { toDeployment } from '@neuromation/sdk/toDeployment'
import type { Browser } from 'playwright-core'
import { type Chain, createTestClient, defineChain, http, publicActions } from 'viem'
import { gatewayClient } from '../../src/jobs/gatewayClient'

const generatorsDir = fileURLToPath(new URL('../../../generators/', import.meta.url))

export type JobsPlatform = Awaited<ReturnType<typeof startJobsPlatform>>

export async function startJobsPlatform() {
  const platform = await startTestPlatform('jobs', { services: ['indexer', 'dapp'] }).catch((error: unknown) => {
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
    const testClient = createTestClient({ chain, mode: 'anvil', transport: http(env.RPC_URL), pollingInterval: 50 }).extend(
      publicActions,
    )
    const deployment: Deployment = toDeployment(JSON.parse(readFileSync(env.DEPLOYMENT_FILE, 'utf8')) as DeploymentFile)
    const indexer = indexerOf(platform)
    const dir = mkdtempSync(join(tmpdir(), 'neuro-jobs-test-'))
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))

    // The bundles the ipfs service published, loaded from the repository for the scripted
    // executor: the same files, so the same CID.
    const published = JSON.parse(env.GENERATOR_BUNDLES) as Record<string, string>
    const bundles: Record<string, Bundle> = {}
    for (const [name, cid] of Object.entries(published)) {
      const bundle = await loadBundle(join(generatorsDir, name))
      if (bundle.cid !== cid) throw new Error(`the ipfs service published ${name} as ${cid}, but its bundle CID is ${bundle.cid}`)
      bundles[name] = bundle
    }
    const gatewayUrl = env.IPFS_GATEWAY_URL
    const ipfs = gatewayClient(gatewayUrl)

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
      ipfsPeers: env.IPFS_PEERS ? [env.IPFS_PEERS] : [],
      gatewayUrl,
      bundles,
      dappUrl: env.DAPP_URL.replace(/\/$/, ''),
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
