#!/usr/bin/env bash
# sim2real figures: real MNIST test accuracy of a CNN trained only on synthetic digits, the
# synthetic samples used and the wall time, from one `npm run sim2real` into a fresh directory.
# Usage: bash bench/sim2real.sh [extra sim2real flags, e.g. --epochs 4]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
npm run --silent sim2real -- --out "$out" --fresh "$@"
node -e '
  const r = require(process.argv[1])
  console.log(JSON.stringify({ testAccuracy: r.testAccuracy, syntheticSamples: r.syntheticSamples, wallSeconds: Math.round(r.wallSeconds), backend: r.backend, workers: r.workers }))
' "$out/sim2real.json"
