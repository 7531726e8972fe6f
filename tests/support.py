"""Helpers the tests share: a demo district on a real server, enrolled laptops, free ports.

Kept out of ``conftest.py`` so test modules can import them by a name no other folder uses.
"""

from __future__ import annotations

import datetime as dt
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from desktop.clock import FixedClock
from desktop.storage.engine import open_local_database
from desktop.storage.store import Store, put_settings
from desktop.sync.client import SyncClient, enroll
from desktop.sync.credentials import MemoryCredentials
from desktop.sync.transport import HttpTransport
from server import admin
from server.db import open_server_database

NOW = dt.datetime(2026, 11, 25, 6, 30, tzinfo=dt.UTC)  # a Wednesday, 14:30 in the villages


def enrolled_store(folder: Path, clock: FixedClock, role: str = "village") -> Store:
    """A laptop database enrolled locally only (no server) at a made-up site: for service and UI tests."""
    engine = open_local_database(folder)
    with engine.begin() as conn:
        put_settings(
            conn,
            {
                "device_id": uuid.uuid4().hex,
                "site_id": uuid.uuid4().hex,
                "role": role,
                "server_url": "http://127.0.0.1:9",
                "server_id": "test-server",
                "site_name": "玉屏村学习中心",
            },
        )
    # A district's ID-number key, as enrollment would have put it in the keyring.
    return Store(engine, clock, id_key=b"test-district-id-key")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class District:
    """A server with a demo tree: one district, one town, two villages."""

    url: str
    engine: Engine
    clock: FixedClock
    district: uuid.UUID
    town: uuid.UUID
    village: uuid.UUID
    other_village: uuid.UUID

    def code(self, site: uuid.UUID, role: str) -> str:
        with self.engine.begin() as conn:
            return admin.enrollment_code(conn, site, role)

    def device(self, tmp_path: Path, site: uuid.UUID, role: str, name: str) -> Device:
        """A laptop enrolled at ``site``: its own data folder, clock and credentials."""
        clock = FixedClock(self.clock.now())
        store = Store(open_local_database(tmp_path / name), clock)
        creds = MemoryCredentials()
        transport = HttpTransport(self.url, retries=0, timeout=20)
        enroll(store, transport, creds, self.url, self.code(site, role), name)
        return Device(store, SyncClient(store, transport, creds), creds, transport, clock)


@dataclass
class Device:
    store: Store
    client: SyncClient
    credentials: MemoryCredentials
    transport: HttpTransport
    clock: FixedClock


def make_district(url: str, clock: FixedClock) -> tuple[Engine, dict[str, uuid.UUID]]:
    engine = open_server_database(url)
    with engine.begin() as conn:
        d = admin.add_site(conn, "荣昌区社区学院", "district")
        t = admin.add_site(conn, "昌元街道社区学校", "town", d)
        v = admin.add_site(conn, "玉屏村学习中心", "village", t)
        o = admin.add_site(conn, "荣升村学习中心", "village", t)
    return engine, {"district": d, "town": t, "village": v, "other_village": o}
