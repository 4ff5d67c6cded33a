import { getContract } from '@neuromation/sdk'
import { type Address, createPublicClient, createWalletClient, type PublicClient, type WalletClient } from 'viem'
import type { PrivateKeyAccount } from 'viem/accounts'
import { ExecutorError } from '../ExecutorError'
import { checkRpcChain } from './checkRpcChain'
import { rpcTransport } from './rpcTransport'

/** The executor's view of the chain: clients, its account and the market contracts by name. */
export type Chain = {
  chainId: number
  account: PrivateKeyAccount
  publicClient: PublicClient
  walletClient: WalletClient
  market: ReturnType<typeof getContract<'JobMarket'>>
  registry: ReturnType<typeof getContract<'NodeRegistry'>>
  token: ReturnType<typeof getContract<'NeuroToken'>>
  /** The block the market was deployed in: where a fresh node starts reading events. */
  startBlock: bigint
  me: Address
}

/**
 * Connects to the RPC, checks the chain id against the expected one (a wrong RPC would otherwise
 * sign for the wrong chain) and looks up the market contracts in the sdk's deployments.
 */
export async function createChain(options: { rpcUrl: string; chainId?: number; account: PrivateKeyAccount }): Promise<Chain> {
  // viem's own retries cover one flaky call; the daemon's loop backs off on longer outages.
  const transport = rpcTransport(options.rpcUrl, { retryCount: 2, timeoutMs: 20_000 })
  const rpcChainId = await checkRpcChain({ rpcUrl: options.rpcUrl, chainId: options.chainId, transport })
  let market: Chain['market']
  let registry: Chain['registry']
  let token: Chain['token']
  try {
    market = getContract(rpcChainId, 'JobMarket')
    registry = getContract(rpcChainId, 'NodeRegistry')
    token = getContract(rpcChainId, 'NeuroToken')
  } catch (error) {
    throw new ExecutorError('NOT_DEPLOYED', `The market is not deployed on chain ${rpcChainId} as far as this sdk knows.`, {
      cause: error,
      metaMessages: ['Deploy the platform and run `npx tsx script/codegen.ts`, or use a release built for this chain.'],
    })
  }
  const chain = {
    id: rpcChainId,
    name: `chain ${rpcChainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [options.rpcUrl] } },
  }
  return {
    chainId: rpcChainId,
    account: options.account,
    publicClient: createPublicClient({ chain, transport, pollingInterval: 500 }) as PublicClient,
    walletClient: createWalletClient({ chain, transport, account: options.account }),
    market,
    registry,
    token,
    startBlock: BigInt(market.startBlock),
    me: options.account.address,
  }
}
