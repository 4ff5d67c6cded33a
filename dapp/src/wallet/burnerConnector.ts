import { type Address, type Chain, getAddress, SwitchChainError } from 'viem'
import { createConnector } from 'wagmi'
import { type BurnerChoice, burnerAccount, rememberBurnerChoice } from './burnerAccount'
import { type BurnerProvider, burnerProvider } from './burnerProvider'
import { fundBurner } from './fundBurner'

const connectedKey = 'neuromation.burner.connected'

/**
 * A wagmi connector for the burner wallet: a viem local account (kept in localStorage) behind an
 * EIP-1193 provider. On connect it tops the account up with test ETH so it can buy at once.
 */
export function burnerConnector({ chain, rpcUrl }: { chain: Chain; rpcUrl: string }) {
  let provider: BurnerProvider | undefined
  const getProvider = () => (provider ??= burnerProvider({ account: burnerAccount(), chain, rpcUrl }))

  return createConnector<BurnerProvider>((config) => ({
    id: 'burner',
    name: 'Burner wallet',
    type: 'burner',
    async connect(parameters) {
      if (parameters?.chainId !== undefined && parameters.chainId !== chain.id) {
        throw new SwitchChainError(new Error(`The burner wallet works only on chain ${chain.id}.`))
      }
      const current = getProvider()
      const { address } = current.account
      await fundBurner({ address, chain, rpcUrl })
      localStorage.setItem(connectedKey, 'true')
      // The account picker switches accounts through the provider; wagmi hears it as a change.
      current.removeListener('accountsChanged', this.onAccountsChanged as never)
      current.on('accountsChanged', this.onAccountsChanged as never)
      // wagmi types the accounts by `withCapabilities`; the burner never reports capabilities.
      return { accounts: [address], chainId: chain.id } as never
    },
    async disconnect() {
      localStorage.removeItem(connectedKey)
    },
    async getAccounts() {
      return [getProvider().account.address]
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
    onAccountsChanged(accounts) {
      config.emitter.emit('change', { accounts: (accounts as string[]).map((a) => getAddress(a) as Address) })
    },
    onChainChanged() {},
    onDisconnect() {
      config.emitter.emit('disconnect')
    },
  }))
}

/**
 * Switches the connected burner to `choice` (its own key or an anvil dev account), remembered for
 * the next visit; tops its own key up with test ETH as on connect.
 */
export async function switchBurnerAccount(
  provider: BurnerProvider,
  choice: BurnerChoice,
  { chain, rpcUrl }: { chain: Chain; rpcUrl: string },
) {
  rememberBurnerChoice(choice)
  const next = burnerAccount(choice)
  await fundBurner({ address: next.address, chain, rpcUrl })
  provider.switchAccount(next)
}
