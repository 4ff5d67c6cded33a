import '@rainbow-me/rainbowkit/styles.css'
import './styles.css'
import { deployments } from '@neuromation/sdk'
import { lightTheme, RainbowKitProvider } from '@rainbow-me/rainbowkit'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createBrowserRouter, RouterProvider } from 'react-router'
import { WagmiProvider } from 'wagmi'
import { AppContext } from './AppContext'
import { ConfigErrorScreen } from './components/ConfigErrorScreen'
import { NotDeployed } from './components/NotDeployed'
import { loadConfig } from './config'
import { routes } from './routes'
import { appChain, createWagmiConfig } from './wagmi'

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root element')
const root = createRoot(container)

try {
  const config = loadConfig()
  const deployment = deployments[config.chainId]
  const wagmiConfig = createWagmiConfig(config)
  const router = createBrowserRouter(routes)
  const queryClient = new QueryClient({
    defaultOptions: { queries: { refetchOnWindowFocus: false } },
  })
  root.render(
    <StrictMode>
      <WagmiProvider config={wagmiConfig}>
        <QueryClientProvider client={queryClient}>
          <RainbowKitProvider
            initialChain={appChain(config)}
            theme={lightTheme({ accentColor: '#4f46e5', borderRadius: 'medium', fontStack: 'system' })}
            appInfo={{ appName: 'Neuromation' }}
          >
            {deployment ? (
              <AppContext.Provider value={{ config, deployment }}>
                <RouterProvider router={router} />
              </AppContext.Provider>
            ) : (
              <main className="container">
                <NotDeployed chainId={config.chainId} />
              </main>
            )}
          </RainbowKitProvider>
        </QueryClientProvider>
      </WagmiProvider>
    </StrictMode>,
  )
} catch (error) {
  root.render(<ConfigErrorScreen error={error} />)
}
