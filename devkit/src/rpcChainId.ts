/** The chain id served at `rpcUrl` (eth_chainId); throws when nothing answers in `timeoutMs`. */
export async function rpcChainId(rpcUrl: string, timeoutMs = 5_000): Promise<number> {
  const res = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    signal: AbortSignal.timeout(timeoutMs),
  })
  if (!res.ok) throw new Error(`${rpcUrl} answered HTTP ${res.status} to eth_chainId`)
  return Number(((await res.json()) as { result: string }).result)
}

/** True when a JSON-RPC node answers eth_chainId at `rpcUrl` within a second. */
export const rpcAnswers = (rpcUrl: string): Promise<boolean> =>
  rpcChainId(rpcUrl, 1_000).then(
    () => true,
    () => false,
  )
