"""Benchmark: a town school's first sync of its villages' history.

Workload (fixed, seeded, made by :mod:`bench.villages`): ``villages`` villages under one town, each
with 2,000 residents, a dozen courses and ``weeks`` weeks of 5 sessions with about 51 marks each — at
the default 30 villages × 156 weeks that is ~1.2 M attendance marks and 60 k residents. It is written straight into a server
database, the server runs as its own process (``learning-desk-server serve``), and a freshly enrolled
town laptop syncs everything in this process. Prints wall time, rows per second, exchanges and the
laptop process's peak RSS. No assertions.

    python -m bench.town_first_sync [--villages 30] [--weeks 156]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
from sqlalchemy import func, select

from bench.villages import synced_columns, village_rows, write
from core import schema
from core.clock import SystemClock
from desktop.storage.engine import open_local_database
from desktop.storage.store import Store
from desktop.sync.client import SyncClient, SyncProgress, enroll
from desktop.sync.credentials import MemoryCredentials
from desktop.sync.transport import HttpTransport
from server import admin
from server.db import SEQ, open_server_database

BIN = Path(sys.executable).parent
RESIDENTS_PER_VILLAGE = 2000


def build(url: str, villages: int, weeks: int) -> tuple[uuid.UUID, int, str]:
    """Write the workload into the server database at ``url``; returns (town id, rows written,
    an enrollment code for the town)."""
    engine = open_server_database(url)
    rng = random.Random(2026)
    with engine.begin() as conn:
        district = admin.add_site(conn, "荣昌区社区学院", "district")
        town = admin.add_site(conn, "昌元街道社区学校", "town", district)
        village_ids = [
            admin.add_site(conn, f"第{i + 1}村学习中心", "village", town) for i in range(villages)
        ]
        seq = conn.execute(select(schema.server_counter.c.value)).scalar_one()
    last_monday = dt.date(2026, 11, 23)
    total = 0
    for village in village_ids:

        def stamp(site: uuid.UUID = village) -> dict:
            nonlocal seq
            seq += 1
            return synced_columns(site, seq)

        rows = village_rows(rng, stamp, RESIDENTS_PER_VILLAGE, weeks, last_monday)
        with engine.begin() as conn:
            total += write(conn, rows)
            conn.execute(
                schema.server_counter.update()
                .where(schema.server_counter.c.name == SEQ)
                .values(value=seq)
            )
    with engine.begin() as conn:
        code = admin.enrollment_code(conn, town, "town")
    engine.dispose()
    return town, total, code


@dataclass
class TownLaptop:
    """A freshly enrolled town laptop facing a server process that holds the workload."""

    rows: int
    build_s: float
    store: Store
    transport: HttpTransport
    credentials: MemoryCredentials

    def client(self) -> SyncClient:
        return SyncClient(self.store, self.transport, self.credentials)


@contextmanager
def town_laptop(villages: int, weeks: int) -> Iterator[TownLaptop]:
    """Build the workload (in a child process, so this process's peak memory is the laptop's
    alone), serve it with ``learning-desk-server serve`` and enroll a town laptop against it."""
    with tempfile.TemporaryDirectory(prefix="ld-town-") as tmp:
        root = Path(tmp)
        url = f"sqlite+pysqlite:///{root / 'server.sqlite3'}"
        t0 = time.perf_counter()
        with concurrent.futures.ProcessPoolExecutor(1) as pool:
            _town, rows, code = pool.submit(build, url, villages, weeks).result()
        built = time.perf_counter() - t0
        port = _free_port()
        env = dict(os.environ, LEARNING_DESK_SERVER_DB=url)
        server = subprocess.Popen(
            [str(BIN / "learning-desk-server"), "serve", "--port", str(port)], env=env
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait(base)
            store = Store(open_local_database(root / "town"), SystemClock())
            creds = MemoryCredentials()
            transport = HttpTransport(base, retries=2, timeout=120)
            enroll(store, transport, creds, base, code, "town")
            yield TownLaptop(rows, built, store, transport, creds)
            store.engine.dispose()
        finally:
            server.terminate()
            server.wait(10)


def run(villages: int = 30, weeks: int = 156) -> dict[str, float]:
    with town_laptop(villages, weeks) as town:
        last = [0.0]

        def progress(p: SyncProgress) -> None:
            now = time.perf_counter()
            if now - last[0] > 10:
                last[0] = now
                print(f"  … {p.received} rows, {p.bytes_received / 1e6:.1f} MB", flush=True)

        start = time.perf_counter()
        report = town.client().sync(progress)
        elapsed = time.perf_counter() - start
        with town.store.read() as conn:
            marks = conn.execute(select(func.count()).select_from(schema.attendance)).scalar_one()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = {
        "villages": villages,
        "weeks": weeks,
        "rows": town.rows,
        "attendance_marks": marks,
        "build_s": round(town.build_s, 1),
        "sync_s": round(elapsed, 1),
        "rows_per_s": round(report.received / elapsed),
        "exchanges": report.exchanges,
        "wire_mb_received": round(town.transport.stats.body_bytes_received / 1e6, 1),
        "peak_rss_mb": round(peak_mb),
    }
    print(json.dumps(out, ensure_ascii=False))
    return out


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(base: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(base + "/api/v1/hello", timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=30)
    parser.add_argument("--weeks", type=int, default=156)
    args = parser.parse_args()
    run(args.villages, args.weeks)
