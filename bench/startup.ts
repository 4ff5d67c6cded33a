// Times `npm start` from launch to the "ready" summary, and from Ctrl-C to exit, on free ports
// (chain 31339) so it never collides with a running platform. Usage: npx tsx bench/startup.ts [runs]
// The launcher's own log (.data/logs/bench-startup/launcher.log) holds each service's ready time.
import { spawn } from 'node:child_process'
import { freePort, repoRoot } from '@neuromation/devkit'

const READY = 'Neuromation local platform is ready'
const runs = Number(process.argv[2] ?? 3)
const env = {
  ...process.env,
  CHAIN_ID: '31339',
  ANVIL_PORT: String(await freePort()),
  DATABASE_PORT: String(await freePort()),
  SIGNER_PORT: String(await freePort()),
  PONDER_PORT: String(await freePort()),
  DAPP_PORT: String(await freePort()),
  LAUNCH_LOG_DIR: '.data/logs/bench-startup',
  FORCE_COLOR: '0',
}

async function once(): Promise<{ readyMs: number; stopMs: number }> {
  const started = performance.now()
  const child = spawn('npm', ['start'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let output = ''
  const readyMs = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk
      if (output.includes(READY)) resolve(performance.now() - started)
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => reject(new Error(`npm start exited (${code}) before ready:\n${output.slice(-3000)}`)))
  })
  const stopping = performance.now()
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve())
    process.kill(-child.pid!, 'SIGINT')
  })
  return { readyMs, stopMs: performance.now() - stopping }
}

const results = []
for (let i = 0; i < runs; i++) {
  const r = await once()
  results.push(r)
  console.log(`run ${i + 1}: ready in ${(r.readyMs / 1000).toFixed(1)} s, stopped in ${(r.stopMs / 1000).toFixed(1)} s`)
}
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]
console.log(
  `npm start -> ready: median ${(median(results.map((r) => r.readyMs)) / 1000).toFixed(1)} s over ${runs} runs; ` +
    `Ctrl-C -> exit: median ${(median(results.map((r) => r.stopMs)) / 1000).toFixed(1)} s`,
)
