// shelf generator throughput (sandbox, every core) with and without shard writing, and the
// sha256 of one shard generated in two separate processes with different worker counts (must
// be equal). Usage: npx tsx bench/shelf.ts [samples]
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSandboxPool, loadBundle, type ShardManifest, writeShards } from '@neuromation/engine'

const samples = Number(process.argv[2] ?? 64)
const cores = availableParallelism()
const bundle = await loadBundle('generators/shelf')
const pool = await createSandboxPool({ bundle, workers: cores })
const tmp = mkdtempSync(join(tmpdir(), 'bench-shelf-'))
try {
  for await (const _ of pool.generate({ seed: 1, start: 1_000_000, count: cores * 4 })) void _
  // Wall time, and CPU time of all threads (stable when other jobs share the machine).
  const measure = async (work: () => Promise<unknown>): Promise<{ wallMs: number; cpuMs: number }> => {
    const cpu = process.cpuUsage()
    const t = performance.now()
    await work()
    const used = process.cpuUsage(cpu)
    return { wallMs: performance.now() - t, cpuMs: (used.user + used.system) / 1000 }
  }
  const generate = await measure(async () => {
    for await (const _ of pool.generate({ seed: 1, start: 0, count: samples })) void _
  })
  const shards = await measure(() =>
    writeShards({ pool, seed: 1, count: samples, shardSize: 32, outDir: join(tmp, 'in-process') }),
  )
  await pool.close()
  const generateMs = generate.wallMs
  const shardsMs = shards.wallMs

  // The same shard from two fresh processes, one worker vs every core.
  const shard = (workers: number): ShardManifest => {
    const out = join(tmp, `w${workers}`)
    const stdout = execFileSync(
      process.execPath,
      [
        'engine/bin/neuro-gen.mjs',
        'shards',
        '--generator',
        'generators/shelf',
        '--count',
        '16',
        '--shard-size',
        '16',
        '--seed',
        '7',
        '--workers',
        String(workers),
        '--out',
        out,
        '--json',
      ],
      { encoding: 'utf8' },
    )
    return JSON.parse(stdout) as ShardManifest
  }
  const a = shard(1)
  const b = shard(cores)
  console.log(
    JSON.stringify(
      {
        generator: `shelf ${bundle.cid}`,
        workers: cores,
        samples,
        generateSamplesPerSec: Number(((samples / generateMs) * 1000).toFixed(1)),
        shardsSamplesPerSec: Number(((samples / shardsMs) * 1000).toFixed(1)),
        generateSamplesPerCpuSec: Number(((samples / generate.cpuMs) * 1000).toFixed(1)),
        shardsSamplesPerCpuSec: Number(((samples / shards.cpuMs) * 1000).toFixed(1)),
        loadAverage1m: Number(loadavg()[0].toFixed(1)),
        shardSha256Process1: a.shards[0].sha256,
        shardSha256Process2: b.shards[0].sha256,
        equal: a.shards[0].sha256 === b.shards[0].sha256,
      },
      null,
      2,
    ),
  )
  if (a.shards[0].sha256 !== b.shards[0].sha256) process.exitCode = 1
} finally {
  await pool.close()
  rmSync(tmp, { recursive: true, force: true })
}
