import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '@neuromation/runtime'
import { MemoryBlockstore } from 'blockstore-core/memory'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDag } from '../src/buildDag'
import { createDagReader, MAX_LISTED_ENTRIES } from '../src/createDagReader'
import { createGateway, type Gateway } from '../src/createGateway'
import { createHeliaStore } from '../src/createHeliaStore'

const logger = createLogger({ level: 'silent' })
const text = (s: string) => new TextEncoder().encode(s)
const missingCid = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'
// The first bytes of a PNG: enough for the gateway to sniff a bare CID's type.
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 1, 2, 3])

describe('createGateway', () => {
  const blocks = new MemoryBlockstore()
  const big = randomBytes(5 * 262_144 + 99)
  // Larger than loopback socket buffers (a few MB each way), so a client that reads nothing stalls the server.
  const huge = randomBytes(24 * 1024 * 1024)
  let hugeCid: string
  let gateway: Gateway
  let dir: string
  let bigCid: string
  let pngCid: string

  beforeAll(async () => {
    bigCid = (await buildDag(blocks, big)).toString()
    pngCid = (await buildDag(blocks, png)).toString()
    hugeCid = (await buildDag(blocks, huge)).toString()
    dir = (
      await buildDag(blocks, [
        { path: 'labels.json', bytes: text('{"digit":7}') },
        { path: 'shards/000000.tar', bytes: big },
        { path: 'name with space.txt', bytes: text('spaced') },
      ])
    ).toString()
    const reader = createDagReader(blocks, { fetchTimeoutMs: 500, where: 'this node' })
    gateway = await createGateway({ reader, port: 0, logger, fetchTimeoutMs: 500, stallTimeoutMs: 1_000 })
  })
  afterAll(() => gateway?.close())

  const get = (path: string, init?: RequestInit) => fetch(`${gateway.url}${path}`, init)

  it('serves a file with its type, length, ETag and CORS, and HEAD without a body', async () => {
    const response = await get(`/ipfs/${dir}/labels.json`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.headers.get('content-length')).toBe('11')
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('accept-ranges')).toBe('bytes')
    expect(response.headers.get('cache-control')).toContain('immutable')
    // Anyone's content: an .html or .svg opened from a link runs no script on the gateway's origin.
    expect(response.headers.get('content-security-policy')).toBe('sandbox')
    expect(await response.text()).toBe('{"digit":7}')
    const etag = response.headers.get('etag') as string
    expect((await get(`/ipfs/${dir}/labels.json`, { headers: { 'If-None-Match': etag } })).status).toBe(304)

    // A bare CID has no name: the type comes from its first bytes.
    const sniffed = await get(`/ipfs/${pngCid}`)
    expect(sniffed.headers.get('content-type')).toBe('image/png')
    expect(new Uint8Array(await sniffed.arrayBuffer())).toEqual(png)

    const head = await get(`/ipfs/${bigCid}`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe(String(big.byteLength))
    expect((await head.arrayBuffer()).byteLength).toBe(0)

    expect(await get(`/ipfs/${dir}/name%20with%20space.txt`).then((r) => r.text())).toBe('spaced')
  })

  it('serves files and folders with non-Latin-1 names, with X-Ipfs-Path percent-encoded', async () => {
    const named = (
      await buildDag(blocks, [
        { path: '日.txt', bytes: text('日本') },
        { path: '数据/a#b.txt', bytes: text('hash') },
      ])
    ).toString()
    const file = await get(`/ipfs/${named}/${encodeURIComponent('日.txt')}`)
    expect(file.status).toBe(200)
    expect(file.headers.get('x-ipfs-path')).toBe(`/ipfs/${named}/%E6%97%A5.txt`)
    expect(new TextDecoder().decode(await file.arrayBuffer())).toBe('日本')
    const folder = await get(`/ipfs/${named}/${encodeURIComponent('数据')}/`)
    expect(folder.status).toBe(200)
    const page = await folder.text()
    // Links stay inside the folder: a raw # would cut the URL short.
    expect(page).toContain(`href="/ipfs/${named}/%E6%95%B0%E6%8D%AE/a%23b.txt"`)
    expect(page).toContain(`<h1>/ipfs/${named}/数据</h1>`)
    const json = await get(`/ipfs/${named}/${encodeURIComponent('数据')}?format=json`).then((r) => r.json())
    expect(json.path).toBe(`/ipfs/${named}/数据`)
    expect(await get(`/ipfs/${named}/%E6%95%B0%E6%8D%AE/a%23b.txt`).then((r) => r.text())).toBe('hash')
  })

  it('answers Range requests (as webdataset readers send them) across chunk boundaries', async () => {
    const range = async (header: string) => {
      const response = await get(`/ipfs/${dir}/shards/000000.tar`, { headers: { Range: header } })
      return {
        status: response.status,
        contentRange: response.headers.get('content-range'),
        body: Buffer.from(await response.arrayBuffer()),
      }
    }
    const across = await range('bytes=262140-262150')
    expect(across.status).toBe(206)
    expect(across.contentRange).toBe(`bytes 262140-262150/${big.byteLength}`)
    expect(across.body.equals(big.subarray(262_140, 262_151))).toBe(true)
    const suffix = await range('bytes=-10')
    expect(suffix.body.equals(big.subarray(big.byteLength - 10))).toBe(true)
    const open = await range(`bytes=${big.byteLength - 5}-`)
    expect(open.body.equals(big.subarray(big.byteLength - 5))).toBe(true)
    const past = await range(`bytes=${big.byteLength}-`)
    expect(past.status).toBe(416)
    expect(past.contentRange).toBe(`bytes */${big.byteLength}`)
    // Several ranges: served whole, as RFC 9110 allows.
    const multi = await range('bytes=0-1,5-6')
    expect(multi.status).toBe(200)
    expect(multi.body.byteLength).toBe(big.byteLength)
  })

  it('lists directories as JSON when asked, as HTML otherwise', async () => {
    const json = await get(`/ipfs/${dir}?format=json`).then((r) => r.json())
    expect(json.entries.map((entry: { name: string; type: string }) => `${entry.name}:${entry.type}`)).toEqual([
      'labels.json:file',
      'name with space.txt:file',
      'shards:directory',
    ])
    const byAccept = await get(`/ipfs/${dir}/shards`, { headers: { Accept: 'application/json' } }).then((r) => r.json())
    expect(byAccept.entries[0]).toMatchObject({ name: '000000.tar', size: big.byteLength, type: 'file' })
    const html = await get(`/ipfs/${dir}/`)
    expect(html.headers.get('content-type')).toContain('text/html')
    const page = await html.text()
    expect(page).toContain(`href="/ipfs/${dir}/shards/"`)
    expect(page).toContain('name%20with%20space.txt')
  })

  it('refuses to list a directory over MAX_LISTED_ENTRIES with 400, before fetching its children', async () => {
    // One more entry than a listing holds: a HAMT-sharded directory, as any large one is.
    const many = Array.from({ length: MAX_LISTED_ENTRIES + 1 }, (_, i) => ({ path: `f${i}.txt`, bytes: text(String(i)) }))
    const largeBlocks = new MemoryBlockstore()
    const large = (await buildDag(largeBlocks, many)).toString()
    let fetched = 0
    const counting = {
      get: (cid: Parameters<MemoryBlockstore['get']>[0], options?: Parameters<MemoryBlockstore['get']>[1]) => {
        fetched++
        return largeBlocks.get(cid, options)
      },
    }
    const reader = createDagReader(counting as unknown as MemoryBlockstore, { fetchTimeoutMs: 500, where: 'this node' })
    const own = await createGateway({ reader, port: 0, logger, fetchTimeoutMs: 500, stallTimeoutMs: 1_000 })
    try {
      const refused = await fetch(`${own.url}/ipfs/${large}?format=json`)
      expect(refused.status).toBe(400)
      expect(await refused.text()).toContain(`has more than ${MAX_LISTED_ENTRIES} entries`)
      // The shard blocks only: no child's root block was read.
      expect(fetched).toBeLessThan(MAX_LISTED_ENTRIES / 10)
      // Entries stay reachable by path.
      const one = await fetch(`${own.url}/ipfs/${large}/f7.txt`)
      expect(one.status).toBe(200)
      expect(await one.text()).toBe('7')
    } finally {
      await own.close()
    }
    // A reader with a smaller cap lists what fits and refuses what does not.
    const small = await createGateway({
      reader: createDagReader(blocks, { fetchTimeoutMs: 500, where: 'this node', maxListedEntries: 2 }),
      port: 0,
      logger,
      fetchTimeoutMs: 500,
      stallTimeoutMs: 1_000,
    })
    try {
      expect((await fetch(`${small.url}/ipfs/${dir}/shards?format=json`)).status).toBe(200)
      const refused = await fetch(`${small.url}/ipfs/${dir}?format=json`)
      expect(refused.status).toBe(400)
      expect(await refused.text()).toContain('has more than 2 entries, more than one listing holds')
    } finally {
      await small.close()
    }
  })

  it('says clearly what is wrong: bad CID 400, unknown CID or path 404, wrong method 405', async () => {
    const bad = await get('/ipfs/not-a-cid')
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('"not-a-cid" is not a CID')
    const started = Date.now()
    const unknown = await get(`/ipfs/${missingCid}`, { headers: { Accept: 'application/json' } })
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ code: 'ContentNotFound', error: expect.stringContaining(missingCid) })
    expect(Date.now() - started).toBeLessThan(5_000)
    const noPath = await get(`/ipfs/${dir}/nope.txt`)
    expect(noPath.status).toBe(404)
    expect(await noPath.text()).toContain('does not exist')
    expect((await get('/ipns/example.org')).status).toBe(404)
    expect((await get(`/ipfs/${dir}/labels.json`, { method: 'POST', body: 'x' })).status).toBe(405)
    const preflight = await get(`/ipfs/${dir}`, { method: 'OPTIONS' })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Range')
  })

  it('serves many clients at once, and a client that stops reading neither blocks others nor stays connected', async () => {
    // A client asks for 24 MB and never reads: the server's writes back up.
    const stuck = connect(gateway.port, '127.0.0.1')
    stuck.on('error', () => undefined) // the server resets it
    stuck.write(`GET /ipfs/${hugeCid} HTTP/1.1\r\nHost: x\r\n\r\n`)
    stuck.pause()

    const started = Date.now()
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        get(`/ipfs/${bigCid}`, { headers: { Range: `bytes=${i * 1000}-${i * 1000 + 999}` } }).then(async (r) =>
          Buffer.from(await r.arrayBuffer()),
        ),
      ),
    )
    for (const [i, body] of results.entries()) expect(body.equals(big.subarray(i * 1000, i * 1000 + 1000))).toBe(true)
    const whole = Buffer.from(await (await get(`/ipfs/${bigCid}`)).arrayBuffer())
    expect(whole.equals(big)).toBe(true)
    expect(Date.now() - started).toBeLessThan(10_000)

    // stallTimeoutMs is 1 s: by now the server has cut the stuck client off. (A paused socket
    // does not notice: reading what is buffered shows the response ends far short of 24 MB.)
    await new Promise((resolve) => setTimeout(resolve, 2_500))
    const closed = new Promise<void>((resolve) => stuck.on('close', () => resolve()))
    stuck.on('data', () => undefined)
    stuck.resume()
    await closed
    expect(stuck.bytesRead).toBeGreaterThan(0)
    expect(stuck.bytesRead).toBeLessThan(huge.byteLength)
  })
})

describe('the embedded store with its gateway', () => {
  it('serves what was added at the URL gatewayUrl() gives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'neuro-helia-'))
    const store = await createHeliaStore({ dir, gatewayPort: 0, logger })
    try {
      const root = await store.addDirectory([{ path: 'generator.json', bytes: text('{"name":"digits"}') }])
      const response = await fetch(store.gatewayUrl(root, 'generator.json'))
      expect(response.headers.get('content-type')).toBe('application/json')
      expect(await response.json()).toEqual({ name: 'digits' })
      expect(await fetch(`${store.gatewayBaseUrl}/health`).then((r) => r.json())).toEqual({ ok: true })
    } finally {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
