import { relative } from 'node:path'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

// Test files that deploy a chain and then read the sdk's generated contracts for it. Vite caches
// each transformed module for the whole run, so a project whose files loaded the generated module
// before that codegen would keep serving the old one: these files get their own project (and with
// it their own module cache), and every chain they deploy has the same, deterministic addresses.
const deployingSdkTests = ['sdk/src/actions/**/*.test.ts', 'executor/test/**/*.test.ts']

// Files run one at a time by default, the configuration proven on a clean clone. Side by side
// (VITEST_MAX_WORKERS=2) is not yet: its one known clash (suites on one chain id resetting the
// indexer's server-wide API role password) is fixed in indexer/bin/preparePostgres.ts, but a run on
// the shared 2-core machine (load ~20, 2026-11-29) failed 4 tests. Three overran their start-up
// limits (`npm start` waited 250 s for its executors where start.test.ts allows 240 s; the IPFS
// service test its 120 s); one was not a timeout: indexer.postgres "starts clean on a fresh chain
// with the same id" (98 s of its 240 s) while indexer.pglite, indexer/test/market.test.ts and the
// dApp stack also deploy chain 31338 and run codegen into the same deployments/31338.json and
// sdk/src/generated files, a likely clash. Make parallel the default once that is fixed and a full
// run has passed twice.
const maxWorkers = Number(process.env.VITEST_MAX_WORKERS) || 1

// The integration suites, slowest first: they start first, so the many short files fill the
// other workers meanwhile instead of a long suite starting last and running alone at the end.
// Vitest orders by the durations of the previous run when it has them; a fresh clone has none.
const slowFirst = [
  'dapp/test/dapp.test.ts',
  'script/start.test.ts',
  'indexer/test/indexer.pglite.test.ts',
  'indexer/test/indexer.postgres.test.ts',
  'engine/src/train/train.test.ts',
  'signer/src/signer.integration.test.ts',
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
          include: [
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
          ],
          exclude: ['**/node_modules/**', ...deployingSdkTests],
          // One embedded PostgreSQL server for the whole run (TEST_DATABASE_URL), unless one is given.
          globalSetup: ['devkit/src/vitestGlobalSetup.ts'],
        },
      },
      { test: { ...shared, name: 'sdk-chain', include: deployingSdkTests } },
    ],
  },
})
