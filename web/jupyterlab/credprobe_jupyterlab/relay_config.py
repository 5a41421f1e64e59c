"""The relay's server-side settings (traitlets, so they live in jupyter_server_config.*):

    c.CredprobeRelay.insecure_hosts = ["127.0.0.1:8765"]   # tests only: a loopback emulator
    c.CredprobeRelay.timeout_seconds = 15
"""

from __future__ import annotations

from traitlets import Float, Integer, List, Unicode, validate
from traitlets.config import Configurable

from .relay_policy import loopback_insecure_host


class CredprobeRelay(Configurable):
    insecure_hosts = List(
        Unicode(),
        default_value=[],
        help=(
            "Exact loopback HOST:PORT destinations the relay may reach over plain http, for tests "
            "against the provider emulator. Empty by default: the relay only speaks https to the "
            "registry's provider hosts."
        ),
    ).tag(config=True)

    timeout_seconds = Float(
        15.0, help="Seconds to wait for a provider's answer (connect and whole request)."
    ).tag(config=True)

    max_request_bytes = Integer(
        1024 * 1024, help="Largest request body the relay forwards, in bytes."
    ).tag(config=True)

    max_response_bytes = Integer(
        4 * 1024 * 1024, help="Largest provider answer the relay passes back, in bytes."
    ).tag(config=True)

    max_in_flight = Integer(
        16, help="Requests forwarded at once; more are refused with 503 until one ends."
    ).tag(config=True)

    @validate("insecure_hosts")
    def _loopback_only(self, proposal: dict) -> list[str]:
        hosts: list[str] = list(proposal["value"])
        for host in hosts:
            if not loopback_insecure_host(host):
                raise ValueError(
                    f"CredprobeRelay.insecure_hosts: {host!r} is not a loopback HOST:PORT"
                )
        return hosts

    @validate("timeout_seconds")
    def _positive_timeout(self, proposal: dict) -> float:
        value = float(proposal["value"])
        if not 0 < value <= 600:
            raise ValueError("CredprobeRelay.timeout_seconds must be in (0, 600]")
        return value
