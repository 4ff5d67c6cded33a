import type { Deployment } from '@neuromation/sdk'
import { createContext, useContext } from 'react'
import type { AppConfig } from './config'

export type AppContextValue = { config: AppConfig; deployment: Deployment }

export const AppContext = createContext<AppContextValue | undefined>(undefined)

/** The validated config and the deployment on the configured chain (set up in main.tsx). */
export function useApp(): AppContextValue {
  const value = useContext(AppContext)
  if (!value) throw new Error('useApp must be used inside <AppContext.Provider> (see main.tsx)')
  return value
}
