#!/usr/bin/env bash
# `npm test`: every test of the repository. Contracts through the native forge binary (its exit
# code is real), then codegen, a type check and the TypeScript suites (signer, indexer, dApp).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p .data

echo "== contracts: forge test (unit, fuzz, invariants, gas snapshots) =="
bin/forge test | tee .data/forge-test.log

echo "== codegen + type check =="
npx tsx script/codegen.ts
npx tsc -p . --noEmit

echo "== lint: Biome (TypeScript style and bugs), dependency-cruiser (DESIGN.md import rules) =="
# Fix style with `npm run lint:fix`; an import-rule error names the rule and why it exists.
npm run --silent lint:ts
npm run --silent lint:deps

echo "== TypeScript: vitest (signer, indexer, dApp in Chromium) =="
npx vitest run --reporter=default --reporter=json --outputFile.json=.data/vitest.json

# One closing line for both runners (reached only when both passed: set -e stops on a failure).
node -e '
  const fs = require("node:fs")
  const forge = fs.readFileSync(".data/forge-test.log", "utf8").match(/(\d+) tests passed, (\d+) failed, (\d+) skipped/)
  const vitest = JSON.parse(fs.readFileSync(".data/vitest.json", "utf8"))
  const passed = Number(forge[1]) + vitest.numPassedTests
  const failed = Number(forge[2]) + vitest.numFailedTests
  const skipped = Number(forge[3]) + vitest.numPendingTests + vitest.numTodoTests
  console.log(`forge: ${forge[1]} passed; vitest: ${vitest.numPassedTests} passed`)
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
'
