#!/usr/bin/env bash
# Builds the Python package's wheel into build/python/dist: pip runs scikit-build-core
# (pyproject.toml, from PyPI), which compiles the command-line tool with CMake (Release, only the
# `credprobe` target) and packs it with python/credprobe. tests/python installs that wheel into
# a fresh venv. Needs scripts/setup.sh (the C++ build dependencies and .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf build/python/dist
.venv/bin/python -m pip wheel --no-deps --disable-pip-version-check -q -w build/python/dist .
ls build/python/dist/credprobe-*.whl
