// Entry point of `npm run start|dev -w @neuromation/indexer`: validates the environment, checks
// the chain and its deployment, clears a database left over from an earlier chain with the same
// id (fresh anvil), then runs the Ponder CLI with the port, host and schema from the environment.
import { spawn } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { getDeployment } from '@neuromation/sdk'
import { createPublicClient, http } from 'viem'
import { loadConfig } from '../src/config'
import { chainFingerprint } from './chainFingerprint'
import { resetStaleDatabase } from './resetStaleDatabase'

const indexerRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')

function log(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}) {
  const line = JSON.stringify({ time: new Date().toISOString(), level, service: 'indexer', msg, ...fields })
  if (level === 'error') console.error(line)
  else console.log(line)
}

async function main(command: string): Promise<number> {
  if (command !== 'start' && command !== 'dev') throw new Error(`usage: tsx bin/ponder.ts start|dev (got ${JSON.stringify(command)})`)
  const config = loadConfig()
  const deployment = getDeployment(config.chainId)

  const fingerprint = await chainFingerprint(config.rpcUrl)
  if (fingerprint.chainId !== config.chainId) {
    throw new Error(`RPC_URL ${config.rpcUrl} serves chain ${fingerprint.chainId}, but CHAIN_ID is ${config.chainId}; make them agree`)
  }
  const client = createPublicClient({ transport: http(config.rpcUrl) })
  const code = await client.getCode({ address: deployment.contracts.TokenSale })
  if (!code || code === '0x') {
    throw new Error(
      `No TokenSale at ${deployment.contracts.TokenSale} on chain ${config.chainId}: deployments/${config.chainId}.json ` +
        'is from another chain. Deploy (script/Deploy.s.sol), then run `npm run codegen`.',
    )
  }

  const outcome = await resetStaleDatabase(config, fingerprint)
  log(outcome.reset ? 'warn' : 'info', outcome.reset ? 'cleared indexer database' : 'reusing indexer database', {
    reason: outcome.reason,
    database: config.databaseUrl ? 'postgres' : config.pgliteDir,
    schema: config.databaseSchema,
  })

  // ponder's bin sits next to its ESM entry: node_modules/ponder/dist/esm/bin/ponder.js.
  const ponderBin = join(dirname(fileURLToPath(import.meta.resolve('ponder'))), 'bin', 'ponder.js')
  const args = [
    ponderBin,
    command,
    '--root', indexerRoot,
    '--schema', config.databaseSchema,
    '--port', String(config.port),
    '--hostname', config.hostname,
  ]
  if (command === 'dev' && !process.stdout.isTTY) args.push('--disable-ui')
  // Ponder prefers PORT over --port; PONDER_PORT is this app's setting, so PORT must not leak in.
  const env: NodeJS.ProcessEnv = { ...process.env, PONDER_TELEMETRY_DISABLED: '1' }
  delete env.PORT
  log('info', 'starting ponder', { command, chainId: config.chainId, rpcUrl: config.rpcUrl, url: `http://${config.hostname}:${config.port}` })

  const child = spawn(process.execPath, args, { cwd: indexerRoot, env, stdio: 'inherit' })
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    child.kill(signal)
    // Ponder flushes and closes the database on SIGTERM; do not wait forever if it hangs.
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref()
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  return new Promise((resolveExit, reject) => {
    child.on('error', reject)
    child.on('exit', (code, signal) => resolveExit(code ?? (signal ? 128 + (signal === 'SIGKILL' ? 9 : 15) : 1)))
  })
}

main(process.argv[2] ?? '').then(
  (code) => process.exit(code),
  (error: Error) => {
    log('error', error.message, { error: error.name })
    process.exit(1)
  },
)
