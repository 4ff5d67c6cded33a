import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ExecutorStatus } from '@neuromation/sdk'
import type { Metrics } from './Metrics'

// /status is read by the dApp in people's browsers, from another origin: any origin may read it
// (it holds nothing secret: assignments are public on the chain), without credentials.
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, OPTIONS',
  'access-control-max-age': '600',
}

/**
 * Serves /metrics (Prometheus text), /health and /status (the node's own open assignments and
 * their progress, JSON, CORS `*`: what the executor's registry metadata names as its statusUrl);
 * resolves once listening, with the bound port.
 */
export async function serveMetrics(
  metrics: Metrics,
  options: {
    host: string
    port: number
    health: () => { ok: boolean; detail: Record<string, unknown> }
    status?: () => ExecutorStatus
  },
): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(metrics.render())
    } else if (path === '/health') {
      const { ok, detail } = options.health()
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ok, ...detail }))
    } else if (path === '/status' && options.status) {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, CORS).end()
      } else if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { ...CORS, allow: 'GET, HEAD, OPTIONS' }).end()
      } else {
        res
          .writeHead(200, { ...CORS, 'content-type': 'application/json', 'cache-control': 'no-store' })
          .end(req.method === 'HEAD' ? undefined : JSON.stringify(options.status()))
      }
    } else {
      res
        .writeHead(404, { 'content-type': 'text/plain' })
        .end(`not found: try /metrics, /health${options.status ? ' or /status' : ''}\n`)
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
