#!/usr/bin/env bash
# Regenerates docs/reliability.md (the fault matrix) from a fresh run of the real CLI against
# the emulator. Both must be built: bash scripts/gen-reliability.sh [BUILD_DIR, default build/ci]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/ci}"
python=python3
[ -x .venv/bin/python ] && python=.venv/bin/python
CREDPROBE_BIN="$PWD/$build/credprobe" \
  CREDPROBE_EMULATOR_BIN="$PWD/$build/tests/credprobe-emulator" \
  CREDPROBE_SOURCE_DIR="$PWD" \
  "$python" tests/integration/fault_matrix.py --write
