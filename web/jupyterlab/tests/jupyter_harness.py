"""Starts a real Jupyter server (or JupyterLab) on loopback with a known token for the relay and
end-to-end tests, and logs in the way a browser does: the token once in a URL, which sets the
login cookie, then the session cookie plus the `_xsrf` cookie echoed as X-XSRFToken."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import requests


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class JupyterServer:
    url: str  # "http://127.0.0.1:PORT/"
    token: str
    root: Path
    process: subprocess.Popen
    output: list[str] = field(default_factory=list)
    # Notified by the drain thread after each line it appends to `output`.
    output_changed: threading.Condition = field(default_factory=threading.Condition)

    def browser_session(self) -> requests.Session:
        """A session holding the login cookie and `_xsrf`, as JupyterLab's page would."""
        session = requests.Session()
        session.trust_env = False  # never a proxy from the environment
        page = session.get(urllib.parse.urljoin(self.url, f"lab?token={self.token}"), timeout=10)
        if "_xsrf" not in session.cookies:
            page = session.get(urllib.parse.urljoin(self.url, "login"), timeout=10)
        assert page.status_code < 500, page.status_code
        assert "_xsrf" in session.cookies, "the server set no _xsrf cookie"
        return session

    def log_text(self) -> str:
        return "\n".join(self.output)

    def wait_for_log(self, text: str, timeout: float = 10.0) -> str:
        """The log once a line holds `text`: waits on the drain thread's notifications (the
        log's state), with `timeout` as a deadline only."""
        with self.output_changed:
            found = self.output_changed.wait_for(lambda: any(text in line for line in self.output), timeout)
        if not found:
            raise AssertionError(f"the server never logged {text!r}:\n" + self.log_text()[-3000:])
        return self.log_text()


def _drain(stream, sink: list[str], changed: threading.Condition, marker: str, ready: threading.Event) -> None:
    """Collects the server's output; sets `ready` at the line that holds `marker` (the server's
    URL, logged once it listens) or when the output ends (the process exited)."""
    for line in stream:
        with changed:
            sink.append(line.rstrip("\n"))
            changed.notify_all()
        if marker in line:
            ready.set()
    ready.set()


@contextlib.contextmanager
def start_jupyter(
    command: list[str],
    config: dict,
    env: dict[str, str] | None = None,
    root: Path | None = None,
    start_timeout: float = 90.0,
    work: Path | None = None,
) -> Iterator[JupyterServer]:
    """Runs `command` (e.g. [python, -m, jupyter_server]) with a private config directory."""
    import tempfile

    with contextlib.ExitStack() as stack:
        base = work or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="credprobe-jlab-")))
        config_dir = base / "config"
        config_dir.mkdir(parents=True, exist_ok=True)
        root = root or base / "root"
        root.mkdir(parents=True, exist_ok=True)
        token = secrets.token_hex(24)
        port = free_port()
        server_config = {
            "ServerApp": {
                "ip": "127.0.0.1",
                "port": port,
                "port_retries": 0,
                "open_browser": False,
                "root_dir": str(root),
                "token": token,
                # Stop by itself if a test dies and never stops it.
                "shutdown_no_activity_timeout": 900,
                "terminals_enabled": False,
                "allow_root": True,
            },
            # No call home from the server in tests: no extension listing from PyPI.
            "LabApp": {"extension_manager": "readonly"},
        }
        for section, values in config.items():
            server_config.setdefault(section, {}).update(values)
        (config_dir / "jupyter_server_config.json").write_text(json.dumps(server_config))
        (config_dir / "jupyter_server_config.json").chmod(0o600)
        full_env = {
            **os.environ,
            "JUPYTER_CONFIG_DIR": str(config_dir),
            "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
            "JUPYTER_DATA_DIR": str(base / "data"),
            "JUPYTERLAB_SETTINGS_DIR": str(base / "lab-user-settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(base / "lab-workspaces"),
            "JUPYTER_PLATFORM_DIRS": "1",
            "NO_PROXY": "*",
            **(env or {}),
        }
        for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
            full_env.pop(name, None)
        process = subprocess.Popen(
            [*command, f"--ServerApp.token={token}"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=full_env,
            cwd=str(root),
        )
        output: list[str] = []
        url = f"http://127.0.0.1:{port}/"
        ready = threading.Event()
        server = JupyterServer(url, token, root, process, output)
        threading.Thread(target=_drain, args=(process.stdout, output, server.output_changed, url, ready), daemon=True).start()
        try:
            _wait_ready(server, ready, start_timeout)
            yield server
        finally:
            _stop(process)


def _wait_ready(server: JupyterServer, ready: threading.Event, timeout: float) -> None:
    """Waits for the server to log its URL, then for its socket. jupyter_server logs the URL just
    before it starts its event loop and binds the socket on the loop's first turn, logging nothing
    then: so after the line, a connection may be refused for a moment, and only that is retried
    (until the deadline); any other answer or error ends the wait."""
    deadline = time.monotonic() + timeout
    if not ready.wait(timeout):
        raise RuntimeError(f"jupyter did not start within {timeout:.0f} s:\n" + server.log_text()[-4000:])
    if not any(server.url in line for line in server.output):  # its output ended first
        try:
            code = server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            code = None
        raise RuntimeError(f"jupyter closed its output (exit {code}) before listening:\n" + server.log_text()[-4000:])
    while True:
        try:
            r = requests.get(server.url + "api/status", headers={"Authorization": f"token {server.token}"}, timeout=30)
            break
        except requests.ConnectionError as error:
            if server.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"jupyter logged its URL but never listened ({error}):\n" + server.log_text()[-4000:]) from None
            time.sleep(0.05)
    if r.status_code != 200:
        raise RuntimeError(f"jupyter answered /api/status with {r.status_code}:\n" + server.log_text()[-4000:])


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def python_server_command() -> list[str]:
    return [sys.executable, "-m", "jupyter_server"]
