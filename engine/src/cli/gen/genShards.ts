import { availableParallelism } from 'node:os'
import { loadBundle } from '../../bundle/loadBundle.ts'
import { createSandboxPool } from '../../sandbox/createSandboxPool.ts'
import { writeShards } from '../../shards/writeShards.ts'
import { CliError } from '../CliError.ts'
import { createProgress } from '../createProgress.ts'
import { intFlag, jsonFlag, parseFlags } from '../parseFlags.ts'

const HELP = `Usage: neuro-gen shards --generator <dir> --count N --shard-size M --out DIR [flags]

Generates samples start .. start+N-1 in the sandbox into WebDataset tar shards of M samples
(<key>.png, <key>.json, <key>.<plane>.png; key = 8-digit global index) and DIR/manifest.json
(generator CID, params, seed, per-shard sha256). The same flags give the same bytes on any
machine, in any process.

Flags:
  --generator DIR     generator source directory or packed bundle directory (required)
  --params JSON|FILE  generator params, inline JSON or a JSON file (default {})
  --count N           number of samples (required)
  --shard-size M      samples per shard (required)
  --out DIR           output directory (required)
  --seed S            dataset seed (default 0)
  --start I           first global sample index (default 0)
  --workers W         sandbox worker threads (default: ${availableParallelism()}, the core count)
  --cid CID           refuse the bundle unless it has this CID
  --verify-every K    re-run every K-th index to catch nondeterminism (default 64, 0 = off)
  --memory-mb MB      isolate memory limit (default 256)
  --timeout-ms MS     per-sample time limit (default 10000)
  --json              print the manifest as JSON on stdout`

export async function genShards(args: string[]): Promise<number> {
  const cmd = 'neuro-gen shards'
  const { values } = parseFlags(cmd, args, {
    generator: { type: 'string' },
    params: { type: 'string' },
    count: { type: 'string' },
    'shard-size': { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string' },
    start: { type: 'string' },
    workers: { type: 'string' },
    cid: { type: 'string' },
    'verify-every': { type: 'string' },
    'memory-mb': { type: 'string' },
    'timeout-ms': { type: 'string' },
    json: { type: 'boolean' },
  })
  if (values.help) {
    process.stdout.write(`${HELP}\n`)
    return 0
  }
  if (!values.generator)
    throw new CliError(`${cmd}: --generator is required (a generator or bundle directory; see \`${cmd} --help\`)`)
  if (!values.out) throw new CliError(`${cmd}: --out is required (the directory for the shards; see \`${cmd} --help\`)`)
  const count = intFlag(cmd, 'count', values.count, undefined, 1)
  const shardSize = intFlag(cmd, 'shard-size', values['shard-size'], undefined, 1)
  const seed = intFlag(cmd, 'seed', values.seed, 0)
  const start = intFlag(cmd, 'start', values.start, 0)
  const workers = intFlag(cmd, 'workers', values.workers, availableParallelism(), 1, 256)
  const verifyEvery = intFlag(cmd, 'verify-every', values['verify-every'], 64)
  const memoryMb = intFlag(cmd, 'memory-mb', values['memory-mb'], 256, 8, 65536)
  const sampleTimeoutMs = intFlag(cmd, 'timeout-ms', values['timeout-ms'], 10_000, 1)
  const params = jsonFlag(cmd, 'params', values.params)
  const bundle = await loadBundle(values.generator, { cid: values.cid })
  const pool = await createSandboxPool({
    bundle,
    workers: Math.min(workers, count),
    verifyEvery,
    limits: { memoryMb, sampleTimeoutMs },
  })
  const progress = createProgress(count, `${bundle.manifest.name}`)
  const started = performance.now()
  // Ctrl-C stops after the current chunk and closes the workers; complete shards stay valid
  // (each is renamed into place only when whole) and the manifest is not written.
  const abort = new AbortController()
  const onSigint = (): void =>
    abort.abort(new CliError(`${cmd}: interrupted; shards written so far are complete, manifest.json was not written`, 1))
  process.once('SIGINT', onSigint)
  try {
    const manifest = await writeShards({
      pool,
      params,
      seed,
      count,
      shardSize,
      outDir: values.out,
      start,
      signal: abort.signal,
      onProgress: (done) => progress.update(done),
    })
    progress.finish()
    const seconds = (performance.now() - started) / 1000
    if (values.json) process.stdout.write(`${JSON.stringify(manifest)}\n`)
    else {
      for (const s of manifest.shards)
        process.stdout.write(`${s.file}  ${s.sha256}  ${s.bytes} bytes  samples ${s.first}..${s.first + s.count - 1}\n`)
      process.stdout.write(
        `${count} samples in ${manifest.shards.length} shards, ${(count / seconds).toFixed(1)} samples/s, generator ${bundle.cid}\n`,
      )
    }
    return 0
  } finally {
    process.off('SIGINT', onSigint)
    progress.finish()
    await pool.close()
  }
}
