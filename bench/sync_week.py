"""Benchmark: the standard village week synced in one exchange, over loopback and an emulated 2G link.

Prints HTTP exchanges, wire bytes (HTTP headers and bodies both ways, counted by a proxy), the ratio of
wire bytes to the gzip size of the bare data, and wall times (median of several runs). Also a 10-mark
correction, and the same week as a sync bundle for a USB stick (the file the village writes, and
the answer the server writes back for it) next to the week's exchange. No assertions: figures for
people to read.
"""

from __future__ import annotations

import gzip
import json
import statistics
import tempfile
import time
from pathlib import Path

import requests
from sqlalchemy import select

from bench.linkproxy import LinkProxy
from bench.workload import WEEK, correction, register, standard_week
from core import bundles, protocol, schema
from core.clock import SystemClock
from desktop.storage.engine import open_local_database
from desktop.storage.store import Store
from desktop.sync.client import SyncClient, enroll
from desktop.sync.credentials import MemoryCredentials
from desktop.sync.transport import HttpTransport
from server import admin
from server.app import create_app
from server.db import open_server_database
from server.embedded import ServerThread

TWO_G = {"delay": 0.2, "bandwidth": 50_000 / 8}  # 400 ms round trip, 50 kbit/s each way
#: The same link with occasional stalls: one chunk in ten waits an extra 300 ms.
TWO_G_STALLS = {**TWO_G, "stall_chance": 0.1, "stall_seconds": 0.3}
LINKS = (("loopback", {}), ("2g", TWO_G), ("2g_stalls", TWO_G_STALLS))


def bare_gzip_size(store: Store) -> int:
    """gzip -6 of the week's pending rows: every field, and the 128-bit id of every row whose id is
    not derived from its fields (attendance marks and weekly reports derive theirs), one JSON list per
    row. This is the least any encoding of the week must carry, in the same text form."""
    lines = []
    with store.read() as conn:
        for table in protocol.PUSHABLE:
            codec = protocol.CODECS[table.name]
            for row in conn.execute(select(table).where(table.c.pending.is_(True))):
                lines.append(
                    json.dumps(
                        [
                            *([] if codec.derived_id else [row.id.hex]),
                            *codec.encode_values(row._mapping),
                        ],
                        ensure_ascii=False,
                    )
                )
    return len(gzip.compress("\n".join(lines).encode(), compresslevel=6))


def _device(tmp: Path, name: str, url: str, engine, site) -> tuple[Store, MemoryCredentials]:  # noqa: ANN001
    store = Store(open_local_database(tmp / name), SystemClock())
    creds = MemoryCredentials()
    with engine.begin() as conn:
        code = admin.enrollment_code(conn, site, "village")
    enroll(store, HttpTransport(url, retries=0), creds, url, code, name)
    return store, creds


def _sync_via(store: Store, creds: MemoryCredentials, proxy: LinkProxy) -> tuple[float, int, int]:
    """One sync on a new connection through ``proxy``: (seconds, exchanges, wire bytes)."""
    before = proxy.stats.total
    transport = HttpTransport(proxy.url, retries=0)
    start = time.perf_counter()
    SyncClient(store, transport, creds).sync()
    return time.perf_counter() - start, transport.stats.exchanges, proxy.stats.total - before


def _return_size(url: str, store: Store, creds: MemoryCredentials, bundle: bytes) -> int:
    """Bytes of the answer the server writes for ``bundle`` (the village's own token carries it
    here; a town's does in the field). The week is on the server already: the batch is answered
    from its memory, as it is for a bundle that arrives after the network did."""
    token = creds.get_token(store.identity().device_id.hex)
    answer = requests.post(
        url + bundles.RELAY_PATH,
        data=bundle,
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    answer.raise_for_status()
    return len(answer.content)


def run(repeats: int = 9) -> dict[str, float]:
    figures: dict[str, list[float]] = {}
    for i in range(repeats):
        with tempfile.TemporaryDirectory() as tmpdir:
            tmp = Path(tmpdir)
            engine = open_server_database(f"sqlite+pysqlite:///{tmp / 'server.sqlite3'}")
            with engine.begin() as conn:
                d = admin.add_site(conn, "荣昌区社区学院", "district")
                t = admin.add_site(conn, "昌元街道社区学校", "town", d)
                v = admin.add_site(conn, "玉屏村学习中心", "village", t)
            with ServerThread(create_app(engine)) as srv:
                store, creds = _device(tmp, "village", srv.url, engine, v)
                site = store.identity().site_id
                base = register(store, site)
                SyncClient(store, HttpTransport(srv.url, retries=0), creds).sync()
                counts = standard_week(store, site, base)
                bare = bare_gzip_size(store)
                key, shape = LINKS[i % len(LINKS)]
                link = LinkProxy(("127.0.0.1", srv.port), seed=i, **shape)
                # The week written as a bundle first: its batch is the one the sync then sends.
                up = tmp / "week.ldbundle"
                SyncClient(store, HttpTransport(srv.url, retries=0), creds).export_bundle(up)
                secs, exchanges, wire = _sync_via(store, creds, link)
                figures.setdefault("bundle_bytes", []).append(up.stat().st_size)
                figures.setdefault("return_bundle_bytes", []).append(
                    _return_size(srv.url, store, creds, up.read_bytes())
                )
                figures.setdefault(f"week_{key}_s", []).append(secs)
                figures.setdefault("week_exchanges", []).append(exchanges)
                figures.setdefault("week_wire_bytes", []).append(wire)
                figures.setdefault("week_bare_gzip_bytes", []).append(bare)
                with store.read() as conn:
                    sessions = list(
                        conn.execute(
                            select(schema.sessions.c.id).where(schema.sessions.c.starts_at >= WEEK)
                        ).scalars()
                    )
                correction(store, sessions, base["residents"][:10])
                secs, exchanges, wire = _sync_via(store, creds, link)
                figures.setdefault(f"correction_{key}_s", []).append(secs)
                figures.setdefault("correction_exchanges", []).append(exchanges)
                figures.setdefault("correction_wire_bytes", []).append(wire)
                link.close()
            engine.dispose()
    out = {k: statistics.median(v) for k, v in figures.items()}
    print(f"standard week rows: {counts}")
    print(
        f"week: {out['week_exchanges']:.0f} HTTP exchange(s), {out['week_wire_bytes']:.0f} wire bytes, "
        f"bare data gzip {out['week_bare_gzip_bytes']:.0f} bytes, ratio {out['week_wire_bytes'] / out['week_bare_gzip_bytes']:.2f}"
    )
    print(
        f"week time (median): loopback {out['week_loopback_s'] * 1000:.0f} ms; emulated 2G "
        f"{out['week_2g_s']:.2f} s; 2G with stalls {out['week_2g_stalls_s']:.2f} s"
    )
    print(
        f"week as a sync bundle: {out['bundle_bytes']:.0f} bytes on the stick, "
        f"{out['bundle_bytes'] / out['week_wire_bytes']:.2f}× the exchange's {out['week_wire_bytes']:.0f} "
        f"wire bytes (target ≤ 2×); the answer for the village {out['return_bundle_bytes']:.0f} bytes"
    )
    print(
        f"10-mark correction: {out['correction_exchanges']:.0f} exchange(s), {out['correction_wire_bytes']:.0f} wire bytes; "
        f"loopback {out['correction_loopback_s'] * 1000:.0f} ms; emulated 2G {out['correction_2g_s']:.2f} s; "
        f"2G with stalls {out['correction_2g_stalls_s']:.2f} s"
    )
    return out


if __name__ == "__main__":
    run()
