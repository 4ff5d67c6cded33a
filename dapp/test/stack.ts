// The whole platform for the dApp's browser tests, from the devkit's plan (as `npm start` runs it,
// on free ports and chain 31338): anvil, the deployment and codegen, a fresh database on the test
// run's PostgreSQL server, the compliance signer, the Ponder indexer, the dApp built by Vite and
// served by `vite preview`, and Chromium (a system one, or the one from @sparticuz/chromium).

import { readFileSync } from 'node:fs'
import {
  type Indexer,
  indexerOf,
  launchBrowser,
  PlatformError,
  startTestPlatform,
  waitForIndexedBlock,
} from '@neuromation/devkit'
import type { Deployment, DeploymentFile } from '@neuromation/sdk'
import { toDeployment } from '@neuromation/sdk/toDeployment'
import type { Browser } from 'playwright-core'
import { type Chain, createTestClient, defineChain, http, publicActions } from 'viem'

export type Stack = {
  chain: Chain
  rpcUrl: string
  signerUrl: string
  indexer: Indexer
  dappUrl: string
  /** The IPFS gateway the dApp reads (and uploads to), e.g. executors' metadata documents. */
  gatewayUrl: string
  deployment: Deployment
  browser: Browser
  /** viem test client on anvil (time travel, balances) with public actions. */
  testClient: ReturnType<typeof testClientFor>
  /** Resolves once the indexer has indexed the chain's latest block. */
  waitForIndexer: () => Promise<void>
  stop: () => Promise<void>
}

const testClientFor = (chain: Chain, rpcUrl: string) =>
  createTestClient({ chain, mode: 'anvil', transport: http(rpcUrl), pollingInterval: 50 }).extend(publicActions)

/** Starts everything; on any failure stops what was started and rethrows with the failing service's log tail. */
export async function startStack(): Promise<Stack> {
  const platform = await startTestPlatform('dapp', { services: ['signer', 'indexer', 'dapp'] }).catch((error: unknown) => {
    throw error instanceof PlatformError ? new Error(error.withLogTail(), { cause: error }) : error
  })
  let browser: Browser | undefined
  const stop = async () => {
    await browser?.close().catch(() => undefined)
    await platform.stop()
  }
  try {
    browser = await launchBrowser()
    const { env } = platform
    const chainId = Number(env.CHAIN_ID)
    const chain = defineChain({
      id: chainId,
      name: `anvil-${chainId}`,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [env.RPC_URL] } },
    })
    const indexer = indexerOf(platform)
    const testClient = testClientFor(chain, env.RPC_URL)
    const waitForIndexer = async () => {
      const latest = await testClient.getBlockNumber()
      await waitForIndexedBlock(indexer, chainId, latest)
    }
    await waitForIndexer()
    return {
      chain,
      rpcUrl: env.RPC_URL,
      signerUrl: env.SIGNER_URL,
      indexer,
      dappUrl: env.DAPP_URL.replace(/\/$/, ''),
      gatewayUrl: env.IPFS_GATEWAY_URL,
      deployment: toDeployment(JSON.parse(readFileSync(env.DEPLOYMENT_FILE, 'utf8')) as DeploymentFile),
      browser,
      testClient,
      waitForIndexer,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
