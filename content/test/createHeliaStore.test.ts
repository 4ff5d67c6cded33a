import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '@neuromation/runtime'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ContentError } from '../src/ContentError'
import { createHeliaStore, type HeliaStore } from '../src/createHeliaStore'
import { bytesOf } from './bytesOf'

const logger = createLogger({ level: 'silent' })
const text = (s: string) => new TextEncoder().encode(s)
/** Large byte arrays compared by digest: toEqual walks them element by element (seconds per MB). */
const digest = (bytes: Uint8Array) => `${bytes.byteLength}:${createHash('sha256').update(bytes).digest('hex')}`
// A CID nobody has: the raw CID of bytes never added anywhere.
const missingCid = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'

async function expectContentError(promise: Promise<unknown>, code: string): Promise<ContentError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ContentError)
  expect((error as ContentError).code).toBe(code)
  return error as ContentError
}

describe('createHeliaStore', () => {
  const dirs: string[] = []
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'neuro-helia-'))
    dirs.push(dir)
    return dir
  }
  let store: HeliaStore

  beforeAll(async () => {
    store = await createHeliaStore({ dir: tempDir(), gatewayPort: 0, logger, fetchTimeoutMs: 2_000 })
  })
  afterAll(async () => {
    await store?.close()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  it('gives the CIDs Kubo gives (CIDv1, raw leaves) and reads the bytes back', async () => {
    // `echo 'hello world' | ipfs add --cid-version 1 --raw-leaves` and the empty file, from Kubo.
    expect(await store.addBytes(text('hello world\n'))).toBe('bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4')
    expect(await store.addBytes(new Uint8Array(0))).toBe('bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku')
    const big = bytesOf(3 * 262_144 + 7)
    const cid = await store.addBytes(big)
    // Several chunks: a dag-pb root over raw leaves.
    expect(cid.startsWith('bafybei')).toBe(true)
    expect(digest(await store.get(cid))).toBe(digest(big))
    expect(await store.has(cid)).toBe(true)
    expect(await store.has(missingCid)).toBe(false)
    expect(await store.get('bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku')).toEqual(new Uint8Array(0))
  })

  it('adds nested directories whose CID does not depend on the order given', async () => {
    const files = [
      { path: 'generator.json', bytes: text('{"name":"digits"}') },
      { path: 'shards/000001.tar', bytes: bytesOf(300_000, 2) },
      { path: 'shards/000000.tar', bytes: bytesOf(1000, 3) },
    ]
    const cid = await store.addDirectory(files)
    expect(await store.addDirectory([...files].reverse())).toBe(cid)
    expect(await store.ls(cid)).toEqual([
      { name: 'generator.json', cid: expect.stringMatching(/^bafkrei/), size: 17, type: 'file' },
      { name: 'shards', cid: expect.stringMatching(/^bafybei/), size: expect.any(Number), type: 'directory' },
    ])
    const shards = await store.ls((await store.ls(cid))[1].cid)
    expect(shards.map((entry) => [entry.name, entry.size])).toEqual([
      ['000000.tar', 1000],
      ['000001.tar', 300_000],
    ])
    expect(digest(await store.getFile(cid, 'shards/000001.tar'))).toBe(digest(files[1].bytes))
    expect(new TextDecoder().decode(await store.getFile(cid, './generator.json'))).toBe('{"name":"digits"}')
    expect(store.gatewayUrl(cid, 'shards/000000.tar')).toBe(`${store.gatewayBaseUrl}/ipfs/${cid}/shards/000000.tar`)
  })

  it('refuses bad input with errors that say what is wrong', async () => {
    const dir = await store.addDirectory([{ path: 'a/b.txt', bytes: text('b') }])
    const file = await store.addBytes(text('just a file'))
    await expectContentError(store.get('not-a-cid'), 'InvalidCid')
    await expectContentError(store.get(dir), 'NotAFile')
    await expectContentError(store.ls(file), 'NotADirectory')
    const missing = await expectContentError(store.getFile(dir, 'a/c.txt'), 'PathNotFound')
    expect(missing.retryable).toBe(false)
    await expectContentError(store.getFile(dir, '../etc/passwd'), 'InvalidPath')
    await expectContentError(store.getFile(dir, '/a/b.txt'), 'InvalidPath')
    const large = await expectContentError(store.get(file, { maxBytes: 4 }), 'ContentTooLarge')
    expect(large.shortMessage).toContain('11 bytes, over the limit of 4')
    await expectContentError(store.addDirectory([]), 'InvalidInput')
    await expectContentError(
      store.addDirectory([
        { path: 'x', bytes: text('1') },
        { path: 'x', bytes: text('2') },
      ]),
      'InvalidInput',
    )
    const clash = await expectContentError(
      store.addDirectory([
        { path: 'x', bytes: text('1') },
        { path: 'x/y', bytes: text('2') },
      ]),
      'InvalidInput',
    )
    expect(clash.shortMessage).toContain('"x" is a file but "x/y" uses it as a folder')
    await expectContentError(store.addDirectory([{ path: 'a//b', bytes: text('1') }]), 'InvalidPath')
  })

  it('gives up on a CID nobody has after the timeout, as a retryable ContentNotFound', async () => {
    const started = Date.now()
    const error = await expectContentError(store.get(missingCid, { timeoutMs: 300 }), 'ContentNotFound')
    expect(error.retryable).toBe(true)
    expect(error.shortMessage).toContain('within 300 ms')
    expect(Date.now() - started).toBeLessThan(5_000)
    // The caller's own abort wins over the timeout and keeps its reason.
    const controller = new AbortController()
    const pending = store.get(missingCid, { signal: controller.signal, timeoutMs: 60_000 })
    controller.abort(new Error('user cancelled'))
    await expect(pending).rejects.toThrow('user cancelled')
  })

  it('exchanges blocks with another node over loopback (bitswap) and pins what it fetched', async () => {
    const otherDir = tempDir()
    const other = await createHeliaStore({ dir: otherDir, gatewayPort: 0, gateway: false, logger, fetchTimeoutMs: 5_000 })
    try {
      const file = bytesOf(700_000, 9)
      const dir = await store.addDirectory([
        { path: 'data.bin', bytes: file },
        { path: 'labels.json', bytes: text('[1,2,3]') },
      ])
      expect(await other.has(dir)).toBe(false)
      await other.connect(store.multiaddrs()[0])
      expect(digest(await other.getFile(dir, 'data.bin'))).toBe(digest(file))
      await other.pin(dir)
      expect(await other.has(dir)).toBe(true)
      expect((await other.ls(dir)).map((entry) => entry.name)).toEqual(['data.bin', 'labels.json'])
      // And the other way: what the second node adds, the first fetches.
      const back = await other.addBytes(text('from the other node'))
      expect(new TextDecoder().decode(await store.get(back))).toBe('from the other node')
    } finally {
      await other.close()
    }
    // Nothing writes to a closed node's directory (libp2p's peer store would, recreating it).
    rmSync(otherDir, { recursive: true, force: true })
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect(existsSync(otherDir)).toBe(false)
  })

  it('keeps its content and peer id across restarts, and refuses use after close', async () => {
    const dir = tempDir()
    const first = await createHeliaStore({ dir, gatewayPort: 0, gateway: false, logger })
    const cid = await first.addBytes(text('persisted'))
    const peerId = first.peerId
    await first.close()
    await first.close() // idempotent
    await expectContentError(first.get(cid), 'StoreClosed')
    const second = await createHeliaStore({ dir, gatewayPort: 0, gateway: false, logger })
    try {
      expect(second.peerId).toBe(peerId)
      expect(await second.has(cid)).toBe(true)
      expect(new TextDecoder().decode(await second.get(cid))).toBe('persisted')
      expect(() => second.gatewayUrl(cid)).toThrow(ContentError)
    } finally {
      await second.close()
    }
  })
})
