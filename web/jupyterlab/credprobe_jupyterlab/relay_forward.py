"""The relay's outbound half: one request to an already-checked destination, with tornado's
HTTP client. The host is resolved once, by a resolver that refuses any non-public answer (a
mixed answer is what DNS rebinding looks like), and the connection goes to those checked
addresses. Redirects are never followed; the answer is capped in size and time.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from typing import Any

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest, HTTPResponse
from tornado.simple_httpclient import HTTPTimeoutError
from tornado.httputil import HTTPInputError
from tornado.netutil import DefaultExecutorResolver

from .relay_policy import Destination, Refusal, non_public_range, refusal


class RefusedAddress(Exception):
    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.code)
        self.refusal = refusal


class PublicOnlyResolver(DefaultExecutorResolver):
    """Resolves once and refuses loopback, private, link-local and other non-public answers."""

    async def resolve(  # type: ignore[override]
        self, host: str, port: int, family: socket.AddressFamily = socket.AF_UNSPEC
    ) -> list[tuple[int, Any]]:
        try:
            answers = await super().resolve(host, port, family)
        except OSError:
            raise RefusedAddress(refusal("dns_failed")) from None
        if not answers:
            raise RefusedAddress(refusal("dns_failed"))
        for _family, address in answers:
            range_name = non_public_range(str(address[0]))
            if range_name:
                raise RefusedAddress(refusal("resolves_non_public", range=range_name))
        return answers


@dataclass
class ForwardResult:
    status: int = 0
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    refusal: Refusal | None = None


@dataclass(frozen=True)
class Limits:
    timeout_seconds: float
    max_response_bytes: int


class Forwarder:
    """Two clients: provider hosts through the public-only resolver; configured loopback test
    hosts (plain http, tests only) through the ordinary one."""

    def __init__(self, max_response_bytes: int) -> None:
        # max_body_size makes the client stop reading (and fail) past the cap, whether the
        # answer declares its length or streams it.
        limits = {"max_body_size": max_response_bytes, "max_buffer_size": max_response_bytes}
        self._public = AsyncHTTPClient(force_instance=True, resolver=PublicOnlyResolver(), **limits)
        self._loopback = AsyncHTTPClient(force_instance=True, **limits)

    def close(self) -> None:
        self._public.close()
        self._loopback.close()

    async def forward(
        self,
        method: str,
        destination: Destination,
        headers: dict[str, str],
        body: bytes,
        limits: Limits,
    ) -> ForwardResult:
        received: list[bytes] = []
        size = 0
        declared = 0

        def collect(chunk: bytes) -> None:
            nonlocal size
            size += len(chunk)
            if size <= limits.max_response_bytes:
                received.append(chunk)

        def header_line(line: str) -> None:
            nonlocal declared
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length" and value.strip().isdigit():
                declared = int(value.strip())

        request = HTTPRequest(
            destination.url,
            method=method,
            headers={**headers, "User-Agent": "credprobe-jupyterlab-relay"},
            body=body if method == "POST" else None,
            follow_redirects=False,
            decompress_response=False,
            connect_timeout=limits.timeout_seconds,
            request_timeout=limits.timeout_seconds,
            validate_cert=True,
            streaming_callback=collect,
            header_callback=header_line,
            allow_nonstandard_methods=False,
        )
        client = self._loopback if destination.insecure else self._public
        too_large = lambda: max(size, declared) > limits.max_response_bytes  # noqa: E731

        def failed(detail: str) -> ForwardResult:
            if too_large():
                return ForwardResult(refusal=refusal("response_too_large", limit=limits.max_response_bytes))
            return ForwardResult(refusal=refusal("upstream_failed", detail=detail))

        try:
            response: HTTPResponse = await client.fetch(request, raise_error=False)
        except RefusedAddress as refused:
            return ForwardResult(refusal=refused.refusal)
        except HTTPTimeoutError:
            return ForwardResult(refusal=refusal("upstream_timeout", seconds=f"{limits.timeout_seconds:g}"))
        except (HTTPClientError, HTTPInputError, OSError, ValueError) as error:
            # The client closes the stream when an answer passes max_body_size. The detail is
            # the exception's class only: its text may quote the URL.
            return failed(type(error).__name__)
        if response.code == 599 or too_large():
            return failed("no HTTP answer")
        if 300 <= response.code < 400:
            return ForwardResult(refusal=refusal("upstream_redirect"))
        return ForwardResult(
            status=response.code,
            headers=list(response.headers.get_all()),
            body=b"".join(received),
        )
