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
