#!/usr/bin/env bash
# Builds the Python package's wheel into build/python/dist: pip runs scikit-build-core
# (pyproject.toml, from PyPI), which compiles the command-line tool with CMake (Release, only the
# `credprobe` target) and packs it with python/credprobe. tests/python installs that wheel into
# a fresh venv. Needs scripts/setup.sh (the C++ build dependencies and .venv).
#   scripts/build-python.sh                       # compiles the tool (Release)
#   scripts/build-python.sh build/ci/credprobe    # packs a tool already built (what CI does)
set -euo pipefail
cd "$(dirname "$0")/.."
prebuilt=()
if [ -n "${1:-}" ]; then
  [ -x "$1" ] || { echo "build-python.sh: not an executable: $1" >&2; exit 2; }
  prebuilt=(--config-settings=cmake.define.CREDPROBE_PREBUILT_CLI="$(realpath "$1")")
  # A prebuilt tool is packed under its own build directory: a compiling build's cache stays.
  prebuilt+=(--config-settings=build-dir=build/python/prebuilt)
fi
rm -rf build/python/dist
.venv/bin/python -m pip wheel --no-deps --disable-pip-version-check -q -w build/python/dist \
  "${prebuilt[@]}" .
ls build/python/dist/credprobe-*.whl
