import type { Wallet } from '@rainbow-me/rainbowkit'
import type { Chain } from 'viem'
import { burnerConnector } from './burnerConnector'

// An inline icon (a flame on a dark tile): the app makes no request for wallet artwork.
const icon =
  'data:image/svg+xml;base64,' +
  btoa(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 28 28"><rect width="28" height="28" rx="6" fill="#1f2937"/>' +
      '<path d="M14 5c1 3.5 5 5.6 5 10.2A5 5 0 0 1 9 15.4c0-2.2 1.2-3.6 2.4-4.8.2 1.5.9 2.6 2 3.1-.4-2.8.1-5.6.6-8.7z" fill="#f97316"/>' +
      '<path d="M14 13.5c.6 1.5 2.3 2.4 2.3 4.3a2.3 2.3 0 0 1-4.6 0c0-1 .6-1.8 1.2-2.4.1.6.4 1 .8 1.2-.1-1 .1-2 .3-3.1z" fill="#fde68a"/></svg>',
  )

/**
 * RainbowKit wallet entry for the burner wallet (local chains only): no extension, no QR code;
 * a throwaway key in this browser, funded with test ETH on connect.
 */
export function burnerWallet({ chain, rpcUrl }: { chain: Chain; rpcUrl: string }) {
  return (): Wallet => ({
    id: 'burner',
    name: 'Burner wallet',
    shortName: 'Burner',
    iconUrl: icon,
    iconBackground: '#1f2937',
    installed: true,
    createConnector: (walletDetails) => {
      const create = burnerConnector({ chain, rpcUrl })
      return (config) => ({ ...create(config), ...walletDetails })
    },
  })
}
