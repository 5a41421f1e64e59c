"""The relay's refusal rules as pure functions: what the Jupyter server relay forwards and what
it refuses, with a fixed status, code and message for each refusal. No sockets, no DNS, no
clock, so tests can state every rule exactly.

A request to ``{base_url}credprobe/relay/{host}/{path}?{query}`` goes to
``https://{host}/{path}?{query}`` only when ``host`` matches a pattern of the registry's
allow-list (``*`` stands for exactly one DNS label), on port 443. The codes and messages are
the ones ``credprobe relay`` gives (src/native/relay/relay_policy.cpp), so the page reads both
relays the same way.
"""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass
from typing import Iterable, Sequence


@dataclass(frozen=True)
class Refusal:
    status: int
    code: str
    message: str

    def body(self) -> str:
        return json.dumps({"error": self.code, "message": self.message}) + "\n"


# Messages are fixed: they never echo the request, so they are safe to log and show.
_REFUSALS: dict[str, tuple[int, str]] = {
    "missing_host": (400, "no destination host: relay URLs look like {relay}/HOST/PATH?QUERY"),
    "userinfo": (403, "userinfo (user@host) is not allowed in the destination"),
    "plain_http": (403, "plain http is not relayed: destinations are always https://HOST/PATH"),
    "scheme_in_destination": (
        400,
        "give the destination as HOST/PATH without a scheme: the relay always uses https",
    ),
    "ip_literal": (403, "IP address destinations are not allowed: name a provider host"),
    "port_not_allowed": (403, "only port 443 (https) is allowed"),
    "bad_host": (400, "the destination is not a valid host name"),
    "host_not_allowed": (
        403,
        "host is not in the relay's allow-list (the provider hosts: credprobe providers --json)",
    ),
    "bad_target": (400, "the destination path or query has characters a URL may not carry"),
    "dot_segment": (400, "dot segments (. and ..) are not allowed in the destination path"),
    "method_not_allowed": (405, "only GET and POST are relayed"),
    "token_authenticated": (
        403,
        "the relay takes the session cookie and the XSRF header, not the Jupyter token "
        "(a token in the request could otherwise be forwarded to a provider)",
    ),
    "xsrf_not_in_header": (
        400,
        "the XSRF token goes in the X-XSRFToken header only "
        "(a _xsrf in the query or a form body would be forwarded to the provider)",
    ),
    "body_too_large": (413, "request body too large for the relay"),
    "busy": (503, "too many requests in flight: try again in a moment"),
    "dns_failed": (502, "could not resolve the destination host"),
    "resolves_non_public": (403, "the destination host resolves to a non-public address: refused"),
    "upstream_redirect": (
        502,
        "the destination answered with a redirect: the relay never follows or passes on redirects",
    ),
    "response_too_large": (502, "the destination's answer is larger than the relay passes on"),
    "upstream_timeout": (504, "the destination did not answer within the relay's timeout"),
    "upstream_failed": (502, "could not reach the destination"),
}


def refusal(code: str) -> Refusal:
    status, message = _REFUSALS.get(code, (500, "internal error in the relay"))
    return Refusal(status, code, message)


@dataclass(frozen=True)
class Destination:
    scheme: str  # "https", or "http" for a configured loopback test host
    host: str
    port: int
    path: str  # raw, as received, starting with "/"
    query: str  # raw, without "?"

    @property
    def insecure(self) -> bool:
        return self.scheme == "http"

    @property
    def authority(self) -> str:
        return f"{self.host}:{self.port}" if self.insecure or self.port != 443 else self.host

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.authority}{self.path}" + (f"?{self.query}" if self.query else "")


@dataclass(frozen=True)
class Decision:
    refusal: Refusal | None
    destination: Destination | None = None

    @property
    def allowed(self) -> bool:
        return self.refusal is None


def _refuse(code: str) -> Decision:
    return Decision(refusal(code))


def host_matches(pattern: str, host: str) -> bool:
    """Registry patterns: labels compared exactly, "*" matching exactly one non-empty label."""
    want = pattern.lower().split(".")
    have = host.lower().split(".")
    if len(want) != len(have):
        return False
    return all((w == "*" and h != "") or w == h for w, h in zip(want, have))


def is_ip_literal(host: str) -> bool:
    """Any form a resolver reads as an address: dotted quad, 127.1, 2130706433, 0x7f.1, IPv6."""
    if any(c in host for c in ":[]"):
        return True
    host = host[:-1] if host.endswith(".") else host
    if not host:
        return False
    last = host.rsplit(".", 1)[-1]
    if not last:
        return False
    if last.isdigit():
        return True  # no top-level domain is numeric: inet_aton reads it as a number
    lowered = last.lower()
    return lowered.startswith("0x") and all(c in "0123456789abcdef" for c in lowered[2:])


def is_valid_host_name(host: str) -> bool:
    if not host or len(host) > 253:
        return False
    for label in host.split("."):
        if not label or len(label) > 63 or label[0] == "-" or label[-1] == "-":
            return False
        if any(not (c.isascii() and (c.islower() or c.isdigit() or c == "-")) for c in label):
            return False
    return True


_TARGET_FORBIDDEN = set('\\"<>{}|^`#')


def _is_target_text(text: str) -> bool:
    return all(0x20 < ord(c) < 0x7F and c not in _TARGET_FORBIDDEN for c in text)


def _is_dot_segment(segment: str) -> bool:
    decoded = segment.replace("%2e", ".").replace("%2E", ".")
    return decoded in (".", "..")


def check_destination(
    authority: str, allowed_hosts: Sequence[str], insecure_hosts: Sequence[str] = ()
) -> Decision:
    """The destination rules for the {host} segment alone (path and query come later)."""
    if not authority:
        return _refuse("missing_host")
    if "@" in authority:
        return _refuse("userinfo")
    lowered = authority.lower()
    for insecure in insecure_hosts:
        if lowered == insecure.lower():
            host, _, port = lowered.rpartition(":")
            return Decision(None, Destination("http", host, int(port), "/", ""))
    if lowered == "http:":
        return _refuse("plain_http")
    if lowered == "https:":
        return _refuse("scheme_in_destination")
    if lowered.startswith("[") or lowered.count(":") > 1:
        return _refuse("ip_literal")
    host, colon, port = lowered.partition(":")
    if colon:
        if not port:
            return _refuse("bad_host")
        if port != "443":
            return _refuse("port_not_allowed")
    if is_ip_literal(host):
        return _refuse("ip_literal")
    if not is_valid_host_name(host):
        return _refuse("bad_host")
    if not any(host_matches(pattern, host) for pattern in allowed_hosts):
        return _refuse("host_not_allowed")
    return Decision(None, Destination("https", host, 443, "/", ""))


def decide(
    method: str,
    rest: str,
    query: str,
    allowed_hosts: Sequence[str],
    insecure_hosts: Sequence[str] = (),
) -> Decision:
    """The whole decision for the part of the path after ``credprobe/relay/`` (still raw)."""
    if method not in ("GET", "POST"):
        return _refuse("method_not_allowed")
    authority, slash, path = rest.partition("/")
    decision = check_destination(authority, allowed_hosts, insecure_hosts)
    if decision.destination is None:
        return decision
    path = "/" + path if slash else "/"
    if not _is_target_text(path + query):
        return _refuse("bad_target")
    if any(_is_dot_segment(s) for s in path.split("/")):
        return _refuse("dot_segment")
    d = decision.destination
    return Decision(None, Destination(d.scheme, d.host, d.port, path, query))


def non_public_range(address: str) -> str:
    """The name of the non-public range an address falls in, or "" when it is public."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "unparsable"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return "IPv4-mapped"
        if ip in ipaddress.ip_network("64:ff9b::/96"):
            return non_public_range(str(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)))
        if ip.sixtofour is not None:
            return non_public_range(str(ip.sixtofour))
    checks = (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved or not ip.is_global),
    )
    for name, hit in checks:
        if hit:
            return name
    return ""


# Request headers never forwarded: the browser's and Jupyter's own (cookies, XSRF, origin),
# hop-by-hop headers, and headers the HTTP client sets itself.
_NEVER_FORWARD = frozenset(
    {
        "cookie", "cookie2", "origin", "referer", "host", "connection", "keep-alive",
        "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding",
        "upgrade", "content-length", "accept-encoding", "expect", "forwarded", "via",
        "user-agent", "dnt", "x-xsrftoken", "x-csrftoken", "x-requested-with", "priority",
    }
)  # fmt: skip
_NEVER_FORWARD_PREFIX = ("sec-", "x-forwarded-", "access-control-", "proxy-")

_NEVER_PASS_BACK = frozenset(
    {
        "set-cookie", "set-cookie2", "connection", "keep-alive", "te", "trailer",
        "transfer-encoding", "upgrade", "content-length", "content-encoding", "location",
        "alt-svc", "strict-transport-security", "refresh", "clear-site-data", "public-key-pins",
        "server", "date",
    }
)  # fmt: skip
_NEVER_PASS_BACK_PREFIX = ("access-control-", "proxy-")


def forwarded_request_headers(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    items = list(headers)
    hop = {
        token.strip().lower()
        for name, value in items
        if name.lower() == "connection"
        for token in value.split(",")
    }
    out: dict[str, str] = {}
    for name, value in items:
        n = name.lower()
        if n in _NEVER_FORWARD or n in hop or n.startswith(_NEVER_FORWARD_PREFIX):
            continue
        out[name] = value
    return out


def passed_response_headers(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [
        (name, value)
        for name, value in headers
        if name.lower() not in _NEVER_PASS_BACK
        and not name.lower().startswith(_NEVER_PASS_BACK_PREFIX)
    ]


def _cut(text: str, limit: int) -> str:
    clean = "".join(c if 0x20 < ord(c) < 0x7F else "?" for c in text[:limit])
    return clean + ("..." if len(text) > limit else "")


def log_line(method: str, host: str, path: str, status: int, latency_ms: float) -> str:
    """What the relay logs about a request: never a header, a body or a query string."""
    path = path.split("?", 1)[0]
    return (
        f"{_cut(method or '-', 16)} {_cut(host or '-', 255)} {_cut(path or '-', 200)}"
        f" -> {status} {max(latency_ms, 0):.0f} ms"
    )


def loopback_insecure_host(value: str) -> bool:
    """A configured plain-http test host must be loopback with an explicit port."""
    host, colon, port = value.rpartition(":")
    if not colon or not port.isdigit() or not 0 < int(port) < 65536:
        return False
    return host in ("127.0.0.1", "localhost", "[::1]")
