"""The relay under test, inside a real Jupyter server on loopback, and a stub provider it may
forward to (the one plain-http host the server is configured with). Shared by the relay's tests
(test_relay_server.py: the policy and the answers; test_relay_server_hostile.py: attacks on the
server itself). Module-scoped: each test module gets its own server."""

from __future__ import annotations

from pathlib import Path

import pytest
from jupyter_harness import python_server_command, start_jupyter
from upstream_stub import upstream

PACKAGE_ROOT = Path(__file__).resolve().parent.parent  # credprobe_jupyterlab from this tree
MAX_REQUEST_BYTES = 2048


@pytest.fixture(scope="module")
def stub():
    with upstream(big_bytes=64 * 1024, slow_seconds=4.0) as server:
        yield server


@pytest.fixture(scope="module")
def jupyter(stub, tmp_path_factory):
    stub_host = f"127.0.0.1:{stub.server_address[1]}"
    config = {
        "CredprobeRelay": {
            "insecure_hosts": [stub_host],
            "max_request_bytes": MAX_REQUEST_BYTES,
            "max_response_bytes": 16 * 1024,
            "timeout_seconds": 1.5,
        },
        "ServerApp": {"jpserver_extensions": {"credprobe_jupyterlab": True}},
    }
    env = {"PYTHONPATH": str(PACKAGE_ROOT)}
    with start_jupyter(python_server_command() + ["--debug"], config, env=env, work=tmp_path_factory.mktemp("jupyter")) as server:
        server.stub_host = stub_host  # type: ignore[attr-defined]
        yield server


@pytest.fixture()
def session(jupyter):
    return jupyter.browser_session()


def relay(jupyter, rest: str) -> str:
    return f"{jupyter.url}credprobe/relay/{rest}"


def xsrf(session) -> dict[str, str]:
    return {"X-XSRFToken": session.cookies["_xsrf"]}


def address(jupyter) -> tuple[str, int]:
    host, port = jupyter.url.split("//", 1)[1].rstrip("/").split(":")
    return host, int(port)


def head(jupyter, method: str, rest: str, session=None, extra: str = "") -> bytes:
    """A raw request head for `{relay}/{rest}`: Host, and with `session` its login cookie and
    XSRF header (what the panel sends), then `extra` header lines, then the blank line."""
    host, port = address(jupyter)
    lines = f"{method} /credprobe/relay/{rest} HTTP/1.1\r\nHost: {host}:{port}\r\n"
    if session is not None:
        cookies = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        lines += f"Cookie: {cookies}\r\nX-XSRFToken: {session.cookies['_xsrf']}\r\n"
    return (lines + extra + "\r\n").encode()
