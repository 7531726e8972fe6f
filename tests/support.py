"""Helpers the laptop-side tests share: a demo district on a real server, enrolled laptops.

Kept out of ``conftest.py`` so test modules can import them by a name no other folder uses.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from core import schema
from core.clock import FixedClock
from core.ids import weekly_report_id
from desktop.services import demo
from desktop.services.demand import menu
from desktop.storage.engine import open_local_database
from desktop.storage.store import DeviceIdentity, Store, put_identity
from desktop.sync.client import SyncClient, enroll
from desktop.sync.credentials import MemoryCredentials
from desktop.sync.transport import HttpTransport
from server import admin


def enrolled_store(folder: Path, clock: FixedClock, role: str = "village") -> Store:
    """A laptop database enrolled locally only (no server) at a made-up site: for service and UI tests."""
    engine = open_local_database(folder)
    with engine.begin() as conn:
        identity = DeviceIdentity(
            uuid.uuid4(), uuid.uuid4(), role, "http://127.0.0.1:9", "test-server"
        )
        put_identity(conn, identity, "玉屏村学习中心")
    # A district's ID-number key, as enrollment would have put it in the keyring.
    return Store(engine, clock, id_key=b"test-district-id-key")


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


def synced_village(district: District, tmp_path: Path, name: str = "a") -> Device:
    """A village laptop that has recorded two weeks of demo work and sent them to the server."""
    laptop = district.device(tmp_path, district.village, "village", name)
    demo.seed_demo(laptop.store, weeks=2, today=dt.date(2026, 11, 25))
    laptop.client.sync()
    return laptop


@dataclass
class Device:
    store: Store
    client: SyncClient
    credentials: MemoryCredentials
    transport: HttpTransport
    clock: FixedClock


def publish_menu(store: Store) -> dict[str, menu.Offering]:
    """A district's menu of two offerings, fruit-tree care and herbs: the pear orchard's test."""
    fruit, _ = menu.publish_offering(
        store,
        menu.OfferingInput(
            "果树栽培与修剪技术培训",
            "science",
            "2026Q4",
            lead_department="区农业农村委",
            team="区农技推广服务队",
            covers="梨树、柑橘等果树的整形修剪、疏花疏果和病虫害防治",
            keywords="梨 果树 修剪 病虫害",
            capacity=12,
        ),
    )
    herbs, _ = menu.publish_offering(
        store,
        menu.OfferingInput(
            "中药材种植技术",
            "science",
            "2026Q4",
            covers="黄精、前胡、金银花等中药材的育苗和栽培",
            keywords="中药材 中草药 种植",
        ),
    )
    return {"fruit": fruit, "herbs": herbs}


def approve_here(store: Store, monday: dt.date) -> None:
    """The town's approval of this laptop's week of ``monday``, written as a sync would bring it:
    for tests of what an approved (locked) week refuses, without a town and a server."""
    site = store.identity().site_id
    with store.write() as w:
        w.insert(
            schema.weekly_reports,
            {
                "id": weekly_report_id(site, monday),
                "site_id": site,
                "week_start": monday,
                "status": "approved",
                "figures": {},
                "remark": "",
                "review_comment": "",
                "submitted_at": None,
            },
        )
