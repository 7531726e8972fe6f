"""Running the server inside another Python process: for tests and benchmarks that need a real HTTP
server on loopback without a subprocess."""

from __future__ import annotations

import socket
import threading
import time

import uvicorn


class ServerThread:
    """uvicorn serving ``app`` on an already bound 127.0.0.1 socket (ephemeral port), in a thread."""

    def __init__(self, app, certfile: str | None = None, keyfile: str | None = None) -> None:  # noqa: ANN001 - an ASGI app
        """Over HTTPS when given a certificate (and its key, unless the file holds both)."""
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.scheme = "https" if certfile else "http"
        self.server = uvicorn.Server(
            uvicorn.Config(
                app,
                log_level="warning",
                lifespan="off",
                ssl_certfile=certfile,
                ssl_keyfile=keyfile,
            )
        )
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the embedded server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        if self.scheme == "https":
            # An idle TLS connection a client keeps open would hold the shutdown for its close
            # handshake; the work is done by now.
            self.server.force_exit = True
        self.thread.join(10)
        self.sock.close()
