import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger, freePort } from '@neuromation/runtime'
import { MemoryBlockstore } from 'blockstore-core/memory'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDag } from '../src/buildDag'
import { ContentError } from '../src/ContentError'
import { createHeliaStore, type HeliaStore } from '../src/createHeliaStore'
import { createKuboStore, type KuboStore } from '../src/createKuboStore'
import { type JsIpfs, startJsIpfs } from './startJsIpfs'

const logger = createLogger({ level: 'silent' })
const text = (s: string) => new TextEncoder().encode(s)
const digest = (bytes: Uint8Array) => `${bytes.byteLength}:${createHash('sha256').update(bytes).digest('hex')}`
const missingCid = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'

async function contentError(promise: Promise<unknown>): Promise<ContentError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ContentError)
  return error as ContentError
}

describe('createKuboStore against a real Kubo RPC server (js-ipfs)', () => {
  let node: JsIpfs
  let kubo: KuboStore
  let helia: HeliaStore
  let heliaDir: string

  beforeAll(async () => {
    heliaDir = mkdtempSync(join(tmpdir(), 'neuro-helia-'))
    ;[node, helia] = await Promise.all([
      startJsIpfs(),
      createHeliaStore({ dir: heliaDir, gatewayPort: 0, gateway: false, logger }),
    ])
    kubo = createKuboStore({ rpcUrl: node.rpcUrl, gatewayUrl: node.gatewayUrl, logger, fetchTimeoutMs: 5_000 })
  })
  afterAll(async () => {
    await kubo?.close()
    await helia?.close()
    await node?.stop()
    if (heliaDir) rmSync(heliaDir, { recursive: true, force: true })
  })

  it('gets the same CIDs as the embedded node for the same bytes and directories', async () => {
    const small = text('hello world\n')
    const big = randomBytes(2 * 262_144 + 1234)
    expect(await kubo.addBytes(small)).toBe('bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4')
    const bigCid = await kubo.addBytes(big)
    expect(bigCid).toBe(await helia.addBytes(big))
    const files = [
      { path: 'generator.json', bytes: text('{"name":"shelf"}') },
      { path: 'shards/000000.tar', bytes: randomBytes(300_000) },
      { path: 'shards/000001.tar', bytes: randomBytes(10) },
    ]
    const dirCid = await kubo.addDirectory(files)
    expect(dirCid).toBe(await helia.addDirectory([...files].reverse()))
  })

  it('reads files, directories and paths back, each block verified', async () => {
    const big = randomBytes(3 * 262_144)
    const dir = await kubo.addDirectory([
      { path: 'data/big.bin', bytes: big },
      { path: 'labels.json', bytes: text('{"a":1}') },
    ])
    expect(digest(await kubo.getFile(dir, 'data/big.bin'))).toBe(digest(big))
    expect(await kubo.ls(dir)).toEqual([
      { name: 'data', cid: expect.stringMatching(/^bafybei/), size: expect.any(Number), type: 'directory' },
      { name: 'labels.json', cid: expect.stringMatching(/^bafkrei/), size: 7, type: 'file' },
    ])
    const fileCid = (await kubo.ls((await kubo.ls(dir))[0].cid))[0].cid
    expect(digest(await kubo.get(fileCid))).toBe(digest(big))
    await kubo.pin(dir)
    expect(await kubo.has(dir)).toBe(true)
    expect((await contentError(kubo.getFile(dir, 'nope.txt'))).code).toBe('PathNotFound')
    expect((await contentError(kubo.get(fileCid, { maxBytes: 1000 }))).code).toBe('ContentTooLarge')
    // The node's own gateway serves the same bytes at the URL the store hands out.
    const response = await fetch(kubo.gatewayUrl(dir, 'labels.json'))
    expect(await response.text()).toBe('{"a":1}')
  })

  it('times out on a CID the node does not have (retryable), and says so for has()', async () => {
    const error = await contentError(kubo.get(missingCid, { timeoutMs: 500 }))
    expect(error.code).toBe('ContentNotFound')
    expect(error.retryable).toBe(true)
    expect(await kubo.has(missingCid)).toBe(false)
  })
})

// A Kubo RPC endpoint that lies: it serves blocks from `blocks` (which the test may corrupt) and
// answers every add with `addCid`. Only the endpoints the adapter calls are implemented.
async function startLyingKubo(blocks: Map<string, Uint8Array>, addCid: () => string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://kubo')
    const chunks: Buffer[] = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => {
      if (url.pathname === '/api/v0/block/get') {
        const bytes = blocks.get(CID.parse(url.searchParams.get('arg') ?? '').toString())
        if (!bytes) {
          res.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ Message: 'block not found', Code: 0 }))
          return
        }
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(bytes)
        return
      }
      if (url.pathname === '/api/v0/add') {
        res
          .writeHead(200, { 'Content-Type': 'application/x-ndjson' })
          .end(`${JSON.stringify({ Name: '', Hash: addCid(), Size: '12' })}\n`)
        return
      }
      res.writeHead(404).end('404 page not found')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

describe('createKuboStore against a node that lies', () => {
  const honest = new MemoryBlockstore()
  const served = new Map<string, Uint8Array>()
  let fileCid: string
  let dirCid: string
  let leafCid: string
  let lying: { url: string; server: Server }
  let store: KuboStore

  beforeAll(async () => {
    // Real blocks of a 3-chunk file inside a directory, recorded as the node would serve them.
    const recorder = {
      put: async (cid: CID, bytes: Uint8Array) => {
        served.set(cid.toString(), bytes)
        return honest.put(cid, bytes)
      },
    }
    const file = randomBytes(3 * 262_144)
    fileCid = (await buildDag(recorder, file)).toString()
    dirCid = (await buildDag(recorder, [{ path: 'shard.tar', bytes: file }])).toString()
    leafCid = [...served.keys()].find((cid) => cid.startsWith('bafkrei')) as string
    lying = await startLyingKubo(served, () => 'bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4')
    store = createKuboStore({ rpcUrl: lying.url, logger, fetchTimeoutMs: 2_000 })
  })
  afterAll(async () => {
    await store?.close()
    await new Promise((resolve) => lying?.server.close(resolve))
  })

  it('reads honest blocks, and refuses a file one of whose chunks was altered (CidMismatch, not retryable)', async () => {
    expect((await store.get(fileCid)).byteLength).toBe(3 * 262_144)
    const original = served.get(leafCid) as Uint8Array
    const altered = Uint8Array.from(original)
    altered[1000] ^= 0xff
    served.set(leafCid, altered)
    try {
      const error = await contentError(store.get(fileCid))
      expect(error.code).toBe('CidMismatch')
      expect(error.retryable).toBe(false)
      expect(error.shortMessage).toContain(leafCid)
      expect((await contentError(store.getFile(dirCid, 'shard.tar'))).code).toBe('CidMismatch')
    } finally {
      served.set(leafCid, original)
    }
  })

  it('refuses a directory listing built from a forged root block', async () => {
    // The node answers for the directory with the bytes of another directory.
    const other = await buildDag(new MemoryBlockstore(), [{ path: 'evil.js', bytes: text('steal()') }])
    const forged = new MemoryBlockstore()
    await buildDag(forged, [{ path: 'evil.js', bytes: text('steal()') }])
    const original = served.get(dirCid) as Uint8Array
    served.set(dirCid, await collect(forged.get(other)))
    try {
      expect((await contentError(store.ls(dirCid))).code).toBe('CidMismatch')
    } finally {
      served.set(dirCid, original)
    }
  })

  it('refuses an add whose returned CID is not the CID of the bytes sent', async () => {
    const error = await contentError(store.addBytes(text('not hello world')))
    expect(error.code).toBe('CidMismatch')
    expect(error.shortMessage).toContain('returned bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4')
    expect((await contentError(store.addDirectory([{ path: 'a.txt', bytes: text('a') }]))).code).toBe('CidMismatch')
  })
})

describe('createKuboStore with no node', () => {
  it('reports an unreachable RPC endpoint as NodeUnavailable (retryable)', async () => {
    const store = createKuboStore({ rpcUrl: `http://127.0.0.1:${await freePort()}` })
    const error = await contentError(store.addBytes(text('x')))
    expect(error.code).toBe('NodeUnavailable')
    expect(error.retryable).toBe(true)
    expect(store.gatewayUrl(missingCid, 'a b.txt')).toMatch(/^http:\/\/127\.0\.0\.1:8080\/ipfs\/bafkrei\w+\/a%20b\.txt$/)
    expect(() => createKuboStore({ rpcUrl: 'localhost:5001' })).toThrow(/not a URL|must be http/)
  })
})

async function collect(source: unknown): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source
  const parts: Uint8Array[] = []
  for await (const chunk of (await source) as AsyncIterable<Uint8Array>) parts.push(chunk)
  return Buffer.concat(parts)
}
