#!/usr/bin/env bash
# Sets up, builds (native with warnings as errors, and the core under emcc), and runs every test;
# then builds the asan preset and runs the unit, CLI and relay integration tests under the sanitizers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "== native build (preset ci: warnings are errors)"
cmake --preset ci >/dev/null
cmake --build --preset ci -j"$(nproc)"

echo "== core library under emscripten (preset wasm)"
bash scripts/build-wasm.sh

echo "== web page (TypeScript checked strictly, bundled, CSP from the registry)"
(cd web && npx tsc --noEmit -p . && node scripts/build.mjs)

echo "== JupyterLab extension wheel"
CREDPROBE_BIN="$PWD/build/ci/credprobe" bash scripts/build-jupyterlab.sh

echo "== Python package wheel (scikit-build-core packs the command-line tool built above)"
bash scripts/build-python.sh build/ci/credprobe

echo "== tests"
ctest --preset ci -j"$(nproc)"

# Speed is measured by benchmarks, not asserted in tests: every core parser on its hostile inputs
# at 1, 2 and 4 MB (tests/unit/hostile_inputs.hpp); fails when doubling the size multiplies
# the time by more than 3.5 (a quadratic parser's 4). `build/ci/credprobe-bench-parsers --help` says how to read the table.
echo "== parsers: linear time (bench/parsers_linear, ratio of doubling sizes)"
build/ci/credprobe-bench-parsers

# ---- sanitizers (issue 12) ----
# The asan preset (CMakePresets.json): clang, AddressSanitizer + UndefinedBehaviorSanitizer, every
# finding fatal. Its build preset builds only the CLI, the unit tests, the emulator and the
# libFuzzer harnesses (one instrumented core serves the tests and the fuzzing); its test
# preset selects the unit tests, the CLI integration tests (tests/integration/test_cli_*) and
# credprobe relay's (test_relay.py: the server that faces hostile local input), and sets
# ASAN_OPTIONS/UBSAN_OPTIONS (halt_on_error=1, stack traces), so the Python tests run the asan
# credprobe and any finding fails the test that triggered it.
echo "== sanitizers: build (preset asan)"
asan_started=$SECONDS
cmake --preset asan >/dev/null
cmake --build --preset asan -j"$(nproc)"
echo "== sanitizers: unit, CLI and relay integration tests (ctest --preset asan)"
ctest --preset asan -j"$(nproc)"
echo "== sanitizers: $((SECONDS - asan_started)) s (build and tests)"

# ---- fuzzing (bounded): every libFuzzer harness in tests/fuzz for a few seconds each, the
# harnesses the asan build made; a longer campaign, optimised, is `scripts/fuzz.sh 300`. Fails on
# any finding.
echo "== fuzzing (libFuzzer, ASan + UBSan, 4 s per harness)"
FUZZ_PRESET=asan bash scripts/fuzz.sh 4
