// The gateway as the browser and the internet hit it: hostile and broken requests against a real
// embedded node (Helia, its filesystem blockstore in a temp dir) over real HTTP on 127.0.0.1.
// The rules: no request freezes or exhausts the service, bad input gets a status and a message
// that says what is wrong and what to do, a failed or aborted upload leaves nothing that reads as
// complete, and every byte served under a CID is that CID's.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '@neuromation/runtime'
import { MemoryBlockstore } from 'blockstore-core/memory'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDag } from '../src/buildDag'
import { ContentError } from '../src/ContentError'
import type { DirectoryInput } from '../src/ContentStore'
import { createDagReader } from '../src/createDagReader'
import { createFsBlockstore } from '../src/createFsBlockstore'
import { createGateway } from '../src/createGateway'
import { createHeliaStore, type HeliaStore } from '../src/createHeliaStore'
import { parseCid } from '../src/parseCid'
import { bytesOf } from './bytesOf'

const text = (s: string) => new TextEncoder().encode(s)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const MiB = 1024 * 1024
// The limits this suite's node runs with (the defaults are larger; see handleUpload.ts).
const maxBytes = 4 * MiB
const maxFiles = 50
const maxConcurrent = 3
const stallTimeoutMs = 1_000
const fetchTimeoutMs = 1_000

/** A multipart body as a browser's FormData sends it (undici serializes it), with its Content-Type. */
async function multipart(files: { path: string; bytes: Uint8Array; type?: string }[]) {
  const form = new FormData()
  for (const f of files)
    form.append('file', new Blob([f.bytes as Uint8Array<ArrayBuffer>], { type: f.type }), encodeURIComponent(f.path))
  const request = new Request('http://x/', { method: 'POST', body: form })
  return { type: request.headers.get('content-type') as string, body: Buffer.from(await request.arrayBuffer()) }
}

/** The CID a file's bytes get, without adding them anywhere. */
const cidOf = async (bytes: Uint8Array) => (await buildDag(new MemoryBlockstore(), bytes)).toString()
const dirCidOf = async (files: DirectoryInput[]) => (await buildDag(new MemoryBlockstore(), files)).toString()

type RawAnswer = { status: number; text: string; closed: boolean; ms: number }

/**
 * Writes `chunks` to a raw TCP connection (what fetch cannot send: a lying Content-Length, a body
 * that stops) and resolves with what came back once the server closes it, or after `waitMs`.
 */
function raw(port: number, chunks: (string | Uint8Array)[], waitMs: number): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const started = Date.now()
    const socket = connect(port, '127.0.0.1')
    const received: Buffer[] = []
    let done = false
    const finish = (closed: boolean) => {
      if (done) return
      done = true
      clearTimeout(timer)
      socket.destroy()
      const answer = Buffer.concat(received).toString('latin1')
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0), text: answer, closed, ms: Date.now() - started })
    }
    const timer = setTimeout(() => finish(false), waitMs)
    socket.on('data', (data) => received.push(data))
    socket.on('error', () => finish(true))
    socket.on('close', () => finish(true))
    for (const chunk of chunks) socket.write(chunk)
  })
}

/** The longest the event loop went without running a 5 ms timer while `work` ran. */
async function longestStall<T>(work: Promise<T>): Promise<{ value: T; stallMs: number }> {
  let last = performance.now()
  let stallMs = 0
  const timer = setInterval(() => {
    const now = performance.now()
    stallMs = Math.max(stallMs, now - last)
    last = now
  }, 5)
  try {
    const value = await work
    return { value, stallMs: Math.max(stallMs, performance.now() - last) }
  } finally {
    clearInterval(timer)
  }
}

/** Every file under `dir`. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })

/** Flips one bit of the stored block that holds `needle`, as a failing disk or a meddling process would. */
function corruptBlockHolding(nodeDir: string, needle: Uint8Array): void {
  for (const file of filesUnder(join(nodeDir, 'blocks'))) {
    const bytes = readFileSync(file)
    const at = bytes.indexOf(needle)
    if (at === -1) continue
    bytes[at] ^= 1
    writeFileSync(file, bytes)
    return
  }
  throw new Error('no stored block holds the needle')
}

describe('the gateway under hostile input', () => {
  const dirs: string[] = []
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'neuro-hostile-'))
    dirs.push(dir)
    return dir
  }
  const logs: { level: string; line: string }[] = []
  const logger = createLogger({ level: 'warn', sink: (line, level) => logs.push({ level, line }) })
  let nodeDir: string
  let store: HeliaStore
  let url: string
  let port: number
  let fileCid: string
  let dirCid: string
  const file = bytesOf(600_000, 7)

  beforeAll(async () => {
    nodeDir = tempDir()
    store = await createHeliaStore({
      dir: nodeDir,
      gatewayPort: 0,
      gatewayUploads: { maxBytes, maxFiles, maxConcurrent },
      gatewayStallTimeoutMs: stallTimeoutMs,
      logger,
      fetchTimeoutMs,
    })
    url = store.gatewayBaseUrl as string
    port = Number(new URL(url).port)
    fileCid = await store.addBytes(file)
    dirCid = await store.addDirectory([
      { path: 'labels.json', bytes: text('{"digit":7}') },
      { path: 'shards/000000.tar', bytes: file },
    ])
  })
  afterAll(async () => {
    await store?.close()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  const get = (path: string, init?: RequestInit) => fetch(`${url}${path}`, init)
  const add = (query: string, body: { type: string; body: Buffer }) =>
    fetch(`${url}/api/v0/add?${query}`, {
      method: 'POST',
      headers: { 'content-type': body.type },
      body: new Uint8Array(body.body),
    })
  /** /health answers within `ms` (the event loop and the server are free). */
  const healthWithin = async (ms: number) => {
    const started = performance.now()
    const response = await get('/health')
    expect(response.status).toBe(200)
    expect(performance.now() - started).toBeLessThan(ms)
  }

  describe('requests that must not freeze or exhaust the service', () => {
    it('answers an upload whose Content-Length is over the limit with 413 naming it, before reading its body', async () => {
      const answer = await raw(
        port,
        [
          'POST /api/v0/add HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n',
          `Content-Length: ${10 * 1024 * MiB}\r\n\r\n`,
        ],
        5_000,
      )
      expect(answer.status).toBe(413)
      expect(answer.text).toContain('4 MiB')
      // Nothing of the body was sent, and the server does not wait for it.
      expect(answer.closed).toBe(true)
      expect(answer.ms).toBeLessThan(2_000)
    })

    it('cuts off a streamed (chunked) upload once it passes the limit, with 413, without reading the rest', async () => {
      let sent = 0
      const endless = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(text('--b\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n'))
        },
        pull(controller) {
          sent += 64 * 1024
          controller.enqueue(new Uint8Array(64 * 1024))
        },
      })
      const response = await fetch(`${url}/api/v0/add`, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=b' },
        body: endless,
        duplex: 'half',
      } as RequestInit)
      expect(response.status).toBe(413)
      expect(await response.text()).toMatch(/larger than 4 MiB/)
      // The limit, and what loopback buffers hold: not an endless read.
      expect(sent).toBeLessThan(maxBytes + 16 * MiB)
      await healthWithin(500)
    })

    it('times out an upload that stops sending mid-body (slowloris) and frees it, serving others meanwhile', async () => {
      const { type, body } = await multipart([{ path: 'a.bin', bytes: bytesOf(100_000, 3) }])
      const stalled = raw(
        port,
        [
          `POST /api/v0/add HTTP/1.1\r\nHost: x\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\n\r\n`,
          body.subarray(0, 50_000),
        ],
        10_000,
      )
      await sleep(200)
      await healthWithin(500)
      const answer = await stalled
      expect(answer.closed).toBe(true)
      expect(answer.ms).toBeLessThan(stallTimeoutMs + 2_000)
      expect(answer.status).toBe(408)
      expect(answer.text).toMatch(/sent nothing for 1000 ms/)
      expect(await store.has(await cidOf(bytesOf(100_000, 3)))).toBe(false)
    })

    it('takes a few uploads at a time and answers the next 503 with Retry-After, while reads stay fast', async () => {
      const uploads = await Promise.all(
        Array.from({ length: maxConcurrent }, (_, i) => multipart([{ path: `u${i}.bin`, bytes: bytesOf(1 * MiB, 100 + i) }])),
      )
      // maxConcurrent uploads that sent half their body and wait.
      const sockets = uploads.map(({ type, body }) => {
        const socket = connect(port, '127.0.0.1')
        socket.write(
          `POST /api/v0/add HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\n\r\n`,
        )
        socket.write(body.subarray(0, body.length / 2))
        const received: Buffer[] = []
        socket.on('data', (data) => received.push(data))
        const answer = new Promise<string>((resolve) => socket.on('close', () => resolve(Buffer.concat(received).toString())))
        return { socket, body, answer }
      })
      await sleep(300)
      const busy = await add('', await multipart([{ path: 'late.txt', bytes: text('late') }]))
      expect(busy.status).toBe(503)
      expect(busy.headers.get('retry-after')).toBeTruthy()
      expect(await busy.text()).toMatch(/3 uploads are in progress.*retry/i)
      // Reads and health are not uploads: served at once.
      await healthWithin(500)
      const read = await get(`/ipfs/${dirCid}/labels.json`)
      expect(await read.text()).toBe('{"digit":7}')
      // The waiting uploads finish normally once they send the rest.
      for (const { socket, body } of sockets) socket.write(body.subarray(body.length / 2))
      const answers = await Promise.all(sockets.map((s) => s.answer))
      for (const [i, answer] of answers.entries()) {
        expect(answer).toMatch(/^HTTP\/1\.1 200/)
        expect(answer).toContain(await cidOf(bytesOf(1 * MiB, 100 + i)))
      }
      // And a slot is free again.
      expect((await add('', await multipart([{ path: 'late.txt', bytes: text('late') }]))).status).toBe(200)
    })

    it('bounds reads of CIDs nobody provides by the fetch timeout, without blocking other requests', async () => {
      const missing = await Promise.all(Array.from({ length: 30 }, (_, i) => cidOf(text(`never added ${i} ${Math.random()}`))))
      const started = Date.now()
      const pending = missing.map((cid) => get(`/ipfs/${cid}`).then(async (r) => ({ status: r.status, body: await r.text() })))
      await sleep(100)
      await healthWithin(500)
      expect(await (await get(`/ipfs/${dirCid}/labels.json`)).text()).toBe('{"digit":7}')
      for (const answer of await Promise.all(pending)) {
        expect(answer.status).toBe(404)
        expect(answer.body).toMatch(/not found .* within 1000 ms/)
      }
      expect(Date.now() - started).toBeLessThan(fetchTimeoutMs + 4_000)
    })

    it('refuses a body of thousands of tiny parts past the file limit, promptly and without blocking the event loop', async () => {
      const many = await multipart(Array.from({ length: 10_000 }, (_, i) => ({ path: `f${i}`, bytes: text(String(i)) })))
      expect(many.body.length).toBeLessThan(maxBytes)
      const started = Date.now()
      const { value: response, stallMs } = await longestStall(add('wrap-with-directory=true', many))
      expect(response.status).toBe(413)
      expect(await response.text()).toMatch(/more than 50 files/)
      expect(Date.now() - started).toBeLessThan(3_000)
      expect(stallMs).toBeLessThan(500)
      expect(await store.has(await cidOf(text('0')))).toBe(false)
    })

    it('refuses file names with .., absolute paths, NUL, overlong names and deep nesting (400), adding nothing', async () => {
      const cases: [string, string, RegExp][] = [
        ['a .. segment', '../etc/passwd', /has a "\.\." segment/],
        ['an absolute path', '/etc/passwd', /is absolute/],
        ['a NUL', 'a\0b.txt', /contains a NUL character/],
        ['a backslash', 'a\\b.txt', /contains a backslash/],
        ['an overlong name', `${'y'.repeat(300)}.txt`, /name of 304 bytes; at most 255/],
        ['deep nesting', `${Array(2_000).fill('d').join('/')}/x.txt`, /2001 segments deep; at most 100/],
      ]
      for (const [what, path, message] of cases) {
        const bytes = text(`${what} ${Math.random()}`)
        for (const query of ['', 'wrap-with-directory=true']) {
          const response = await add(query, await multipart([{ path, bytes }]))
          expect(response.status, `${what} ${query}`).toBe(400)
          expect(await response.text(), `${what} ${query}`).toMatch(message)
        }
        expect(await store.has(await cidOf(bytes)), what).toBe(false)
      }
      // A name that is not percent-encoding (the dApp encodes each path).
      const bad = await add(
        '',
        await multipart([{ path: 'x', bytes: text('x') }]).then((m) => ({
          ...m,
          body: Buffer.from(m.body.toString('latin1').replace('filename="x"', 'filename="%E0%A4%A"'), 'latin1'),
        })),
      )
      expect(bad.status).toBe(400)
      expect(await bad.text()).toMatch(/malformed percent-encoding/)
      // A name far past any limit is refused from the part's headers, before its bytes are read.
      const huge = await add('', await multipart([{ path: 'z'.repeat(20_000), bytes: text('z') }]))
      expect(huge.status).toBe(400)
      expect(await huge.text()).toMatch(/headers of part 1 are longer than 16 KiB/)
      // Nothing above hurt the process.
      expect(logs.filter((l) => l.level === 'error')).toEqual([])
    })
  })

  describe('malformed requests get 400 (or 405, 413, 415) saying what is wrong', () => {
    it('refuses malformed upload requests, saying what to send', async () => {
      const one = await multipart([{ path: 'a.txt', bytes: text('a') }])
      const expectRefused = async (response: Response, status: number, message: RegExp) => {
        expect(response.status, String(message)).toBe(status)
        expect(await response.text(), String(message)).toMatch(message)
      }
      await expectRefused(
        await add('wrap-with-directory=maybe', one),
        400,
        /wrap-with-directory=maybe is not supported: use true or false/,
      )
      await expectRefused(await add('pin=true&pin=false', one), 400, /pin is given twice/)
      await expectRefused(await add('recursive=true', one), 400, /Unknown option recursive/)
      await expectRefused(await add('', { type: 'text/plain', body: Buffer.from('hello') }), 415, /multipart\/form-data/)
      await expectRefused(await add('', { type: 'application/json', body: Buffer.from('{}') }), 415, /multipart\/form-data/)
      await expectRefused(await add('', { type: 'multipart/form-data', body: one.body }), 400, /no boundary/)
      await expectRefused(
        await add('', { type: one.type, body: one.body.subarray(0, one.body.length - 20) }),
        400,
        /ended before its closing boundary/,
      )
      await expectRefused(
        await add('', { type: one.type, body: Buffer.from('no parts at all') }),
        400,
        /ended before its closing boundary/,
      )
      const field = Buffer.from('--b\r\nContent-Disposition: form-data; name="file"\r\n\r\njust a field\r\n--b--\r\n')
      await expectRefused(await add('', { type: 'multipart/form-data; boundary=b', body: field }), 400, /has no filename/)
      await expectRefused(
        await add('', { type: 'multipart/form-data; boundary=b', body: Buffer.from('--b--\r\n') }),
        400,
        /No files/,
      )
      // Unknown methods, and methods on the wrong path, say what is served where.
      const wrongMethod = await get('/api/v0/add')
      await expectRefused(wrongMethod, 405, /POST/)
      expect(wrongMethod.headers.get('allow')).toContain('POST')
      await expectRefused(await get(`/ipfs/${fileCid}`, { method: 'POST', body: 'x' }), 405, /\/api\/v0\/add/)
      await expectRefused(await get(`/ipfs/${fileCid}`, { method: 'DELETE' }), 405, /DELETE is not supported/)
      await expectRefused(await get(`/ipfs/${fileCid}`, { method: 'PUT', body: 'x' }), 405, /PUT is not supported/)
      // A method the HTTP parser does not know is refused by Node before the gateway (400).
      expect((await raw(port, ['BREW /ipfs/x HTTP/1.1\r\nHost: x\r\n\r\n'], 2_000)).status).toBe(400)
    })

    it('adds a folder sent as Kubo clients send it (a part per folder, application/x-directory)', async () => {
      const files = [{ path: 'bundle/generator.json', bytes: text('{"name":"kubo-style"}') }]
      const response = await add(
        'wrap-with-directory=true',
        await multipart([{ path: 'bundle', bytes: new Uint8Array(0), type: 'application/x-directory' }, ...files]),
      )
      expect(response.status).toBe(200)
      expect(await response.text()).toContain(`"Hash":"${await dirCidOf(files)}"`)
      // An empty folder cannot be added (a directory here is made of files): refused, not dropped.
      const empty = await add(
        'wrap-with-directory=true',
        await multipart([{ path: 'empty', bytes: new Uint8Array(0), type: 'application/x-directory' }, ...files]),
      )
      expect(empty.status).toBe(400)
      expect(await empty.text()).toMatch(/"empty" is an empty folder/)
    })

    it('refuses bad CIDs and bad paths with 400 and unsupported hashes with 501, saying why', async () => {
      const expectAnswer = async (path: string, status: number, message: RegExp) => {
        const response = await get(path)
        expect(response.status, path.slice(0, 80)).toBe(status)
        const body = await response.text()
        expect(body, path.slice(0, 80)).toMatch(message)
        // Short enough for a person (and the dApp shows the first 200 characters).
        expect(body.length).toBeLessThan(400)
      }
      await expectAnswer('/ipfs/not-a-cid', 400, /"not-a-cid" is not a CID/)
      await expectAnswer(`/ipfs/Qm${'1'.repeat(44)}`, 400, /is not a CID/)
      await expectAnswer(`/ipfs/bafy${'a'.repeat(4_000)}`, 400, /is not a CID/)
      await expectAnswer('/ipfs/%E0%A4%A', 400, /malformed percent-encoding/)
      // sha3-256 and blake3: valid CIDs whose blocks this node cannot verify.
      await expectAnswer(
        '/ipfs/bafkrmiaxjnfnpmhw4f6v4d6vukvtvyqinm7v6evqxqzuihr3aqjjoj4rle',
        501,
        /hash function 0x16 is not supported/,
      )
      await expectAnswer(
        '/ipfs/bafkr4ihkr4ld3m4gqkjf4reryxsy2s5tkbxprqkow6fin2iiyvreuzzab4',
        501,
        /hash function 0x1e is not supported/,
      )
      await expectAnswer(`/ipfs/${dirCid}/a%00b`, 400, /contains a NUL character/)
      await expectAnswer(`/ipfs/${dirCid}/a%5Cb`, 400, /contains a backslash/)
      await expectAnswer(`/ipfs/${dirCid}/nope.txt`, 404, /does not exist/)
      await expectAnswer(`/ipfs/${fileCid}/inside/a/file`, 404, /does not exist/)
      await expectAnswer(`/ipfs/${dirCid}?format=car`, 400, /format=car is not supported/)
      // The URL parser resolves dot segments before the gateway sees them: never above /ipfs/<cid>.
      await expectAnswer(`/ipfs/${dirCid}/../../etc/passwd`, 404, /Nothing at \/etc\/passwd/)
      // Too long for Node's header limit: refused before the gateway.
      expect((await get(`/ipfs/${dirCid}/${'x'.repeat(20_000)}`)).status).toBe(431)
    })

    it('answers Range headers: malformed 400, unsatisfiable 416, several or another unit: the whole file', async () => {
      const range = async (value: string, init: RequestInit = {}) => {
        const response = await get(`/ipfs/${fileCid}`, { ...init, headers: { Range: value, ...init.headers } })
        return {
          status: response.status,
          contentRange: response.headers.get('content-range'),
          length: response.headers.get('content-length'),
          body: Buffer.from(await response.arrayBuffer()),
        }
      }
      for (const malformed of ['bytes=abc', 'bytes=5-2', 'bytes=-', 'bytes=1-2-3', 'bytes=0x10-', 'bytes 0-1']) {
        const answer = await range(malformed)
        expect(answer.status, malformed).toBe(400)
        expect(answer.body.toString(), malformed).toMatch(/Range .* is malformed: send bytes=<first>-<last>/)
      }
      const past = await range('bytes=600000-')
      expect(past.status).toBe(416)
      expect(past.contentRange).toBe('bytes */600000')
      expect(past.body.toString()).toMatch(/outside the file \(600000 bytes\)/)
      expect((await range('bytes=-0')).status).toBe(416)
      // Huge numbers: a last byte past the end is the end; a first byte past it is unsatisfiable.
      const huge = await range('bytes=599990-99999999999999999999999999')
      expect(huge.status).toBe(206)
      expect(huge.contentRange).toBe('bytes 599990-599999/600000')
      expect(huge.body.equals(Buffer.from(file.subarray(599_990)))).toBe(true)
      expect((await range('bytes=99999999999999999999999999-')).status).toBe(416)
      const suffix = await range('bytes=-99999999999999999999999999')
      expect(suffix.status).toBe(206)
      expect(suffix.length).toBe('600000')
      // Several ranges and other units: RFC 9110 lets a server send the whole file (200).
      for (const whole of ['bytes=0-1,5-6', 'items=0-1']) {
        const answer = await range(whole)
        expect(answer.status, whole).toBe(200)
        expect(answer.body.equals(Buffer.from(file)), whole).toBe(true)
      }
      // If-Range with another validator: the client's copy is not this file, so it gets all of it.
      const other = await range('bytes=0-9', { headers: { 'If-Range': '"bafkreisomethingelse"' } })
      expect(other.status).toBe(200)
      expect(other.length).toBe('600000')
      const same = await range('bytes=0-9', { headers: { 'If-Range': `"${fileCid}"` } })
      expect(same.status).toBe(206)
      expect(same.body.equals(Buffer.from(file.subarray(0, 10)))).toBe(true)
    })
  })

  describe('half-written state', () => {
    it('an upload aborted midway leaves no blocks, no pin and nothing a read returns', async () => {
      const files = [
        { path: 'one.bin', bytes: bytesOf(300_000, 41) },
        { path: 'two.bin', bytes: bytesOf(300_000, 42) },
      ]
      const { type, body } = await multipart(files)
      // The first file and half the second arrive, then the client goes away.
      const cut = await raw(
        port,
        [
          `POST /api/v0/add?wrap-with-directory=true HTTP/1.1\r\nHost: x\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\n\r\n`,
          body.subarray(0, 450_000),
        ],
        300,
      )
      expect(cut.status).toBe(0)
      await sleep(300)
      for (const f of files) expect(await store.has(await cidOf(f.bytes)), f.path).toBe(false)
      const root = await dirCidOf(files)
      expect(await store.has(root)).toBe(false)
      expect((await get(`/ipfs/${root}/one.bin`)).status).toBe(404)
      // The client going away is no error of the gateway's.
      expect(logs.filter((l) => l.level === 'error')).toEqual([])
      // The same upload, whole, succeeds.
      const whole = await add('wrap-with-directory=true', { type, body })
      expect(whole.status).toBe(200)
      expect(await whole.text()).toContain(`"Hash":"${root}"`)
    })

    it('an upload that fails while adding leaves no root, so no CID reads as complete', async () => {
      const dir = tempDir()
      const blockstore = createFsBlockstore(dir)
      await blockstore.open()
      let puts = 0
      const failing = {
        put: (...args: Parameters<typeof blockstore.put>) => {
          // The disk fills up after four blocks.
          if (++puts > 4) throw new Error('ENOSPC: no space left on device')
          return blockstore.put(...args)
        },
      }
      const gateway = await createGateway({
        reader: createDagReader(blockstore, { fetchTimeoutMs: 300, where: 'this node' }),
        port: 0,
        logger: createLogger({ level: 'silent' }),
        fetchTimeoutMs: 300,
        uploads: {
          addBytes: async (bytes) => (await buildDag(failing, bytes)).toString(),
          addDirectory: async (entries) => (await buildDag(failing, entries)).toString(),
        },
      })
      try {
        const files = [
          { path: 'a.bin', bytes: bytesOf(600_000, 51) },
          { path: 'b.bin', bytes: bytesOf(600_000, 52) },
        ]
        const { type, body } = await multipart(files)
        const response = await fetch(`${gateway.url}/api/v0/add?wrap-with-directory=true`, {
          method: 'POST',
          headers: { 'content-type': type },
          body,
        })
        expect(response.status).toBe(500)
        expect(await response.text()).toMatch(/failed/)
        // Blocks were written; whatever root is there reads whole, and the directory's is not there.
        const root = await dirCidOf(files)
        expect(await blockstore.has(parseCid(root))).toBe(false)
        const reader = createDagReader(blockstore, { fetchTimeoutMs: 300, where: 'this node' })
        for (const f of files) {
          const cid = await cidOf(f.bytes)
          if (await blockstore.has(parseCid(cid)))
            expect(Buffer.from(await reader.readAll(cid, undefined)).equals(Buffer.from(f.bytes))).toBe(true)
        }
        expect((await fetch(`${gateway.url}/ipfs/${root}/a.bin`)).status).toBe(404)
      } finally {
        await gateway.close()
        await blockstore.close()
      }
    })
  })

  describe('correct, verified responses', () => {
    it('sends type, length, ranges, ETag and immutable caching for files and directories, HEAD without a body', async () => {
      const response = await get(`/ipfs/${dirCid}/labels.json`)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('application/json')
      expect(response.headers.get('content-length')).toBe('11')
      expect(response.headers.get('accept-ranges')).toBe('bytes')
      expect(response.headers.get('cache-control')).toBe('public, max-age=29030400, immutable')
      const etag = response.headers.get('etag') as string
      expect(etag).toMatch(/^"bafkrei[a-z2-7]+"$/)
      await response.arrayBuffer()
      // HEAD: the same headers, no body; with a Range, the range's.
      const head = await get(`/ipfs/${fileCid}`, { method: 'HEAD' })
      expect(head.status).toBe(200)
      expect(head.headers.get('content-length')).toBe('600000')
      expect(head.headers.get('etag')).toBe(`"${fileCid}"`)
      expect((await head.arrayBuffer()).byteLength).toBe(0)
      const headRange = await get(`/ipfs/${fileCid}`, { method: 'HEAD', headers: { Range: 'bytes=10-19' } })
      expect(headRange.status).toBe(206)
      expect(headRange.headers.get('content-length')).toBe('10')
      expect(headRange.headers.get('content-range')).toBe('bytes 10-19/600000')
      // A directory: a listing with its own ETag per format, immutable too; HEAD works.
      const listing = await get(`/ipfs/${dirCid}/`, { method: 'HEAD' })
      expect(listing.status).toBe(200)
      expect(listing.headers.get('content-type')).toContain('text/html')
      expect(Number(listing.headers.get('content-length'))).toBeGreaterThan(0)
      expect(listing.headers.get('cache-control')).toContain('immutable')
      // Revalidation: the ETag as sent, weak, in a list, or *: 304 without a body.
      for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const revalidated = await get(`/ipfs/${dirCid}/labels.json`, { headers: { 'If-None-Match': header } })
        expect(revalidated.status, header).toBe(304)
        expect(revalidated.headers.get('etag')).toBe(etag)
      }
      expect((await get(`/ipfs/${dirCid}/labels.json`, { headers: { 'If-None-Match': '"other"' } })).status).toBe(200)
      // An error is never cached: a CID not found now may be found on the next try.
      const missing = await get(`/ipfs/${await cidOf(text(`missing ${Math.random()}`))}`)
      expect(missing.status).toBe(404)
      expect(missing.headers.get('cache-control')).toBe('no-store')
      expect((await get('/ipfs/not-a-cid')).headers.get('cache-control')).toBe('no-store')
    })

    it('never serves bytes that do not hash to the CID: a corrupted local block is refused, not served', async () => {
      const small = text(`my own local bytes ${Math.random()}`)
      const smallCid = await store.addBytes(small)
      corruptBlockHolding(nodeDir, small.subarray(0, 12))
      const refused = await get(`/ipfs/${smallCid}`)
      expect(refused.status).toBe(502)
      expect(await refused.text()).toMatch(/do not match that CID/)
      // A file of several blocks: its second chunk is corrupted; the client never gets it whole.
      const big = new Uint8Array(randomBytes(700_000))
      const bigCid = await store.addBytes(big)
      corruptBlockHolding(nodeDir, big.subarray(300_000, 300_032))
      const response = await get(`/ipfs/${bigCid}`)
      const body = await response.arrayBuffer().then(
        (bytes) => Buffer.from(bytes),
        () => undefined,
      )
      expect(body === undefined || response.status !== 200 || !body.equals(Buffer.from(big))).toBe(true)
      expect(body?.length ?? 0).toBeLessThan(big.length)
      // store.get verifies the same way.
      await expect(store.get(smallCid)).rejects.toMatchObject({ code: 'CidMismatch' })
      await expect(store.get(smallCid)).rejects.toBeInstanceOf(ContentError)
    })

    it('never serves a peer its wrong bytes: a block a connected peer lies about is not served', async () => {
      const liarDir = tempDir()
      const liar = await createHeliaStore({
        dir: liarDir,
        gatewayPort: 0,
        gateway: false,
        logger: createLogger({ level: 'silent' }),
      })
      try {
        const honest = text(`the honest bytes of a peer ${Math.random()}`)
        const cid = await liar.addBytes(honest)
        corruptBlockHolding(liarDir, honest.subarray(0, 12))
        await store.connect(liar.multiaddrs()[0])
        const response = await get(`/ipfs/${cid}`)
        expect(response.status).not.toBe(200)
        expect(await response.text()).not.toContain('honest bytes')
        expect(await store.has(cid)).toBe(false)
      } finally {
        await liar.close()
      }
    })
  })
})
