import {
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  type Hex,
  hexToBigInt,
  http,
  numberToHex,
  type PrivateKeyAccount,
  ProviderRpcError,
  type TypedDataDefinition,
} from 'viem'

type RequestArguments = { method: string; params?: unknown }
type TransactionRequestJson = { to?: Address | null; data?: Hex; value?: Hex; gas?: Hex; nonce?: Hex }

/** A minimal EIP-1193 provider that signs with a local viem account and forwards reads to the RPC. */
export type BurnerProvider = {
  request(args: RequestArguments): Promise<unknown>
  on(event: string, listener: (...args: unknown[]) => void): void
  removeListener(event: string, listener: (...args: unknown[]) => void): void
  /** Signs with `account` from now on and emits `accountsChanged` (the burner's account picker). */
  switchAccount(account: PrivateKeyAccount): void
  /** The account it signs with now. */
  readonly account: PrivateKeyAccount
}

/**
 * EIP-1193 provider for the burner wallet: account, signing and transaction methods are answered
 * locally (transactions are signed here and sent raw), everything else goes to the chain's RPC.
 * It never switches chains: the burner exists for the one local chain only.
 */
export function burnerProvider({
  account: initial,
  chain,
  rpcUrl,
}: {
  account: PrivateKeyAccount
  chain: Chain
  rpcUrl: string
}): BurnerProvider {
  const transport = http(rpcUrl)
  const publicClient = createPublicClient({ chain, transport })
  let account = initial
  let walletClient = createWalletClient({ account, chain, transport })
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>()
  const sameAccount = (address: unknown) => typeof address === 'string' && address.toLowerCase() === account.address.toLowerCase()
  const unauthorized = (address: unknown) =>
    new ProviderRpcError(new Error(`The burner wallet holds ${account.address}, not ${String(address)}.`), {
      code: 4100,
      shortMessage: 'Unknown account',
    })

  return {
    async request({ method, params }) {
      const args = (params ?? []) as unknown[]
      switch (method) {
        case 'eth_accounts':
        case 'eth_requestAccounts':
          return [account.address]
        case 'eth_chainId':
          return numberToHex(chain.id)
        case 'net_version':
          return String(chain.id)
        case 'wallet_switchEthereumChain': {
          const [{ chainId }] = args as [{ chainId: Hex }]
          if (Number(chainId) === chain.id) return null
          throw new ProviderRpcError(new Error(`The burner wallet works only on chain ${chain.id}.`), {
            code: 4902,
            shortMessage: 'Unrecognized chain',
          })
        }
        case 'eth_sendTransaction': {
          const [tx] = args as [TransactionRequestJson & { from?: Address }]
          if (tx.from && !sameAccount(tx.from)) throw unauthorized(tx.from)
          return walletClient.sendTransaction({
            to: tx.to ?? null,
            data: tx.data,
            value: tx.value ? hexToBigInt(tx.value) : undefined,
            gas: tx.gas ? hexToBigInt(tx.gas) : undefined,
            nonce: tx.nonce ? Number(tx.nonce) : undefined,
          })
        }
        case 'personal_sign': {
          const [message, address] = args as [Hex, Address]
          if (!sameAccount(address)) throw unauthorized(address)
          return account.signMessage({ message: { raw: message } })
        }
        case 'eth_signTypedData_v4': {
          const [address, json] = args as [Address, string]
          if (!sameAccount(address)) throw unauthorized(address)
          return account.signTypedData(JSON.parse(json) as TypedDataDefinition)
        }
        default:
          return publicClient.request({ method, params } as never)
      }
    },
    // The chain never changes; the account changes only through switchAccount.
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set())
      listeners.get(event)!.add(listener)
    },
    removeListener(event, listener) {
      listeners.get(event)?.delete(listener)
    },
    switchAccount(next) {
      account = next
      walletClient = createWalletClient({ account, chain, transport })
      for (const listener of listeners.get('accountsChanged') ?? []) listener([account.address])
    },
    get account() {
      return account
    },
  }
}
