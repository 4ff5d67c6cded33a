import {
  type Abi,
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  http,
  type PrivateKeyAccount,
  type TransactionReceipt,
} from 'viem'

/** What a scenario's transaction may set beside its call: ETH sent with it, a gas limit instead of the node's estimate. */
export type SendOptions = { value?: bigint; gas?: bigint }

/**
 * The clients a scripted scenario drives a local chain with (fast polling for anvil's instant
 * blocks), and `send`: every transaction is simulated first, so a revert throws with its decoded
 * error, then waited for, and a failed receipt throws too.
 */
export function scenarioClients(rpcUrl: string, chainId: number) {
  const chain = defineChain({
    id: chainId,
    name: `anvil-${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  })
  const transport = http(rpcUrl)
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 50 })
  const testClient = createTestClient({ chain, transport, mode: 'anvil', pollingInterval: 50 })

  async function send(
    account: PrivateKeyAccount,
    address: Address,
    abi: Abi,
    functionName: string,
    args: unknown[],
    { value, gas }: SendOptions = {},
  ): Promise<TransactionReceipt> {
    const wallet = createWalletClient({ chain, transport, account })
    const { request } = await publicClient.simulateContract({ account, address, abi, functionName, args, value } as never)
    const hash = await wallet.writeContract({ ...(request as object), ...(gas ? { gas } : {}) } as never)
    const receipt = await publicClient.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') throw new Error(`${functionName} reverted in ${hash}`)
    return receipt
  }

  return { chain, publicClient, testClient, send }
}
