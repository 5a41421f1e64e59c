"""A stand-in provider on loopback for the relay tests: records what reached it (header names
and values, so tests can prove what was stripped) and answers per path: /redirect with a 302,
/big with more bytes than the relay's cap, /slow after the relay's timeout, /cookie with a
Set-Cookie, /html with a page, /spoof with the relay's own headers, anything else with 200 and a small JSON body."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.seen.append(
            {"method": self.command, "path": self.path, "headers": dict(self.headers.items()), "body": body}
        )
        path = self.path.split("?", 1)[0]
        if path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "https://elsewhere.example/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path == "/html":
            page = b"<!doctype html><script>parent.postMessage(document.cookie, '*')</script>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)
            return
        if path == "/spoof":
            self.send_response(504)
            self.send_header("Content-Type", "application/json")
            self.send_header("X-Credprobe-Relay-Error", "upstream_timeout")
            self.send_header("X-Credprobe-Relay", "refused")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")
            return
        if path == "/big":
            payload = b"x" * (self.server.big_bytes)
        elif path == "/slow":
            time.sleep(self.server.slow_seconds)
            payload = b"{}"
        else:
            payload = json.dumps({"ok": True, "path": path}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Set-Cookie", "upstream=1; Path=/")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("X-Provider", "stub")
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(payload)

    do_GET = _answer
    do_POST = _answer


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    seen: list[dict]
    big_bytes: int
    slow_seconds: float


@contextlib.contextmanager
def upstream(big_bytes: int = 64 * 1024, slow_seconds: float = 4.0) -> Iterator[_Server]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.seen = []
    server.big_bytes = big_bytes
    server.slow_seconds = slow_seconds
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
