#!/usr/bin/env bash
# Gas of the compute market as transactions pay it (bench/market-gas.ts): gas per task from post to
# payout (r = 1 optimistic and r = 3 replicated, assignments of 1, 10 and 100 tasks) and ask
# insertion gas at book depth 1, 100 and 1,000. Builds first so out/ matches the sources; starts
# its own anvil on a free port and stops it.
#
# Usage: bash bench/market-gas.sh            (from anywhere; runs in the repo root)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin/forge build >/dev/null
npx tsx bench/market-gas.ts
