"""Small pieces every use case needs: who this device is, loading a live row, week arithmetic."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Connection, Table, select

from core.messages import UserMessage
from core.week_figures import week_bounds  # noqa: F401 - services use it from here
from desktop.services.errors import CTX, NOT_YOURS, NotEnrolled, NotFound, ServiceError
from desktop.storage.store import DeviceIdentity, Store


def require_identity(store: Store) -> DeviceIdentity:
    """The enrollment every write needs: rows belong to this device's site."""
    identity = store.identity()
    if identity is None:
        raise NotEnrolled()
    return identity


def live_row(conn: Connection, table: Table, row_id: uuid.UUID | None):  # noqa: ANN201 - Row | None
    """The row with ``row_id`` unless it is missing or tombstoned."""
    if row_id is None:
        return None
    return conn.execute(
        select(table).where(table.c.id == row_id, table.c.deleted.is_(False))
    ).first()


def own_row(store: Store, conn: Connection, table: Table, row_id: uuid.UUID, unknown: str):  # noqa: ANN201
    """The live row ``row_id`` if this laptop may change it: it must belong to this laptop's site.
    A course the district published, or a village's session seen by its town, is read-only here;
    the server would refuse the change anyway, so say so now, in the user's words."""
    row = live_row(conn, table, row_id)
    if row is None:
        raise NotFound(UserMessage(CTX, unknown))
    if row.site_id != require_identity(store).site_id:
        raise ServiceError(UserMessage(CTX, NOT_YOURS))
    return row


def week_start(day: dt.date) -> dt.date:
    """Monday of the ISO week that contains ``day``: weeks run Monday to Sunday."""
    return day - dt.timedelta(days=day.weekday())
