#!/usr/bin/env bash
# Compiles the portable core with emcc (and, once emscripten/ has targets, the wasm module).
set -euo pipefail
cd "$(dirname "$0")/.."
# emcc's optimizer needs acorn, which Debian ships outside Node's default module path.
export NODE_PATH=/usr/share/nodejs
export EM_CACHE="${EM_CACHE:-$PWD/build/emcache}"
if [ ! -d "$EM_CACHE" ]; then
  mkdir -p "$(dirname "$EM_CACHE")"
  cp -r /usr/share/emscripten/cache "$EM_CACHE"
fi
emcmake cmake --preset wasm >/dev/null
cmake --build --preset wasm -j"$(nproc)"
