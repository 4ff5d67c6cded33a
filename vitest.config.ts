import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: [
      'sdk/src/**/*.test.ts', 'runtime/src/**/*.test.ts', 'signer/src/**/*.test.ts', 'script/**/*.test.ts', 'indexer/test/**/*.test.ts', 'dapp/test/**/*.test.ts',
      'engine/src/**/*.test.ts',
      'generators/**/*.test.ts',
    ],
    // Integration suites start anvil, Ponder and Chromium; on 2 cores they run one file at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
})
