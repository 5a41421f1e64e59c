#!/usr/bin/env bash
# Builds the JupyterLab extension's wheel (web/jupyterlab): installs its Python build tools into
# .venv (PyPI) and its npm packages from the lockfile (npm registry), then runs hatchling, whose
# jupyter-builder hook runs `npm run build:prod` (the wasm asset, the relay's allow-list from
# `credprobe providers --json`, tsc, `jupyter labextension build`).
# Needs: the native CLI (build/ci, build/release or build/debug; or CREDPROBE_BIN) and the wasm
# module (scripts/build-wasm.sh; or CREDPROBE_WASM_DIR). Prints the wheel's path last.
set -euo pipefail
cd "$(dirname "$0")/.."
EXT=web/jupyterlab

[ -x .venv/bin/python ] || python3 -m venv .venv
PY_PACKAGES=(
  "jupyterlab>=4.6,<5" "jupyter_server>=2.0.1,<3" hatchling "hatch-jupyter-builder>=0.5"
  "hatch-nodejs-version>=0.3.2" build requests pytest "pytest-jupyter[server]>=0.6" pytest-asyncio
)
if ! .venv/bin/python -c "import jupyterlab, hatchling, hatch_jupyter_builder, hatch_nodejs_version, build, pytest_jupyter" 2>/dev/null; then
  echo "build-jupyterlab: installing Python build tools into .venv"
  .venv/bin/pip install -q --disable-pip-version-check "${PY_PACKAGES[@]}"
fi
export PATH="$PWD/.venv/bin:$PATH"

# The extension imports the web package (credprobe-web, a file: dependency) from its compiled
# lib/, which `npm run build:prepare` builds with the web package's own TypeScript.
if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  echo "build-jupyterlab: installing the web package's npm packages (npm ci)"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ ! -d "$EXT/node_modules" ] || [ "$EXT/package-lock.json" -nt "$EXT/node_modules/.package-lock.json" ]; then
  echo "build-jupyterlab: installing npm packages (npm ci)"
  (cd "$EXT" && npm ci --no-audit --no-fund --loglevel=error)
fi

rm -rf "$EXT/dist"
(cd "$EXT" && npm run --silent clean)  # hatch skips the npm build when a labextension is there
# --no-isolation: the build tools above, not a second download of JupyterLab per build.
.venv/bin/python -m build --wheel --no-isolation --outdir "$EXT/dist" "$EXT" >"$EXT/dist.log" 2>&1 || {
  tail -n 60 "$EXT/dist.log"
  exit 1
}
rm -f "$EXT/dist.log"
ls "$PWD/$EXT"/dist/credprobe_jupyterlab-*.whl
