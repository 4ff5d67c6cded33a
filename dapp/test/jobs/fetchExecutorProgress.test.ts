// The dApp's reads of executors' metadata and status against real HTTP servers standing in for a
// gateway and a node: hostile answers are refused with the reason the page shows.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { EXECUTOR_METADATA_FORMAT, EXECUTOR_STATUS_FORMAT, encodeExecutorMetadata, rawCid } from '@neuromation/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fetchExecutorMetadata } from '../../src/jobs/fetchExecutorMetadata'
import { fetchExecutorStatus } from '../../src/jobs/fetchExecutorStatus'
import { gatewayClient } from '../../src/jobs/gatewayClient'

const metadata = {
  format: EXECUTOR_METADATA_FORMAT as typeof EXECUTOR_METADATA_FORMAT,
  name: 'node-1',
  version: '0.1.0',
  statusUrl: 'http://127.0.0.1:1/status',
  hardware: { cpus: 2, memoryMiB: 2048, accelerator: 'cpu' as const, backend: 'wasm', unitsPerSecond: 200 },
}
const good = encodeExecutorMetadata(metadata)
const notJson = new TextEncoder().encode('neuro-executor:0xabc')
const badUrl = new TextEncoder().encode(JSON.stringify({ ...metadata, statusUrl: 'javascript:alert(1)' }))
const huge = new Uint8Array(20_000).fill(0x20)
const status = {
  format: EXECUTOR_STATUS_FORMAT,
  executor: '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
  updatedAt: 1,
  assignments: [],
}

// The "gateway": serves each document under its CID, and one under the CID of other bytes.
const files = new Map<string, Uint8Array>([
  [rawCid(good), good],
  [rawCid(notJson), notJson],
  [rawCid(badUrl), badUrl],
  [rawCid(huge), huge],
  [rawCid(new TextEncoder().encode('other')), good],
])
let server: Server
let base = ''
beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? ''
    const cid = path.startsWith('/ipfs/') ? path.slice(6) : undefined
    if (cid && files.has(cid)) return res.writeHead(200).end(files.get(cid))
    if (path === '/status') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(status))
    if (path === '/status-html') return res.writeHead(200).end('<html>hello</html>')
    if (path === '/status-huge') return res.writeHead(200).end(`"${'x'.repeat(300_000)}"`)
    if (path === '/status-redirect') return res.writeHead(302, { location: '/status' }).end()
    res.writeHead(500).end('broken')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const reason = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  )

describe('fetchExecutorMetadata', () => {
  it('reads a document whose bytes hash to its CID', async () => {
    expect(await fetchExecutorMetadata(gatewayClient(base), rawCid(good))).toEqual(metadata)
  })

  it('refuses placeholders, forged bytes, wrong JSON, bad URLs and huge documents with the reason', async () => {
    const gateway = gatewayClient(base)
    expect(await reason(fetchExecutorMetadata(gateway, 'neuro-executor:0xabc'))).toBe(
      'its metadata CID "neuro-executor:0xabc" is not a one-block document (bafkrei...): the node should run `neuro-executor register`',
    )
    const other = rawCid(new TextEncoder().encode('other'))
    expect(await reason(fetchExecutorMetadata(gateway, other))).toBe(
      `the gateway returned bytes for ${other} that do not hash to it`,
    )
    expect(await reason(fetchExecutorMetadata(gateway, rawCid(notJson)))).toMatch(
      /^Invalid executor metadata at bafkrei\w+: the document is not JSON/,
    )
    expect(await reason(fetchExecutorMetadata(gateway, rawCid(badUrl)))).toMatch(
      /statusUrl must be an http:\/\/ or https:\/\/ URL without credentials/,
    )
    expect(await reason(fetchExecutorMetadata(gateway, rawCid(huge)))).toMatch(/: more than the 16384 bytes expected\.$/)
  })
})

describe('fetchExecutorStatus', () => {
  it('reads a node status', async () => {
    expect(await fetchExecutorStatus(`${base}/status`)).toEqual(status)
  })

  it('refuses what is not a status, redirects and huge answers, with the reason', async () => {
    expect(await reason(fetchExecutorStatus(`${base}/status-html`))).toMatch(/^the status is not JSON/)
    expect(await reason(fetchExecutorStatus(`${base}/status-huge`))).toBe(`${base}/status-huge sent more than 262144 bytes`)
    expect(await reason(fetchExecutorStatus(`${base}/status-redirect`))).toBe(
      `cannot reach ${base}/status-redirect (offline, or no CORS)`,
    )
    expect(await reason(fetchExecutorStatus(`${base}/nope`))).toBe(`${base}/nope answered 500`)
    expect(await reason(fetchExecutorStatus('http://127.0.0.1:1/status'))).toBe(
      'cannot reach http://127.0.0.1:1/status (offline, or no CORS)',
    )
  })
})
