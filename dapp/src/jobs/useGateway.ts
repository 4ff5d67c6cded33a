import { useMemo } from 'react'
import { useApp } from '../AppContext'
import { type GatewayClient, gatewayClient } from './gatewayClient'

/** The IPFS gateway client for the configured gateway URL (one per URL). */
export function useGateway(): GatewayClient {
  const { config } = useApp()
  return useMemo(() => gatewayClient(config.gatewayUrl), [config.gatewayUrl])
}
