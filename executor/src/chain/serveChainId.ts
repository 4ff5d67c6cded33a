import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * Test support: a JSON-RPC endpoint on a free loopback port that answers every request with
 * `chainIdHex` (enough for eth_chainId, all a chain check asks).
 */
export async function serveChainId(chainIdHex: `0x${string}`): Promise<{ url: string; close: () => void }> {
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      const { id } = JSON.parse(body) as { id: number }
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ jsonrpc: '2.0', id, result: chainIdHex }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() }
}
