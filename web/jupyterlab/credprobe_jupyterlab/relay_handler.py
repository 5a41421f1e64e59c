"""The relay endpoint, ``{base_url}credprobe/relay/{host}/{path}``: behind Jupyter's own
authentication (the session cookie) and XSRF check (the ``X-XSRFToken`` header matching the
``_xsrf`` cookie), forwarding to the registry's provider hosts only (relay_policy.py) and
logging only method, host, path, status and latency.
"""

from __future__ import annotations

import time
from typing import Any

import tornado.web
from jupyter_server.base.handlers import APIHandler

from .relay_config import CredprobeRelay
from .relay_forward import Forwarder, Limits
from .relay_policy import (
    Decision,
    Refusal,
    decide,
    forwarded_request_headers,
    log_line,
    passed_response_headers,
    refusal,
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


class RelayHandler(APIHandler):
    state: RelayState

    def initialize(self, state: RelayState) -> None:  # type: ignore[override]
        self.state = state
        # Captured raw before anything can log the request, then hidden from Jupyter's access
        # log: the query string may carry presigned signatures.
        self._rest = self.request.path[len(state.prefix) :]
        self._query = self.request.query
        self.request.uri = self.request.path

    # Browsers never need the relay cross-origin: no CORS headers, whatever the server allows.
    def set_default_headers(self) -> None:
        super().set_default_headers()
        for name in ("Access-Control-Allow-Origin", "Access-Control-Allow-Credentials"):
            self.clear_header(name)
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")

    @tornado.web.authenticated
    async def get(self, _rest: str = "") -> None:
        await self._relay("GET")

    @tornado.web.authenticated
    async def post(self, _rest: str = "") -> None:
        await self._relay("POST")

    @tornado.web.authenticated
    async def put(self, _rest: str = "") -> None:
        await self._relay("PUT")

    @tornado.web.authenticated
    async def delete(self, _rest: str = "") -> None:
        await self._relay("DELETE")

    @tornado.web.authenticated
    async def patch(self, _rest: str = "") -> None:
        await self._relay("PATCH")

    async def _relay(self, method: str) -> None:
        started = time.monotonic()
        # Tornado checks XSRF for unsafe methods only, and Jupyter lets GET pass on a Referer or
        # a token: the relay applies tornado's own double-submit check to every method, and
        # never accepts the Jupyter token itself (it would be forwarded with the request).
        if self.token_authenticated:
            return self._refuse(method, "-", refusal("token_authenticated"), started)
        if not self.check_origin():
            raise tornado.web.HTTPError(403)
        # Tornado also takes the token from a `_xsrf` argument; the relay strips only the header,
        # so a token in the query or a form body would travel on to the provider.
        if "_xsrf" in self.request.query_arguments or "_xsrf" in self.request.body_arguments:
            return self._refuse(method, "-", refusal("xsrf_not_in_header"), started)
        tornado.web.RequestHandler.check_xsrf_cookie(self)
        decision: Decision = decide(
            method, self._rest, self._query, self.state.allowed_hosts, self.state.config.insecure_hosts
        )
        host = self._rest.split("/", 1)[0]
        if decision.refusal is not None or decision.destination is None:
            return self._refuse(method, host, decision.refusal or refusal("bad_target"), started)
        destination = decision.destination
        body = self.request.body or b""
        if len(body) > self.state.config.max_request_bytes:
            return self._refuse(method, destination.authority, refusal("body_too_large"), started)
        if self.state.in_flight >= self.state.config.max_in_flight:
            return self._refuse(method, destination.authority, refusal("busy"), started)
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
            return self._refuse(method, destination.authority, result.refusal, started, destination.path)
        self.set_status(result.status)
        for name, value in passed_response_headers(result.headers):
            self.add_header(name, value)
        self.set_header("X-Credprobe-Relay", "jupyter")
        self._log_relay(method, destination.authority, destination.path, result.status, started)
        self.finish(result.body)

    def _refuse(
        self, method: str, host: str, why: Refusal, started: float, path: str = "-"
    ) -> None:
        self.set_status(why.status)
        self.set_header("Content-Type", "application/json")
        self.set_header("X-Credprobe-Relay-Error", why.code)
        self._log_relay(method, host, path, why.status, started)
        self.finish(why.body())

    def _log_relay(self, method: str, host: str, path: str, status: int, started: float) -> None:
        self.log.info("credprobe relay: %s", log_line(method, host, path, status, (time.monotonic() - started) * 1000))

    # Jupyter's error pages echo the reason; keep refusals as our own fixed JSON instead.
    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Content-Type", "application/json")
        self.finish(Refusal(status_code, "jupyter_refused", self._reason).body())
