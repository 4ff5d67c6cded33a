import { anvilAccounts } from '@neuromation/sdk'
import { type Address, type Chain, createPublicClient, createWalletClient, http, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

/** anvil's well-known account #0 (public test key, funded with 10,000 ETH on every local chain). */
const anvilAccount0 = privateKeyToAccount(anvilAccounts[0].privateKey)

export const burnerFunding = { topUpBelow: parseEther('1'), target: parseEther('100') } as const

/**
 * Tops the burner up to 100 test ETH when it holds less than 1, so it can buy right away.
 * anvil_setBalance is instant and needs no funded account; nodes without it (e.g. a hardhat-style
 * node exposing only standard methods) get a transfer from anvil account #0 instead.
 * Returns true when it added funds.
 */
export async function fundBurner({
  address,
  chain,
  rpcUrl,
}: {
  address: Address
  chain: Chain
  rpcUrl: string
}): Promise<boolean> {
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl) })
  const balance = await publicClient.getBalance({ address })
  if (balance >= burnerFunding.topUpBelow) return false
  try {
    await publicClient.request({
      method: 'anvil_setBalance' as never,
      params: [address, `0x${burnerFunding.target.toString(16)}`] as never,
    })
  } catch {
    const walletClient = createWalletClient({ account: anvilAccount0, chain, transport: http(rpcUrl) })
    const hash = await walletClient.sendTransaction({ to: address, value: burnerFunding.target - balance })
    await publicClient.waitForTransactionReceipt({ hash })
  }
  return true
}
