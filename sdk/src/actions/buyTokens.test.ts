import type { Anvil } from '@neuromation/devkit'
import { type Address, createPublicClient, createWalletClient, http, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDeployedChain, testChainId } from '../../test/startDeployedChain'
import type { Deployment } from '../deployment'
import { anvilAccounts } from '../localChain'
import { type SignedVoucher, voucherDomain, voucherTypes } from '../voucher'

// Loaded after the deployment: the sdk's generated contracts must include the test chain.
let sdk: typeof import('../index')
let anvil: Anvil
let deployment: Deployment

const buyer = privateKeyToAccount(anvilAccounts[2].privateKey)
const complianceSigner = privateKeyToAccount(anvilAccounts[1].privateKey)

async function signVoucher(payer: Address, nonce: bigint, limitWei = parseEther('100')): Promise<SignedVoucher> {
  const voucher = { payer, beneficiary: payer, limitWei, nonce, expiry: 2n ** 63n }
  const signature = await complianceSigner.signTypedData({
    domain: voucherDomain(testChainId, deployment.contracts.TokenSale),
    types: voucherTypes,
    primaryType: 'Voucher',
    message: voucher,
  })
  return { voucher, signature }
}

beforeAll(async () => {
  ;({ anvil, deployment } = await startDeployedChain())
  sdk = await import('../index')
})

afterAll(async () => {
  await anvil?.stop()
})

describe('buyTokens', () => {
  it('buys with a voucher through the TokenSale looked up by name, and readSaleState sees it', async () => {
    const wallet = createWalletClient({ account: buyer, transport: http(anvil.rpcUrl) })
    const client = createPublicClient({ transport: http(anvil.rpcUrl), pollingInterval: 50 })
    const before = await sdk.readSaleState(client)
    const { address, abi } = sdk.getContract(testChainId, 'NeuroToken')
    // The local deploy may fund the buyer (a local market account) with NTK: count from there.
    const ntkBefore = await client.readContract({ address, abi, functionName: 'balanceOf', args: [buyer.address] })
    expect(before.phase).toBe('Presale')
    expect(before.weiRaised).toBe(0n)

    const { hash, tokens } = await sdk.buyTokens(wallet, { ...(await signVoucher(buyer.address, 1n)), value: parseEther('2') })
    expect(tokens).toBe(parseEther('2000')) // 1,000 NTK per ETH; tiers start above 1,000 ETH
    expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success')

    expect(await client.readContract({ address, abi, functionName: 'balanceOf', args: [buyer.address] })).toBe(ntkBefore + tokens)
    const after = await sdk.readSaleState(client)
    expect(after).toMatchObject({
      phase: 'Presale',
      weiRaised: parseEther('2'),
      tokensSold: tokens,
      paused: false,
      finalized: false,
    })
    expect(after.endTime).toBe(after.schedule.saleEnd)
  })

  it('surfaces a revert decoded before anything is sent', async () => {
    const wallet = createWalletClient({ account: buyer, transport: http(anvil.rpcUrl) })
    const client = createPublicClient({ transport: http(anvil.rpcUrl), pollingInterval: 50 })
    const nonceBefore = await client.getTransactionCount({ address: buyer.address })
    const used = await signVoucher(buyer.address, 1n) // spent by the purchase above
    const error = await sdk.buyTokens(wallet, { ...used, value: parseEther('1') }).catch((e: unknown) => e)
    expect(sdk.describeError(error)).toBe('This eligibility voucher has already been used. Get a new one.')
    expect(await client.getTransactionCount({ address: buyer.address })).toBe(nonceBefore)
  })

  it('asks for an account when the client has none', async () => {
    const client = createWalletClient({ transport: http(anvil.rpcUrl) })
    await expect(sdk.buyTokens(client, { ...(await signVoucher(buyer.address, 2n)), value: 1n })).rejects.toThrow(
      'buyTokens: no account to send from',
    )
  })

  it('names the missing deployments file for an unknown chain', async () => {
    const wallet = createWalletClient({ account: buyer, transport: http(anvil.rpcUrl) })
    await expect(sdk.buyTokens(wallet, { ...(await signVoucher(buyer.address, 3n)), value: 1n, chainId: 4242 })).rejects.toThrow(
      'deployments/4242.json is missing or stale',
    )
  })
})
