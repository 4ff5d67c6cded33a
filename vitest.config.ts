import { defineConfig } from 'vitest/config'

// Test files that deploy a chain and then read the sdk's generated contracts for it. Vite caches
// each transformed module for the whole run, so a project whose files loaded the generated module
// before that codegen would keep serving the old one: these files get their own project (and with
// it their own module cache), and every chain they deploy has the same, deterministic addresses.
const deployingSdkTests = ['sdk/src/actions/**/*.test.ts', 'executor/test/**/*.test.ts']

// Integration suites start anvil, Ponder and Chromium; on 2 cores they run one file at a time.
// They take free ports and their own databases, so they could also run side by side.
const shared = { fileParallelism: false, testTimeout: 60_000, hookTimeout: 240_000 }

export default defineConfig({
  test: {
    ...shared,
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
