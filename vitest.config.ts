import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: [
      'sdk/src/**/*.test.ts',
      'runtime/src/**/*.test.ts',
      'devkit/src/**/*.test.ts',
      'signer/src/**/*.test.ts',
      'script/**/*.test.ts',
      'indexer/test/**/*.test.ts',
      'dapp/test/**/*.test.ts',
    ],
    // One embedded PostgreSQL server for the whole run (TEST_DATABASE_URL), unless one is given.
    globalSetup: ['devkit/src/vitestGlobalSetup.ts'],
    // Integration suites start anvil, Ponder and Chromium; on 2 cores they run one file at a time.
    // They take free ports and their own databases, so they could also run side by side.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
})
