"""Attendance (签到): who was at a session, and where a new session's sign-in list starts from.

A mark is one row per (session, resident) with an id derived from that pair, so marking twice — on one
laptop or on two — makes one row. Unmarking keeps the row with ``present = False``: absence is a value
that syncs, not a delete that could resurrect.

A headcount-only session (a big open talk) counts its headcount as person-times; it may still name
some of the people who came, and those names are marks like any other.

Most of a course's learners come every time, so a new session can start from what is likely
(:func:`start_attendance`): the people at the course's last session ("same as last time"), or everyone
the course expects — whoever came to any of its last :data:`EXPECTED_SESSIONS` sessions — so the
coordinator only unticks the absentees; or from nothing.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, and_, or_, select

from core import schema
from core.ids import attendance_id
from core.messages import UserMessage
from desktop.changes import Changes
from desktop.services.common import live_row, own_row
from desktop.services.errors import CTX, UNKNOWN_RESIDENT, UNKNOWN_SESSION, NotFound
from desktop.services.name_search import name_query
from desktop.services.ordering import place_key
from desktop.services.people.residents import Resident, resident_from_row
from desktop.services.reports.weekly_reports import require_week_open
from desktop.services.undo import Undo, recorded
from desktop.services.week.sessions import counted_marks
from desktop.storage.store import Store, Writer

A = schema.attendance
S = schema.sessions
R = schema.residents

#: How many of a course's earlier sessions make its expected roster ("all present"): about a month of
#: a weekly class, so a learner who missed a week or two is still expected, and one who stopped coming
#: a season ago is not.
EXPECTED_SESSIONS = 4


class Start(enum.StrEnum):
    """Where a session's sign-in list starts from."""

    SAME_AS_LAST = "same_as_last"  # everyone present at the course's last session
    ALL_PRESENT = "all_present"  # everyone on the course's expected roster
    EMPTY = "empty"  # no one: sign people in one by one


@dataclass(frozen=True)
class RosterEntry:
    resident: Resident
    present: bool


@dataclass(frozen=True)
class StartChoices:
    """What each way of starting a session's list would give, so the screen can say so beforehand."""

    #: Residents the session already has a mark for (present or absent); empty: not started yet.
    marked: frozenset[uuid.UUID]
    #: The course's last earlier session with anyone signed in, when it started, and who was there.
    last_session_id: uuid.UUID | None
    last_starts_at: dt.datetime | None
    last_roster: frozenset[uuid.UUID]
    #: Everyone present at any of the course's last :data:`EXPECTED_SESSIONS` sessions.
    expected: frozenset[uuid.UUID]

    @property
    def started(self) -> bool:
        return bool(self.marked)

    def adds(self, start: Start) -> frozenset[uuid.UUID]:
        """Who choosing ``start`` would sign in: its people that have no mark yet."""
        if start is Start.SAME_AS_LAST:
            return self.last_roster - self.marked
        if start is Start.ALL_PRESENT:
            return self.expected - self.marked
        return frozenset()


def _session_for_marks(store: Store, w: Writer, session_id: uuid.UUID):  # noqa: ANN202
    session = own_row(store, w.conn, S, session_id, UNKNOWN_SESSION)
    # An approved week is locked until the town reopens it (the server refuses such marks too).
    require_week_open(w.conn, session.site_id, session.starts_at.date())
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
    """The residents of the session's site (and its practice points) with whether they were at the
    session, plus anyone from elsewhere marked at it; grouped the way the village is: by village
    group, then household (both in numeral order, see :mod:`desktop.services.ordering`), then name.
    The order does not depend on the marks, so ticking a box never moves a row.

    A town's laptop holds every village's register; the sign-in sheet of one village's class lists
    that village, not 60,000 people."""
    with store.read() as conn:
        on_roster, marks = _on_roster(conn, session_id)
        stmt = (
            select(*_ROSTER_COLUMNS, marks.c.present.label("mark"))
            .join(marks, marks.c.resident_id == R.c.id, isouter=True)
            .where(on_roster)
            .order_by(R.c.name, R.c.id)
        )
        rows = conn.execute(stmt).all()
    entries = [RosterEntry(resident_from_row(r), bool(r.mark)) for r in rows]
    # Rank each distinct group and household once, then sort by plain numbers: a town's register
    # has tens of thousands of residents but far fewer places.
    rank = _ranks({text for r in rows for text in (r.village_group, r.household)})
    entries.sort(key=lambda e: (rank[e.resident.village_group], rank[e.resident.household]))
    return entries


def _on_roster(conn: Connection, session_id: uuid.UUID):  # noqa: ANN202 - (condition, subquery)
    """The condition for a resident to be on the session's roster (of its site or a practice point
    below it, or marked at the session), with the session's marks as a subquery to join."""
    session = live_row(conn, S, session_id)
    if session is None:
        raise NotFound(UserMessage(CTX, UNKNOWN_SESSION))
    marks = (
        select(A.c.resident_id, A.c.present)
        .where(A.c.session_id == session_id, A.c.deleted.is_(False))
        .subquery()
    )
    sites = schema.sites
    # The site and its practice points: a town's own class lists the town's own people, not every
    # village below it.
    local = select(sites.c.id).where(
        or_(
            sites.c.id == session.site_id,
            and_(sites.c.parent_id == session.site_id, sites.c.level == "point"),
        )
    )
    local = or_(R.c.site_id == session.site_id, R.c.site_id.in_(local))
    marked = select(marks.c.resident_id).scalar_subquery()
    condition = and_(R.c.deleted.is_(False), or_(local, R.c.id.in_(marked)))
    return condition, marks


def roster_matches(store: Store, session_id: uuid.UUID, query: str) -> set[uuid.UUID]:
    """Who on the session's roster matches ``query`` (see ``desktop/services/name_search.py``):
    what the sign-in sheet's search box shows. Everyone on the roster when the query is empty."""
    match = name_query(R, query)
    with store.read() as conn:
        on_roster, _ = _on_roster(conn, session_id)
        stmt = select(R.c.id).where(on_roster)
        if match is not None:
            stmt = stmt.where(match.where)
        return set(conn.execute(stmt).scalars())


#: What a roster row needs of a resident: not the sync bookkeeping (JSON columns cost time to read).
_ROSTER_COLUMNS = (
    R.c.id,
    R.c.site_id,
    R.c.name,
    R.c.gender,
    R.c.birth_year,
    R.c.phone,
    R.c.village_group,
    R.c.household,
    R.c.tags,
    R.c.notes,
    R.c.pending,
    R.c.id_last4,
)


def _ranks(places: set[str]) -> dict[str, int]:
    """Position of each village group or household name in numeral order, unnamed ones last."""
    return {text: i for i, text in enumerate(sorted(places, key=place_key))}


# -- starting a session's list -------------------------------------------------------------------


def _earlier_sessions(conn: Connection, session, limit: int) -> list:  # noqa: ANN001
    """The course's latest ``limit`` sessions at the same site before ``session`` that have anyone
    signed in, newest first, as (id, starts_at) rows. Sessions nobody was signed in at (planned, cancelled, or a headcount
    without names) are skipped: "last time" means the last list there is."""
    signed_in = select(A.c.id).where(A.c.session_id == S.c.id, *counted_marks()).exists()
    stmt = (
        select(S.c.id, S.c.starts_at)
        .where(
            S.c.course_id == session.course_id,
            S.c.site_id == session.site_id,
            S.c.deleted.is_(False),
            S.c.starts_at < session.starts_at,
            S.c.id != session.id,
            signed_in,
        )
        .order_by(S.c.starts_at.desc(), S.c.id.desc())
        .limit(limit)
    )
    return list(conn.execute(stmt))


def _present_at(conn: Connection, session_ids: list[uuid.UUID]) -> frozenset[uuid.UUID]:
    if not session_ids:
        return frozenset()
    stmt = select(A.c.resident_id).where(A.c.session_id.in_(session_ids), *counted_marks())
    return frozenset(conn.execute(stmt).scalars())


def _choices(conn: Connection, session) -> StartChoices:  # noqa: ANN001
    marked = conn.execute(
        select(A.c.resident_id).where(A.c.session_id == session.id, A.c.deleted.is_(False))
    ).scalars()
    earlier = _earlier_sessions(conn, session, EXPECTED_SESSIONS)
    ids = [row.id for row in earlier]
    return StartChoices(
        marked=frozenset(marked),
        last_session_id=ids[0] if ids else None,
        last_starts_at=earlier[0].starts_at if earlier else None,
        last_roster=_present_at(conn, ids[:1]),
        expected=_present_at(conn, ids),
    )


def start_choices(store: Store, session_id: uuid.UUID) -> StartChoices:
    """What "same as last time" and "all present" would sign in for this session, and whether its
    list was started already: the screen offers the choice with the numbers in view."""
    with store.read() as conn:
        session = live_row(conn, S, session_id)
        if session is None:
            raise NotFound(UserMessage(CTX, UNKNOWN_SESSION))
        return _choices(conn, session)


def start_attendance(store: Store, session_id: uuid.UUID, start: Start) -> Undo:
    """Start the session's sign-in list from what is likely, in one transaction; returns what it
    wrote, so a start chosen by mistake can be taken back (:func:`desktop.services.undo.undo`).

    Everyone ``start`` names is marked present unless they already have a mark: a mark made by hand
    (present or absent) is kept, so choosing again, or after signing some people in, adds only who
    is missing and never makes a row twice. :attr:`Start.EMPTY` changes nothing.
    """
    with store.write() as w:
        w.remember()
        session = _session_for_marks(store, w, session_id)
        for rid in sorted(_choices(w.conn, session).adds(start)):
            _set(w, session, rid, True)
        done = recorded(w)
    return done
