"""Conflicts (冲突): values that lost when two laptops changed the same thing, kept so a person can
see them and put them back. Nothing silently disappears.

The server decides which value wins (the change it received later) and sends both sides the result
and a conflict record; restoring a record's lost value is an ordinary edit that syncs like any other.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from core import schema
from core.messages import QT_TRANSLATE_NOOP, UserMessage
from core.values import decode
from desktop.changes import Changes
from desktop.services.common import own_row
from desktop.services.errors import CTX, NotFound
from desktop.services.reports.weekly_reports import require_figures_open
from desktop.storage.store import Store

C = schema.conflicts
UNKNOWN_CONFLICT = QT_TRANSLATE_NOOP("Validation", "That conflict no longer exists.")
GONE_RECORD = QT_TRANSLATE_NOOP("Validation", "The record of that conflict no longer exists.")
#: What each conflicting table calls itself in the Conflicts view: the column shown as its title.
TITLE_FIELDS = {
    "residents": "name",
    "teachers": "name",
    "courses": "title",
    "sessions": "topic",
    "requests": "need",
    "weekly_reports": "week_start",
}


@dataclass(frozen=True)
class ConflictRecord:
    id: uuid.UUID
    record_table: str
    record_id: uuid.UUID
    record_title: str
    field: str
    lost_value: Any  # Python value (for ``deleted``: False, the record was kept alive by the loser)
    won_value: Any
    at: dt.datetime
    resolved: bool
    #: True when the value that lost was this laptop's own (its change was replaced by another's).
    lost_here: bool = False
    #: True when the value that won is this laptop's (another laptop's value was replaced).
    won_here: bool = False
    #: Whether this laptop may restore or dismiss it: only where the record belongs to its site.
    can_act: bool = True


def _value(table: str, field: str, raw: Any) -> Any:
    return raw if field == "deleted" else decode(table, field, raw)


def list_conflicts(store: Store, include_resolved: bool = False) -> list[ConflictRecord]:
    """Conflicts for this laptop's records, newest first."""
    stmt = select(C).where(C.c.deleted.is_(False))
    if not include_resolved:
        stmt = stmt.where(C.c.resolved.is_(False))
    out = []
    identity = store.identity()
    me = identity.device_id if identity else None
    with store.read() as conn:
        for row in conn.execute(stmt.order_by(C.c.at.desc(), C.c.id)):
            table = schema.SYNCED_BY_NAME.get(row.record_table)
            title_field = TITLE_FIELDS.get(row.record_table)
            title = ""
            if table is not None and title_field:
                title = str(
                    conn.execute(
                        select(table.c[title_field]).where(table.c.id == row.record_id)
                    ).scalar()
                    or ""
                )
            out.append(
                ConflictRecord(
                    id=row.id,
                    record_table=row.record_table,
                    record_id=row.record_id,
                    record_title=title,
                    field=row.field,
                    lost_value=_value(row.record_table, row.field, row.lost_value),
                    won_value=_value(row.record_table, row.field, row.won_value),
                    at=row.at,
                    resolved=row.resolved,
                    lost_here=me is not None and row.lost_device == me,
                    won_here=me is not None and row.won_device == me,
                    can_act=identity is not None and row.site_id == identity.site_id,
                )
            )
    return out


def restore_conflict(store: Store, conflict_id: uuid.UUID) -> Changes:
    """Put the lost value back (for a delete: bring the record back) and mark the conflict resolved,
    in one transaction; the restored value syncs as a normal edit."""
    with store.write() as w:
        conflict = own_row(store, w.conn, C, conflict_id, UNKNOWN_CONFLICT)
        table = schema.SYNCED_BY_NAME.get(conflict.record_table)
        exists = (
            table is not None
            and w.conn.execute(select(table.c.id).where(table.c.id == conflict.record_id)).first()
        )
        if not exists:
            raise NotFound(UserMessage(CTX, GONE_RECORD))
        value = _value(conflict.record_table, conflict.field, conflict.lost_value)
        require_figures_open(w.conn, table.name, conflict.record_id, {conflict.field: value})
        w.update(table, conflict.record_id, {conflict.field: value})
        w.update(C, conflict_id, {"resolved": True})
    return w.changes


def dismiss_conflict(store: Store, conflict_id: uuid.UUID) -> Changes:
    """Keep the value that won; the conflict leaves the list on every laptop."""
    with store.write() as w:
        own_row(store, w.conn, C, conflict_id, UNKNOWN_CONFLICT)
        w.update(C, conflict_id, {"resolved": True})
    return w.changes
