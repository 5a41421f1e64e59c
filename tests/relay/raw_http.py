"""Raw HTTP/1.1 on a socket, for attacking a relay the way a hostile local process would: bytes
that no well-behaved client library sends (header floods, a head that never ends, spaced and
folded field names, smuggling-shaped lengths). Used by the tests of both relays, `credprobe
relay` (tests/integration/test_relay.py) and the Jupyter server's (web/jupyterlab/tests), so
both are attacked with exactly the same requests.

Every wait here is on the socket's state (readable, closed), never on a clock; the socket
timeouts are deadlines only."""

from __future__ import annotations

import contextlib
import re
import select
import socket
from typing import Iterable

# Heads a strict HTTP/1.1 server must refuse with 400 and never forward: field names with
# whitespace or control bytes, obsolete line folding, bare CR or LF, and the length/encoding
# combinations request smuggling is made of. Each is one or more header lines (CRLF-terminated)
# added to an otherwise valid POST with the 5-byte body "hello".
MALFORMED_HEADS = [
    ("space-before-colon-cookie", "Cookie : a=1\r\n"),
    ("space-before-colon-host", "Host : evil.example\r\n"),
    ("space-before-colon-length", "Content-Length : 5\r\n"),
    ("tab-before-colon", "Cookie\t: a=1\r\n"),
    ("space-in-name", "X Forwarded: 1\r\n"),
    ("obs-fold-space", "X-A: b\r\n folded: 1\r\n"),
    ("obs-fold-tab", "X-A: b\r\n\tfolded\r\n"),
    ("bare-cr", "X-A: b\rCookie: a=1\r\n"),
    ("bare-lf", "X-A: b\nCookie: a=1\r\n"),
    ("control-byte", "X-A: b\x01c\r\n"),
    ("no-colon", "X-A\r\n"),
    ("duplicate-content-length", "Content-Length: 0\r\nContent-Length: 0\r\n"),
    ("listed-content-length", "Content-Length: 0, 0\r\n"),
    ("length-and-chunked", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"),
    ("chunked-and-length", "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n"),
    ("other-transfer-encoding", "Transfer-Encoding: gzip\r\n"),
]


def rss_peak_mb(pid: int) -> float:
    """The process's peak resident set (VmHWM), in MB."""
    return _status_mb(pid, "VmHWM:")


def rss_now_mb(pid: int) -> float:
    """The process's resident set now (VmRSS), in MB."""
    return _status_mb(pid, "VmRSS:")


def _status_mb(pid: int, key: str) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    raise AssertionError(f"no {key} for {pid}")


def send_until_answered(sock: socket.socket, head: bytes, chunks: Iterable[bytes], limit: int) -> bytes:
    """Sends `head`, then chunks from the iterator until the server answers or closes (or `limit`
    chunks); returns the answer's head (empty when the server closed without one)."""
    sock.sendall(head)
    sent = 0
    for chunk in chunks:
        readable, _, _ = select.select([sock], [], [], 0)
        if readable or sent >= limit:
            break
        try:
            sock.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            break
        sent += 1
    sock.settimeout(10)
    answer = b""
    with contextlib.suppress(ConnectionResetError):
        while b"\r\n\r\n" not in answer:
            data = sock.recv(65536)
            if not data:
                break
            answer += data
    return answer


def read_to_close(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    answer = b""
    with contextlib.suppress(ConnectionResetError):
        while data := sock.recv(65536):
            answer += data
    return answer


def status_of(answer: bytes) -> int:
    match = re.match(rb"HTTP/1\.1 (\d{3}) ", answer)
    assert match, answer[:200]
    return int(match.group(1))


def header_of(answer: bytes, name: str) -> str | None:
    for line in answer.split(b"\r\n\r\n", 1)[0].split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.decode().lower() == name.lower():
            return value.strip().decode()
    return None


def flood_fields(count: int = 102400, size: int = 1000) -> Iterable[bytes]:
    """`count` header lines of about `size` bytes each: 100 MB with the defaults."""
    return (f"X-Flood-{i}: {'a' * size}\r\n".encode() for i in range(count))
