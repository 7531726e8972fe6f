"""Keeping merged residents merged while laptops catch up (see ``desktop/services/people/merges.py``).

A laptop that has not yet heard of a merge can still push a mark or a request for the merged record.
And a merge can arrive after marks for the old record that the merging laptop never saw. In both
orders the server moves what refers to the merged record onto the kept person, in the same
transaction, as changes of its own: new sequence numbers, no origin device, so every laptop pulls
them — the pusher included — and ends with one mark per person and session.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from sqlalchemy import Connection, Table, insert, select, update

from core import schema
from core.ids import attendance_id

R = schema.residents
A = schema.attendance
Q = schema.requests

#: Merges of merges are followed this far; a longer chain means a loop, which is left alone.
_MAX_HOPS = 20


def kept_person(conn: Connection, resident_id: uuid.UUID) -> uuid.UUID | None:
    """Where ``resident_id`` was merged to, following merges of merges; None when it was not."""
    current, hops = resident_id, 0
    while hops < _MAX_HOPS:
        target = conn.execute(select(R.c.merged_into).where(R.c.id == current)).scalar()
        if target is None:
            return None if current == resident_id else current
        current, hops = target, hops + 1
    return None


def follow_merges(
    conn: Connection,
    applied: list[tuple[str, uuid.UUID]],
    next_seq: Callable[[], int],
    now: dt.datetime,
) -> int:
    """Re-point what the changes just ``applied`` leave referring to a merged resident; returns how
    many rows were written. ``next_seq`` hands out a sequence number (the caller holds the lock)."""
    marks: set[uuid.UUID] = set()
    requests: set[uuid.UUID] = set()
    for table, row_id in applied:
        if table == "attendance":
            marks.add(row_id)
        elif table == "requests":
            requests.add(row_id)
        elif table == "residents":
            merged = conn.execute(select(R.c.merged_into).where(R.c.id == row_id)).scalar()
            if merged is not None:
                live = (A.c.resident_id == row_id, A.c.deleted.is_(False))
                marks.update(conn.execute(select(A.c.id).where(*live)).scalars())
                waiting = (Q.c.resident_id == row_id, Q.c.deleted.is_(False))
                requests.update(conn.execute(select(Q.c.id).where(*waiting)).scalars())
    # Most pushes merge nobody: find the few rows whose resident was merged in one query, rather
    # than looking up every mark of the week on its own.
    marks = _naming_merged(conn, A, marks)
    requests = _naming_merged(conn, Q, requests)
    written = 0
    for mark_id in sorted(marks):
        written += _move_mark(conn, mark_id, next_seq, now)
    for request_id in sorted(requests):
        written += _move_request(conn, request_id, next_seq, now)
    return written


def _naming_merged(conn: Connection, table: Table, row_ids: set[uuid.UUID]) -> set[uuid.UUID]:
    """The live rows among ``row_ids`` whose resident has been merged into another."""
    found: set[uuid.UUID] = set()
    ids = sorted(row_ids)
    for start in range(0, len(ids), 500):
        found.update(
            conn.execute(
                select(table.c.id)
                .join(R, R.c.id == table.c.resident_id)
                .where(
                    table.c.id.in_(ids[start : start + 500]),
                    table.c.deleted.is_(False),
                    R.c.merged_into.is_not(None),
                )
            ).scalars()
        )
    return found


def _server_write(seq: int, now: dt.datetime) -> dict:
    return {"server_seq": seq, "origin_device": None, "pending": False, "updated_at": now}


def _move_mark(
    conn: Connection, mark_id: uuid.UUID, next_seq: Callable[[], int], now: dt.datetime
) -> int:
    mark = conn.execute(select(A).where(A.c.id == mark_id)).first()
    if mark is None or mark.deleted:
        return 0
    keep = kept_person(conn, mark.resident_id)
    if keep is None:
        return 0
    target_id = attendance_id(mark.session_id, keep)
    target = conn.execute(select(A).where(A.c.id == target_id)).first()
    present = mark.present or bool(target is not None and not target.deleted and target.present)
    seq = next_seq()
    values = {
        "site_id": mark.site_id,
        "session_id": mark.session_id,
        "resident_id": keep,
        "present": present,
        "deleted": False,
        "field_seqs": {"session_id": seq, "resident_id": seq, "present": seq, "deleted": seq},
        **_server_write(seq, now),
    }
    if target is None:
        conn.execute(insert(A).values(id=target_id, local_rev=1, synced_rev=1, **values))
    else:
        conn.execute(update(A).where(A.c.id == target_id).values(**values))
    gone = next_seq()
    conn.execute(
        update(A)
        .where(A.c.id == mark_id)
        .values(
            deleted=True,
            field_seqs={**(mark.field_seqs or {}), "deleted": gone},
            **_server_write(gone, now),
        )
    )
    return 2


def _move_request(
    conn: Connection, request_id: uuid.UUID, next_seq: Callable[[], int], now: dt.datetime
) -> int:
    request = conn.execute(select(Q).where(Q.c.id == request_id)).first()
    if request is None or request.deleted or request.resident_id is None:
        return 0
    keep = kept_person(conn, request.resident_id)
    if keep is None:
        return 0
    seq = next_seq()
    conn.execute(
        update(Q)
        .where(Q.c.id == request_id)
        .values(
            resident_id=keep,
            field_seqs={**(request.field_seqs or {}), "resident_id": seq},
            **_server_write(seq, now),
        )
    )
    return 1
