"""What the JupyterLab end-to-end tests (test_e2e.py, test_e2e_readiness.py) share: the built
wheel, a clean environment for the `jupyter` commands of the venv it is installed into, and one
JupyterLab started from that venv with the extension's settings overrides, the relay's insecure
hosts and `window.jupyterapp` exposed, driven by a node script (ui-tests/*.mjs) that writes its
result as JSON to a file the harness names. The `wheel` and `venv` fixtures themselves are in conftest.py."""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
from jupyter_harness import JupyterServer, start_jupyter

HERE = Path(__file__).resolve().parent
EXT = HERE.parent
REPO = EXT.parent.parent


def find_wheel() -> Path:
    given = os.environ.get("CREDPROBE_JLAB_WHEEL")
    if given:
        return Path(given)
    found = sorted((EXT / "dist").glob("credprobe_jupyterlab-*.whl"))
    if not found:
        pytest.fail("no wheel: run scripts/build-jupyterlab.sh first")
    return found[-1]


def artifacts_dir() -> Path:
    return Path(os.environ.get("CREDPROBE_ARTIFACTS", REPO / "artifacts"))


def strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=900, **kw)


def clean_env(venv: Path, base: Path) -> dict[str, str]:
    """The venv's `jupyter` first on PATH, with config and data directories of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTHONPATH", "VIRTUAL_ENV"))}
    env["PATH"] = f"{venv / 'bin'}:{env.get('PATH', '')}"
    env["JUPYTER_CONFIG_DIR"] = str(base / "cfg")
    env["JUPYTER_DATA_DIR"] = str(base / "data")
    return env


@contextlib.contextmanager
def start_lab(venv: Path, work: Path, plugin_settings: dict, insecure_hosts: list[str], root: Path) -> Iterator[JupyterServer]:
    """`jupyter lab --no-browser` from `venv`: the extension's settings from an overrides.json in
    the venv (as an administrator would set them), the relay allowed to reach `insecure_hosts`
    over plain http (the emulator), and `window.jupyterapp` exposed so that the node scripts
    drive the set-up steps through the app's command registry, as Galata does."""
    overrides_dir = venv / "share" / "jupyter" / "lab" / "settings"
    overrides_dir.mkdir(parents=True, exist_ok=True)
    (overrides_dir / "overrides.json").write_text(json.dumps({
        "credprobe-jupyterlab:plugin": plugin_settings,
        "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    }))
    config = {"CredprobeRelay": {"insecure_hosts": insecure_hosts}, "LabApp": {"expose_app_in_browser": True}}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONPATH", "VIRTUAL_ENV"))}
    env["PATH"] = f"{venv / 'bin'}:{env.get('PATH', '')}"
    started = time.monotonic()
    with start_jupyter([str(venv / "bin" / "jupyter"), "lab", "--no-browser"], config, env=env, root=root, work=work) as lab:
        print(f"jupyter lab answering after {time.monotonic() - started:.1f} s")
        yield lab


@dataclass
class Driven:
    result: dict  # the script's result (its RESULT_FILE)
    elapsed: float  # seconds the browser session took
    output: str  # the script's stdout and stderr, for a failure message


def drive(script: str, lab: JupyterServer, **inputs: str) -> Driven:
    """Runs ui-tests/`script` against `lab` with `inputs` as its environment variables."""
    # The result comes back in a file, not on stdout: node's process.exit does not wait for a
    # pipe to drain, and a result over the pipe's 64 KiB buffer arrived cut off.
    result_file = artifacts_dir() / f"{Path(script).stem}-result.json"
    result_file.parent.mkdir(parents=True, exist_ok=True)
    result_file.unlink(missing_ok=True)
    node_env = {
        **os.environ,
        "RESULT_FILE": str(result_file),
        "LAB_URL": lab.url,
        "LAB_TOKEN": lab.token,
        "ARTIFACTS": str(artifacts_dir()),
        "NODE_PATH": str(EXT / "node_modules"),
        **inputs,
    }
    started = time.monotonic()
    driven = run(["node", str(EXT / "ui-tests" / script)], env=node_env, cwd=str(EXT))
    elapsed = time.monotonic() - started
    output = driven.stdout[-2000:] + driven.stderr[-3000:]
    assert result_file.exists(), f"{script} wrote no result (exit {driven.returncode}):\n{output}"
    return Driven(json.loads(result_file.read_text()), elapsed, output)


def browser_headers(request: dict) -> set[str]:
    """The headers of an emulator request (its log keeps their names only) that only a browser
    sends: a request that the relay forwarded must carry none of them."""
    return {h.lower() for h in request["header_names"]} & {"cookie", "origin", "referer", "x-xsrftoken"}
