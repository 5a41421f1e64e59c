#!/usr/bin/env bash
# Regenerates docs/providers/*.md from the provider registry (the CLI must be built).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-build/ci/credprobe}"
mkdir -p docs/providers
for id in $("$bin" providers --json | python3 -c 'import json,sys;print(" ".join(p["id"] for p in json.load(sys.stdin)["providers"]))'); do
  "$bin" providers --markdown "$id" >"docs/providers/$id.md"
done
