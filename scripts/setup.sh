#!/usr/bin/env bash
# Installs everything credprobe needs to build and test, from the registries only (Debian
# packages, PyPI, npm). Idempotent: what is already there is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  build-essential cmake ninja-build pkg-config clang-format
  nlohmann-json3-dev catch2 libcurl4-openssl-dev libssl-dev libcpp-httplib-dev libcli11-dev
  emscripten openssl awscli ca-certificates python3-venv
)

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Python: the test runner and the providers' own client libraries (fidelity oracles).
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if ! .venv/bin/python -c "import pytest, huggingface_hub" 2>/dev/null || [ requirements-test.txt -nt .venv/.installed ]; then
  echo "setup: installing Python test dependencies into .venv"
  .venv/bin/pip install -q --disable-pip-version-check -r requirements-test.txt
  touch .venv/.installed
fi
