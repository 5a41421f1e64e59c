"""The Jupyter relay attacked as a hostile local process would attack it, with the same raw
requests `credprobe relay` is tested with (tests/relay/raw_http.py): a header flood, slow
clients that never finish their head, spaced and folded field names and smuggling-shaped
lengths, and a burst of simultaneous connections.

The relay is a handler inside Jupyter's server, so what reads a request's head is Tornado's
HTTP/1.1 parser (6.6 or later: the package requires it, for the strict field names and the
refusal of obsolete line folding). These tests pin down that it behaves as the relay needs: a
malformed head is refused with 400 and never reaches the relay's handler or the provider, a
flood is cut off with bounded memory, and a slow client holds only its own connection. What
Tornado lets through (identical repeated lengths) the handler refuses itself."""

from __future__ import annotations

import socket
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from raw_http import MALFORMED_HEADS, flood_fields, header_of, read_to_close, rss_peak_mb, send_until_answered, status_of
from relay_fixtures import address, head, jupyter, relay, session, stub, xsrf  # noqa: F401 (fixtures)


def _stub_answers(jupyter, session) -> int:
    return session.get(relay(jupyter, f"{jupyter.stub_host}/api"), headers=xsrf(session), timeout=10).status_code


def test_header_flood_is_cut_off_and_memory_stays_small(jupyter, session):
    # Warm the handler first, so what the flood adds is all that the peak below can grow by.
    assert _stub_answers(jupyter, session) == 200
    before = rss_peak_mb(jupyter.process.pid)

    def flood(_: int) -> bytes:
        with socket.create_connection(address(jupyter), timeout=10) as sock:
            request_line = head(jupyter, "GET", f"{jupyter.stub_host}/api", session).rsplit(b"\r\n", 1)[0]
            return send_until_answered(sock, request_line, flood_fields(), limit=102400)

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(flood, range(4)))
    # Tornado stops reading a head at 64 KiB (its max_header_size) and closes the connection
    # without an answer: the flood never reaches the relay, and no client could take the close
    # for a provider's answer.
    assert answers == [b""] * 4
    grown = rss_peak_mb(jupyter.process.pid) - before
    assert grown < 64, f"peak RSS grew by {grown:.0f} MB"
    assert _stub_answers(jupyter, session) == 200  # still serving


def test_slow_clients_do_not_stall_the_relay(jupyter, session, stub):
    slow = []
    try:
        for _ in range(64):  # each has sent part of a request line and then nothing more
            sock = socket.create_connection(address(jupyter), timeout=10)
            sock.sendall(f"GET /credprobe/relay/{jupyter.stub_host}/ap".encode())
            slow.append(sock)
        # Every one of these is served while the 64 heads stay unfinished (each with a 5 s
        # deadline: a stalled relay fails here).
        answers = [session.get(relay(jupyter, f"{jupyter.stub_host}/api"), headers=xsrf(session), timeout=5).status_code
                   for _ in range(50)]
    finally:
        for sock in slow:
            sock.close()
    assert answers == [200] * 50


# A bare LF is the one head of the shared list Tornado reads as well-formed: it ends a line there
# (RFC 9112, section 2.2, lets a recipient accept it; Tornado says it stops in 6.7). See
# test_a_bare_lf_ends_a_line_and_smuggles_nothing below.
STRICTLY_REFUSED = [(name, extra) for name, extra in MALFORMED_HEADS if name != "bare-lf"]


@pytest.mark.parametrize("name,extra", STRICTLY_REFUSED, ids=[name for name, _ in STRICTLY_REFUSED])
def test_malformed_heads_are_refused_and_never_forwarded(jupyter, session, stub, name, extra):
    stub.seen.clear()
    # Logged in and with the XSRF header: were the head accepted, it would be forwarded.
    request = head(jupyter, "POST", f"{jupyter.stub_host}/token", session, extra=extra) + b"hello"
    with socket.create_connection(address(jupyter), timeout=10) as sock:
        sock.sendall(request)
        answer = read_to_close(sock)
    assert status_of(answer) == 400, answer[:300]
    assert stub.seen == []
    # Refused by Tornado's parser (a bare 400 before any handler ran) or, for what it lets
    # through, by the relay itself with its own code.
    code = header_of(answer, "X-Credprobe-Relay-Error")
    assert code in (None, "bad_request"), answer[:300]


def test_a_bare_lf_ends_a_line_and_smuggles_nothing(jupyter, session, stub):
    stub.seen.clear()
    request = head(jupyter, "POST", f"{jupyter.stub_host}/token", session,
                   extra="X-A: b\nX-B: 1\r\nContent-Length: 5\r\nConnection: close\r\n") + b"hello"
    with socket.create_connection(address(jupyter), timeout=10) as sock:
        sock.sendall(request)
        answer = read_to_close(sock)
    assert status_of(answer) == 200, answer[:300]
    # Two fields, each forwarded on its own CRLF-terminated line: the provider reads exactly the
    # head the relay read, so no request can hide in another.
    [seen] = stub.seen
    assert (seen["headers"].get("X-A"), seen["headers"].get("X-B")) == ("b", "1")
    assert seen["body"] == b"hello"


def test_repeated_lengths_are_refused_by_the_relay_itself(jupyter, session, stub):
    stub.seen.clear()
    request = head(jupyter, "POST", f"{jupyter.stub_host}/token", session,
                   extra="Content-Length: 5\r\nContent-Length: 5\r\n") + b"hello"
    with socket.create_connection(address(jupyter), timeout=10) as sock:
        sock.sendall(request)
        answer = read_to_close(sock)
    assert status_of(answer) == 400
    assert header_of(answer, "X-Credprobe-Relay-Error") == "bad_request"
    assert stub.seen == []


def _listen_backlog(port: int) -> int:
    """The backlog of the socket listening on `port` on 127.0.0.1: `ss` shows it as Send-Q."""
    out = subprocess.run(["ss", "-Hltn", f"sport = :{port}"], capture_output=True, text=True, check=True).stdout
    [line] = [line for line in out.splitlines() if f"127.0.0.1:{port}" in line]
    return int(line.split()[2])


def test_the_listen_backlog_is_the_systems_maximum(jupyter):
    # Jupyter listens with Tornado's backlog of 128, which a burst of 200 overflows (the kernel
    # then drops SYNs that clients resend a second later); the extension raises it once the
    # server listens (credprobe_jupyterlab/listen_backlog.py).
    jupyter.wait_for_log("credprobe relay: listen backlog raised")
    somaxconn = int(Path("/proc/sys/net/core/somaxconn").read_text())
    assert _listen_backlog(address(jupyter)[1]) == min(socket.SOMAXCONN, somaxconn)


def test_200_simultaneous_connections_are_all_accepted_and_answered(jupyter):
    barrier = threading.Barrier(200)

    def one(_: int) -> int:
        barrier.wait(timeout=30)
        with socket.create_connection(address(jupyter), timeout=10) as sock:
            sock.sendall(head(jupyter, "GET", "example.com/x", extra="Connection: close\r\n"))
            return status_of(read_to_close(sock))

    with ThreadPoolExecutor(max_workers=200) as pool:
        statuses = list(pool.map(one, range(200)))
    assert statuses == [403] * 200
