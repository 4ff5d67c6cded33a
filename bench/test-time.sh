#!/usr/bin/env bash
# Times what `.ci/run` does (npm install, then npm test) on a fresh clone of this repository: issue
# 5's figure, `npm test` on the machine's cores, with each step's time from npm test's own table, the
# CPU time npm test used (user + system, every process it waited for), and the load average before
# and after (a busy machine stretches every figure). CPU time / cores is the least wall time any
# scheduling of the same work could reach on this machine.
#
# Usage: bash bench/test-time.sh            (VITEST_MAX_WORKERS=N to try another number of files at once)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
git clone -q "$root" "$dir/neuromation"
cd "$dir/neuromation"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"
TIMEFORMAT='%R %U %S'
status=0
# The two commands of .ci/run, timed one by one.
{ time npm install --no-audit --no-fund > "$dir/install.log" 2>&1; } 2> "$dir/install.time" || status=$?
if [[ $status != 0 ]]; then
  tail -30 "$dir/install.log"
  exit "$status"
fi
{ time npm test > "$dir/test.log" 2>&1; } 2> "$dir/test.time" || status=$?
sed -n '/^== npm test:/,$p' "$dir/test.log"
# The clone is removed on exit: a failed run shows what failed first (Vitest's and forge's failures).
if [[ $status != 0 ]]; then
  echo "-- failures --"
  grep -a -A25 -E ' FAIL |\[FAIL' "$dir/test.log" | head -300 || true
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
read -r install_wall _ <"$dir/install.time"
read -r wall user sys <"$dir/test.time"
awk -v i="$install_wall" -v w="$wall" -v u="$user" -v s="$sys" -v c="$(nproc)" 'BEGIN {
  printf "npm install %.0f s; npm test %.0f s wall, %.0f s CPU (user %.0f + sys %.0f): %.2f of %d cores busy on average, so no schedule ends it in less than %.0f s here\n", i, w, u + s, u, s, (u + s) / w, c, (u + s) / c
  printf "fresh clone, npm install + npm test (what .ci/run does): %.0f s\n", i + w
}'
exit "$status"
