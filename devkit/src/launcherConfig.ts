// `npm start`'s one reader of process.env: chain, ports, external services, timeouts; validated up
// front so a typo fails before anything starts. Documented in .env.example at the repo root.
import { isAbsolute, join } from 'node:path'
import { ConfigError, env, loadConfig } from '@neuromation/runtime'
import { z } from 'zod'
import { repoRoot } from './repoRoot'
import { EXECUTOR_METRICS_PORT, executorPortVariable, localExecutors } from './services/executorService'
import { testChainId } from './startPlatform'

/** Services LAUNCH_SKIP may leave out (the chain, deployment and codegen are what the rest need). */
export const skippableServices = ['database', 'ipfs', 'signer', 'indexer', 'dapp'] as const
export type SkippableService = (typeof skippableServices)[number]

export type LauncherConfig = {
  /** Undefined only with an external RPC_URL and no CHAIN_ID: then it is read from the node. */
  chainId: number | undefined
  /** Set when RPC_URL names an external chain: no anvil, no deploy. */
  externalRpcUrl: string | undefined
  /** Extra arguments of the local anvil: a block every ANVIL_BLOCK_TIME seconds beside automine. */
  anvilArgs: readonly string[]
  /** Fixed ports of `npm start`, by service name (the executors' metrics ports under `executor-<n>`). */
  ports: { anvil: number; database: number; ipfs: number; signer: number; indexer: number; dapp: number } & Record<
    `executor-${number}`,
    number
  >
  /** An external PostgreSQL for the indexer; unset means an embedded server started here. */
  databaseUrl: string | undefined
  /** Default (when undefined): neuro_<chainId>. */
  databaseSchema: string | undefined
  skip: ReadonlySet<SkippableService>
  logDir: string
  /** How long each service may take to become ready. */
  readyTimeoutMs: number
  /** How long a service may take to exit after SIGTERM before its process group is killed. */
  stopGraceMs: number
  /** The environment the config was read from; children inherit it (e.g. SIGNER_PRIVATE_KEY). */
  baseEnv: NodeJS.ProcessEnv
}

const schema = z.object({
  RPC_URL: env.url({ optional: true, hint: 'to start a local anvil' }),
  CHAIN_ID: env.int({ min: 1, max: 2 ** 53 - 1, optional: true }),
  // Read by the signer, which starts late: a typo must fail before anything starts.
  SIGNER_PRIVATE_KEY: env.privateKey({
    optional: true,
    hint: "the TokenSale's compliance signer; on the local anvil it defaults to anvil's account #1",
  }),
  ANVIL_PORT: env.port({ default: 8545 }),
  // 0: a block only per transaction (anvil's automine alone).
  ANVIL_BLOCK_TIME: env.int({ min: 0, max: 3_600, default: 5 }),
  DATABASE_PORT: env.port({ default: 54329 }),
  // The embedded IPFS node's gateway (the content layer's other variables: content/.env.example).
  IPFS_GATEWAY_PORT: env.port({ default: 8080 }),
  SIGNER_PORT: env.port({ default: 8787 }),
  PONDER_PORT: env.port({ default: 42069 }),
  DAPP_PORT: env.port({ default: 5173 }),
  // The local executors' /metrics and /status: fixed, so a bookmark or a Prometheus scrape config
  // outlives a restart (the dApp reads each node's status URL from its on-chain metadata).
  ...Object.fromEntries(
    localExecutors.map((_, i) => [executorPortVariable(i), env.port({ default: EXECUTOR_METRICS_PORT + i })]),
  ),
  DATABASE_URL: env.url({ protocols: ['postgresql', 'postgres'], optional: true }),
  DATABASE_SCHEMA: env.string({
    optional: true,
    pattern: /^[A-Za-z_][A-Za-z0-9_]{0,44}$/,
    expected: 'a schema name (letters, digits, _; at most 45)',
  }),
  LAUNCH_SKIP: env.string({ optional: true }),
  LAUNCH_LOG_DIR: env.string({ default: join('.data', 'logs') }),
  LAUNCH_READY_TIMEOUT_S: env.int({ min: 5, max: 3_600, default: 180 }),
  LAUNCH_STOP_GRACE_S: env.int({ min: 1, max: 120, default: 10 }),
})

const portVariables: Record<string, string> = {
  anvil: 'ANVIL_PORT',
  database: 'DATABASE_PORT',
  ipfs: 'IPFS_GATEWAY_PORT',
  signer: 'SIGNER_PORT',
  indexer: 'PONDER_PORT',
  dapp: 'DAPP_PORT',
  ...Object.fromEntries(localExecutors.map((_, i) => [`executor-${i + 1}`, executorPortVariable(i)])),
}

export function loadLauncherConfig(environment: NodeJS.ProcessEnv = process.env): LauncherConfig {
  const raw = loadConfig(schema, environment, { title: 'Invalid `npm start` configuration (see .env.example)' })
  const problems: string[] = []

  // A test run beside it would rewrite this chain's deployment file and the sdk's addresses under it.
  if (!raw.RPC_URL && raw.CHAIN_ID === testChainId)
    problems.push(
      `CHAIN_ID=${testChainId} is reserved for the test suites: they deploy to it and rewrite deployments/${testChainId}.json ` +
        `and the sdk's addresses for it while they run; unset CHAIN_ID for npm start's 31337.`,
    )

  const skip = new Set<SkippableService>()
  for (const name of (raw.LAUNCH_SKIP ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if ((skippableServices as readonly string[]).includes(name)) skip.add(name as SkippableService)
    else
      problems.push(
        `LAUNCH_SKIP names unknown service "${name}"; use a comma-separated subset of ${skippableServices.join(', ')}.`,
      )
  }

  const ports = {
    anvil: raw.ANVIL_PORT,
    database: raw.DATABASE_PORT,
    ipfs: raw.IPFS_GATEWAY_PORT,
    signer: raw.SIGNER_PORT,
    indexer: raw.PONDER_PORT,
    dapp: raw.DAPP_PORT,
    ...Object.fromEntries(
      localExecutors.map((_, i) => [`executor-${i + 1}`, raw[executorPortVariable(i) as keyof typeof raw] as number]),
    ),
  } as LauncherConfig['ports']
  // Only the ports of services that will listen here can clash.
  const listening = (Object.keys(ports) as (keyof typeof ports)[]).filter(
    (name) =>
      !(name === 'anvil' && raw.RPC_URL) &&
      !(name === 'database' && (raw.DATABASE_URL || skip.has('database'))) &&
      // With a Kubo node (IPFS_RPC_URL) nothing listens on the gateway port here.
      !(name === 'ipfs' && environment.IPFS_RPC_URL?.trim()) &&
      !skip.has(name as SkippableService),
  )
  for (const [i, name] of listening.entries()) {
    const clash = listening.slice(0, i).find((other) => ports[other] === ports[name])
    if (clash)
      problems.push(`${portVariables[clash]} and ${portVariables[name]} are both ${ports[name]}; give each service its own port.`)
  }
  if (problems.length > 0) throw new ConfigError(problems, { title: 'Invalid `npm start` configuration (see .env.example)' })

  return {
    chainId: raw.CHAIN_ID ?? (raw.RPC_URL ? undefined : 31337),
    externalRpcUrl: raw.RPC_URL,
    // Transactions are still mined at once (--mixed-mining); the empty blocks between them move
    // the chain's clock like a public chain's, so deadlines and windows pass while nobody sends a
    // transaction, and the indexer sees a live chain (Ponder warns after 30 s without a block).
    anvilArgs: raw.ANVIL_BLOCK_TIME > 0 ? ['--block-time', String(raw.ANVIL_BLOCK_TIME), '--mixed-mining'] : [],
    ports,
    databaseUrl: raw.DATABASE_URL,
    databaseSchema: raw.DATABASE_SCHEMA,
    skip,
    logDir: isAbsolute(raw.LAUNCH_LOG_DIR) ? raw.LAUNCH_LOG_DIR : join(repoRoot, raw.LAUNCH_LOG_DIR),
    readyTimeoutMs: raw.LAUNCH_READY_TIMEOUT_S * 1000,
    stopGraceMs: raw.LAUNCH_STOP_GRACE_S * 1000,
    baseEnv: environment,
  }
}
