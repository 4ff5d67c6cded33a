import type { Wallet } from '@rainbow-me/rainbowkit'

/**
 * A RainbowKit wallet entry shown only when its extension is present in this browser. RainbowKit
 * otherwise lists every configured wallet and, for one that is missing, offers a download page
 * or a WalletConnect QR code, which on this app leads nowhere: it connects injected wallets only.
 */
export function installedOnly<P extends unknown[]>(create: (...params: P) => Wallet): (...params: P) => Wallet {
  return (...params) => {
    const wallet = create(...params)
    return { ...wallet, hidden: () => wallet.installed !== true || wallet.hidden?.() === true }
  }
}
