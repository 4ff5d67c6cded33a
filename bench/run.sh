#!/usr/bin/env bash
# All benchmarks: gas (forge snapshots + gas report), market gas and throughput, npm install and npm test
# time on a fresh clone, npm start time to ready, the indexer under load (bench/indexer-load.ts: 200 req/s per route, hostile queries), the engine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash bench/gas.sh
# The compute market: gas per task post -> payout (r = 1 and r = 3) and ask insertion vs book depth.
bash bench/market-gas.sh
# The compute market end to end: a 20-task job on the three local executors, compute / wall time.
# (It imports the devkit, which needs the sdk's generated contracts: market-gas.sh built out/.)
npm run codegen >/dev/null
npx tsx bench/market-throughput.ts
# npm install and the whole test suite on a fresh clone (issue 5: npm test on the machine's cores).
bash bench/test-time.sh
npx tsx bench/startup.ts "${STARTUP_RUNS:-3}"
npx tsx bench/indexer-load.ts
# The content layer: embedded IPFS add/get, gateway (whole, Range, first byte), bitswap.
npx tsx bench/content.ts 32
# The engine: sandbox vs native speed of digits, shelf throughput and cross-process shard hash,
# training throughput tfjs vs PyTorch (PyTorch only where python3 can import torch).
npx tsx bench/sandbox-vs-native.ts 400 generators/digits
npx tsx bench/shelf.ts 64
npx tsx bench/train-throughput.ts 20 128
