// The whole platform for the dApp's browser tests, started for real: anvil (chain 31338), the
// deployment and codegen, the compliance signer and the Ponder indexer as their own processes
// (as `npm start` runs them), the dApp built with Vite and served by `vite preview`, and Chromium.
import type { Deployment } from '@neuromation/sdk'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { createTestClient, defineChain, http, publicActions, type Chain } from 'viem'
import { startIndexer, waitForIndexedBlock, type Indexer } from '../../indexer/test/support/startIndexer'
import { deploy, repoRoot, run, startAnvil, type Anvil } from '../../script/lib/foundry'
import { LauncherError } from '../../script/lib/launcher/LauncherError'
import { spawnService, type ServiceProcess } from '../../script/lib/launcher/spawnService'
import { waitForHttp } from '../../script/lib/launcher/waitForHttp'
import { buildDapp, viteBin } from './buildDapp'

export const stackPorts = { anvil: 8630, signer: 8791, indexer: 42111, dapp: 5181 } as const
export const stackChainId = 31338

const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
]

export type Stack = {
  chain: Chain
  rpcUrl: string
  signerUrl: string
  indexer: Indexer
  dappUrl: string
  deployment: Deployment
  browser: Browser
  /** viem test client on anvil (time travel, balances) with public actions. */
  testClient: ReturnType<typeof testClientFor>
  /** Resolves once the indexer has indexed the chain's latest block. */
  waitForIndexer: () => Promise<void>
  stop: () => Promise<void>
}

const testClientFor = (chain: Chain, rpcUrl: string) =>
  createTestClient({ chain, mode: 'anvil', transport: http(rpcUrl) }).extend(publicActions)

/** Starts a long-running service exactly as `npm start` does (own process group, log file). */
const startService = (name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) =>
  spawnService({ name, command, args, ...options, logFile: join(repoRoot, '.data', 'logs', `dapp-test-${name.replace(/\W+/g, '-')}.log`) })

/** Waits for `url` to answer 200; a failure carries the service's last log lines. */
async function waitUntilServing(service: ServiceProcess, url: string, timeoutMs: number): Promise<void> {
  try {
    await waitForHttp({ service, url, timeoutMs, signal: new AbortController().signal })
  } catch (error) {
    if (error instanceof LauncherError) throw new Error(`${error.message}\n${error.details.logTail?.join('\n') ?? ''}`)
    throw error
  }
}

/** Starts everything; on any failure stops what was started and rethrows. */
export async function startStack(): Promise<Stack> {
  const cleanups: (() => Promise<void>)[] = []
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined)
    cleanups.length = 0
  }
  try {
    const anvil: Anvil = await startAnvil({ port: stackPorts.anvil, args: ['--chain-id', String(stackChainId)] })
    cleanups.push(anvil.stop)
    const deployment = await deploy({ rpcUrl: anvil.rpcUrl })
    // The sdk (and so the signer, the indexer and the dApp build) learns chain 31338 from codegen.
    const codegen = await run(process.execPath, ['--import', 'tsx', 'script/codegen.ts'])
    if (codegen.code !== 0) throw new Error(`codegen failed:\n${codegen.output}`)

    const chain = defineChain({
      id: stackChainId,
      name: 'anvil-31338',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [anvil.rpcUrl] } },
    })
    const signerUrl = `http://127.0.0.1:${stackPorts.signer}`
    const dappUrl = `http://127.0.0.1:${stackPorts.dapp}`
    const baseEnv = { PATH: process.env.PATH, HOME: process.env.HOME }
    const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx')

    const signer = startService('signer', tsx, ['src/main.ts'], {
      cwd: join(repoRoot, 'signer'),
      env: { ...baseEnv, CHAIN_ID: String(stackChainId), RPC_URL: anvil.rpcUrl, SIGNER_PORT: String(stackPorts.signer), LOG_LEVEL: 'warn' },
    })
    cleanups.push(() => signer.stop(5_000))

    const pgliteDir = mkdtempSync(join(tmpdir(), 'dapp-test-pglite-'))
    cleanups.push(async () => rmSync(pgliteDir, { recursive: true, force: true }))
    const indexerStarting = startIndexer({
      chainId: stackChainId,
      rpcUrl: anvil.rpcUrl,
      port: stackPorts.indexer,
      schema: `dapp_test_${Date.now()}`,
      pgliteDir,
    })

    // The dApp is built (not served by the dev server) so the browser gets one bundle at once and
    // no dependency pre-bundling reloads the page mid-test.
    const outDir = mkdtempSync(join(tmpdir(), 'dapp-test-dist-'))
    cleanups.push(async () => rmSync(outDir, { recursive: true, force: true }))
    const dappEnv = {
      VITE_CHAIN_ID: String(stackChainId),
      VITE_RPC_URL: anvil.rpcUrl,
      VITE_INDEXER_URL: `http://127.0.0.1:${stackPorts.indexer}`,
      VITE_SIGNER_URL: signerUrl,
      DAPP_PORT: String(stackPorts.dapp),
    }
    await buildDapp(outDir, dappEnv)
    const preview = startService('vite preview', process.execPath, [viteBin, 'preview', '--outDir', outDir], {
      cwd: join(repoRoot, 'dapp'),
      env: { ...baseEnv, ...dappEnv },
    })
    cleanups.push(() => preview.stop(5_000))

    const indexer = await indexerStarting
    cleanups.push(indexer.stop)
    await waitUntilServing(signer, `${signerUrl}/health`, 30_000)
    await waitUntilServing(preview, dappUrl, 30_000)

    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs })
    cleanups.push(() => browser.close())

    const testClient = testClientFor(chain, anvil.rpcUrl)
    const waitForIndexer = async () => {
      const latest = await testClient.getBlockNumber()
      await waitForIndexedBlock(indexer, stackChainId, latest)
    }
    await waitForIndexer()
    return { chain, rpcUrl: anvil.rpcUrl, signerUrl, indexer, dappUrl, deployment, browser, testClient, waitForIndexer, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
