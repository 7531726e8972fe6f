"""Attendance (签到): who was at a session.

A mark is one row per (session, resident) with an id derived from that pair, so marking twice — on one
laptop or on two — makes one row. Unmarking keeps the row with ``present = False``: absence is a value
that syncs, not a delete that could resurrect.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from desktop.messages import UserMessage
from desktop.services.common import live_row, own_row
from desktop.services.errors import (
    CTX,
    HEADCOUNT_SESSION,
    UNKNOWN_RESIDENT,
    UNKNOWN_SESSION,
    NotFound,
    ServiceError,
)
from desktop.services.residents import Resident, resident_from_row
from desktop.storage import schema
from desktop.storage.ids import attendance_id
from desktop.storage.store import Changes, Store, Writer

A = schema.attendance
S = schema.sessions
R = schema.residents


@dataclass(frozen=True)
class RosterEntry:
    resident: Resident
    present: bool


def _session_for_marks(store: Store, w: Writer, session_id: uuid.UUID):  # noqa: ANN202
    session = own_row(store, w.conn, S, session_id, UNKNOWN_SESSION)
    if session.headcount is not None:
        raise ServiceError(UserMessage(CTX, HEADCOUNT_SESSION))
    return session


def _set(w: Writer, session, resident_id: uuid.UUID, present: bool) -> None:  # noqa: ANN001
    if live_row(w.conn, R, resident_id) is None:
        raise NotFound(UserMessage(CTX, UNKNOWN_RESIDENT))
    mark = attendance_id(session.id, resident_id)
    existing = w.conn.execute(select(A.c.present).where(A.c.id == mark)).first()
    if existing is None and not present:
        return  # never marked: nothing to unmark
    w.upsert(
        A,
        mark,
        {
            "site_id": session.site_id,
            "session_id": session.id,
            "resident_id": resident_id,
            "present": present,
        },
    )


def mark_present(store: Store, session_id: uuid.UUID, resident_id: uuid.UUID) -> Changes:
    """Mark one resident present at a session (again: a no-op)."""
    with store.write() as w:
        _set(w, _session_for_marks(store, w, session_id), resident_id, True)
    return w.changes


def mark_absent(store: Store, session_id: uuid.UUID, resident_id: uuid.UUID) -> Changes:
    """Take a mark back: the resident was not there after all."""
    with store.write() as w:
        _set(w, _session_for_marks(store, w, session_id), resident_id, False)
    return w.changes


def set_attendance(store: Store, session_id: uuid.UUID, present: Iterable[uuid.UUID]) -> Changes:
    """Make the session's present list exactly ``present``, in one transaction."""
    wanted = set(present)
    with store.write() as w:
        session = _session_for_marks(store, w, session_id)
        marked = set(
            w.conn.execute(
                select(A.c.resident_id).where(
                    A.c.session_id == session_id, A.c.present.is_(True), A.c.deleted.is_(False)
                )
            ).scalars()
        )
        for rid in sorted(wanted - marked):
            _set(w, session, rid, True)
        for rid in sorted(marked - wanted):
            _set(w, session, rid, False)
    return w.changes


def roster(store: Store, session_id: uuid.UUID) -> list[RosterEntry]:
    """Every resident of the register with whether they were at the session, present ones first."""
    marks = (
        select(A.c.resident_id, A.c.present)
        .where(A.c.session_id == session_id, A.c.deleted.is_(False))
        .subquery()
    )
    stmt = (
        select(R, marks.c.present.label("mark"))
        .join(marks, marks.c.resident_id == R.c.id, isouter=True)
        .where(R.c.deleted.is_(False))
        .order_by(R.c.village_group, R.c.household, R.c.name)
    )
    with store.read() as conn:
        if live_row(conn, S, session_id) is None:
            raise NotFound(UserMessage(CTX, UNKNOWN_SESSION))
        rows = conn.execute(stmt).all()
    entries = [RosterEntry(resident_from_row(r), bool(r.mark)) for r in rows]
    return sorted(entries, key=lambda e: not e.present)
