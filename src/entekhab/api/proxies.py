"""Which client address a request comes from: the TCP peer, unless the peer is a reverse proxy
listed in ``ENTEKHAB_TRUSTED_PROXIES``.

A forwarded header is only as honest as whoever wrote it. uvicorn by default believes
``X-Forwarded-For`` from any loopback peer, so a local client escaped the sign-in throttle (and
wrote a made-up address into the event log) by sending one. The server therefore runs uvicorn
with its proxy handling off (``UVICORN_PROXY_OPTIONS``) and resolves the address here: from a
listed proxy, the right-most address in ``X-Forwarded-For`` that is not itself a listed proxy;
from anyone else, the peer, whatever the headers say. The throttle, the rate limit and the event
log all read the address this gives.
"""

from __future__ import annotations

from collections.abc import Sequence
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["UVICORN_PROXY_OPTIONS", "TrustedProxyHeaders", "forwarded_client"]

UVICORN_PROXY_OPTIONS: dict[str, bool] = {"proxy_headers": False}
"""uvicorn must not rewrite the client address itself (this module does, for listed proxies)."""


def _networks(trusted: Sequence[str]) -> list[IPv4Network | IPv6Network]:
    return [ip_network(entry.strip(), strict=False) for entry in trusted if entry.strip()]


def _is_ip(text: str) -> bool:
    try:
        ip_address(text)
    except ValueError:
        return False
    return True


def _listed(host: str, networks: Sequence[IPv4Network | IPv6Network]) -> bool:
    try:
        found = ip_address(host)
    except ValueError:
        return False
    return any(found in network for network in networks)


def forwarded_client(
    peer: str, forwarded_for: str | None, networks: Sequence[IPv4Network | IPv6Network]
) -> str:
    """The client's address: ``peer`` unless it is a listed proxy; then the right-most hop of
    ``forwarded_for`` that is not a listed proxy (a hop that is not an IP address ends the walk:
    the proxy did not write it)."""
    if not forwarded_for or not _listed(peer, networks):
        return peer
    client = peer
    for hop in reversed([h.strip() for h in forwarded_for.split(",")]):
        if not _is_ip(hop):
            break
        client = hop
        if not _listed(hop, networks):
            break
    return client


class TrustedProxyHeaders:
    """Pure ASGI: replace the client address with the forwarded one, from listed proxies only."""

    def __init__(self, app: ASGIApp, trusted: Sequence[str]) -> None:
        self.app = app
        self.networks = _networks(trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] in ("http", "websocket") and self.networks and client:
            values = [v.decode("latin-1") for k, v in scope["headers"] if k == b"x-forwarded-for"]
            host = forwarded_client(client[0], ",".join(values) or None, self.networks)
            if host != client[0]:
                scope = {**scope, "client": (host, 0)}
        await self.app(scope, receive, send)
