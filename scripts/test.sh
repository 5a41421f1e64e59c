#!/usr/bin/env bash
# Sets up, builds (native with warnings as errors, and the core under emcc), and runs every test.
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

echo "== tests"
ctest --preset ci -j"$(nproc)"

# ---- fuzzing (bounded): every libFuzzer harness in tests/fuzz for a few seconds each; a longer
# campaign is `scripts/fuzz.sh 300`. Fails on any finding.
echo "== fuzzing (libFuzzer, ASan + UBSan, 4 s per harness)"
bash scripts/fuzz.sh 4
