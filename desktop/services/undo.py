"""Taking back a bulk action (撤销): one mechanism for every action that writes many rows at once.

A bulk use case (a sign-in list started from last time or from everyone expected, an import, a merge,
a session deleted with its marks) writes with its :class:`~desktop.storage.store.Writer` remembering
each row as it was, and returns an :class:`Undo`: every row it wrote, as it was before and as the
action left it. :func:`undo` puts exactly those rows back in one transaction, through the Writer like
any edit: the rows become pending and the undo syncs as an ordinary correction, offline or not, before
or after the action itself was synced. A row the action made becomes a tombstone, as any delete does.

An undo takes back all of its rows or none. It refuses, in words and changing nothing, when any of
them was changed since (by hand, or by another laptop through a sync), when a record made since
refers to a row it would remove (someone an import added was signed in since), or when a row belongs
to a week the town approved and locked. Audit entries (a merge's entry in ``resident_merges``) are
append-only history, on the server too: they stay, and :func:`~desktop.services.people.merges.merges_of`
lists only merges that still stand.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, select

from core import schema
from core.messages import QT_TRANSLATE_NOOP, UserMessage
from core.rules import APPEND, RULES
from core.search_keys import DERIVED_FIELDS
from desktop.changes import Changes
from desktop.services.errors import CTX, ServiceError
from desktop.services.reports.weekly_reports import (
    require_figures_open,
    require_session_week_open,
    require_week_open,
)
from desktop.storage.store import Store, Writer

CHANGED_SINCE = QT_TRANSLATE_NOOP(
    "Validation",
    "This can no longer be undone: {n} of the records it wrote were changed since (by hand or by a sync). Correct them by hand.",
)
USED_SINCE = QT_TRANSLATE_NOOP(
    "Validation",
    "This can no longer be undone: records made since refer to what it added (someone it added was signed in, or a session it added has sign-ins). Correct them by hand.",
)

#: Records that others refer to, and what refers to them: removing one of these that is still
#: referred to by a live record made since would leave that record pointing at nothing.
_REFERRED_BY: dict[str, tuple[tuple[Table, str], ...]] = {
    "residents": ((schema.attendance, "resident_id"), (schema.requests, "resident_id")),
    "sessions": ((schema.attendance, "session_id"), (schema.attachments, "session_id")),
}


@dataclass(frozen=True)
class Written:
    """One row a bulk action wrote: its content before (None: the action made it) and after."""

    table: str
    row_id: uuid.UUID
    before: Mapping[str, Any] | None
    after: Mapping[str, Any]


@dataclass(frozen=True)
class Undo:
    """What one bulk action wrote, so that :func:`undo` can take back exactly that; ``changes`` is
    what the action changed, for the window's refresh."""

    rows: tuple[Written, ...]
    changes: Changes

    def __bool__(self) -> bool:
        """Whether the action wrote anything (an action that added no one has nothing to undo)."""
        return bool(self.rows)


def _content(table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
    """What a person's edit can change in a row: not the sync bookkeeping, nor the columns derived
    from others (a name's pinyin), which the Writer computes again."""
    derived = DERIVED_FIELDS.get(table.name, {})
    return {
        c.name: row[c.name]
        for c in table.columns
        if c.name == "deleted" or (c.name not in schema.SYNC_COLUMNS and c.name not in derived)
    }


def recorded(w: Writer) -> Undo:
    """The :class:`Undo` of what ``w`` wrote since :meth:`Writer.remember`: call it at the end of
    the use case's transaction, which it reads the rows' new state from."""
    if w.before is None:
        raise RuntimeError("the writer was not asked to remember what it wrote")
    after: dict[tuple[str, uuid.UUID], dict[str, Any]] = {}
    by_table: dict[str, list[uuid.UUID]] = {}
    for name, row_id in w.before:
        by_table.setdefault(name, []).append(row_id)
    for name, ids in by_table.items():
        table = schema.SYNCED_BY_NAME[name]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for row in w.conn.execute(select(table).where(table.c.id.in_(chunk))):
                after[(name, row.id)] = _content(table, row._mapping)
    rows = tuple(
        Written(
            name,
            row_id,
            None if before is None else _content(schema.SYNCED_BY_NAME[name], before),
            after[(name, row_id)],
        )
        for (name, row_id), before in w.before.items()
    )
    return Undo(rows, w.changes)


def _referred_since(conn: Connection, written: Written, ours: set[uuid.UUID]) -> bool:
    """Whether a live record the action did not write refers to the row it made."""
    for table, column in _REFERRED_BY.get(written.table, ()):
        referring = conn.execute(
            select(table.c.id).where(table.c[column] == written.row_id, table.c.deleted.is_(False))
        ).scalars()
        if any(row_id not in ours for row_id in referring):
            return True
    return False


def _require_open(conn: Connection, table: Table, row: Any, target: Mapping[str, Any]) -> None:  # noqa: ANN401
    """Refuse, in the user's words, a row of a week the town approved: a session's week before and
    after, a mark's or a photo's session's week, and what the week's figures read of the rest."""
    if table is schema.sessions:
        require_week_open(conn, row.site_id, row.starts_at.date())
        require_week_open(conn, row.site_id, target["starts_at"].date())
    elif table is schema.attendance or table is schema.attachments:
        require_session_week_open(conn, row.session_id)
    require_figures_open(conn, table.name, row.id, target)


def undo(store: Store, record: Undo) -> Changes:
    """Take back exactly what ``record``'s action wrote, in one transaction; see the module
    docstring for when it refuses (a :class:`ServiceError`, nothing written)."""
    ours = {w.row_id for w in record.rows}
    with store.write() as w:
        rows = []
        changed = 0
        for written in record.rows:
            if RULES.get(written.table) == APPEND:
                continue  # history: written once, never taken back
            table = schema.SYNCED_BY_NAME[written.table]
            row = w.conn.execute(select(table).where(table.c.id == written.row_id)).first()
            if row is None or _content(table, row._mapping) != written.after:
                changed += 1
            rows.append((table, row, written))
        if changed:
            raise ServiceError(UserMessage(CTX, CHANGED_SINCE, n=changed))
        for _table, _row, written in rows:
            if written.before is None and _referred_since(w.conn, written, ours):
                raise ServiceError(UserMessage(CTX, USED_SINCE))
        for table, row, written in rows:
            target = written.before or {**written.after, "deleted": True}
            _require_open(w.conn, table, row, target)
        for table, _row, written in rows:
            if written.before is None:
                w.delete(table, written.row_id)
            else:
                w.update(table, written.row_id, written.before)
    return w.changes
