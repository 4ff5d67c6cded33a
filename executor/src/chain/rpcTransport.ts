import { http, type Transport, webSocket } from 'viem'

/** The viem transport for an RPC URL: WebSocket for ws(s)://, HTTP otherwise. */
export function rpcTransport(rpcUrl: string, options: { retryCount: number; timeoutMs: number }): Transport {
  return /^wss?:/.test(rpcUrl)
    ? webSocket(rpcUrl, { retryCount: options.retryCount, timeout: options.timeoutMs })
    : http(rpcUrl, { retryCount: options.retryCount, timeout: options.timeoutMs })
}

/**
 * Closes the socket of a WebSocket transport that connected (it would keep a one-shot command's
 * process alive); an HTTP transport holds nothing open.
 */
export async function closeRpcTransport(transport: Transport): Promise<void> {
  const { value } = transport({})
  const getRpcClient = (value as { getRpcClient?: () => Promise<{ close: () => void }> } | undefined)?.getRpcClient
  if (getRpcClient) (await getRpcClient()).close()
}
