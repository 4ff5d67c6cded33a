#!/usr/bin/env bash
# sim2real figures: real MNIST test accuracy of models trained only on synthetic digits, the
# synthetic samples used and the wall time, from one `npm run sim2real` into a fresh directory.
# Usage: bash bench/sim2real.sh [extra sim2real flags, e.g. --epochs 4 or --model mnist-cnn]
# Model selection uses at most 1,000 real training images (issue 6, item 6): every 10th image of
# mnist-train[50000:60000]. Last figures (README, Benchmarks): the default ensemble of mnist-cnn-bn,
# mnist-cnn-wide and mnist-cnn, 97.31% on the MNIST test set (97.00% on
# mnist-train[50000:60000:10]), 1,500,000 augmented synthetic samples, 2,241 s on 2 idle cores
# (2026-11-30, session 12); --model mnist-cnn alone (session 11's generator) 96.40%, 500,000
# samples, 463 s idle. Wall times track the machine's load (with
# ~20 runnable jobs on the 2 cores, 2026-11-29, training ran 5-8x slower), so quote them with the
# load they were taken at.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
npm run --silent sim2real -- --out "$out" --fresh "$@"
node -e '
  const r = require(process.argv[1])
  console.log(JSON.stringify({ testAccuracy: r.testAccuracy, syntheticSamples: r.syntheticSamples, wallSeconds: Math.round(r.wallSeconds), backend: r.backend, workers: r.workers }))
' "$out/sim2real.json"
