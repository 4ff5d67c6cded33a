import { createConnector } from 'wagmi'
import { SwitchChainError, type Chain } from 'viem'
import { burnerAccount } from './burnerAccount'
import { burnerProvider, type BurnerProvider } from './burnerProvider'
import { fundBurner } from './fundBurner'

const connectedKey = 'neuromation.burner.connected'

/**
 * A wagmi connector for the burner wallet: a viem local account (kept in localStorage) behind an
 * EIP-1193 provider. On connect it tops the account up with test ETH so it can buy at once.
 */
export function burnerConnector({ chain, rpcUrl }: { chain: Chain; rpcUrl: string }) {
  let provider: BurnerProvider | undefined
  const account = () => burnerAccount()
  const getProvider = () => (provider ??= burnerProvider({ account: account(), chain, rpcUrl }))

  return createConnector<BurnerProvider>((config) => ({
    id: 'burner',
    name: 'Burner wallet',
    type: 'burner',
    async connect(parameters) {
      if (parameters?.chainId !== undefined && parameters.chainId !== chain.id) {
        throw new SwitchChainError(new Error(`The burner wallet works only on chain ${chain.id}.`))
      }
      const { address } = account()
      await fundBurner({ address, chain, rpcUrl })
      localStorage.setItem(connectedKey, 'true')
      // wagmi types the accounts by `withCapabilities`; the burner never reports capabilities.
      return { accounts: [address], chainId: chain.id } as never
    },
    async disconnect() {
      localStorage.removeItem(connectedKey)
    },
    async getAccounts() {
      return [account().address]
    },
    async getChainId() {
      return chain.id
    },
    async getProvider() {
      return getProvider()
    },
    async isAuthorized() {
      return localStorage.getItem(connectedKey) === 'true'
    },
    async switchChain({ chainId }) {
      if (chainId !== chain.id) throw new SwitchChainError(new Error(`The burner wallet works only on chain ${chain.id}.`))
      return chain
    },
    onAccountsChanged() {},
    onChainChanged() {},
    onDisconnect() {
      config.emitter.emit('disconnect')
    },
  }))
}
