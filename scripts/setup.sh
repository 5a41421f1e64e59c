#!/usr/bin/env bash
# Installs everything credprobe needs to build and test, from the registries only (Debian
# packages, PyPI, npm). Idempotent: what is already there is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  build-essential cmake ninja-build pkg-config clang-format
  nlohmann-json3-dev catch2 libcurl4-openssl-dev libssl-dev libcpp-httplib-dev libcli11-dev
  libboost1.81-dev libyaml-cpp-dev
  emscripten openssl awscli ca-certificates python3-venv
  chromium
  clang libclang-rt-14-dev
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

# ---- browser tests and the web page (issue 7) ----
# The web package's npm dependencies exactly as package-lock.json pins them (Chromium for the
# browser tests is a Debian package above: Playwright never downloads a browser here).
if ! command -v npm >/dev/null; then
  echo "setup: installing Debian package: npm"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends npm >/dev/null
fi
if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  echo "setup: installing the web package's npm dependencies (npm ci)"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
