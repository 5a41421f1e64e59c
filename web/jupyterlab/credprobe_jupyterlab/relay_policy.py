"""The relay's refusal rules as pure functions: what the Jupyter server relay forwards and what
it refuses, with a fixed status, code and message for each refusal. No sockets, no DNS, no
clock, so tests can state every rule exactly.

A request to ``{base_url}credprobe/relay/{host}/{path}?{query}`` goes to
``https://{host}/{path}?{query}`` only when ``host`` matches a pattern of the registry's
allow-list (``*`` stands for exactly one DNS label), on port 443.

The rules themselves are not written here: the allow-list, the non-public address ranges, the
header lists, the content types and the refusal codes and messages are those of
``credprobe relay`` (src/native/relay/relay_policy.cpp), exported by ``credprobe relay
--print-policy`` into ``_relay_rules.py`` when the package is built (scripts/prepare.mjs).
This module only applies them; tests/relay/cases.json is run against both.
"""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

try:
    from ._relay_rules import POLICY as _POLICY
except ImportError:  # a source tree that was never built: relay nothing, refuse everything
    _POLICY: dict[str, Any] = {"allowed_hosts": [], "refusals": [], "address_ranges": {"ipv4": [], "ipv6": []},
                               "request_headers": {"never": [], "never_prefixes": []},
                               "response_headers": {"never": [], "never_prefixes": [],
                                                    "json_content_type": "application/json",
                                                    "text_content_type": "text/plain; charset=utf-8",
                                                    "content_security_policy": "default-src 'none'; sandbox"}}

ALLOWED_HOSTS: tuple[str, ...] = tuple(_POLICY["allowed_hosts"])
CONTENT_SECURITY_POLICY: str = _POLICY["response_headers"]["content_security_policy"]
_JSON_TYPE: str = _POLICY["response_headers"]["json_content_type"]
_TEXT_TYPE: str = _POLICY["response_headers"]["text_content_type"]


@dataclass(frozen=True)
class Refusal:
    status: int
    code: str
    message: str

    def body(self) -> str:
        return json.dumps({"error": self.code, "message": self.message}) + "\n"


_REFUSALS: dict[str, tuple[int, str]] = {r["code"]: (r["status"], r["message"]) for r in _POLICY["refusals"]}


def refusal(code: str, **values: object) -> Refusal:
    """The refusal ``code`` with its placeholders ({limit}, {seconds}, {detail}, {range}) filled."""
    status, message = _REFUSALS.get(code, (500, "internal error in the relay"))
    for name, value in values.items():
        message = message.replace("{" + name + "}", str(value), 1)
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


def _ranges(family: str) -> list[tuple[int, int, str, int]]:
    """(network as an integer, prefix, name, embedded IPv4 offset or -1), in table order."""
    bits = 32 if family == "ipv4" else 128
    out = []
    for r in _POLICY["address_ranges"][family]:
        network = int(ipaddress.ip_address(r["network"]))
        out.append((network >> (bits - r["prefix"]) if r["prefix"] else 0, r["prefix"], r["name"], r.get("embedded_ipv4_at", -1)))
    return out


_IPV4_RANGES = _ranges("ipv4")
_IPV6_RANGES = _ranges("ipv6")


def _range_of(packed: bytes) -> str:
    bits = len(packed) * 8
    value = int.from_bytes(packed, "big")
    for network, prefix, name, embedded_at in _IPV4_RANGES if bits == 32 else _IPV6_RANGES:
        if (value >> (bits - prefix) if prefix else 0) != network:
            continue
        if embedded_at >= 0:
            return _range_of(packed[embedded_at : embedded_at + 4])
        return name
    return ""


def non_public_range(address: str) -> str:
    """The name of the non-public range an address falls in, or "" when it is public: first
    match in the exported table (ipaddress only parses; its own range tables vary by release)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "unparsable"
    return _range_of(ip.packed)


_NEVER_FORWARD = frozenset(_POLICY["request_headers"]["never"])
_NEVER_FORWARD_PREFIX = tuple(_POLICY["request_headers"]["never_prefixes"])
_NEVER_PASS_BACK = frozenset(_POLICY["response_headers"]["never"])
_NEVER_PASS_BACK_PREFIX = tuple(_POLICY["response_headers"]["never_prefixes"])
_TCHAR = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _is_token(name: str) -> bool:
    return bool(name) and all(c in _TCHAR for c in name)


def forward_request_header(name: str, connection_tokens: Iterable[str] = ()) -> bool:
    n = name.lower()
    return not (n in _NEVER_FORWARD or n in connection_tokens or n.startswith(_NEVER_FORWARD_PREFIX)) and _is_token(n)


def pass_response_header(name: str, value: str = "") -> bool:
    n = name.lower()
    if any(ord(c) < 0x20 and c != "\t" or ord(c) == 0x7F for c in value):
        return False
    return not (n in _NEVER_PASS_BACK or n.startswith(_NEVER_PASS_BACK_PREFIX)) and _is_token(n)


def safe_content_type(upstream: str) -> str:
    """JSON stays JSON; everything else is served as text, so an answer never becomes a page."""
    media = upstream.split(";", 1)[0].strip().lower()
    is_json = media == "application/json" or (media.startswith("application/") and media.endswith("+json"))
    return _JSON_TYPE if is_json else _TEXT_TYPE


def forwarded_request_headers(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    items = list(headers)
    hop = {
        token.strip().lower()
        for name, value in items
        if name.lower() == "connection"
        for token in value.split(",")
    }
    return {name: value for name, value in items if forward_request_header(name, hop)}


def passed_response_headers(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(name, value) for name, value in headers if pass_response_header(name, value)]


def _cut(text: str, limit: int) -> str:
    clean = "".join(c if 0x20 < ord(c) < 0x7F else "?" for c in text[:limit])
    return clean + ("..." if len(text) > limit else "")


def log_line(method: str, host: str, path: str, status: int, latency_ms: float) -> str:
    """What the relay logs about a request: never a header, a body, userinfo or a query string."""
    path = path.split("?", 1)[0]
    host = host.rsplit("@", 1)[-1]  # never the userinfo
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
