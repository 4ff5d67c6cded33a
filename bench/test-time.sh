#!/usr/bin/env bash
# Times `bash .ci/run` (npm install, then npm test) on a fresh clone of this repository: issue 5's
# figure, `npm test` on the machine's cores, with each step's time from npm test's own table and the
# load average before and after (a busy machine stretches every figure).
#
# Usage: bash bench/test-time.sh            (VITEST_MAX_WORKERS=N to try another number of files at once)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
git clone -q "$root" "$dir/neuromation"
cd "$dir/neuromation"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"
start=$(date +%s.%N)
status=0
bash .ci/run > "$dir/ci.log" 2>&1 || status=$?
end=$(date +%s.%N)
sed -n '/^== npm test:/,$p' "$dir/ci.log"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v s="$start" -v e="$end" 'BEGIN { printf "bash .ci/run on a fresh clone (npm install + npm test): %.0f s\n", e - s }'
exit "$status"
