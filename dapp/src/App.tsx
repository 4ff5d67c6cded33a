import { ConnectButton } from '@rainbow-me/rainbowkit'
import { NetworkStatus } from './components/NetworkStatus'
import { WrongNetworkBanner } from './components/WrongNetworkBanner'
import { useApp } from './AppContext'
import { useHashRoute, type Route } from './hooks/useHashRoute'
import { useInvalidateOnNewBlock } from './hooks/useInvalidateOnNewBlock'
import { shortAddress } from './lib/format'
import { SalePage } from './pages/SalePage'
import { TokenPage } from './pages/TokenPage'

const navigation: { route: Route; label: string }[] = [
  { route: 'sale', label: 'Sale' },
  { route: 'token', label: 'Token' },
]

/** Layout: header with navigation and wallet, the current page, and a footer with the contracts. */
export function App() {
  const route = useHashRoute()
  const { deployment } = useApp()
  useInvalidateOnNewBlock()
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="header">
        <div className="container header-inner">
          <a className="brand" href="#/sale" aria-label="Neuromation home">
            <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
              <rect width="32" height="32" rx="8" fill="var(--accent)" />
              <path d="M9 23V9l14 14V9" stroke="#fff" strokeWidth="3" fill="none" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            <span>Neuromation</span>
          </a>
          <nav aria-label="Main">
            <ul className="nav">
              {navigation.map((item) => (
                <li key={item.route}>
                  <a href={`#/${item.route}`} aria-current={route === item.route ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div className="header-right">
            <NetworkStatus />
            <ConnectButton showBalance={{ smallScreen: false, largeScreen: true }} chainStatus="none" accountStatus="address" />
          </div>
        </div>
      </header>
      <main id="main" className="container">
        <WrongNetworkBanner />
        {route === 'sale' ? <SalePage /> : <TokenPage />}
      </main>
      <footer className="footer">
        <div className="container footer-inner">
          <span>Neuromation · chain {deployment.chainId}</span>
          <span className="footer-contracts">
            {Object.entries(deployment.contracts).map(([name, address]) => (
              <span key={name} title={address}>
                {name} <code className="mono">{shortAddress(address)}</code>
              </span>
            ))}
          </span>
        </div>
      </footer>
    </>
  )
}
