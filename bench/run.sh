#!/usr/bin/env bash
# Runs every benchmark that writes docs/performance.md, then writes it whole. Builds nothing:
# after the README's test command (bash scripts/test.sh) everything it needs is built; otherwise
# build first (bench/README.md):
#   cmake --preset ci && cmake --build --preset ci -j2 --target credprobe credprobe-emulator
#   bash scripts/build-wasm.sh && (cd web && node scripts/build.mjs)
# CREDPROBE_BIN, CREDPROBE_EMULATOR_BIN and CREDPROBE_WEB_DIST override where they are taken from.
set -euo pipefail
cd "$(dirname "$0")/.."
export CREDPROBE_BIN="${CREDPROBE_BIN:-$PWD/build/ci/credprobe}"
export CREDPROBE_EMULATOR_BIN="${CREDPROBE_EMULATOR_BIN:-$PWD/build/ci/tests/credprobe-emulator}"
export CREDPROBE_WEB_DIST="${CREDPROBE_WEB_DIST:-$PWD/web/dist}"
missing=0
for built in "$CREDPROBE_BIN" "$CREDPROBE_EMULATOR_BIN" "$CREDPROBE_WEB_DIST/credprobe.wasm" "$CREDPROBE_WEB_DIST/app.js"; do
  if [ ! -e "$built" ]; then
    echo "bench/run.sh: $built is not built (see the top of bench/run.sh or bench/README.md)" >&2
    missing=1
  fi
done
[ "$missing" -eq 0 ] || exit 2
[ -d web/node_modules/playwright-core ] || { echo "bench/run.sh: run bash scripts/setup.sh first (web/node_modules)" >&2; exit 2; }

echo "== browser: payload, cold start, engine and UI per check (bench/web-bench.mjs)"
node bench/web-bench.mjs
echo "== native: the CLI beside its peers; readiness with 200 ms per request (bench/native-bench.py)"
python3 bench/native-bench.py
node bench/write-doc.mjs
