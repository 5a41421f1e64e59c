#!/usr/bin/env bash
# The main job on a built-in default: checks demo credentials against the local provider
# emulator, so it works with no real keys and no network; then builds the wasm validator and
# the web page and serves the page on loopback, pre-wired to the emulator (demo mode), until
# Ctrl-C or 30 minutes without a request. `bash scripts/demo.sh --cli` stops after the CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target credprobe credprobe-emulator

# Demo credentials for every provider, made now (fake keys; fresh RSA keys for GCP) so that no
# key is ever committed; the Hugging Face demo tokens come from tests/emulator/fixtures/demo.json.
demo_fixture=$(mktemp --suffix=.json)
.venv/bin/python scripts/make-demo-fixture.py "$demo_fixture"
emulator_log=$(mktemp)
build/release/tests/credprobe-emulator --port 0 --fixtures "$demo_fixture" \
  --idle-exit 1800 >"$emulator_log" 2>&1 &
emulator_pid=$!
demo_pids=("$emulator_pid")
trap 'kill "${demo_pids[@]}" 2>/dev/null || true; rm -f "$emulator_log" "$demo_fixture"' EXIT
for _ in $(seq 50); do
  grep -q "listening on" "$emulator_log" && break
  sleep 0.1
done
url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$emulator_log" | head -1)
[ -n "$url" ] || { cat "$emulator_log"; exit 1; }

echo "Demo: checking the emulator's demo Hugging Face token (a fake token, not a real one) at $url"
echo
HF_TOKEN=$(python3 -c 'import json;print(json.load(open("tests/emulator/fixtures/demo.json"))["huggingface"]["tokens"][0]["token"])') \
  build/release/credprobe check huggingface --endpoint "$url" || true

[ "${1:-}" = "--cli" ] && exit 0

# ---- the same check in the browser: wasm build, web page, `credprobe relay`, static server ----
echo
echo "Demo: building the WebAssembly validator and the web page"
bash scripts/build-wasm.sh >/dev/null
node web/scripts/build.mjs
serve_log=$(mktemp)
node web/scripts/serve.mjs --dir web/dist --port "${CREDPROBE_DEMO_PORT:-0}" --idle-exit 1800 >"$serve_log" 2>&1 &
serve_pid=$!
demo_pids+=("$serve_pid")
for _ in $(seq 50); do
  grep -q "serving" "$serve_log" && break
  sleep 0.1
done
page=$(sed -n 's/.*serving \(http[^ ]*\).*/\1/p' "$serve_log" | head -1)
rm -f "$serve_log"
[ -n "$page" ] || { echo "demo: the page server did not start"; exit 1; }

# The relay for endpoints that refuse browsers (Entra's token endpoint, Lambda): the product's
# own `credprobe relay`, allowed to reach the emulator over plain http for the demo only.
relay_log=$(mktemp)
build/release/credprobe relay --port 0 --allow-origin "${page%/}" \
  --allow-insecure-host "${url#http://}" --idle-exit 1800 >"$relay_log" 2>&1 &
demo_pids+=("$!")
for _ in $(seq 50); do
  grep -q "^http" "$relay_log" && break
  sleep 0.1
done
relay=$(grep -m1 "^http" "$relay_log" || true)
rm -f "$relay_log"
[ -n "$relay" ] || { echo "demo: credprobe relay did not start"; exit 1; }
node web/scripts/demo-config.mjs --fixtures "$demo_fixture" --emulator "$url" \
  --relay "$relay" --out web/dist/demo-config.json
echo
echo "Open the validator in your browser (demo mode, wired to the emulator with fake credentials):"
echo
echo "    ${page}?demo"
echo
echo "Without ?demo the same page talks to the real providers: ${page}"
echo "Press Ctrl-C to stop (everything also stops after 30 minutes without a request)."
wait "$serve_pid" || true
