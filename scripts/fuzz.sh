#!/usr/bin/env bash
# Builds the libFuzzer harnesses (preset fuzz: clang, ASan + UBSan) and runs every harness in
# tests/fuzz for SECONDS each (default 5), starting from its committed seed corpus
# (tests/fuzz/corpus/<harness>/; inputs found on the way go to build/<preset>/corpus/, never into
# the seeds). Prints the executions per harness; fails when any harness finds a crash, a
# sanitizer report, a property violation, a timeout or a memory blow-up.
#   scripts/fuzz.sh            # a few seconds each
#   scripts/fuzz.sh 300        # a campaign: five minutes each
#   FUZZ_ONLY=fuzz_url scripts/fuzz.sh 60    # one harness (a pattern matched against the names)
#   FUZZ_JOBS=2 scripts/fuzz.sh 300          # two harnesses at a time (one per core): half the wall
#   FUZZ_PRESET=asan scripts/fuzz.sh 4       # the harnesses of the sanitizer build (unoptimised,
#                                            # built beside the asan tests: what scripts/test.sh runs)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-5}"
preset="${FUZZ_PRESET:-fuzz}"
case "$preset" in
  fuzz | asan) ;;
  *) echo "fuzz.sh: FUZZ_PRESET is fuzz or asan, not '$preset'" >&2; exit 2 ;;
esac
jobs="${FUZZ_JOBS:-1}"
if ! [[ "$jobs" =~ ^[1-9][0-9]*$ ]]; then
  echo "fuzz.sh: FUZZ_JOBS is a count of harnesses run at once (1, 2, ...), not '$jobs'" >&2
  exit 2
fi

cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j"$(nproc)" --target credprobe_fuzz_harnesses
build="build/$preset"

out=$build/campaign
mkdir -p "$out/logs" "$out/artifacts"
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:allocator_may_return_null=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
# Runs one harness; its result line goes to $out/logs/<name>.result.
run_harness() {
  local binary="$1" name corpus seeds log result=ok execs rate
  name="$(basename "$binary")"
  corpus="$build/corpus/$name"
  seeds="tests/fuzz/corpus/$name"
  mkdir -p "$corpus" "$seeds"
  log="$out/logs/$name.log"
  # -timeout: one input taking 10 s is a finding (parsers must stay linear); -rss_limit_mb: so
  # is a memory blow-up.
  if ! "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
      -print_final_stats=1 -artifact_prefix="$out/artifacts/$name-" "$corpus" "$seeds" \
      >"$log" 2>&1; then
    result=FINDING
  fi
  execs="$(awk '/stat::number_of_executed_units/ {print $2}' "$log" | tail -1)"
  rate="$(awk '/stat::average_exec_per_sec/ {print $2}' "$log" | tail -1)"
  printf '%s %s %s %s\n' "$name" "${execs:-0}" "${rate:-?}" "$result" >"$out/logs/$name.result"
}

harnesses=()
for binary in "$build"/tests/fuzz/fuzz_*; do
  [ -x "$binary" ] || continue
  name="$(basename "$binary")"
  if [ -n "${FUZZ_ONLY:-}" ] && [[ "$name" != *${FUZZ_ONLY}* ]]; then continue; fi
  rm -f "$out/logs/$name.result"
  harnesses+=("$binary")
done
# FUZZ_JOBS harnesses at a time (each is one process on one core); the table is printed in name
# order once all have ended.
running=0
for binary in "${harnesses[@]}"; do
  if ((running >= jobs)); then
    wait -n
    running=$((running - 1))
  fi
  run_harness "$binary" &
  running=$((running + 1))
done
wait

failed=()
total=0
printf '%-28s %12s %10s %8s\n' harness executions per-second result
for binary in "${harnesses[@]}"; do
  name="$(basename "$binary")"
  read -r _ execs rate result <"$out/logs/$name.result"
  total=$((total + execs))
  printf '%-28s %12s %10s %8s\n' "$name" "$execs" "$rate" "$result"
  if [ "$result" != ok ]; then
    failed+=("$name")
    echo "---- $name: last lines of $out/logs/$name.log (artifacts in $out/artifacts/)"
    grep -v '^#' "$out/logs/$name.log" | tail -40
    echo "----"
  fi
done
echo "fuzz: $total executions in total, ${seconds}s per harness, $jobs at a time"
if ((${#failed[@]})); then
  echo "fuzz: findings in ${failed[*]}" >&2
  exit 1
fi
