"""A TCP proxy that counts bytes and can emulate a slow link: latency each way and a bandwidth cap.

``tc netem`` is not available everywhere, so benchmarks and tests carry their own link: each chunk
read from one side is released to the other after ``delay`` seconds, paced so the direction never
exceeds ``bandwidth`` bytes per second. Counts are of bytes on the wire (headers included).
"""

from __future__ import annotations

import contextlib
import queue
import socket
import threading
import time
from dataclasses import dataclass


@dataclass
class LinkStats:
    connections: int = 0
    upstream_bytes: int = 0  # client → server
    downstream_bytes: int = 0  # server → client

    @property
    def total(self) -> int:
        return self.upstream_bytes + self.downstream_bytes


class LinkProxy:
    """Listens on 127.0.0.1:<ephemeral> and forwards to ``target``."""

    def __init__(
        self, target: tuple[str, int], delay: float = 0.0, bandwidth: float | None = None
    ) -> None:
        self.target = target
        self.delay = delay  # one way, seconds
        self.bandwidth = bandwidth  # bytes per second each way; None = unlimited
        self.stats = LinkStats()
        self._lock = threading.Lock()
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._closed = True
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self.stats.connections += 1
            upstream = socket.create_connection(self.target)
            for sock in (client, upstream):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            # The kernel completed the client's connect at once; charge the TCP handshake's round trip
            # to the first bytes the client sends instead.
            handshake = 2 * self.delay
            for src, dst, counter, extra in (
                (client, upstream, "upstream_bytes", handshake),
                (upstream, client, "downstream_bytes", 0.0),
            ):
                threading.Thread(
                    target=self._pipe, args=(src, dst, counter, extra), daemon=True
                ).start()

    def _pipe(
        self, src: socket.socket, dst: socket.socket, counter: str, first_extra: float
    ) -> None:
        # The reader stamps each chunk with the time the emulated line delivers it; a writer releases
        # chunks at those times, so latency is paid once per chunk, not once per chunk in sequence.
        chunks: queue.Queue[tuple[float, bytes] | None] = queue.Queue()
        writer = threading.Thread(target=self._release, args=(chunks, dst), daemon=True)
        writer.start()
        line_free_at = time.monotonic() + first_extra
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                with self._lock:
                    setattr(self.stats, counter, getattr(self.stats, counter) + len(data))
                send_time = len(data) / self.bandwidth if self.bandwidth else 0.0
                line_free_at = max(line_free_at, time.monotonic()) + send_time
                chunks.put((line_free_at + self.delay, data))
        except OSError:
            pass
        chunks.put(None)
        writer.join()
        src.close()

    @staticmethod
    def _release(chunks: queue.Queue[tuple[float, bytes] | None], dst: socket.socket) -> None:
        try:
            while (item := chunks.get()) is not None:
                at, data = item
                wait = at - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                dst.shutdown(socket.SHUT_WR)
