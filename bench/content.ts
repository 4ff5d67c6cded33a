// The content layer's throughput on this machine: the embedded Helia node's add and get, its
// gateway (whole files, concurrent Range reads as webdataset loaders make them, time to first
// byte) and a transfer between two nodes over loopback (bitswap). Usage:
//   npx tsx bench/content.ts [megabytes=32]
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHeliaStore } from '@neuromation/content'
import { createLogger } from '@neuromation/runtime'

const megabytes = Number(process.argv[2] ?? 32)
if (!Number.isFinite(megabytes) || megabytes <= 0) throw new Error('usage: npx tsx bench/content.ts [megabytes > 0]')
const size = Math.round(megabytes * 1024 * 1024)
const logger = createLogger({ level: 'silent' })
const dirs = [mkdtempSync(join(tmpdir(), 'neuro-bench-ipfs-')), mkdtempSync(join(tmpdir(), 'neuro-bench-ipfs-'))]
const rate = (bytes: number, ms: number) => `${((bytes / 1024 / 1024) * (1000 / ms)).toFixed(1)} MB/s`
const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now()
  const result = await fn()
  return [result, performance.now() - started]
}

const [a, startMs] = await time(() => createHeliaStore({ dir: dirs[0], gatewayPort: 0, logger }))
const b = await createHeliaStore({ dir: dirs[1], gatewayPort: 0, gateway: false, logger })
try {
  const bytes = randomBytes(size)
  const [cid, addMs] = await time(() => a.addBytes(bytes))
  const [, getMs] = await time(() => a.get(cid))
  const url = a.gatewayUrl(cid)
  const [, httpMs] = await time(async () => (await fetch(url)).arrayBuffer())

  // 64 readers at once, 1 MiB ranges at random offsets.
  const ranges = 64
  const [, rangeMs] = await time(() =>
    Promise.all(
      Array.from({ length: ranges }, async () => {
        const start = Math.floor(Math.random() * Math.max(1, size - 1_048_576))
        const response = await fetch(url, { headers: { Range: `bytes=${start}-${start + 1_048_575}` } })
        return response.arrayBuffer()
      }),
    ),
  )
  const firstByte: number[] = []
  for (let i = 0; i < 20; i += 1) {
    const started = performance.now()
    const response = await fetch(url, { headers: { Range: 'bytes=0-0' } })
    await response.arrayBuffer()
    firstByte.push(performance.now() - started)
  }
  firstByte.sort((x, y) => x - y)

  await b.connect(a.multiaddrs()[0])
  const [, bitswapMs] = await time(() => b.get(cid, { timeoutMs: 60_000 }))

  console.log(`content layer, ${megabytes} MiB of random bytes (embedded Helia, fs blockstore, loopback)`)
  console.log(`  node start (libp2p + gateway)   ${startMs.toFixed(0)} ms`)
  console.log(`  addBytes                        ${rate(size, addMs)}`)
  console.log(`  get (local blocks)              ${rate(size, getMs)}`)
  console.log(`  gateway GET, whole file         ${rate(size, httpMs)}`)
  console.log(`  gateway, ${ranges} concurrent 1 MiB ranges  ${rate(ranges * 1_048_576, rangeMs)}`)
  console.log(`  gateway time to first byte      p50 ${firstByte[10].toFixed(1)} ms, max ${firstByte[19].toFixed(1)} ms`)
  console.log(`  bitswap, node to node           ${rate(size, bitswapMs)}`)
} finally {
  await b.close()
  await a.close()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
}
