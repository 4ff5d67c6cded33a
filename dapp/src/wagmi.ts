import { isLocalChain } from '@neuromation/sdk'
import { connectorsForWallets, type WalletList } from '@rainbow-me/rainbowkit'
import { braveWallet, injectedWallet, metaMaskWallet, rabbyWallet } from '@rainbow-me/rainbowkit/wallets'
import { type Chain, defineChain } from 'viem'
import { createConfig, http } from 'wagmi'
import type { AppConfig } from './config'
import { burnerWallet } from './wallet/burnerWallet'
import { installedOnly } from './wallet/installedOnly'

/** The single chain the app works with, from the configured id and RPC URL. */
export function appChain(config: AppConfig): Chain {
  const local = isLocalChain(config.chainId)
  return defineChain({
    id: config.chainId,
    name: local ? `Local chain ${config.chainId}` : `Chain ${config.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
    testnet: local,
  })
}

/** The generic "Browser Wallet" entry only when some wallet injected window.ethereum. */
const anyInjected: typeof injectedWallet = () => ({
  ...injectedWallet(),
  hidden: () => typeof window === 'undefined' || !(window as { ethereum?: unknown }).ethereum,
})

/**
 * wagmi config built by hand rather than with RainbowKit's getDefaultConfig, which wires in
 * WalletConnect and calls its hosts at page load. Every wallet here is injected (or the local
 * burner), so the page talks to nothing but the configured RPC, indexer and signer.
 */
export function createWagmiConfig(config: AppConfig) {
  const chain = appChain(config)
  const local = isLocalChain(config.chainId)
  const wallets: WalletList = [
    // Only wallets present in this browser: a missing one would offer a download page, or for
    // MetaMask a WalletConnect fallback that contacts outside relays. (Installed wallets that
    // announce themselves over EIP-6963 are added by RainbowKit under "Installed".)
    {
      groupName: 'Browser wallets',
      wallets: [anyInjected, installedOnly(metaMaskWallet), installedOnly(rabbyWallet), installedOnly(braveWallet)],
    },
  ]
  if (local) wallets.unshift({ groupName: 'Local development', wallets: [burnerWallet({ chain, rpcUrl: config.rpcUrl })] })

  const connectors = connectorsForWallets(wallets, {
    appName: 'Neuromation',
    // Required by the type; never used because no wallet above creates a WalletConnect connector.
    projectId: 'no-walletconnect',
  })
  return createConfig({
    chains: [chain],
    connectors,
    transports: { [chain.id]: http(config.rpcUrl) },
    // Local blocks come on demand; poll fast so balances and countdowns follow at once.
    pollingInterval: local ? 1_000 : 4_000,
  })
}
