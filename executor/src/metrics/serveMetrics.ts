import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from '@neuromation/runtime'
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
 * resolves once listening, with the bound port. No request can take the daemon down: a target that
 * is no URL answers 400, and anything else a handler throws answers 500 and is logged.
 */
export async function serveMetrics(
  metrics: Metrics,
  options: {
    host: string
    port: number
    health: () => { ok: boolean; detail: Record<string, unknown> }
    status?: () => ExecutorStatus
    logger: Logger
  },
): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    let path: string
    try {
      path = new URL(req.url ?? '/', 'http://localhost').pathname
    } catch {
      // e.g. `GET http://[/ HTTP/1.1`: node's parser passes it, the URL parser throws.
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request: the request target is not a URL path\n')
      return
    }
    const known = path === '/metrics' || path === '/health' || (path === '/status' && options.status)
    // Read-only endpoints: a POST or PUT is a mistake the client should hear about, not a 200.
    if (known && req.method !== 'GET' && req.method !== 'HEAD' && !(path === '/status' && req.method === 'OPTIONS')) {
      const allow = path === '/status' ? 'GET, HEAD, OPTIONS' : 'GET, HEAD'
      res
        .writeHead(405, { ...(path === '/status' ? CORS : {}), allow, 'content-type': 'text/plain' })
        .end(`method ${req.method} not allowed on ${path}: use ${allow}\n`)
      return
    }
    if (path === '/metrics') {
      // Each body is made before writeHead, so a throw still leaves the 500 to send.
      const body = metrics.render()
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(body)
    } else if (path === '/health') {
      const { ok, detail } = options.health()
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ok, ...detail }))
    } else if (path === '/status' && options.status) {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, CORS).end()
      } else {
        const body = JSON.stringify(options.status())
        res
          .writeHead(200, { ...CORS, 'content-type': 'application/json', 'cache-control': 'no-store' })
          .end(req.method === 'HEAD' ? undefined : body)
      }
    } else {
      res
        .writeHead(404, { 'content-type': 'text/plain' })
        .end(`not found: try /metrics, /health${options.status ? ' or /status' : ''}\n`)
    }
  }
  const server = createServer((req, res) => {
    try {
      handle(req, res)
    } catch (error) {
      options.logger.error({ msg: 'metrics request failed', method: req.method, url: req.url?.slice(0, 200), error })
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error; see the executor log\n')
      else res.destroy()
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
