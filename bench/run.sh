#!/usr/bin/env bash
# All benchmarks: gas (forge snapshots + gas report), npm install time, npm start time to ready,
# the indexer under load (bench/indexer-load.ts: 200 req/s per route, hostile queries).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash bench/gas.sh
bash bench/install.sh
npx tsx bench/startup.ts "${STARTUP_RUNS:-3}"
npx tsx bench/indexer-load.ts
