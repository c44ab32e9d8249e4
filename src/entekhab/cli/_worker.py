"""One headquarters server process: uvicorn (uvloop, httptools) on a socket of its own, bound
with SO_REUSEPORT beside its sibling processes on the same port.

Why not ``uvicorn --workers``: its workers share one listening socket and race to accept, and
when stations connect in a burst (as every branch does at opening) one worker took every
connection while the other sat idle, halving capacity. With a socket per process and
SO_REUSEPORT the kernel spreads new connections across the processes.

``python -m entekhab.cli._worker HOST PORT LOG_LEVEL`` (started by ``_server_process``).
"""

from __future__ import annotations

import gc
import socket
import sys

__all__ = ["listening_socket", "main"]


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to (host, port) with SO_REUSEPORT, listening."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(4096)
    sock.set_inheritable(True)
    return sock


def main(argv: list[str]) -> None:
    import uvicorn

    from entekhab.api.proxies import UVICORN_PROXY_OPTIONS

    host, port, log_level = argv[0], int(argv[1]), argv[2]
    sock = listening_socket(host, port)
    config = uvicorn.Config(
        "entekhab.api.app:create_app",
        factory=True,
        loop="uvloop",
        http="httptools",
        log_level=log_level,
        access_log=False,
        backlog=4096,
        **UVICORN_PROXY_OPTIONS,  # forwarded headers: only from ENTEKHAB_TRUSTED_PROXIES
    )
    # Closings run in worker threads beside the check-ins' event loop and hold the GIL for
    # thousands of ballots; handing it over every 1 ms instead of 5 ms lets the loop answer
    # check-ins meanwhile (closing wave, two A/B pairs on the shared machine: check-ins during
    # the wave 1.7x, their p99 0.5-0.7x, the wave itself 0.65x the time).
    sys.setswitchinterval(0.001)
    gc.freeze()  # what was imported stays: the collector skips it from now on
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    main(sys.argv[1:])
