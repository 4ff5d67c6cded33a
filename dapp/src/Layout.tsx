import { ConnectButton } from '@rainbow-me/rainbowkit'
import { useEffect } from 'react'
import { Link, NavLink, Outlet, ScrollRestoration, useLocation, useNavigate } from 'react-router'
import { useApp } from './AppContext'
import { NetworkStatus } from './components/NetworkStatus'
import { WrongNetworkBanner } from './components/WrongNetworkBanner'
import { useInvalidateOnNewBlock } from './hooks/useInvalidateOnNewBlock'
import { shortAddress } from './lib/format'
import { navigation, pageTitle } from './navigation'

/** The layout route: header with navigation and wallet, the current page, and a footer with the contracts. */
export function Layout() {
  const { deployment } = useApp()
  useInvalidateOnNewBlock()
  useLegacyHashLinks()
  const { pathname } = useLocation()
  useEffect(() => {
    document.title = pageTitle(pathname)
  }, [pathname])
  return (
    <>
      <ScrollRestoration />
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="header">
        <div className="container header-inner">
          <Link className="brand" to="/sale" aria-label="Neuromation home">
            <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
              <rect width="32" height="32" rx="8" fill="var(--accent)" />
              <path d="M9 23V9l14 14V9" stroke="#fff" strokeWidth="3" fill="none" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            <span>Neuromation</span>
          </Link>
          <nav aria-label="Main">
            <ul className="nav">
              {navigation.map((item) => (
                <li key={item.to}>
                  {/* NavLink sets aria-current="page" on the active link (and on its sub-pages). */}
                  <NavLink to={item.to}>{item.label}</NavLink>
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
        <Outlet />
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

/**
 * Links shared before the router used hash fragments (`/#/token`) still open their page: the
 * fragment is turned into the path it names. In-page anchors (`#main`) are left alone.
 */
function useLegacyHashLinks() {
  const { hash } = useLocation()
  const navigate = useNavigate()
  useEffect(() => {
    if (hash.startsWith('#/')) navigate(hash.slice(1), { replace: true })
  }, [hash, navigate])
}
