import { createServer, type Server } from 'node:http'
import { freePort } from '@neuromation/runtime'
import { afterEach, describe, expect, it } from 'vitest'
import { rpcChainId } from './rpcChainId'
import { startAnvil } from './startAnvil'

/** Another node on `port` (a suite's anvil, say): answers eth_chainId with 31339 to anyone. */
async function otherNode(port: number): Promise<Server> {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ jsonrpc: '2.0', id: 1, result: '0x7a6b' }))
  })
  await new Promise<void>((resolve) => server.listen({ port, host: '127.0.0.1' }, resolve))
  return server
}

const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve))
})

describe('startAnvil', () => {
  it('refuses a port another node holds, though that node answers RPC', async () => {
    const port = await freePort()
    servers.push(await otherNode(port))
    await expect(startAnvil({ port, chainId: 31338 })).rejects.toThrow(`another process holds port ${port}`)
  })

  it('serves its own chain on the port it returns', async () => {
    const anvil = await startAnvil({ chainId: 31338 })
    try {
      expect(await rpcChainId(anvil.rpcUrl)).toBe(31338)
    } finally {
      await anvil.stop()
    }
  })
})
