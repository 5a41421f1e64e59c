"""Registers the relay route on a running Jupyter server."""

from __future__ import annotations

from typing import Any

from jupyter_server.utils import url_path_join

from .relay_config import CredprobeRelay
from .relay_handler import RELAY_ROUTE, RelayHandler, RelayState
from .relay_policy import ALLOWED_HOSTS


def allowed_hosts() -> tuple[str, ...]:
    """The registry's allow-list, generated at build time (scripts/prepare.mjs); empty in a
    source tree that was never built (then nothing is relayed)."""
    return ALLOWED_HOSTS


def register_relay(server_app: Any) -> None:
    web_app = server_app.web_app
    base_url: str = web_app.settings["base_url"]
    prefix = url_path_join(base_url, RELAY_ROUTE) + "/"
    config = CredprobeRelay(config=server_app.config)
    hosts = allowed_hosts()
    state = RelayState(config, hosts, prefix)
    web_app.add_handlers(".*$", [(prefix + "(.*)", RelayHandler, {"state": state})])
    server_app.log.info(
        "credprobe relay at %s: %d allowed host pattern(s)%s",
        prefix,
        len(hosts),
        f", plain-http test hosts {', '.join(config.insecure_hosts)}" if config.insecure_hosts else "",
    )
