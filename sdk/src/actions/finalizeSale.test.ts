import type { Anvil } from '@neuromation/devkit'
import { type Address, createPublicClient, createTestClient, createWalletClient, http, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDeployedChain, testChainId } from '../../test/startDeployedChain'
import type { Deployment } from '../deployment'
import { anvilAccounts } from '../localChain'
import { voucherDomain, voucherTypes } from '../voucher'

// The sale's lifecycle through the sdk's write actions: finalizeSale, withdrawSaleCredit (to
// itself and to another address) and executeBurnEpoch, on the local config's timeline.
let sdk: typeof import('../index')
let anvil: Anvil
let deployment: Deployment

const account = (i: number) => privateKeyToAccount(anvilAccounts[i].privateKey)
const deployer = account(0) // guardian, platform and liquidity reserve in script/config/local.json
const marketing = account(9)
const buyer = account(3)

beforeAll(async () => {
  ;({ anvil, deployment } = await startDeployedChain())
  sdk = await import('../index')
})

afterAll(async () => {
  await anvil?.stop()
})

describe('finalizeSale, withdrawSaleCredit, executeBurnEpoch', () => {
  it('finalizes after the end, pays the recipients (one to another address) and burns an epoch', async () => {
    const client = createPublicClient({ transport: http(anvil.rpcUrl), pollingInterval: 50 })
    const testClient = createTestClient({ mode: 'anvil', transport: http(anvil.rpcUrl), pollingInterval: 50 })
    const wallet = (signer: ReturnType<typeof account>) => createWalletClient({ account: signer, transport: http(anvil.rpcUrl) })
    const mined = async (hash: `0x${string}`) => expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success')

    const voucher = { payer: buyer.address, beneficiary: buyer.address, limitWei: parseEther('10'), nonce: 1n, expiry: 2n ** 63n }
    const signature = await account(1).signTypedData({
      domain: voucherDomain(testChainId, deployment.contracts.TokenSale),
      types: voucherTypes,
      primaryType: 'Voucher',
      message: voucher,
    })
    await mined((await sdk.buyTokens(wallet(buyer), { voucher, signature, value: parseEther('10') })).hash)

    const early = await sdk.finalizeSale(wallet(buyer)).catch((e: unknown) => e)
    expect(sdk.describeError(early)).toMatch(/^The sale can be finalized only after it ends/)

    const { endTime } = await sdk.readSaleState(client)
    await testClient.setNextBlockTimestamp({ timestamp: endTime })
    await testClient.mine({ blocks: 1 })
    await mined(await sdk.finalizeSale(wallet(buyer))) // permissionless
    expect((await sdk.readSaleState(client)).phase).toBe('Finalized')

    // Marketing (10% = 1 ETH) sends its credit to a fresh address; the platform pulls to itself.
    const elsewhere: Address = '0x000000000000000000000000000000000000bEEF'
    await mined(await sdk.withdrawSaleCredit(wallet(marketing), { to: elsewhere }))
    expect(await client.getBalance({ address: elsewhere })).toBe(parseEther('1'))
    const sale = sdk.getContract(testChainId, 'TokenSale')
    const owed = await client.readContract({ ...sale, functionName: 'withdrawableOf', args: [deployer.address] })
    expect(owed).toBe(parseEther('8')) // platform 40% + liquidity reserve 40%: the same account locally
    await mined(await sdk.withdrawSaleCredit(wallet(deployer)))
    expect(await client.readContract({ ...sale, functionName: 'withdrawableOf', args: [deployer.address] })).toBe(0n)

    // The deploy seeded the vault with 5M NTK; epoch 0 (30% of supply) burns all of it and owes the rest.
    const schedule = sdk.getContract(testChainId, 'BurnSchedule')
    const token = sdk.getContract(testChainId, 'NeuroToken')
    const epoch0 = await client.readContract({ ...schedule, functionName: 'epoch', args: [0n] })
    await testClient.setNextBlockTimestamp({ timestamp: epoch0.time })
    await testClient.mine({ blocks: 1 })
    const supply = await client.readContract({ ...token, functionName: 'totalSupply' })
    const { hash, burned } = await sdk.executeBurnEpoch(wallet(buyer), { epoch: 0n })
    await mined(hash)
    expect(burned).toBe(parseEther('5000000'))
    expect(await client.readContract({ ...token, functionName: 'totalSupply' })).toBe(supply - burned)
    expect(await client.readContract({ ...schedule, functionName: 'shortfall' })).toBe((supply * 3000n) / 10000n - burned)
  })
})
