#!/usr/bin/env bash
# The main job on a built-in default: checks demo credentials against the local provider
# emulator, so it works with no real keys and no network.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target credprobe credprobe-emulator

emulator_log=$(mktemp)
build/release/tests/credprobe-emulator --port 0 --fixtures tests/emulator/fixtures/demo.json \
  --idle-exit 600 >"$emulator_log" 2>&1 &
emulator_pid=$!
trap 'kill $emulator_pid 2>/dev/null || true; rm -f "$emulator_log"' EXIT
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
