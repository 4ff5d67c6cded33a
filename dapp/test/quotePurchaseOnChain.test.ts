// quotePurchase against the real TokenSale: for the same state and amount, the dApp's quote must
// equal TokenSale.quote (accepted wei, refund, tokens, bonus tokens): a fresh presale, a presale
// a few ETH short of the hard cap (partial fill, tier from the accepted amount), and the public sale.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { type Anvil, deploy, freePort, repoRoot, startAnvil } from '@neuromation/devkit'
import { anvilAccounts, tokenSaleAbi, voucherDomain, voucherTypes } from '@neuromation/sdk'
import { type Address, createTestClient, createWalletClient, http, parseEther, publicActions } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { quotePurchase, type SaleTerms } from '../src/lib/quotePurchase'

const chainId = 31337
let anvil: Anvil
let workDir: string
let sale: Address
let client: ReturnType<typeof testClient>

const testClient = (rpcUrl: string) =>
  createTestClient({ mode: 'anvil', transport: http(rpcUrl), pollingInterval: 50 }).extend(publicActions)

/** The sale's terms as the dApp reads them (useSale), from the contract. */
async function readTerms(): Promise<SaleTerms> {
  const read = <F extends 'phase' | 'TOKENS_PER_ETH' | 'HARD_CAP_TOKENS' | 'tokensSold' | 'presaleTiers'>(functionName: F) =>
    client.readContract({ address: sale, abi: tokenSaleAbi, functionName })
  const phases = ['BeforePresale', 'Presale', 'BetweenPhases', 'Sale', 'Ended', 'Finalized'] as const
  const [phase, tokensPerEth, hardCapTokens, tokensSold, tiers, saleBonusBps] = await Promise.all([
    read('phase'),
    read('TOKENS_PER_ETH'),
    read('HARD_CAP_TOKENS'),
    read('tokensSold'),
    read('presaleTiers'),
    client.readContract({ address: sale, abi: tokenSaleAbi, functionName: 'currentBonusBps', args: [0n] }),
  ])
  const name = phases[phase]
  return { phase: name, tokensPerEth, hardCapTokens, tokensSold, tiers, saleBonusBps: name === 'Sale' ? saleBonusBps : 0 }
}

/** Every amount's dApp quote next to the contract's, as [weiAccepted, refundWei, tokens, bonusTokens]. */
async function compare(amounts: bigint[]) {
  const terms = await readTerms()
  for (const amount of amounts) {
    const onChain = await client.readContract({ address: sale, abi: tokenSaleAbi, functionName: 'quote', args: [amount] })
    const mine = quotePurchase(terms, amount)!
    expect([mine.weiAccepted, mine.refundWei, mine.tokens, mine.bonusTokens], `quote of ${amount} wei`).toEqual([...onChain])
    expect(mine.baseTokens + mine.bonusTokens).toBe(mine.tokens)
  }
}

const eth = (n: string) => parseEther(n)
const amounts = [1n, eth('0.5'), eth('1000'), eth('1000') + 1n, eth('2500'), eth('10000') + 1n, eth('57000'), eth('1000000')]

beforeAll(async () => {
  // Under .data/, where forge may write (foundry.toml fs_permissions); deployments/<chainId>.json
  // belongs to `npm start`.
  mkdirSync(join(repoRoot, '.data'), { recursive: true })
  workDir = mkdtempSync(join(repoRoot, '.data', 'dapp-quote-'))
  anvil = await startAnvil({ port: await freePort(), args: ['--chain-id', String(chainId)] })
  const deployment = await deploy({ rpcUrl: anvil.rpcUrl, deploymentFile: join(workDir, 'deployment.json') })
  const entry = deployment.contracts.TokenSale as Address | { address: Address }
  sale = typeof entry === 'string' ? entry : entry.address
  client = testClient(anvil.rpcUrl)
}, 240_000)

afterAll(async () => {
  await anvil?.stop()
  if (workDir) rmSync(workDir, { recursive: true, force: true })
})

describe('quotePurchase agrees with TokenSale.quote', () => {
  it('in a fresh presale, from 1 wei to more than the whole cap', async () => {
    expect((await readTerms()).phase).toBe('Presale')
    await compare(amounts)
  })

  it('in a presale 150,000 NTK short of the cap: partial fills with the tier of the accepted amount', async () => {
    // One big presale purchase (+5%) leaves 150,000 NTK: 57,000 ETH buys 59,850,000 NTK.
    const buyer = privateKeyToAccount(anvilAccounts[2].privateKey)
    const signer = privateKeyToAccount(anvilAccounts[1].privateKey) // the local config's compliance signer
    await client.setBalance({ address: buyer.address, value: eth('100000') })
    const voucher = { payer: buyer.address, beneficiary: buyer.address, limitWei: eth('100000'), nonce: 1n, expiry: 2n ** 63n }
    const signature = await signer.signTypedData({
      domain: voucherDomain(chainId, sale),
      types: voucherTypes,
      primaryType: 'Voucher',
      message: voucher,
    })
    const wallet = createWalletClient({ account: buyer, transport: http(anvil.rpcUrl) })
    const hash = await wallet.writeContract({
      chain: null,
      address: sale,
      abi: tokenSaleAbi,
      functionName: 'buy',
      args: [buyer.address, voucher, signature],
      value: eth('57000'),
    })
    expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success')
    const terms = await readTerms()
    expect(terms.hardCapTokens - terms.tokensSold).toBe(eth('150000'))
    // 10,000 ETH + 1 wei reaches the +5% tier but only 150 ETH is accepted: no tier, as on chain.
    expect(quotePurchase(terms, eth('10000') + 1n)).toMatchObject({ weiAccepted: eth('150'), bonusBps: 0, cutByCap: true })
    await compare([...amounts, eth('149'), eth('150'), eth('151'), eth('5000') + 1n])
  })

  it('in the public sale, with the week bonus, under and over the cap', async () => {
    await client.increaseTime({ seconds: 2 * 86_400 + 60 })
    await client.mine({ blocks: 1 })
    const terms = await readTerms()
    expect(terms).toMatchObject({ phase: 'Sale', saleBonusBps: 1_500 })
    await compare([...amounts, eth('130'), eth('131')])
  })
})
