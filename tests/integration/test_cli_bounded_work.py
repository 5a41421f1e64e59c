"""Work is bounded, not only waiting: the CLI against a loopback server that answers with hostile
shapes (a 4 MB body that was quadratic to read, oversized headers). The check ends within its
deadline, and a refused answer reads as what it is."""

from __future__ import annotations

import http.server
import threading
import time

import pytest

from cli_runner import run_credprobe

KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TOKEN = "hf_" + "FAKEfake" * 4 + "xy"


class HostileServer:
    """Answers every request with the status, headers and body given; bound before its thread
    starts, so it accepts as soon as the object exists."""

    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes):
        answer = (status, headers, body)

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (http.server's naming)
                self._answer()

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                self._answer()

            def _answer(self):
                code, extra, payload = answer
                try:
                    self.send_response(code)
                    for name, value in extra:
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client refused the answer, as it should

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hostile(request):
    servers = []

    def start(status, headers, body):
        server = HostileServer(status, headers, body)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def check_aws(url: str, timeout: int):
    return run_credprobe(
        "check", "aws", "--endpoint", url, "--field", f"aws_access_key_id={KEY_ID}",
        "--field", f"aws_secret_access_key={SECRET}", "--timeout", str(timeout), "--json",
        timeout=600,
    )


def check_hf(url: str):
    return run_credprobe(
        "check", "huggingface", "--endpoint", url, "--field", f"hf_token={TOKEN}",
        "--timeout", "5", "--json",
    )


def test_a_4mb_sts_403_of_ampersands_is_read_within_the_deadline(hostile):
    # 576 s before xml_unescape became linear (the deadline, 3 x 2 + 5 s, never fired: the time
    # went into parsing after the answer had arrived).
    body = b"<ErrorResponse><Error><Code>AccessDenied</Code><Message>" + b"&" * (4 * 1024 * 1024 - 200)
    body += b"</Message></Error></ErrorResponse>"
    server = hostile(403, [("Content-Type", "text/xml")], body)
    started = time.monotonic()
    run = check_aws(server.url, timeout=2)
    elapsed = time.monotonic() - started
    assert elapsed < 11, f"took {elapsed:.1f} s"
    verdict = run.json()
    assert verdict["status"] not in ("valid", "invalid", "expired")
    assert SECRET not in run.everything()


def test_one_header_over_curls_limit_reads_as_too_large_not_out_of_memory(hostile):
    server = hostile(200, [("X-Padding", "a" * 200_000)], b"{}")
    run = check_hf(server.url)
    verdict = run.json()
    assert verdict["status"] == "indeterminate"
    assert "Out of memory" not in run.everything()
    assert verdict["summary"].endswith(" was too large to read (the response headers are too large)")
    assert verdict["evidence"][0]["transport_error"] == "response too large"


def test_many_headers_over_the_drivers_limit_read_as_too_large(hostile):
    server = hostile(200, [(f"X-Padding-{i}", "b" * 1000) for i in range(100)], b"{}")
    run = check_hf(server.url)
    verdict = run.json()
    assert verdict["status"] == "indeterminate"
    assert verdict["summary"].endswith(" was too large to read (the response headers are too large)")


def test_a_body_over_the_limit_reads_as_too_large(hostile):
    server = hostile(200, [("Content-Type", "application/json")], b" " * (5 * 1024 * 1024))
    run = check_hf(server.url)
    verdict = run.json()
    assert verdict["status"] == "indeterminate"
    assert verdict["summary"].endswith(
        " was too large to read (the response body is larger than 4194304 bytes)")
