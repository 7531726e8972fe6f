"""A TCP proxy that counts bytes and can emulate a bad link: latency each way, a bandwidth cap,
occasional stalls, and cuts.

``tc netem`` is not available everywhere, so benchmarks and tests carry their own link: each chunk
read from one side is released to the other after ``delay`` seconds, paced so the direction never
exceeds ``bandwidth`` bytes per second. Counts are of bytes on the wire (headers included).

Faults are queued per connection (:meth:`LinkProxy.fail_next`): ``cut_request`` forwards part of
what the client sends, then drops the connection (the server never reads a whole request);
``cut_response`` forwards the whole request and drops the connection the moment the server starts
answering (the server has committed; the client never hears it).
"""

from __future__ import annotations

import contextlib
import queue
import random
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
        self,
        target: tuple[str, int],
        delay: float = 0.0,
        bandwidth: float | None = None,
        stall_chance: float = 0.0,
        stall_seconds: float = 0.0,
        seed: int = 7,
    ) -> None:
        self.target = target
        self.delay = delay  # one way, seconds
        self.bandwidth = bandwidth  # bytes per second each way; None = unlimited
        self.stats = LinkStats()
        self.stall_chance = stall_chance  # per chunk
        self.stall_seconds = stall_seconds
        self._random = random.Random(seed)
        self._faults: list[str] = []
        self.faults_done: list[str] = []
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

    def fail_next(self, fault: str, count: int = 1) -> None:
        """Apply ``fault`` ("cut_request" or "cut_response") to the next ``count`` connections."""
        if fault not in ("cut_request", "cut_response"):
            raise ValueError(fault)
        with self._lock:
            self._faults.extend([fault] * count)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

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
                fault = self._faults.pop(0) if self._faults else ""
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            for sock in (client, upstream):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            pair = (client, upstream)
            # The kernel completed the client's connect at once; charge the TCP handshake's round trip
            # to the first bytes the client sends instead.
            handshake = 2 * self.delay
            up_limit = 200 if fault == "cut_request" else None
            down_limit = 0 if fault == "cut_response" else None
            for src, dst, counter, extra, limit in (
                (client, upstream, "upstream_bytes", handshake, up_limit),
                (upstream, client, "downstream_bytes", 0.0, down_limit),
            ):
                threading.Thread(
                    target=self._pipe,
                    args=(src, dst, counter, extra, limit, pair, fault),
                    daemon=True,
                ).start()

    def _pipe(
        self,
        src: socket.socket,
        dst: socket.socket,
        counter: str,
        first_extra: float,
        limit: int | None,
        pair: tuple[socket.socket, socket.socket],
        fault: str,
    ) -> None:
        # The reader stamps each chunk with the time the emulated line delivers it; a writer releases
        # chunks at those times, so latency is paid once per chunk, not once per chunk in sequence.
        chunks: queue.Queue[tuple[float, bytes] | None] = queue.Queue()
        writer = threading.Thread(target=self._release, args=(chunks, dst), daemon=True)
        writer.start()
        line_free_at = time.monotonic() + first_extra
        forwarded = 0
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if limit is not None and forwarded + len(data) > limit:
                    # The cut: forward what fits, then drop both sides like a failed link.
                    if limit > forwarded:
                        chunks.put((time.monotonic(), data[: limit - forwarded]))
                    chunks.put(None)
                    writer.join()
                    with self._lock:
                        self.faults_done.append(fault)
                    for sock in pair:
                        with contextlib.suppress(OSError):
                            sock.shutdown(socket.SHUT_RDWR)
                        sock.close()
                    return
                forwarded += len(data)
                with self._lock:
                    setattr(self.stats, counter, getattr(self.stats, counter) + len(data))
                send_time = len(data) / self.bandwidth if self.bandwidth else 0.0
                if self.stall_chance and self._random.random() < self.stall_chance:
                    send_time += self.stall_seconds
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
