"""The relay inside a real Jupyter server on loopback: authentication, XSRF, the allow-list
and every refusal, end to end over HTTP. A stub provider on loopback is reachable only because
the server is configured with it as the one plain-http test host."""

from __future__ import annotations

import time

import pytest
import requests
from raw_http import send_until_answered
from relay_fixtures import address, head, jupyter, relay, session, stub, xsrf  # noqa: F401 (fixtures)

PROVIDER_SECRET = "provider-secret-" + "7" * 24
BODY_SECRET = "client_secret=body-secret-" + "9" * 20


def test_forwards_with_session_cookie_and_xsrf(jupyter, session, stub):
    stub.seen.clear()
    r = session.post(
        relay(jupyter, f"{jupyter.stub_host}/tenant/oauth2/v2.0/token?x=1"),
        headers={**xsrf(session), "Authorization": f"Bearer {PROVIDER_SECRET}", "Origin": jupyter.url.rstrip("/"),
                 "Content-Type": "application/x-www-form-urlencoded"},
        data=BODY_SECRET,
        timeout=10,
    )
    assert r.status_code == 200, r.text
    assert r.json() == {"ok": True, "path": "/tenant/oauth2/v2.0/token"}
    assert r.headers["X-Provider"] == "stub"
    assert r.headers["X-Credprobe-Relay"] == "jupyter"
    assert "Set-Cookie" not in r.headers or "upstream" not in r.headers["Set-Cookie"]
    assert "Access-Control-Allow-Origin" not in r.headers
    seen = stub.seen[-1]
    assert seen["path"] == "/tenant/oauth2/v2.0/token?x=1"
    assert seen["body"] == BODY_SECRET.encode()
    names = {k.lower() for k in seen["headers"]}
    assert seen["headers"]["Authorization"] == f"Bearer {PROVIDER_SECRET}"
    for stripped in ("cookie", "origin", "referer", "x-xsrftoken"):
        assert stripped not in names


def test_get_needs_xsrf_too(jupyter, session):
    r = session.get(relay(jupyter, f"{jupyter.stub_host}/api"), timeout=10)
    assert r.status_code == 403
    r = session.get(relay(jupyter, f"{jupyter.stub_host}/api"), headers=xsrf(session), timeout=10)
    assert r.status_code == 200


def test_post_without_xsrf_refused(jupyter, session, stub):
    stub.seen.clear()
    r = session.post(relay(jupyter, f"{jupyter.stub_host}/token"), data="a=1", timeout=10)
    assert r.status_code == 403
    assert stub.seen == []


@pytest.mark.parametrize("where", ["query", "form body"])
def test_xsrf_token_outside_the_header_refused(jupyter, session, stub, where):
    stub.seen.clear()
    token = session.cookies["_xsrf"]
    url = relay(jupyter, f"{jupyter.stub_host}/token")
    if where == "query":
        r = session.post(url + f"?_xsrf={token}", data="a=1", timeout=10)
    else:
        # The body is read only after the header check passed: with the header, the copy in the
        # body is refused (it would travel on); without it, see the test below.
        r = session.post(url, data={"_xsrf": token, "client_secret": "form-secret"}, headers=xsrf(session), timeout=10)
    assert r.status_code == 400
    assert r.json()["error"] == "xsrf_not_in_header"
    assert stub.seen == []


def test_xsrf_token_only_in_the_form_body_is_refused_before_the_body_is_read(jupyter, session, stub):
    stub.seen.clear()
    r = session.post(relay(jupyter, f"{jupyter.stub_host}/token"),
                     data={"_xsrf": session.cookies["_xsrf"], "client_secret": "form-secret"}, timeout=10)
    assert r.status_code == 403
    assert r.headers["X-Credprobe-Relay-Error"] == "jupyter_refused"
    assert stub.seen == []


def test_wrong_xsrf_refused(jupyter, session, stub):
    stub.seen.clear()
    r = session.post(relay(jupyter, f"{jupyter.stub_host}/token"), headers={"X-XSRFToken": "2|00000000|" + "0" * 32 + "|1"}, data="a=1", timeout=10)
    assert r.status_code == 403
    assert stub.seen == []


def test_without_login_refused(jupyter, stub):
    stub.seen.clear()
    anonymous = requests.Session()
    anonymous.trust_env = False
    anonymous.get(jupyter.url + "login", timeout=10)  # gets an _xsrf cookie, not a login
    r = anonymous.post(relay(jupyter, f"{jupyter.stub_host}/token"), headers={"X-XSRFToken": anonymous.cookies.get("_xsrf", "")}, data="a=1", timeout=10)
    assert r.status_code == 403
    assert stub.seen == []


@pytest.mark.parametrize("how", ["header", "query"])
def test_jupyter_token_never_accepted(jupyter, stub, how):
    stub.seen.clear()
    if how == "header":
        r = requests.get(relay(jupyter, f"{jupyter.stub_host}/api"), headers={"Authorization": f"token {jupyter.token}"}, timeout=10)
    else:
        r = requests.get(relay(jupyter, f"{jupyter.stub_host}/api") + f"?token={jupyter.token}", timeout=10)
    assert r.status_code == 403
    assert r.headers.get("X-Credprobe-Relay-Error") == "token_authenticated"
    assert stub.seen == []


@pytest.mark.parametrize(
    "rest,status,code",
    [
        ("example.com/x", 403, "host_not_allowed"),
        ("huggingface.co.evil.com/api", 403, "host_not_allowed"),
        ("localhost/x", 403, "host_not_allowed"),
        ("127.0.0.1/x", 403, "ip_literal"),
        ("169.254.169.254/latest/meta-data", 403, "ip_literal"),
        ("10.0.0.1/x", 403, "ip_literal"),
        ("2130706433/x", 403, "ip_literal"),
        ("[::1]/x", 403, "ip_literal"),
        ("huggingface.co:8443/api", 403, "port_not_allowed"),
        ("huggingface.co:80/api", 403, "port_not_allowed"),
        ("user@huggingface.co/api", 403, "userinfo"),
        ("http:/huggingface.co/api", 403, "plain_http"),
        ("https:/huggingface.co/api", 400, "scheme_in_destination"),
        ("/api", 400, "missing_host"),
    ],
)
def test_refuses_destinations(jupyter, session, stub, rest, status, code):
    stub.seen.clear()
    r = session.get(relay(jupyter, rest), headers=xsrf(session), timeout=10)
    assert r.status_code == status, r.text
    assert r.headers.get("X-Credprobe-Relay-Error") == code
    assert stub.seen == []


def test_stub_port_other_than_configured_refused(jupyter, session, stub):
    port = int(jupyter.stub_host.rsplit(":", 1)[1])
    r = session.get(relay(jupyter, f"127.0.0.1:{port + 1}/x"), headers=xsrf(session), timeout=10)
    assert r.status_code == 403
    assert r.headers.get("X-Credprobe-Relay-Error") == "port_not_allowed"


def test_redirect_not_followed_nor_passed(jupyter, session, stub):
    stub.seen.clear()
    r = session.get(relay(jupyter, f"{jupyter.stub_host}/redirect"), headers=xsrf(session), timeout=10, allow_redirects=False)
    assert r.status_code == 502
    assert r.headers.get("X-Credprobe-Relay-Error") == "upstream_redirect"
    assert "Location" not in r.headers
    assert [s["path"] for s in stub.seen] == ["/redirect"]


def test_request_body_cap(jupyter, session, stub):
    stub.seen.clear()
    r = session.post(relay(jupyter, f"{jupyter.stub_host}/token"), headers=xsrf(session), data="a" * 4096, timeout=10)
    assert r.status_code == 413
    assert r.headers.get("X-Credprobe-Relay-Error") == "body_too_large"
    assert stub.seen == []


def test_response_size_cap(jupyter, session):
    r = session.get(relay(jupyter, f"{jupyter.stub_host}/big"), headers=xsrf(session), timeout=10)
    assert r.status_code == 502
    assert r.headers.get("X-Credprobe-Relay-Error") == "response_too_large"


def test_timeout(jupyter, session):
    started = time.monotonic()
    r = session.get(relay(jupyter, f"{jupyter.stub_host}/slow"), headers=xsrf(session), timeout=10)
    assert r.status_code == 504
    assert r.headers.get("X-Credprobe-Relay-Error") == "upstream_timeout"
    assert time.monotonic() - started < 3.5


def test_allow_listed_host_unresolvable_here_is_dns_failed(jupyter, session):
    # No network in tests: the allow-listed name does not resolve, and nothing else is tried.
    r = session.get(relay(jupyter, "huggingface.co/api/whoami-v2"), headers=xsrf(session), timeout=20)
    assert r.status_code in (502, 403)
    assert r.headers.get("X-Credprobe-Relay-Error") in ("dns_failed", "resolves_non_public", "upstream_failed")


def test_no_cors_for_other_origins(jupyter, session):
    r = session.get(relay(jupyter, f"{jupyter.stub_host}/api"), headers={**xsrf(session), "Origin": "https://evil.example"}, timeout=10)
    assert r.status_code in (403, 404)
    assert "Access-Control-Allow-Origin" not in r.headers


def test_logs_hold_no_secret(jupyter, session):
    session.post(
        relay(jupyter, f"{jupyter.stub_host}/token?X-Amz-Signature=query-secret-123"),
        headers={**xsrf(session), "Authorization": f"Bearer {PROVIDER_SECRET}"},
        data=BODY_SECRET,
        timeout=10,
    )
    session.get(relay(jupyter, "example.com/x?sig=query-secret-456"), headers={**xsrf(session), "Authorization": f"Bearer {PROVIDER_SECRET}"}, timeout=10)
    # The server logs each request as it finishes; its output reaches the log a moment later.
    log = jupyter.wait_for_log("credprobe relay: GET example.com - -> 403")
    assert "credprobe relay: POST " in log
    for secret in (PROVIDER_SECRET, "body-secret-", "query-secret-123", "query-secret-456", session.cookies["_xsrf"]):
        assert secret not in log


# ---- no body before authentication, answers never a page, the relay's headers its own --------


def _raw(jupyter, request_head: bytes, body_chunks=(), limit: int = 0) -> bytes:
    """Sends a head and then body chunks until Jupyter answers; returns the answer's head."""
    import socket

    with socket.create_connection(address(jupyter), timeout=10) as sock:
        return send_until_answered(sock, request_head, body_chunks, limit)


def test_unauthenticated_body_is_never_read(jupyter, stub):
    stub.seen.clear()
    # 50 MB announced and not one byte sent: the answer can only come before the body.
    answer = _raw(jupyter, head(jupyter, "POST", f"{jupyter.stub_host}/token",
                                extra="Content-Type: text/plain\r\nContent-Length: 50000000\r\n"))
    assert answer.startswith(b"HTTP/1.1 403 "), answer[:200]
    assert b"X-Credprobe-Relay-Error: jupyter_refused" in answer
    assert stub.seen == []


def test_declared_body_over_the_cap_is_refused_before_it_is_read(jupyter, session, stub):
    stub.seen.clear()
    answer = _raw(jupyter, head(jupyter, "POST", f"{jupyter.stub_host}/token", session,
                                extra="Content-Type: text/plain\r\nContent-Length: 50000000\r\n"))
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
    assert b"X-Credprobe-Relay-Error: body_too_large" in answer
    assert stub.seen == []


def test_chunked_body_over_the_cap_is_refused(jupyter, session, stub):
    stub.seen.clear()
    chunk = b"400\r\n" + b"x" * 1024 + b"\r\n"
    answer = _raw(jupyter, head(jupyter, "POST", f"{jupyter.stub_host}/token", session,
                                extra="Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"),
                  body_chunks=[chunk] * 8 + [b"0\r\n\r\n"], limit=9)
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
    assert b"X-Credprobe-Relay-Error: body_too_large" in answer
    assert stub.seen == []


def test_upstream_html_is_served_as_text_in_a_sandbox(jupyter, session):
    r = session.get(relay(jupyter, f"{jupyter.stub_host}/html"), headers=xsrf(session), timeout=10)
    assert r.status_code == 200
    assert r.content.startswith(b"<!doctype html><script>")
    assert r.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert r.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_json_answers_stay_json(jupyter, session):
    r = session.get(relay(jupyter, f"{jupyter.stub_host}/api"), headers=xsrf(session), timeout=10)
    assert r.headers["Content-Type"] == "application/json"
    assert r.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_upstream_cannot_speak_for_the_relay(jupyter, session):
    r = session.get(relay(jupyter, f"{jupyter.stub_host}/spoof"), headers=xsrf(session), timeout=10)
    assert r.status_code == 504
    assert "X-Credprobe-Relay-Error" not in r.headers
    assert r.headers["X-Credprobe-Relay"] == "jupyter"


def test_userinfo_and_query_are_never_logged(jupyter, session):
    r = session.get(relay(jupyter, "x:SECRET-userinfo-42@huggingface.co/api") + "?sig=query-secret-789",
                    headers=xsrf(session), timeout=10)
    assert r.status_code == 403
    assert r.headers["X-Credprobe-Relay-Error"] == "userinfo"
    log = jupyter.wait_for_log("credprobe relay: GET huggingface.co - -> 403")
    assert "credprobe relay: GET huggingface.co - -> 403" in log
    assert "SECRET-userinfo-42" not in log
    assert "query-secret-789" not in log
