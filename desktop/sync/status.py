"""What the status bar says: how much is waiting to sync and when the last sync succeeded.

Everything here is read from the local database, so it is true offline and costs one indexed count per
table.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select

from core import schema
from core.messages import UserMessage
from desktop.storage import settings as keys
from desktop.storage.store import Store
from desktop.sync import errors


def deferrals(store: Store) -> dict[tuple[str, str], str]:
    """{(table, row id hex): the server's reason} for changes waiting on this laptop because the
    server could not take them yet (a weekly report whose records are still on their way)."""
    out = {}
    for key, reason in store.settings().items():
        if key.startswith(keys.DEFERRED):
            table, _, row_hex = key[len(keys.DEFERRED) :].partition(":")
            out[(table, row_hex)] = reason
    return out


#: A laptop clock further off than this from the server's gets a visible warning.
CLOCK_WARNING = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    site_name: str
    role: str
    pending_by_table: dict[str, int]
    last_success: dt.datetime | None
    #: Why the last sync failed, as a sentence to translate; None when the last one succeeded.
    last_error: UserMessage | None
    clock_offset: dt.timedelta | None
    cursor: int

    @property
    def pending(self) -> int:
        return sum(self.pending_by_table.values())

    @property
    def clock_is_wrong(self) -> bool:
        return self.clock_offset is not None and abs(self.clock_offset) > CLOCK_WARNING


def pending_counts(store: Store) -> dict[str, int]:
    """Rows waiting to be acknowledged by the server, per synced table (tables with none omitted)."""
    counts: dict[str, int] = {}
    with store.read() as conn:
        for table in schema.SYNCED_TABLES:
            n = conn.execute(
                select(func.count()).select_from(table).where(table.c.pending.is_(True))
            ).scalar_one()
            if n:
                counts[table.name] = n
    return counts


def _last_error(settings: dict[str, str]) -> UserMessage | None:
    kind = keys.LAST_ERROR.of(settings)
    if kind not in errors.MESSAGES:
        return None
    return errors.SyncError(kind, keys.LAST_ERROR_DETAIL.of(settings)).message


def sync_status(store: Store) -> SyncStatus:
    """The laptop's sync state as a person would want to know it."""
    settings = store.settings()
    last = keys.LAST_SUCCESS.of(settings)
    offset = keys.CLOCK_OFFSET.of(settings)
    return SyncStatus(
        enrolled=keys.DEVICE_ID.of(settings) is not None,
        site_name=keys.SITE_NAME.of(settings),
        role=keys.ROLE.of(settings),
        pending_by_table=pending_counts(store),
        last_success=dt.datetime.fromisoformat(last) if last else None,
        last_error=_last_error(settings),
        clock_offset=dt.timedelta(seconds=offset) if keys.CLOCK_OFFSET.key in settings else None,
        cursor=keys.CURSOR.of(settings),
    )


@dataclass(frozen=True)
class Rejection:
    """A change the server refused, with its reason (in English, as the server said it)."""

    id: int
    table: str
    row_id: uuid.UUID
    reason: str
    at: dt.datetime


def rejections(store: Store, limit: int = 200) -> list[Rejection]:
    """The most recent refused changes: shown to the coordinator so none goes unnoticed."""
    t = schema.local_rejections
    with store.read() as conn:
        rows = conn.execute(select(t).order_by(t.c.id.desc()).limit(limit)).all()
    return [Rejection(r.id, r.table_name, r.row_id, r.reason, r.at) for r in rows]
