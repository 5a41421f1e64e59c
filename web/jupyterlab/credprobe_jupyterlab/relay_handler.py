"""The relay endpoint, ``{base_url}credprobe/relay/{host}/{path}``: behind Jupyter's own
authentication (the session cookie) and XSRF check (the ``X-XSRFToken`` header matching the
``_xsrf`` cookie), forwarding to the registry's provider hosts only (relay_policy.py) and
logging only method, host (never its userinfo), path (never its query), status and latency.

The body is streamed (``stream_request_body``): ``prepare()`` authenticates and decides the
destination from the head alone, so a refused request never has a byte of its body read, and an
allowed one is held to ``max_request_bytes`` as it arrives, chunked or not.
"""

from __future__ import annotations

import inspect
import time
import urllib.parse
from typing import Any

import tornado.httputil
import tornado.web
from jupyter_server.base.handlers import APIHandler

from .relay_config import CredprobeRelay
from .relay_forward import Forwarder, Limits
from .relay_policy import (
    CONTENT_SECURITY_POLICY,
    Decision,
    Refusal,
    decide,
    forwarded_request_headers,
    log_line,
    passed_response_headers,
    refusal,
    safe_content_type,
)

RELAY_ROUTE = "credprobe/relay"


class RelayState:
    """What every relay request shares: settings, the allow-list, the HTTP clients."""

    def __init__(self, config: CredprobeRelay, allowed_hosts: tuple[str, ...], prefix: str):
        self.config = config
        self.allowed_hosts = allowed_hosts
        self.prefix = prefix  # "{base_url}credprobe/relay/"
        self.forwarder = Forwarder(config.max_response_bytes)
        self.in_flight = 0


def _without_userinfo(rest: str) -> str:
    host, slash, path = rest.partition("/")
    return host.rsplit("@", 1)[-1] + slash + path


def _unambiguous_framing(headers: tornado.httputil.HTTPHeaders) -> bool:
    """One Content-Length holding one number, or chunked alone: anything else is how request
    smuggling is framed (seen here before Tornado normalizes the length, in prepare())."""
    lengths = headers.get_list("Content-Length")
    encodings = headers.get_list("Transfer-Encoding")
    if len(lengths) > 1 or any(not value.strip().isdigit() for value in lengths):
        return False
    if encodings and (lengths or [value.strip().lower() for value in encodings] != ["chunked"]):
        return False
    return True


@tornado.web.stream_request_body
class RelayHandler(APIHandler):
    state: RelayState

    def initialize(self, state: RelayState) -> None:  # type: ignore[override]
        self.state = state
        self._started = time.monotonic()
        # Captured raw before anything can log the request, then hidden from Jupyter's access
        # log: the query string may carry presigned signatures, the host segment userinfo.
        self._rest = self.request.path[len(state.prefix) :]
        self._query = self.request.query
        self.request.uri = state.prefix + _without_userinfo(self._rest)
        self._decision: Decision | None = None
        self._body: list[bytes] = []
        self._body_size = 0
        self._body_too_large = False

    # Browsers never need the relay cross-origin: no CORS headers, whatever the server allows.
    # Every answer is the relay's own and never a page.
    def set_default_headers(self) -> None:
        super().set_default_headers()
        for name in ("Access-Control-Allow-Origin", "Access-Control-Allow-Credentials"):
            self.clear_header(name)
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)

    # Tornado checks XSRF before prepare() for unsafe methods; the relay checks it in prepare()
    # for every method, once it knows who is asking.
    def check_xsrf_cookie(self) -> None:
        return None

    async def prepare(self) -> None:  # type: ignore[override]
        result = super().prepare()
        if inspect.isawaitable(result):
            await result
        if self._finished:
            return
        method = self.request.method or "-"
        host = self._rest.split("/", 1)[0]
        # Tornado's parser refuses malformed field names and folded lines itself (400 before any
        # handler runs) but merges repeated lengths that agree; the relay refuses those as
        # `credprobe relay` does, before anything else, so no length is ever ambiguous.
        if not _unambiguous_framing(self.request.headers):
            return self._refuse(method, host, refusal("bad_request"))
        if not self.current_user:
            return self._refuse(method, host, refusal("jupyter_refused"))
        # Jupyter lets GET pass on a Referer or a token: the relay applies tornado's own
        # double-submit check to every method, and never accepts the Jupyter token itself (it
        # would be forwarded with the request).
        if self.token_authenticated:
            return self._refuse(method, host, refusal("token_authenticated"))
        if not self.check_origin():
            return self._refuse(method, host, refusal("jupyter_refused"))
        # Tornado also takes the token from a `_xsrf` argument; the relay strips only the header,
        # so a token in the query (or, checked in _relay, a form body) would travel on.
        if "_xsrf" in self.request.query_arguments:
            return self._refuse(method, host, refusal("xsrf_not_in_header"))
        if not self.request.headers.get("X-XSRFToken"):
            return self._refuse(method, host, refusal("jupyter_refused"))
        try:
            tornado.web.RequestHandler.check_xsrf_cookie(self)
        except tornado.web.HTTPError:
            return self._refuse(method, host, refusal("jupyter_refused"))
        decision = decide(
            method, self._rest, self._query, self.state.allowed_hosts, self.state.config.insecure_hosts
        )
        if decision.refusal is not None or decision.destination is None:
            return self._refuse(method, host, decision.refusal or refusal("bad_target"))
        cap = self.state.config.max_request_bytes
        declared = self.request.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            return self._refuse(method, decision.destination.authority, refusal("body_too_large", limit=cap))
        self._decision = decision

    def data_received(self, chunk: bytes) -> None:
        # Only after prepare() allowed the request; past the cap nothing more is kept.
        if self._decision is None or self._finished:
            return
        self._body_size += len(chunk)
        if self._body_size > self.state.config.max_request_bytes:
            self._body_too_large = True
            self._body.clear()
        elif not self._body_too_large:
            self._body.append(chunk)

    async def get(self, _rest: str = "") -> None:
        await self._relay("GET")

    async def post(self, _rest: str = "") -> None:
        await self._relay("POST")

    async def put(self, _rest: str = "") -> None:
        await self._relay("PUT")

    async def delete(self, _rest: str = "") -> None:
        await self._relay("DELETE")

    async def patch(self, _rest: str = "") -> None:
        await self._relay("PATCH")

    async def _relay(self, method: str) -> None:
        decision = self._decision
        if decision is None or decision.destination is None:  # prepare() answered already
            return self._refuse(method, "-", refusal("bad_target"))
        destination = decision.destination
        if self._body_too_large:
            cap = self.state.config.max_request_bytes
            return self._refuse(method, destination.authority, refusal("body_too_large", limit=cap))
        body = b"".join(self._body)
        content_type = self.request.headers.get("Content-Type", "")
        if content_type.startswith("application/x-www-form-urlencoded") and "_xsrf" in urllib.parse.parse_qs(
            body.decode("latin-1"), keep_blank_values=True
        ):
            return self._refuse(method, destination.authority, refusal("xsrf_not_in_header"))
        if self.state.in_flight >= self.state.config.max_in_flight:
            return self._refuse(method, destination.authority, refusal("busy"))
        self.state.in_flight += 1
        try:
            result = await self.state.forwarder.forward(
                method,
                destination,
                forwarded_request_headers(self.request.headers.get_all()),
                body,
                Limits(self.state.config.timeout_seconds, self.state.config.max_response_bytes),
            )
        finally:
            self.state.in_flight -= 1
        if result.refusal is not None:
            return self._refuse(method, destination.authority, result.refusal, destination.path)
        self.set_status(result.status)
        upstream_type = ""
        for name, value in result.headers:
            if name.lower() == "content-type":
                upstream_type = value
        for name, value in passed_response_headers(result.headers):
            self.add_header(name, value)
        self.set_header("X-Credprobe-Relay", "jupyter")
        self._log_relay(method, destination.authority, destination.path, result.status)
        # APIHandler.finish sets Content-Type itself: application/json unless told otherwise.
        self.finish(result.body, set_content_type=safe_content_type(upstream_type))

    def _refuse(self, method: str, host: str, why: Refusal, path: str = "-") -> None:
        self.clear()  # drops headers Jupyter set before (its own Content-Type, CSP)
        self.set_status(why.status)
        self.set_header("Content-Type", "application/json")
        self.set_header("X-Credprobe-Relay-Error", why.code)
        # Tornado drops a connection whose body was never read: say so, so no client reuses it.
        self.set_header("Connection", "close")
        self._log_relay(method, host, path, why.status)
        self.finish(why.body())

    def _log_relay(self, method: str, host: str, path: str, status: int) -> None:
        elapsed = (time.monotonic() - self._started) * 1000
        self.log.info("credprobe relay: %s", log_line(method, host, path, status, elapsed))

    # Jupyter's error pages echo the reason; keep refusals as our own fixed JSON instead.
    def write_error(self, status_code: int, **kwargs: Any) -> None:
        why = refusal("jupyter_refused")
        self.clear()
        self.set_status(status_code)
        self.set_header("Content-Type", "application/json")
        self.set_header("X-Credprobe-Relay-Error", why.code)
        self.set_header("Connection", "close")
        self.finish(why.body())
