"""A town laptop with villages below it, built without a server: each village records its week on
its own laptop through the services, and its rows are then copied into the town's database the way
a sync would leave them (acknowledged, nothing pending). Sites and the villages' last contacts,
which only the server writes, are written straight in."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, insert, select

from core import schema
from core.clock import FixedClock
from desktop.storage.store import Store, put_settings

from support import enrolled_store


@dataclass
class Town:
    store: Store
    site_id: uuid.UUID
    path: str
    villages: dict[str, Store] = field(default_factory=dict)

    def village(self, folder: Path, clock: FixedClock, name: str) -> Store:
        """A village laptop below this town, with its site row in the town's database."""
        store = enrolled_store(folder / f"village-{len(self.villages)}", clock)
        identity = store.identity()
        assert identity is not None
        with self.store.write() as w:
            w.insert(
                schema.sites,
                {
                    "id": identity.site_id,
                    "site_id": identity.site_id,
                    "parent_id": self.site_id,
                    "level": "village",
                    "name": name,
                    "path": f"{self.path}{identity.site_id.hex}/",
                },
            )
        self.villages[name] = store
        return store

    def carry(self, village: Store) -> None:
        """What the town's next sync brings of ``village``'s records: every synced row as it is
        on the village laptop."""
        with village.read() as source, self.store.engine.begin() as target:
            for table in schema.SYNCED_TABLES:
                for row in source.execute(select(table)).mappings().all():
                    values = {
                        **row,
                        "pending": False,
                        "synced_rev": row["local_rev"],
                        "dirty": None,
                    }
                    target.execute(delete(table).where(table.c.id == row["id"]))
                    target.execute(insert(table).values(values))

    def contact(self, village: Store, seen: dt.datetime, waiting: int = 0) -> None:
        """The village's last contact with the server, as the server publishes it."""
        identity = village.identity()
        assert identity is not None
        with self.store.write() as w:
            w.insert(
                schema.site_activity,
                {
                    "id": identity.device_id,
                    "site_id": identity.site_id,
                    "device_name": "村里的电脑",
                    "last_seen_at": seen.astimezone(dt.UTC).replace(tzinfo=None),
                    "last_pending": waiting,
                },
            )

    def synced_at(self, moment: dt.datetime) -> None:
        """The town laptop's own last successful sync: how old the inbox's picture is."""
        with self.store.engine.begin() as conn:
            put_settings(conn, {"last_sync_success": moment.astimezone(dt.UTC).isoformat()})


def town(folder: Path, clock: FixedClock) -> Town:
    """A town laptop under a district, with no villages yet."""
    store = enrolled_store(folder / "town", clock, role="town")
    identity = store.identity()
    assert identity is not None
    district = uuid.uuid4()
    path = f"/{district.hex}/{identity.site_id.hex}/"
    with store.write() as w:
        w.insert(
            schema.sites,
            {
                "id": district,
                "site_id": district,
                "parent_id": None,
                "level": "district",
                "name": "荣昌区社区学院",
                "path": f"/{district.hex}/",
            },
        )
        w.insert(
            schema.sites,
            {
                "id": identity.site_id,
                "site_id": identity.site_id,
                "parent_id": district,
                "level": "town",
                "name": "昌元街道社区学校",
                "path": path,
            },
        )
    return Town(store, identity.site_id, path)
