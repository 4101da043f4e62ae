#!/usr/bin/env bash
# Runs every fuzz harness for SECONDS each, one after the other (one process, one core),
# over a scratch corpus in BUILD/corpus/<harness> seeded from fuzz/corpus/<harness> (the
# committed seeds never grow; what a run learns stays in the build tree for the next run).
# Prints each harness's executions and the total; exits non-zero if any harness stopped
# on a finding (its input is then in BUILD/findings/, the log in BUILD/logs/).
#   fuzz/run.sh BUILD SECONDS [HARNESS...]      (default: every fuzz_* in BUILD)
set -uo pipefail
cd "$(dirname "$0")/.."

build=${1:?usage: fuzz/run.sh BUILD SECONDS [HARNESS...]}
seconds=${2:?usage: fuzz/run.sh BUILD SECONDS [HARNESS...]}
shift 2
harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
  for f in "$build"/fuzz_*; do [ -x "$f" ] && harnesses+=("$(basename "$f" | sed 's/^fuzz_//')"); done
fi
[ ${#harnesses[@]} -gt 0 ] || { echo "fuzz/run.sh: no fuzz_* harness in $build" >&2; exit 2; }

mkdir -p "$build/findings" "$build/logs"
# The models score with OpenMP; one thread keeps each run on one core and its memory small.
export OMP_NUM_THREADS=1
total=0
failed=()
printf '%-16s %14s %8s  %s\n' harness executions seconds result
for h in "${harnesses[@]}"; do
  corpus="$build/corpus/$h"
  mkdir -p "$corpus"
  [ -d "fuzz/corpus/$h" ] && cp -n fuzz/corpus/"$h"/* "$corpus"/ 2>/dev/null
  log="$build/logs/$h.log"
  # -rss_limit_mb / -malloc_limit_mb: a loader that takes a gigabyte for a small input is a
  # finding (OOM), as is one input that runs 10 s (-timeout). Inputs grow to 4 kB or the
  # largest seed (libFuzzer's default), which keeps a finding readable.
  "$build/fuzz_$h" "$corpus" -dict=fuzz/fuzz.dict -max_total_time="$seconds" \
    -rss_limit_mb=1536 -malloc_limit_mb=1024 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$build/findings/$h-" >"$log" 2>&1
  status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  runs=${runs:-0}
  total=$((total + runs))
  result=ok
  if [ $status -ne 0 ]; then
    result="FINDING (exit $status; $log)"
    failed+=("$h")
  fi
  printf '%-16s %14d %8d  %s\n' "$h" "$runs" "$seconds" "$result"
done
printf '%-16s %14d\n' total "$total"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in: ${failed[*]} (inputs in $build/findings/)" >&2
  exit 1
fi
