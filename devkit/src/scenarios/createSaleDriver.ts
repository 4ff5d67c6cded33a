// Sends the transactions of a sale scenario on a local chain: contract calls from anvil's
// accounts (simulated first, so a revert throws with its decoded error), purchases with vouchers
// signed by the compliance signer's key, reads, and anvil time travel.
// Subpaths, not the package entry (see runSaleScenario.ts).
import type { Deployment } from '@neuromation/sdk'
import { tokenSaleAbi } from '@neuromation/sdk/abis'
import { anvilAccounts } from '@neuromation/sdk/localChain'
import { type Voucher, voucherDomain, voucherTypes } from '@neuromation/sdk/voucher'
import { type Abi, type Address, type PrivateKeyAccount, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { localRoles } from '../localRoles'
import { scenarioClients } from './scenarioClients'

export type SaleDriver = ReturnType<typeof createSaleDriver>

export function createSaleDriver(rpcUrl: string, deployment: Deployment) {
  const { publicClient, testClient, send } = scenarioClients(rpcUrl, deployment.chainId)
  const [deployer, signer, buyerA, buyerB, buyerC, buyerD] = [
    localRoles.deployer,
    localRoles.complianceSigner,
    ...localRoles.buyers,
  ].map((a) => privateKeyToAccount(a.privateKey))
  // Anvil #9: the marketing recipient in script/config/local.json; here also a permissionless keeper.
  const outsider = privateKeyToAccount(anvilAccounts[9].privateKey)

  let nonce = 0n
  /** Buys with a fresh voucher for (payer, beneficiary), signed as the compliance signer. */
  async function buy(payer: PrivateKeyAccount, beneficiary: Address, wei: bigint, limitWei = parseEther('100000')) {
    const voucher: Voucher = { payer: payer.address, beneficiary, limitWei, nonce: ++nonce, expiry: 2n ** 63n }
    const signature = await signer.signTypedData({
      domain: voucherDomain(deployment.chainId, deployment.contracts.TokenSale),
      types: voucherTypes,
      primaryType: 'Voucher',
      message: voucher,
    })
    return send(payer, deployment.contracts.TokenSale, tokenSaleAbi, 'buy', [beneficiary, voucher, signature], { value: wei })
  }

  const read = <T>(address: Address, abi: Abi, functionName: string, args: unknown[] = []) =>
    publicClient.readContract({ address, abi, functionName, args } as never) as Promise<T>

  /** Mines an empty block at `timestamp` (anvil time travel), so that calls see the new time too. */
  async function travelTo(timestamp: bigint) {
    await testClient.setNextBlockTimestamp({ timestamp })
    await testClient.mine({ blocks: 1 })
  }

  return {
    publicClient,
    accounts: { deployer, buyerA, buyerB, buyerC, buyerD, outsider },
    send,
    buy,
    read,
    travelTo,
  }
}
