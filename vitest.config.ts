import { relative } from 'node:path'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

// Test files that deploy a chain and then read the sdk's generated contracts for it. Vite caches
// each transformed module for the whole run, so a project whose files loaded the generated module
// before that codegen would keep serving the old one: these files get their own project (and with
// it their own module cache), and every chain they deploy has the same, deterministic addresses.
const deployingSdkTests = ['sdk/src/actions/**/*.test.ts', 'executor/test/**/*.test.ts']

const platformTests = [
  'sdk/src/**/*.test.ts',
  'runtime/src/**/*.test.ts',
  'content/src/**/*.test.ts',
  'content/test/**/*.test.ts',
  'devkit/src/**/*.test.ts',
  'signer/src/**/*.test.ts',
  'script/**/*.test.ts',
  'indexer/test/**/*.test.ts',
  'dapp/test/**/*.test.ts',
  'engine/src/**/*.test.ts',
  'generators/**/*.test.ts',
  'executor/src/**/*.test.ts',
]

// Files that change what a module shared with the next file holds, so each runs with modules of
// its own: module mocks (vi.mock) and the engine's, which switch TensorFlow.js backends and
// register kernels in its one global engine, and run sandbox worker pools.
const isolatedTests = [
  'engine/src/**/*.test.ts',
  'executor/src/Executor.test.ts',
  'indexer/test/apiRoutes.test.ts',
  'indexer/test/marketRoutes.test.ts',
]

// Three files at a time (VITEST_MAX_WORKERS=N to choose; 1: one at a time). Most integration suites
// wait on anvil, Ponder, Chromium or a challenge window much of their time, so on 2 cores `npm test`
// took 869 s one at a time, 377 s two at a time and 326 s three at a time; beside two busy loops
// (load 5-8) three at a time passed in 436 s. What made side by side flaky is fixed: suites on one
// chain id reset the indexer's API role password (indexer/bin/preparePostgres.ts) and overwrote each
// other's deployment file mid-read (devkit/src/deploy.ts now writes its own and renames it into
// place); under load the dApp lost a shard read the busy gateway cut and a challenge's outcome (both
// fixed in the dApp, not in the tests).
const maxWorkers = Number(process.env.VITEST_MAX_WORKERS) || 3

// The integration suites, slowest first: they start first, so the many short files fill the
// other workers meanwhile instead of a long suite starting last and running alone at the end.
// Vitest orders by the durations of the previous run when it has them; a fresh clone has none.
const slowFirst = [
  'dapp/test/jobs.test.ts',
  'dapp/test/dapp.test.ts',
  // Mostly waiting out a 60 s challenge window on the clock: the other workers run meanwhile.
  'executor/test/capacity.test.ts',
  'script/start.test.ts',
  'indexer/test/market.test.ts',
  'indexer/test/indexer.pglite.test.ts',
  'indexer/test/indexer.postgres.test.ts',
  'dapp/test/executors.test.ts',
  'executor/test/cheating.test.ts',
  'executor/test/resilience.test.ts',
  'executor/test/optimistic.test.ts',
  'executor/test/cli.test.ts',
  'engine/src/train/train.test.ts',
  'signer/src/signer.integration.test.ts',
  'executor/test/replicated.test.ts',
  'executor/test/hostile.test.ts',
  'engine/src/shards/readShardsPython.test.ts',
]

class SlowFirstSequencer extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const rank = (spec: TestSpecification) => {
      const index = slowFirst.indexOf(relative(spec.project.config.root, spec.moduleId))
      return index === -1 ? slowFirst.length : index
    }
    // A stable sort: files outside the list keep the base order (previous durations, file size).
    return sorted
      .map((spec, i) => ({ spec, i }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.i - b.i)
      .map(({ spec }) => spec)
  }
}

// A suite's beforeAll starts a whole platform (anvil, deploy, codegen, Ponder, a dApp build,
// Chromium); several start at once beside forge and tsc, so on a busy 2-core machine that can take
// minutes. The limit is there to end a hang, not to time the start.
const shared = { testTimeout: 60_000, hookTimeout: 360_000 }

export default defineConfig({
  test: {
    ...shared,
    maxWorkers,
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      {
        test: {
          ...shared,
          name: 'platform',
          include: platformTests,
          exclude: ['**/node_modules/**', ...deployingSdkTests, ...isolatedTests],
          // One module cache per worker, not one per file: most files import viem, the sdk or the
          // devkit, and loading those afresh for every file cost more CPU than the files' tests
          // (98 small files: 68 s of CPU isolated, 33 s not). These files leave no global state
          // behind: their services run in child processes they stop.
          isolate: false,
          // One embedded PostgreSQL server for the whole run (TEST_DATABASE_URL), unless one is given.
          globalSetup: ['devkit/src/vitestGlobalSetup.ts'],
        },
      },
      { test: { ...shared, name: 'isolated', include: isolatedTests } },
      { test: { ...shared, name: 'sdk-chain', include: deployingSdkTests } },
    ],
  },
})
