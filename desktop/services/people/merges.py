"""Merging two records of one person (合并重复居民).

The kept record takes over everything of the other: attendance marks (a session both were marked at
counts once, present if either was), requests, and any detail the kept record lacks. The other record
becomes a tombstone that points on (``merged_into``), and an audit entry (``resident_merges``) keeps
who merged whom, on which laptop, and the merged record as it was.

Another laptop may still mark the old record before it hears of the merge. The server re-points such
marks and requests to the kept person when they arrive, and re-points marks it already has when the
merge arrives (``server/merges.py``); both sides then pull the result. So a merge racing an
attendance mark ends with the mark on the kept person everywhere, counted once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select

from core import schema
from core.ids import attendance_id
from core.messages import QT_TRANSLATE_NOOP, UserMessage
from core.values import ENCODERS
from core.week_figures import locked_weeks_of
from desktop.changes import Changes
from desktop.services.backups import back_up_before
from desktop.services.common import own_row, require_identity
from desktop.services.errors import CTX, UNKNOWN_RESIDENT, ServiceError
from desktop.services.people.residents import Resident, resident_from_row
from desktop.services.undo import Undo, recorded
from desktop.storage.store import Store, Writer

R = schema.residents
A = schema.attendance
Q = schema.requests
M = schema.resident_merges

MERGE_WITH_ITSELF = QT_TRANSLATE_NOOP("Validation", "A record cannot be merged with itself.")
MERGE_LOCKED_WEEK = QT_TRANSLATE_NOOP(
    "Validation",
    "This person was signed in during the week of {date}, which the town approved and locked. Ask the town to reopen it before merging.",
)

#: Details the kept record takes from the merged one when it has none of its own.
_FILLED = (
    "gender",
    "birth_year",
    "phone",
    "village_group",
    "household",
    "notes",
    "id_hash",
    "id_last4",
)
#: What the audit entry keeps of the merged record (the ID hash stays out: the last four suffice).
_SNAPSHOT = (
    "name",
    "gender",
    "birth_year",
    "phone",
    "village_group",
    "household",
    "tags",
    "notes",
    "id_last4",
)


@dataclass(frozen=True)
class MergeResult:
    kept: Resident
    marks_moved: int
    requests_moved: int
    #: What the merge wrote, so a merge of the wrong pair can be taken back.
    undo: Undo


@dataclass(frozen=True)
class Holdings:
    """What a record carries that a merge moves: shown beside each record before choosing which
    one to keep (usually the one with the longer history)."""

    marks: int
    requests: int


def holdings_of(store: Store, resident_id: uuid.UUID) -> Holdings:
    """How many live attendance marks and requests ``resident_id`` has: what would move if it were
    merged into another record."""
    with store.read() as conn:
        marks = conn.execute(
            select(func.count())
            .select_from(A)
            .where(A.c.resident_id == resident_id, A.c.deleted.is_(False))
        ).scalar_one()
        requests = conn.execute(
            select(func.count())
            .select_from(Q)
            .where(Q.c.resident_id == resident_id, Q.c.deleted.is_(False))
        ).scalar_one()
    return Holdings(marks, requests)


def merge_residents(
    store: Store, keep_id: uuid.UUID, merged_id: uuid.UUID
) -> tuple[MergeResult, Changes]:
    """Join ``merged_id`` into ``keep_id`` in one transaction; see the module docstring."""
    if keep_id == merged_id:
        raise ServiceError(UserMessage(CTX, MERGE_WITH_ITSELF))
    identity = require_identity(store)
    at = store.trusted_now().replace(tzinfo=None)
    back_up_before(store, "merge")  # a wrong merge can be undone from the file, even once synced
    with store.write() as w:
        w.remember()
        keep = own_row(store, w.conn, R, keep_id, UNKNOWN_RESIDENT)
        gone = own_row(store, w.conn, R, merged_id, UNKNOWN_RESIDENT)
        locked = locked_weeks_of(w.conn, merged_id) + locked_weeks_of(w.conn, keep_id)
        if locked:
            # Moving marks would change an approved week's figures (the server refuses it too).
            raise ServiceError(UserMessage(CTX, MERGE_LOCKED_WEEK, date=min(locked).isoformat()))
        filled = {f: getattr(gone, f) for f in _FILLED if not getattr(keep, f) and getattr(gone, f)}
        tags = [t for t in keep.tags.split(",") if t]
        tags += [t for t in gone.tags.split(",") if t and t not in tags]
        w.update(R, keep_id, {**filled, "tags": ",".join(tags)[:400]})
        marks = move_marks(w, merged_id, keep_id)
        requests = w.conn.execute(
            select(Q.c.id).where(Q.c.resident_id == merged_id, Q.c.deleted.is_(False))
        ).scalars()
        moved_requests = 0
        for request_id in list(requests):
            w.update(Q, request_id, {"resident_id": keep_id})
            moved_requests += 1
        encode = ENCODERS["residents"]
        w.update(R, merged_id, {"merged_into": keep_id, "deleted": True})
        w.insert(
            M,
            {
                "site_id": gone.site_id,
                "kept_id": keep_id,
                "merged_id": merged_id,
                "merged_record": {f: encode[f](getattr(gone, f)) for f in _SNAPSHOT},
                "device_id": identity.device_id,
                "at": at,
            },
        )
        kept = resident_from_row(w.conn.execute(select(R).where(R.c.id == keep_id)).one())
        done = recorded(w)
    return MergeResult(kept, marks, moved_requests, done), w.changes


def move_marks(w: Writer, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
    """Move every live attendance mark of ``from_id`` onto ``to_id``: a session both were marked at
    keeps one mark, present if either was. Returns how many marks moved."""
    marks = w.conn.execute(select(A).where(A.c.resident_id == from_id, A.c.deleted.is_(False)))
    moved = 0
    for mark in list(marks):
        target = attendance_id(mark.session_id, to_id)
        there = w.conn.execute(select(A.c.present, A.c.deleted).where(A.c.id == target)).first()
        present = mark.present or bool(there is not None and not there.deleted and there.present)
        w.upsert(
            A,
            target,
            {
                "site_id": mark.site_id,
                "session_id": mark.session_id,
                "resident_id": to_id,
                "present": present,
            },
        )
        w.delete(A, mark.id)
        moved += 1
    return moved


def merges_of(store: Store, resident_id: uuid.UUID) -> list[dict]:
    """The audit entries of the records merged into ``resident_id`` and still merged there (an
    undone merge keeps its entry as history), newest first."""
    standing = select(R.c.id).where(R.c.id == M.c.merged_id, R.c.merged_into == M.c.kept_id)
    with store.read() as conn:
        rows = conn.execute(
            select(M)
            .where(M.c.kept_id == resident_id, M.c.deleted.is_(False), standing.exists())
            .order_by(M.c.at.desc())
        ).all()
    return [
        {"merged_id": r.merged_id, "record": r.merged_record, "at": r.at, "device_id": r.device_id}
        for r in rows
    ]
