#!/usr/bin/env bash
# `npm test`: every test of the repository. Independent steps run side by side, each into its own
# log; a step's log is printed whole when it ends, then a table of every step, then one closing
# line with the test counts. Exit status 1 when any step failed or could not run.
#
#   forge build ─> codegen ─┬─> forge test (unit, fuzz, invariants, gas snapshots)
#   solhint                 ├─> typecheck (strict type check of the generated sdk and everything else)
#   biome                   ├─> depcruise (DESIGN.md import rules)
#                           └─> vitest (every TypeScript suite, integration and browser ones too)
#
# codegen reads forge's artifacts, and the type check, the import rules and Vitest read its output;
# Vitest's suites deploy with `forge script`, which finds the build up to date. Most of Vitest's time
# is its integration suites waiting on anvil, Ponder and Chromium; the CPU-only steps fill those
# gaps. (They are not niced: on a machine shared with other work a niced step starves and ends last.)
# Contracts go through the native forge binary (its exit code is real), never the npm wrapper.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

logs=.data/test-steps
rm -rf "$logs" .data/vitest.json
mkdir -p "$logs"
# Fix style with `npm run lint:fix`; an import-rule error names the rule and why it exists.
declare -A command=(
  [forge-build]='bin/forge build'
  [solhint]='npm run -s lint:sol'
  [biome]='npm run --silent lint:ts'
  [codegen]='npx tsx script/codegen.ts'
  [forge-test]='bin/forge test'
  # tsgo (TypeScript's native port): the same files, options and errors as tsc at about a quarter
  # of its CPU time (checked with deliberate errors); `npm run typecheck:tsc` runs tsc itself. One
  # checker thread (package.json): on 2 cores its default of 4 cost 30 s CPU instead of 17 s, and
  # ended later too.
  [typecheck]='npm run --silent typecheck'
  [depcruise]='npm run --silent lint:deps'
  [vitest]='npx vitest run --reporter=default --reporter=json --outputFile.json=.data/vitest.json'
)
# What each step starts once it has passed.
declare -A unlocks=([forge-build]='codegen' [codegen]='forge-test typecheck depcruise vitest')
order=(forge-build solhint biome codegen forge-test typecheck depcruise vitest)

declare -A status seconds name_of
began=$SECONDS
# Ctrl-C or a CI timeout stops every step (they share this script's process group).
trap 'trap - INT TERM; kill 0' INT TERM

start() {
  local name=$1
  # Each step in its own subshell: its exit code and duration land in files the loop below reads.
  (
    t0=$SECONDS
    bash -c "${command[$name]}" >"$logs/$name.log" 2>&1
    code=$?
    echo "$code $((SECONDS - t0))" >"$logs/$name.status"
  ) &
  name_of[$!]=$name
  status[$name]=running
}

# A failed step's dependents never start; they are reported as not run, naming the cause.
skip() {
  local name=$1 cause=$2 next
  for next in ${unlocks[$name]:-}; do
    status[$next]="not run ($cause failed)"
    skip "$next" "$cause"
  done
}

for name in forge-build solhint biome; do start "$name"; done
echo "npm test: forge build, solhint and biome started; codegen, forge test, typecheck, depcruise and vitest follow the build (logs in $logs/)"

while ((${#name_of[@]} > 0)); do
  wait -n -p done_pid "${!name_of[@]}"
  name=${name_of[$done_pid]}
  unset "name_of[$done_pid]"
  read -r code secs <"$logs/$name.status" || { code=1; secs=0; }
  seconds[$name]=$secs
  if [[ $code == 0 ]]; then status[$name]=passed; else status[$name]="FAILED (exit $code)"; fi
  echo
  echo "== $name: ${status[$name]} in ${secs} s: ${command[$name]} =="
  cat "$logs/$name.log"
  if [[ $code == 0 ]]; then
    for next in ${unlocks[$name]:-}; do start "$next"; done
  else
    skip "$name" "$name"
  fi
done

echo
echo "== npm test: $((SECONDS - began)) s =="
failed_steps=()
for name in "${order[@]}"; do
  printf '  %-12s %-28s %s\n' "$name" "${status[$name]:-not run}" "${seconds[$name]:+${seconds[$name]} s}"
  [[ ${status[$name]:-} == passed ]] || failed_steps+=("$name")
done

# One closing line for both runners, from whatever ran (forge's summary line, Vitest's JSON report).
# A failed step that reported no failed test (the build, a linter, the type check, or a runner
# whose suite failed in a setup hook) counts as one failure, so a failed run never reads "0 failed".
node -e '
  const fs = require("node:fs")
  const read = (file) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "")
  const forge = read(process.argv[1]).match(/(\d+) tests passed, (\d+) failed, (\d+) skipped/) ?? [0, 0, 0, 0]
  const vitestText = read(process.argv[2])
  const vitest = vitestText ? JSON.parse(vitestText) : { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0 }
  const failedSteps = process.argv.slice(3)
  const failedTests = { "forge-test": Number(forge[2]), vitest: vitest.numFailedTests }
  const passed = Number(forge[1]) + vitest.numPassedTests
  const failed = failedTests["forge-test"] + failedTests.vitest + failedSteps.filter((step) => !failedTests[step]).length
  const skipped = Number(forge[3]) + vitest.numPendingTests + vitest.numTodoTests
  const steps = failedSteps.length > 0 ? `; steps failed or not run: ${failedSteps.join(", ")}` : ""
  console.log(`forge: ${forge[1]} passed; vitest: ${vitest.numPassedTests} passed${steps}`)
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
' "$logs/forge-test.log" .data/vitest.json "${failed_steps[@]}"
if ((${#failed_steps[@]} > 0)); then
  echo "npm test failed: see the FAILED steps above (whole logs in $logs/)" >&2
  exit 1
fi
