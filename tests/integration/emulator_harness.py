"""Start the credprobe provider emulator from Python tests and talk to it.

Used by tests/integration and tests/conformance (whose conftest puts this folder on sys.path):

    from emulator_harness import start_emulator, fake_hf_token, make_hf_fixture

    with start_emulator({"huggingface": {"tokens": [...]}}) as emulator:
        emulator.url                        # "http://127.0.0.1:PORT"
        emulator.arm_fault("/api/whoami-v2", "rate_limit", count=1, retry_after=3)
        emulator.request("GET", "/api/whoami-v2", headers={...})  # -> RawResponse
        emulator.requests()                 # request log: method, path, header NAMES only

Tokens are made fresh on every run (fake_hf_token) so nothing token-shaped is ever committed.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import secrets
import string
import subprocess
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

try:  # the harness is importable without pytest (e.g. from a script); fixtures need it
    import pytest
except ImportError:  # pragma: no cover
    pytest = None

FAULTS = (
    "latency",
    "rate_limit",
    "server_error",
    "unavailable",
    "reset",
    "malformed_json",
    "unexpected_body",
    "oversized",
    "hang",
    "bad_gateway",
    "reset_before_body",
    "truncated_body",
    "redirect",
    "foreign_denial",
)  # every fault the emulator knows (tests/emulator/faults.hpp describes each)

_BANNER = re.compile(r"^credprobe-emulator listening on (http://127\.0\.0\.1:(\d+))$")
_TOKEN_ALPHABET = string.ascii_letters + string.digits


def fake_hf_token() -> str:
    """A Hugging Face-shaped token ("hf_" + 34 letters/digits), random on every call."""
    return "hf_" + "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(34))


def emulator_binary() -> Path:
    """The emulator executable, from CREDPROBE_EMULATOR_BIN (set by ctest)."""
    value = os.environ.get("CREDPROBE_EMULATOR_BIN")
    if not value:
        raise RuntimeError("CREDPROBE_EMULATOR_BIN is not set: point it at credprobe-emulator")
    path = Path(value)
    if not path.is_absolute() and os.environ.get("CREDPROBE_SOURCE_DIR"):
        candidate = Path(os.environ["CREDPROBE_SOURCE_DIR"]) / path
        path = candidate if candidate.exists() else path.resolve()
    if not path.exists():
        raise RuntimeError(f"CREDPROBE_EMULATOR_BIN={value} does not exist: build credprobe-emulator")
    return path


@dataclass
class RawResponse:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self):
        return json.loads(self.body)


@dataclass
class Emulator:
    url: str
    port: int
    process: subprocess.Popen
    banner: list[str] = field(default_factory=list)  # everything it printed on stdout
    errors: list[str] = field(default_factory=list)  # everything it printed on stderr

    def request(
        self,
        method: str,
        path: str,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        timeout: float = 10.0,
    ) -> RawResponse:
        """One plain HTTP request (no proxies, no retries, no redirects)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return RawResponse(response.status, response.headers, response.read())
        finally:
            conn.close()

    def _control(self, method: str, path: str, payload=None):
        body = None if payload is None else json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"} if body is not None else {}
        response = self.request(method, path, headers=headers, body=body)
        if response.status != 200:
            raise RuntimeError(f"emulator {method} {path}: {response.status} {response.body!r}")
        return response.json()

    def arm_fault(self, path: str, fault: str, count: int = 1, **params) -> dict:
        """Make the next `count` requests to `path` fail as `fault` says (see FAULTS)."""
        return self._control(
            "POST", "/_emulator/faults", {"path": path, "fault": fault, "count": count, **params}
        )

    def clear_faults(self) -> None:
        self._control("DELETE", "/_emulator/faults")

    def requests(self) -> list[dict]:
        """Requests received so far (control requests excluded), oldest first."""
        return self._control("GET", "/_emulator/requests")

    def clear_requests(self) -> None:
        self._control("DELETE", "/_emulator/requests")


def _drain(stream, sink: list[str]) -> None:
    for line in stream:
        sink.append(line.rstrip("\n"))


@contextlib.contextmanager
def start_emulator(fixtures: dict, idle_exit: int = 120, start_timeout: float = 15.0) -> Iterator[Emulator]:
    """Runs the emulator on a free loopback port for the duration of the `with` block."""
    binary = emulator_binary()
    with tempfile.TemporaryDirectory(prefix="credprobe-emulator-") as tmp:
        fixtures_path = Path(tmp) / "fixtures.json"
        fixtures_path.write_text(json.dumps(fixtures))
        fixtures_path.chmod(0o600)
        process = subprocess.Popen(
            [str(binary), "--port", "0", "--fixtures", str(fixtures_path), "--idle-exit", str(idle_exit)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        stdout: list[str] = []
        stderr: list[str] = []
        try:
            first = _read_first_line(process, start_timeout)
            match = _BANNER.match(first)
            if not match:
                raise RuntimeError(
                    f"emulator did not start: first line {first!r}, stderr {process.stderr.read()!r}"
                )
            stdout.append(first)
            threading.Thread(target=_drain, args=(process.stdout, stdout), daemon=True).start()
            threading.Thread(target=_drain, args=(process.stderr, stderr), daemon=True).start()
            emulator = Emulator(
                url=match.group(1), port=int(match.group(2)), process=process, banner=stdout, errors=stderr
            )
            _wait_until_ready(emulator, start_timeout)
            yield emulator
        finally:
            _stop(process)


def _read_first_line(process: subprocess.Popen, timeout: float) -> str:
    result: list[str] = []
    reader = threading.Thread(target=lambda: result.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    if not result:
        raise RuntimeError(f"emulator printed nothing within {timeout}s")
    return result[0].rstrip("\n")


def _wait_until_ready(emulator: Emulator, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if emulator.request("GET", "/_emulator/health", timeout=2).status == 200:
                return
        except OSError:
            pass
        if emulator.process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("emulator never answered /_emulator/health")
        time.sleep(0.05)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


# ---- Hugging Face fixtures -------------------------------------------------------------------


class HfFixture(dict):
    """Named fake tokens (name -> token) plus the emulator fixture JSON that knows them.

    Names: read, write, fine_grained, org_member, revoked, and one per fault in FAULTS.
    `.fixtures` is the dict to pass to start_emulator; `.whoami[name]` is the whoami-v2 body the
    fixture declares for a valid token (the emulator adds its defaults for fields left out).
    """

    def __init__(self, tokens: dict[str, str], fixtures: dict, whoami: dict[str, dict]):
        super().__init__(tokens)
        self.fixtures = fixtures
        self.whoami = whoami


def _user(name: str, fullname: str, role: str, display: str, **extra) -> dict:
    body = {
        "type": "user",
        "id": secrets.token_hex(12),
        "name": name,
        "fullname": fullname,
        "email": f"{name}@example.com",
        "emailVerified": True,
        "canPay": False,
        "periodEnd": None,
        "isPro": False,
        "avatarUrl": f"/avatars/{secrets.token_hex(16)}.svg",
        "orgs": [],
        "auth": {
            "type": "access_token",
            "accessToken": {"displayName": display, "role": role, "createdAt": "2025-01-15T09:30:00.000Z"},
        },
    }
    body.update(extra)
    return body


# Parameters the fault tokens carry: short enough for tests, long enough to measure.
FAULT_PARAMS = {
    "latency": {"delay_ms": 1500},
    "rate_limit": {"retry_after": 7},
    "oversized": {"size_bytes": 12 << 20},
}


def make_hf_fixture() -> HfFixture:
    fine_grained_id = secrets.token_hex(12)
    org_id = secrets.token_hex(12)
    whoami = {
        "read": _user("ada-reader", "Ada Reader", "read", "ci-read"),
        "write": _user("grace-writer", "Grace Writer", "write", "ci-write", isPro=True),
        "fine_grained": _user(
            "fg-user",
            "Fine Grained",
            "fineGrained",
            "ci-fine-grained",
            id=fine_grained_id,
        ),
        "org_member": _user(
            "olga-member",
            "Olga Member",
            "read",
            "ci-org",
            orgs=[
                {
                    "type": "org",
                    "id": org_id,
                    "name": "credprobe-test-org",
                    "fullname": "Credprobe Test Org",
                    "email": None,
                    "canPay": False,
                    "periodEnd": None,
                    "avatarUrl": f"/avatars/{secrets.token_hex(16)}.svg",
                    "roleInOrg": "write",
                    "isEnterprise": False,
                }
            ],
        ),
    }
    whoami["fine_grained"]["auth"]["accessToken"]["fineGrained"] = {
        "canReadGatedRepos": True,
        "global": ["discussion.write", "post.write"],
        "scoped": [
            {
                "entity": {"_id": fine_grained_id, "type": "user", "name": "fg-user"},
                "permissions": ["repo.content.read", "repo.write", "inference.serverless.write"],
            },
            {
                "entity": {"_id": org_id, "type": "org", "name": "credprobe-test-org"},
                "permissions": ["repo.content.read"],
            },
        ],
    }

    tokens = {name: fake_hf_token() for name in [*whoami, "revoked", *FAULTS]}
    entries = [{"token": tokens[name], "whoami": body} for name, body in whoami.items()]
    entries.append({"token": tokens["revoked"], "revoked": True})
    for fault in FAULTS:
        entries.append(
            {"token": tokens[fault], "fault": fault, **FAULT_PARAMS.get(fault, {}), "whoami": whoami["read"]}
        )
    return HfFixture(tokens, {"huggingface": {"tokens": entries}}, whoami)


if pytest is not None:

    @pytest.fixture
    def hf_fixture() -> HfFixture:
        """Fresh fake HF tokens and the fixture JSON naming them (see HfFixture)."""
        return make_hf_fixture()

    @pytest.fixture
    def hf_emulator(hf_fixture: HfFixture) -> Iterator[Emulator]:
        """An emulator serving hf_fixture, stopped after the test."""
        with start_emulator(hf_fixture.fixtures) as emulator:
            yield emulator
