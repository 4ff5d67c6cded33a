import type { AddressInfo } from 'node:net'
import { createServer } from 'node:net'

/**
 * A TCP port that is free on 127.0.0.1 right now, chosen by the kernel (listen on port 0). Tests
 * take their ports this way so suites run side by side and never meet a running `npm start`.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}
