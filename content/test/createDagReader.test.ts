import * as dagPb from '@ipld/dag-pb'
import { MemoryBlockstore } from 'blockstore-core/memory'
import { UnixFS } from 'ipfs-unixfs'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { buildDag } from '../src/buildDag'
import { ContentError } from '../src/ContentError'
import { CHUNK_SIZE } from '../src/cidOptions'
import { BASE_BLOCKS, createDagReader, MIN_BLOCK_BYTES } from '../src/createDagReader'
import { bytesOf } from './bytesOf'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * A peer that sends one block every `intervalMs`, whatever is asked at once: each block comes
 * well within the idle timeout, so only a total deadline stops it.
 */
function trickling(blocks: MemoryBlockstore, intervalMs: number) {
  let next = 0
  let served = 0
  return {
    get served() {
      return served
    },
    async get(cid: CID, options?: { signal?: AbortSignal }) {
      next = Math.max(Date.now(), next) + intervalMs
      await sleep(next - Date.now())
      options?.signal?.throwIfAborted()
      served++
      return blocks.get(cid, options)
    },
  }
}

async function rejection(promise: Promise<unknown>): Promise<ContentError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ContentError)
  return error as ContentError
}

describe('createDagReader deadlines', () => {
  it('gives up on a peer that trickles blocks just inside the idle timeout, as a retryable ContentNotFound', async () => {
    const blocks = new MemoryBlockstore()
    // 10 chunks and a root: 11 blocks, 2.2 s at one block per 200 ms; the idle timeout is 400 ms.
    const file = bytesOf(10 * CHUNK_SIZE)
    const cid = (await buildDag(blocks, file)).toString()
    // At 8 MiB/s the read may take 2 x 400 ms + 2.5 MiB / 8 MiB/s = 1,113 ms.
    const slow = trickling(blocks, 200)
    const reader = createDagReader(slow, { fetchTimeoutMs: 400, where: 'the test peer', minBytesPerSecond: 8 * 1024 * 1024 })
    const started = Date.now()
    const error = await rejection(reader.readAll(cid, undefined, { maxBytes: file.byteLength }))
    const took = Date.now() - started
    expect(error.code).toBe('ContentNotFound')
    expect(error.retryable).toBe(true)
    expect(error.shortMessage).toContain(cid)
    expect(error.shortMessage).toMatch(/within its deadline of 1113 ms \(gave up after \d+ ms, \d+ blocks fetched\)/)
    expect(took).toBeGreaterThanOrEqual(1_050)
    expect(took).toBeLessThan(2_000)
    expect(slow.served).toBeLessThan(11)

    // The same peer at the default floor (256 KiB/s: 10.8 s for this file) is waited for.
    const patient = createDagReader(trickling(blocks, 200), { fetchTimeoutMs: 400, where: 'the test peer' })
    expect(Buffer.from(await patient.readAll(cid, undefined)).equals(file)).toBe(true)
  })

  it('bounds a listing by its entries', async () => {
    const blocks = new MemoryBlockstore()
    const files = Array.from({ length: 20 }, (_, i) => ({ path: `f${i}.txt`, bytes: bytesOf(10, i + 1) }))
    const dir = (await buildDag(blocks, files)).toString()
    // 21 blocks at 100 ms: 2.1 s; a listing of 20 entries may take 2 x 300 ms + 20 x 10 ms.
    const reader = createDagReader(trickling(blocks, 100), { fetchTimeoutMs: 300, where: 'the test peer' })
    const started = Date.now()
    const error = await rejection(reader.list(dir))
    expect(error.code).toBe('ContentNotFound')
    expect(error.shortMessage).toContain(`${dir} was not fetched in full from the test peer within its deadline of 800 ms`)
    expect(Date.now() - started).toBeLessThan(1_800)
    // Given the time, the same listing completes.
    const patient = createDagReader(trickling(blocks, 20), { fetchTimeoutMs: 300, where: 'the test peer' })
    expect(await patient.list(dir)).toHaveLength(20)
  })

  it('refuses a DAG with more blocks than its size warrants, before fetching them all', async () => {
    // 64 KiB in 16-byte raw leaves: 4,096 leaves where a normal DAG has one.
    const blocks = new MemoryBlockstore()
    const file = bytesOf(64 * 1024, 5)
    const root = await finelySplit(blocks, file)
    let fetched = 0
    const counting = {
      get: (cid: CID, options?: { signal?: AbortSignal }) => {
        fetched++
        return blocks.get(cid, options)
      },
    }
    const reader = createDagReader(counting, { fetchTimeoutMs: 2_000, where: 'the test peer' })
    const cap = BASE_BLOCKS + (64 * 1024) / MIN_BLOCK_BYTES
    for (const maxBytes of [1024 * 1024, undefined]) {
      fetched = 0
      const error = await rejection(reader.readAll(String(root), undefined, { maxBytes }))
      expect(error.code).toBe('ContentTooLarge')
      expect(error.shortMessage).toMatch(new RegExp(`^${root} needs more than ${cap} blocks, .* \\(stopped after \\d+ ms\\)`))
      expect(fetched).toBeLessThanOrEqual(cap)
    }
    // The same bytes in the usual chunks read fine.
    const normal = (await buildDag(blocks, file)).toString()
    expect(Buffer.from(await reader.readAll(normal, undefined)).equals(file)).toBe(true)
  })

  it('fails a read whose block is missing deep in the DAG without an unhandled rejection', async () => {
    // Two levels of internal nodes: the exporter reads the lower one in tasks whose rejections
    // nobody handles, which would end the process (here: fail the test run).
    const blocks = new MemoryBlockstore()
    const file = bytesOf(64 * 1024, 6)
    const root = await finelySplit(blocks, file)
    const leaves: CID[] = []
    for await (const { cid } of blocks.getAll()) if (cid.code === 0x55) leaves.push(cid)
    await blocks.delete(leaves[100])
    // Like the network: a block nobody has never arrives; the read's signal ends the wait.
    const network = {
      async get(cid: CID, options?: { signal?: AbortSignal }) {
        if (await blocks.has(cid)) return blocks.get(cid, options)
        return new Promise<never>((_, reject) =>
          options?.signal?.addEventListener('abort', () => reject(options.signal?.reason), { once: true }),
        )
      },
    }
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      const reader = createDagReader(network, { fetchTimeoutMs: 200, where: 'the test peer' })
      const error = await rejection(reader.readAll(String(root), undefined, { maxBytes: 8 * 1024 * 1024 }))
      expect(error.code).toBe('ContentNotFound')
      expect(error.shortMessage).toContain(`${root} was not found on the test peer`)
      // The exporter's background tasks settle after the read failed: give them time to.
      await sleep(300)
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })

  // Each node hashes to its CID, so only its parsing can fail: a dag-pb block that is no UnixFS
  // node, or a file node whose links and block sizes disagree. The exporter parses a file's
  // children in tasks whose rejections nobody handles.
  it.each<[string, Uint8Array, boolean?]>([
    ['is not UnixFS', dagPb.encode({ Data: new Uint8Array([0xff, 0xff, 0xff]), Links: [] })],
    ['has no data', dagPb.encode({ Links: [] })],
    ['is not dag-pb', new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x01])],
    [
      'has more links than block sizes',
      dagPb.encode({ Data: new UnixFS({ type: 'file', blockSizes: [] }).marshal(), Links: [] }),
      true,
    ],
  ])('fails a read whose well-hashed node deep in the DAG %s, without an unhandled rejection', async (_, crafted, addLink) => {
    const blocks = new MemoryBlockstore()
    const put = async (codec: number, bytes: Uint8Array) => {
      const cid = CID.createV1(codec, await sha256.digest(bytes))
      await blocks.put(cid, bytes)
      return cid
    }
    const leaf = await put(raw.code, bytesOf(10, 7))
    let badBytes = crafted
    if (addLink) {
      // The same node with a link its (empty) block sizes do not account for.
      badBytes = dagPb.encode({ ...dagPb.decode(crafted), Links: [{ Hash: leaf, Tsize: 10 }] })
    }
    const bad = await put(dagPb.code, badBytes)
    // A file of two 10-byte parts whose second part is the crafted node.
    const root = await put(
      dagPb.code,
      dagPb.encode(
        dagPb.prepare({
          Data: new UnixFS({ type: 'file', blockSizes: [10n, 10n] }).marshal(),
          Links: [
            { Hash: leaf, Tsize: 10 },
            { Hash: bad, Tsize: badBytes.length },
          ],
        }),
      ),
    )
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      const reader = createDagReader(blocks, { fetchTimeoutMs: 1_000, where: 'the test peer' })
      const error = await rejection(reader.readAll(String(root), undefined, { maxBytes: 1024 }))
      expect(error.code).toBe('Unsupported')
      expect(error.retryable).toBe(false)
      expect(error.shortMessage).toContain(`${root} holds a block that is no UnixFS node this layer can read (${bad}: `)
      await sleep(100)
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })
})

/** `file` in 16-byte raw leaves: 4,096 leaves under 24 internal nodes under the root. */
async function finelySplit(blocks: MemoryBlockstore, file: Uint8Array): Promise<CID> {
  let root: CID | undefined
  for await (const entry of importer([{ content: file }], blocks, {
    cidVersion: 1,
    rawLeaves: true,
    chunker: fixedSize({ chunkSize: 16 }),
  })) {
    root = entry.cid
  }
  return root as CID
}
