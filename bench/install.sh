#!/usr/bin/env bash
# Times `npm install` on a fresh clone of this repository (npm's cache is whatever the machine has;
# the registry is the network). Usage: bash bench/install.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
git clone -q "$root" "$dir/neuromation"
cd "$dir/neuromation"
start=$(date +%s.%N)
npm install --no-audit --no-fund > "$dir/install.log" 2>&1 || { tail -30 "$dir/install.log"; exit 1; }
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "npm install on a fresh clone: %.1f s\n", e - s }'
