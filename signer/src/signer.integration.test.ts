// The signer against a real anvil (a free port, chain 31338) with the real deployment: vouchers
// it issues must be accepted by TokenSale.buy, and the on-chain rules it relies on (payer
// binding, cumulative limit) must hold. The service runs as its own process through main.ts,
// exactly as `npm start` runs it.

import { join } from 'node:path'
import {
  type Anvil,
  deploy,
  freePort,
  repoRoot,
  type ServiceProcess,
  spawnService,
  startAnvil,
  waitForHttp,
} from '@neuromation/devkit'
import {
  anvilAccounts,
  type Deployment,
  neuroTokenAbi,
  type SignedVoucherJson,
  signedVoucherFromJson,
  tokenSaleAbi,
} from '@neuromation/sdk'
import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  parseEther,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSignerKeyCheck } from './createSignerKeyCheck'

// Free ports, taken at run time: the suite runs beside `npm start` and other suites.
const anvilPort = await freePort()
const signerPort = await freePort()
const chainId = 31338
const signerUrl = `http://127.0.0.1:${signerPort}`

let anvil: Anvil
let deployment: Deployment
const chain = {
  id: chainId,
  name: 'anvil-31338',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: [`http://127.0.0.1:${anvilPort}`] } },
} as const
const publicClient = createPublicClient({ chain, transport: http(), pollingInterval: 50 })
const buyerA = privateKeyToAccount(anvilAccounts[2].privateKey)
const buyerB = privateKeyToAccount(anvilAccounts[3].privateKey)
const walletA = createWalletClient({ chain, account: buyerA, transport: http() })

/** Runs the signer as `npm start` does (own process group: tsx runs node as a grandchild). */
function startSigner(env: Record<string, string>): ServiceProcess {
  return spawnService({
    name: 'signer',
    command: join(repoRoot, 'node_modules', '.bin', 'tsx'),
    args: ['signer/src/main.ts'],
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      CHAIN_ID: String(chainId),
      RPC_URL: anvil.rpcUrl,
      SIGNER_PORT: String(signerPort),
      SALE_ADDRESS: deployment.contracts.TokenSale,
      ...env,
    },
    logFile: join(repoRoot, '.data', 'logs', `signer-test-${env.SIGNER_PORT ?? signerPort}.log`),
  })
}

/** Everything the service printed (the tail keeps far more lines than these short runs write). */
const outputOf = (service: ServiceProcess) => service.tail(10_000).join('\n')

async function requestVoucher(body: object) {
  const res = await fetch(`${signerUrl}/v1/vouchers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(res.status).toBe(200)
  return signedVoucherFromJson((await res.json()) as SignedVoucherJson)
}

async function buy(voucherBody: object, value: bigint, beneficiary: Address = buyerA.address) {
  const { voucher, signature } = await requestVoucher(voucherBody)
  return walletA.writeContract({
    address: deployment.contracts.TokenSale,
    abi: tokenSaleAbi,
    functionName: 'buy',
    args: [beneficiary, voucher, signature],
    value,
  })
}

async function revertName(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise
  } catch (error) {
    const reverted = error instanceof BaseError && error.walk((e) => e instanceof ContractFunctionRevertedError)
    if (reverted instanceof ContractFunctionRevertedError) return reverted.data?.errorName
    throw error
  }
  throw new Error('expected a revert')
}

let service: ServiceProcess | undefined

beforeAll(async () => {
  anvil = await startAnvil({ port: anvilPort, args: ['--chain-id', String(chainId)] })
  // A private deployment file, so parallel suites on chain 31338 never read each other's.
  deployment = await deploy({ rpcUrl: anvil.rpcUrl, deploymentFile: join(repoRoot, '.data', 'test', 'signer-31338.json') })
  // The key-rotation test polls every 500 ms; the rate limit has its own tests (createSignerApp.test.ts).
  service = startSigner({ LIMIT_RETAIL_ETH: '3', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '6000', RATE_LIMIT_BURST: '100' })
  await waitForHttp({ service, url: `${signerUrl}/health`, timeoutMs: 30_000, signal: new AbortController().signal })
})

afterAll(async () => {
  await service?.stop(5_000)
  await anvil?.stop()
})

describe('signer against TokenSale on anvil', () => {
  it('serves the deployed sale and its own signer address', async () => {
    expect(await (await fetch(`${signerUrl}/health`)).json()).toEqual({
      status: 'ok',
      chainId,
      signer: deployment.complianceSigner,
      sale: deployment.contracts.TokenSale,
    })
  })

  it('issues a voucher that TokenSale.buy accepts: tokens arrive', async () => {
    const before = await publicClient.readContract({
      address: deployment.contracts.NeuroToken,
      abi: neuroTokenAbi,
      functionName: 'balanceOf',
      args: [buyerA.address],
    })
    const hash = await buy({ payer: buyerA.address, country: 'de', accredited: false }, parseEther('1'))
    const receipt = await publicClient.waitForTransactionReceipt({ hash })
    expect(receipt.status).toBe('success')
    const after = await publicClient.readContract({
      address: deployment.contracts.NeuroToken,
      abi: neuroTokenAbi,
      functionName: 'balanceOf',
      args: [buyerA.address],
    })
    // Presale, 1 ETH is below every volume tier: exactly 1,000 NTK.
    expect(after - before).toBe(parseEther('1000'))
  })

  it('a voucher issued to another payer is rejected on chain', async () => {
    const name = await revertName(
      buy({ payer: buyerB.address, country: 'DE', accredited: false }, parseEther('1'), buyerB.address),
    )
    expect(name).toBe('VoucherPayerMismatch')
  })

  it('the retail limit it signs is enforced cumulatively on chain', async () => {
    // 1 ETH already bought above; the retail limit is 3 ETH.
    expect(await revertName(buy({ payer: buyerA.address, country: 'FR', accredited: false }, parseEther('2.5')))).toBe(
      'ContributionLimitExceeded',
    )
    const hash = await buy({ payer: buyerA.address, country: 'FR', accredited: true }, parseEther('2.5'))
    expect((await publicClient.waitForTransactionReceipt({ hash })).status).toBe('success')
  })

  it('vouchers stay valid after anvil time travel (expiry follows chain time)', async () => {
    const testClient = createTestClient({ chain, mode: 'anvil', transport: http(), pollingInterval: 50 })
    // Into the public sale (day 2 of the local schedule): far beyond the 1 h voucher TTL, so a
    // wall-clock expiry would revert with VoucherExpired.
    await testClient.increaseTime({ seconds: 2 * 86_400 + 60 })
    await testClient.mine({ blocks: 1 })
    const hash = await buy({ payer: buyerA.address, country: 'SG', accredited: true }, parseEther('0.1'))
    expect((await publicClient.waitForTransactionReceipt({ hash })).status).toBe('success')
  })
})

describe('key rotation on chain (TokenSale.setComplianceSigner)', () => {
  it('createSignerKeyCheck sees the rotation and the rotation back; the running service answers 503 meanwhile', async () => {
    const guardian = createWalletClient({ chain, account: privateKeyToAccount(anvilAccounts[0].privateKey), transport: http() })
    const rotate = async (to: Address) => {
      const hash = await guardian.writeContract({
        address: deployment.contracts.TokenSale,
        abi: tokenSaleAbi,
        functionName: 'setComplianceSigner',
        args: [to],
      })
      await publicClient.waitForTransactionReceipt({ hash })
    }
    const check = createSignerKeyCheck(publicClient, {
      saleAddress: deployment.contracts.TokenSale,
      signer: deployment.complianceSigner,
      cacheMs: 0,
    })
    expect(await check()).toEqual({ current: true, onChainSigner: deployment.complianceSigner })

    const newSigner = privateKeyToAccount(anvilAccounts[4].privateKey).address
    await rotate(newSigner)
    try {
      expect(await check()).toEqual({ current: false, onChainSigner: newSigner })
      // The service caches its check for up to 15 s; within that it may still sign, after it must not.
      const deadline = Date.now() + 20_000
      let status = 0
      while (Date.now() < deadline && status !== 503) {
        status = (
          await fetch(`${signerUrl}/v1/vouchers`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ payer: buyerA.address, country: 'DE', accredited: false }),
          })
        ).status
        if (status !== 503) await new Promise((resolve) => setTimeout(resolve, 500))
      }
      expect(status).toBe(503)
    } finally {
      await rotate(deployment.complianceSigner)
    }
    expect((await check()).current).toBe(true)
  }, 40_000)
})

describe('startup check', () => {
  it("fails fast with a clear message when the key is not the sale's compliance signer", async () => {
    const wrong = startSigner({ SIGNER_PRIVATE_KEY: anvilAccounts[2].privateKey, SIGNER_PORT: String(await freePort()) })
    const code = await wrong.exited
    expect(code).toBe(1)
    expect(outputOf(wrong)).toContain(`SIGNER_PRIVATE_KEY belongs to ${anvilAccounts[2].address}`)
    expect(outputOf(wrong)).toContain(`accepts only vouchers signed by ${deployment.complianceSigner}`)
    expect(outputOf(wrong)).not.toContain(anvilAccounts[2].privateKey.slice(2))
  })

  it('fails fast when RPC_URL serves another chain', async () => {
    const wrong = startSigner({ CHAIN_ID: '31339', SIGNER_PORT: String(await freePort()) })
    expect(await wrong.exited).toBe(1)
    expect(outputOf(wrong)).toMatch(/serves chain 31338, but CHAIN_ID=31339/)
  })
})
