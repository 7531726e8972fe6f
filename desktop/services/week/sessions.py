"""Sessions (场次/活动): one class or event of a course on a date, with its attendance.

Person-times (人次), the headline statistic, are counted here: a named session counts its present
marks, a headcount-only session (a big open talk) counts its headcount.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select

from core import limits, schema
from core.messages import UserMessage
from core.vocabulary import village_wall
from core.week_figures import counted_marks, person_times_expression  # noqa: F401
from desktop.changes import Changes
from desktop.services.common import (
    live_row,
    own_row,
    require_identity,
    week_bounds,
    week_start,
)
from desktop.services.errors import (
    CTX,
    DATE_OUT_OF_RANGE,
    ENDS_BEFORE_START,
    HEADCOUNT_RANGE,
    UNKNOWN_COURSE,
    UNKNOWN_SESSION,
    UNKNOWN_TEACHER,
    NotFound,
    Problems,
)
from desktop.services.reports.weekly_reports import require_week_open
from desktop.services.undo import Undo, recorded
from desktop.storage.store import Store

S = schema.sessions
A = schema.attendance
P = schema.attachments
C = schema.courses
TE = schema.teachers
R = schema.residents
#: The most characters a person may type in each field (one table for laptop and server).
_MAX = limits.TEXT["sessions"]
MAX_HEADCOUNT = 100_000
EARLIEST = dt.datetime(2000, 1, 1)


@dataclass(frozen=True)
class SessionInput:
    course_id: uuid.UUID
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str = ""
    teacher_id: uuid.UUID | None = None
    topic: str = ""
    notes: str = ""
    headcount: int | None = None


@dataclass(frozen=True)
class SessionSummary:
    """A session as lists and the week view show it."""

    id: uuid.UUID
    course_id: uuid.UUID
    course_title: str
    platform: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    teacher_id: uuid.UUID | None
    teacher_name: str
    topic: str
    notes: str
    headcount: int | None
    present: int
    #: The session, one of its marks or one of its photos waits to sync.
    pending: bool

    @property
    def person_times(self) -> int:
        return self.headcount if self.headcount is not None else self.present

    @property
    def headcount_only(self) -> bool:
        return self.headcount is not None


def _validated(store: Store, conn, data: SessionInput) -> dict:  # noqa: ANN001
    p = Problems()
    latest = village_wall(store.trusted_now()) + dt.timedelta(days=366)
    if data.ends_at <= data.starts_at:
        p.add("ends_at", ENDS_BEFORE_START)
    if not (EARLIEST <= data.starts_at <= latest):
        p.add("starts_at", DATE_OUT_OF_RANGE, date=data.starts_at.date().isoformat())
    if data.headcount is not None and not (0 <= data.headcount <= MAX_HEADCOUNT):
        p.add("headcount", HEADCOUNT_RANGE, limit=MAX_HEADCOUNT)
    if live_row(conn, C, data.course_id) is None:
        p.add("course_id", UNKNOWN_COURSE)
    if data.teacher_id is not None and live_row(conn, TE, data.teacher_id) is None:
        p.add("teacher_id", UNKNOWN_TEACHER)
    values = {
        "course_id": data.course_id,
        "starts_at": data.starts_at.replace(second=0, microsecond=0),
        "ends_at": data.ends_at.replace(second=0, microsecond=0),
        "place": p.text("place", data.place, limit=_MAX["place"]),
        "teacher_id": data.teacher_id,
        "topic": p.text("topic", data.topic, limit=_MAX["topic"]),
        "notes": p.text("notes", data.notes, limit=_MAX["notes"]),
        "headcount": data.headcount,
    }
    p.raise_if_any()
    return values


def record_session(store: Store, data: SessionInput) -> tuple[SessionSummary, Changes]:
    """Record a session held (or planned) at this device's site."""
    identity = require_identity(store)
    with store.write() as w:
        values = _validated(store, w.conn, data)
        require_week_open(w.conn, identity.site_id, values["starts_at"].date())
        sid = w.insert(S, {**values, "site_id": identity.site_id})
    return get_session(store, sid), w.changes


def edit_session(
    store: Store, session_id: uuid.UUID, data: SessionInput
) -> tuple[SessionSummary, Changes]:
    """Change a session's details; its attendance stays."""
    with store.write() as w:
        before = own_row(store, w.conn, S, session_id, UNKNOWN_SESSION)
        values = _validated(store, w.conn, data)
        # Neither the week it was in nor the week it moves to may be locked by an approval.
        require_week_open(w.conn, before.site_id, before.starts_at.date())
        require_week_open(w.conn, before.site_id, values["starts_at"].date())
        w.update(S, session_id, values)
    return get_session(store, session_id), w.changes


def delete_session(store: Store, session_id: uuid.UUID) -> Undo:
    """Delete a session and its attendance marks (as tombstones, so the deletion syncs); returns
    what it wrote, so the deletion can be taken back (:func:`desktop.services.undo.undo`)."""
    with store.write() as w:
        w.remember()
        before = own_row(store, w.conn, S, session_id, UNKNOWN_SESSION)
        require_week_open(w.conn, before.site_id, before.starts_at.date())
        marks = w.conn.execute(
            select(A.c.id).where(A.c.session_id == session_id, A.c.deleted.is_(False))
        ).scalars()
        for mark_id in list(marks):
            w.delete(A, mark_id)
        w.delete(S, session_id)
        done = recorded(w)
    return done


def _summary_query():  # noqa: ANN202
    # Counted per selected session (by the session index), never grouped over every mark: a town
    # laptop holds a million marks and the week view asks for a hundred sessions.
    present = (
        select(func.count()).where(A.c.session_id == S.c.id, *counted_marks()).scalar_subquery()
    )
    # A session waits to sync while it or anything of its sign-in sheet does (a mark, a mark taken
    # back, a photo): a row saying 已同步 while its marks wait would contradict the status bar.
    waiting = or_(
        S.c.pending,
        select(A.c.id).where(A.c.session_id == S.c.id, A.c.pending.is_(True)).exists(),
        select(P.c.id).where(P.c.session_id == S.c.id, P.c.pending.is_(True)).exists(),
    )
    return (
        select(
            S,
            C.c.title.label("course_title"),
            C.c.platform,
            func.coalesce(TE.c.name, "").label("teacher_name"),
            present.label("present"),
            waiting.label("waiting"),
        )
        .join(C, C.c.id == S.c.course_id, isouter=True)
        .join(TE, TE.c.id == S.c.teacher_id, isouter=True)
        .where(S.c.deleted.is_(False))
    )


def _summary(row) -> SessionSummary:  # noqa: ANN001
    return SessionSummary(
        id=row.id,
        course_id=row.course_id,
        course_title=row.course_title or "",
        platform=row.platform or "",
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        place=row.place,
        teacher_id=row.teacher_id,
        teacher_name=row.teacher_name,
        topic=row.topic,
        notes=row.notes,
        headcount=row.headcount,
        present=row.present,
        pending=bool(row.waiting),
    )


def get_session(store: Store, session_id: uuid.UUID) -> SessionSummary:
    with store.read() as conn:
        row = conn.execute(_summary_query().where(S.c.id == session_id)).first()
    if row is None:
        raise NotFound(UserMessage(CTX, UNKNOWN_SESSION))
    return _summary(row)


def sessions_in_week(
    store: Store, monday: dt.date, site_id: uuid.UUID | None = None
) -> list[SessionSummary]:
    """The sessions of the ISO week starting ``monday`` (at ``site_id`` only, when given), in time
    order."""
    start, end = week_bounds(monday)
    stmt = _summary_query().where(and_(S.c.starts_at >= start, S.c.starts_at < end))
    if site_id is not None:
        stmt = stmt.where(S.c.site_id == site_id)
    with store.read() as conn:
        rows = conn.execute(stmt.order_by(S.c.starts_at, C.c.title)).all()
    return [_summary(r) for r in rows]


#: How many of a course's latest sessions say how it is usually held: two months of a weekly class,
#: so a move to another day or room shows within a few weeks.
USUAL_FROM = 8
#: The most places the place field suggests.
MAX_PLACES = 200
_WEEK = dt.timedelta(days=7)


@dataclass(frozen=True)
class UsualSession:
    """How a course is usually held at this site: what a new session of it starts from, so a weekly
    class is one choice of course rather than six fields typed again."""

    weekday: int  # Monday 0 … Sunday 6
    starts: dt.time
    ends: dt.time
    place: str
    teacher_id: uuid.UUID | None


def _most_common(values: list[Hashable]) -> Hashable:
    """The value met most often in ``values`` (newest first); a tie goes to the newest."""
    counts = Counter(values)
    return max(counts, key=lambda v: (counts[v], -values.index(v)))


def usual_session(store: Store, course_id: uuid.UUID) -> UsualSession | None:
    """How ``course_id`` is usually held here, read from its latest sessions at this site: the day
    and hours most of them had, and the place and the (still registered) teacher most often named,
    a tie going to the latest; None before its first session. It is derived, not stored, so it
    follows a class that moves and needs no column of its own."""
    identity = require_identity(store)
    with store.read() as conn:
        rows = conn.execute(
            select(S.c.starts_at, S.c.ends_at, S.c.place, TE.c.id.label("teacher_id"))
            .join(TE, and_(TE.c.id == S.c.teacher_id, TE.c.deleted.is_(False)), isouter=True)
            .where(
                S.c.site_id == identity.site_id,
                S.c.course_id == course_id,
                S.c.deleted.is_(False),
            )
            .order_by(S.c.starts_at.desc())
            .limit(USUAL_FROM)
        ).all()
    if not rows:
        return None
    weekday, starts, ends = _most_common(
        [(r.starts_at.weekday(), r.starts_at.time(), r.ends_at.time()) for r in rows]
    )
    places = [r.place for r in rows if r.place]
    teachers = [r.teacher_id for r in rows if r.teacher_id is not None]
    return UsualSession(
        weekday=weekday,
        starts=starts,
        ends=ends,
        place=_most_common(places) if places else "",
        teacher_id=_most_common(teachers) if teachers else None,
    )


def places_used(store: Store) -> list[str]:
    """The places this site's sessions were held at, the most used first: what the place field
    suggests, so a room is typed the same way every week."""
    identity = require_identity(store)
    uses = func.count()
    with store.read() as conn:
        rows = conn.execute(
            select(S.c.place)
            .where(S.c.site_id == identity.site_id, S.c.deleted.is_(False), S.c.place != "")
            .group_by(S.c.place)
            .order_by(uses.desc(), func.max(S.c.starts_at).desc())
            .limit(MAX_PLACES)
        ).scalars()
        return list(rows)


@dataclass(frozen=True)
class CopiedWeek:
    """What copying last week wrote: the new sessions' ids in time order (all it wrote, so taking
    the copy back is deleting them), how many of last week's sessions the week had already, and the
    changes for the window."""

    created: list[uuid.UUID]
    already: int
    changes: Changes


def copy_last_week(store: Store, monday: dt.date) -> CopiedWeek:
    """Copy this site's sessions of the week before ``monday``'s into that week, each a week later:
    course, day, hours, place and teacher. Sign-ins, topic and notes belong to the day a session was
    held and are not copied; a headcount-only event stays one, with a count of 0.

    A session the week already has (the same course on the same day, copied before or entered by
    hand) is not copied again, so copying twice adds nothing. A session whose course was deleted
    since is left out, and a teacher deleted since is left off. An approved (locked) week is refused
    in words, and nothing is written."""
    identity = require_identity(store)
    monday = week_start(monday)
    start, end = week_bounds(monday)
    own = (S.c.site_id == identity.site_id, S.c.deleted.is_(False))
    with store.write() as w:
        require_week_open(w.conn, identity.site_id, monday)
        earlier = w.conn.execute(
            select(S, TE.c.id.label("live_teacher"))
            .join(C, and_(C.c.id == S.c.course_id, C.c.deleted.is_(False)))
            .join(TE, and_(TE.c.id == S.c.teacher_id, TE.c.deleted.is_(False)), isouter=True)
            .where(*own, S.c.starts_at >= start - _WEEK, S.c.starts_at < start)
            .order_by(S.c.starts_at, S.c.id)
        ).all()
        here = Counter(
            (row.course_id, row.starts_at.date())
            for row in w.conn.execute(
                select(S.c.course_id, S.c.starts_at).where(
                    *own, S.c.starts_at >= start, S.c.starts_at < end
                )
            )
        )
        created = []
        for row in earlier:
            day = (row.course_id, (row.starts_at + _WEEK).date())
            if here[day]:
                here[day] -= 1
                continue
            data = SessionInput(
                course_id=row.course_id,
                starts_at=row.starts_at + _WEEK,
                ends_at=row.ends_at + _WEEK,
                place=row.place,
                teacher_id=row.live_teacher,
                headcount=None if row.headcount is None else 0,
            )
            values = _validated(store, w.conn, data)
            created.append(w.insert(S, {**values, "site_id": identity.site_id}))
    return CopiedWeek(created, len(earlier) - len(created), w.changes)
