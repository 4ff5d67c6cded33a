import { relative } from 'node:path'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

// Test files that deploy a chain and then read the sdk's generated contracts for it. Vite caches
// each transformed module for the whole run, so a project whose files loaded the generated module
// before that codegen would keep serving the old one: these files get their own project (and with
// it their own module cache), and every chain they deploy has the same, deterministic addresses.
const deployingSdkTests = ['sdk/src/actions/**/*.test.ts', 'executor/test/**/*.test.ts']

// Files run one at a time by default, the configuration proven on a clean clone. Side by side
// (VITEST_MAX_WORKERS=4) is faster even on 2 cores, since integration suites mostly wait; its one
// known clash (suites on one chain id resetting the indexer's server-wide API role password) is
// fixed in indexer/bin/preparePostgres.ts, but a full parallel run has not been re-verified.
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
