#!/usr/bin/env bash
# `npm test`: every test of the repository. Contracts through the native forge binary (its exit
# code is real), then codegen, a type check and the TypeScript suites (signer, indexer, dApp).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "== contracts: forge test (unit, fuzz, invariants, gas snapshots) =="
bin/forge test

echo "== codegen + type check =="
npx tsx script/codegen.ts
npx tsc -p . --noEmit

echo "== TypeScript: vitest (signer, indexer, dApp in Chromium) =="
npx vitest run
