"""Runs the built credprobe CLI the way a user would, with a clean environment.

The environment holds no real credentials: HOME points at an empty temporary folder, so no
token file or profile of the machine's user can leak into a test, and no proxy is used.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def credprobe_binary() -> str:
    path = os.environ.get("CREDPROBE_BIN")
    if not path or not Path(path).exists():
        raise RuntimeError("CREDPROBE_BIN must name the built credprobe binary (ctest sets it)")
    return path


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self):
        return json.loads(self.stdout)

    def everything(self) -> str:
        return self.stdout + self.stderr


def run_credprobe(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> Run:
    with tempfile.TemporaryDirectory() as home:
        clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "NO_COLOR": "1"}
        clean.update(env or {})
        done = subprocess.run(
            [credprobe_binary(), *args],
            env=clean,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    return Run(done.returncode, done.stdout, done.stderr)


def closed_port_url() -> str:
    """A loopback URL where nothing listens (bound and released, so it is free right now)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"
