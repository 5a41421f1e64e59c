"""credprobe for JupyterLab: the prebuilt labextension (the Credentials panel) and a server
extension that relays requests to provider endpoints that refuse browsers."""

from __future__ import annotations

from typing import Any

try:
    from ._version import __version__
except ImportError:  # running from a source tree that was never built
    __version__ = "0.0.0+unbuilt"


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "credprobe-jupyterlab"}]


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "credprobe_jupyterlab"}]


def _load_jupyter_server_extension(server_app: Any) -> None:
    from .extension import register_relay

    register_relay(server_app)


async def _start_jupyter_server_extension(server_app: Any) -> None:
    # Called once the server listens (jupyter_server binds its sockets on the IOLoop's first
    # turn, then starts its extensions): only now is there a backlog to raise.
    import socket

    from .listen_backlog import raise_listen_backlog

    raised = raise_listen_backlog(server_app)
    server_app.log.info("credprobe relay: listen backlog raised to %d on %d socket(s)", socket.SOMAXCONN, raised)
