#!/usr/bin/env bash
# Fails, naming each file and line, when a tracked C++ file differs from what clang-format
# (the repository's .clang-format) would write. Fix with:
#   git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files -z '*.cpp' '*.hpp' | xargs -0 clang-format --dry-run --Werror
