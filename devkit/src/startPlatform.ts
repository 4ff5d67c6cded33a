// One entry point for `npm start` and every integration and browser test: build the plan, keep
// the requested services (and what they depend on), run it. Tests take free ports, a private
// database and their own log files, so suites run in parallel and beside a running `npm start`.
import { join } from 'node:path'
import { type PlanOptions, platformPlan } from './platformPlan'
import { repoRoot } from './repoRoot'
import { type RunningPlatform, type RunPlanOptions, runPlan, selectServices } from './runPlan'

export type PlatformOptions = PlanOptions &
  Partial<RunPlanOptions> & {
    /** Services to start, with everything they depend on; default: the whole plan. */
    services?: readonly string[]
  }

export async function startPlatform(options: PlatformOptions = {}): Promise<RunningPlatform> {
  const plan = platformPlan(options)
  const selected = options.services ? selectServices(plan, options.services) : plan
  return runPlan(selected, { ...options, logDir: options.logDir ?? join(repoRoot, '.data', 'logs') })
}

/** The chain id of the test suites' platforms; `npm start` refuses it (see loadLauncherConfig). */
export const testChainId = 31338

/**
 * The platform for a test suite: chain 31338 unless told otherwise, free ports, a fresh database
 * on the test run's shared PostgreSQL server (TEST_DATABASE_URL, started by the devkit's vitest
 * global setup; never PGlite), the indexer ready at /health, the dApp as a production build, and
 * logs in .data/logs/test/<label>-*.log.
 */
export function startTestPlatform(label: string, options: PlatformOptions = {}): Promise<RunningPlatform> {
  const sharedServerUrl = process.env.TEST_DATABASE_URL?.trim() || undefined
  return startPlatform({
    chainId: testChainId,
    dapp: 'preview',
    ...options,
    database: { allowPglite: false, sharedServerUrl, ...options.database },
    indexer: { readyPath: '/health', ...options.indexer },
    // Children get a small environment: vitest's own variables must not change how services behave.
    baseEnv: options.baseEnv ?? testEnv(),
    logDir: options.logDir ?? join(repoRoot, '.data', 'logs', 'test'),
    logPrefix: options.logPrefix ?? `${label}-${process.pid}-`,
    readyTimeoutMs: options.readyTimeoutMs ?? 120_000,
    stopGraceMs: options.stopGraceMs ?? 10_000,
  })
}

/** PATH, HOME and TMPDIR of this process (when set), and quiet service logs. */
function testEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { LOG_LEVEL: 'warn' }
  for (const name of ['PATH', 'HOME', 'TMPDIR'] as const) if (process.env[name] !== undefined) env[name] = process.env[name]
  return env
}
