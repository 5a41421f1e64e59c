#!/usr/bin/env bash
# Compiles the portable core and the wasm module (emscripten/) with emcc, then prints the
# payload size.
set -euo pipefail
cd "$(dirname "$0")/.."
# emcc's optimizer needs acorn, which Debian ships outside Node's default module path.
export NODE_PATH=/usr/share/nodejs
export EM_CACHE="${EM_CACHE:-$PWD/build/emcache}"
if [ ! -d "$EM_CACHE" ]; then
  mkdir -p "$(dirname "$EM_CACHE")"
  cp -r /usr/share/emscripten/cache "$EM_CACHE"
fi
# The closure compiler for the glue (emscripten/CMakeLists.txt): the pinned npm package that
# scripts/setup.sh installs with the web package's dependencies.
export EM_CLOSURE_COMPILER="$PWD/web/node_modules/.bin/google-closure-compiler"
if [ ! -x "$EM_CLOSURE_COMPILER" ]; then
  echo "build-wasm: $EM_CLOSURE_COMPILER is missing: run scripts/setup.sh (npm ci in web/)" >&2
  exit 2
fi
emcmake cmake --preset wasm >/dev/null
cmake --build --preset wasm -j"$(nproc)"
# The payload every page view downloads: wasm + glue, gzip -9 (KB = 1024 bytes, as
# docs/performance.md counts). Printed for the record, not asserted (bench/ reports it).
out=build/wasm/emscripten
if [ -f "$out/credprobe.wasm" ] && [ -f "$out/credprobe.mjs" ]; then
  wasm_gz=$(gzip -9c "$out/credprobe.wasm" | wc -c)
  glue_gz=$(gzip -9c "$out/credprobe.mjs" | wc -c)
  awk -v w="$wasm_gz" -v g="$glue_gz" 'BEGIN {
    printf "build-wasm: credprobe.wasm %.1f KB + credprobe.mjs %.1f KB = %.1f KB gzipped (gzip -9; %d bytes)\n",
           w / 1024, g / 1024, (w + g) / 1024, w + g }'
fi
