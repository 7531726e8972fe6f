"""A site's week in figures (周报), computed the same way on a laptop and on the server.

The village submits these figures frozen into its weekly report; the server computes them again from
the records it holds and accepts the submission only when they agree (``server/validate.py``), so a
town never sees figures that the records it can open do not add up to. Both sides therefore use this
one function, which lives below the services so the server can import it.

Counting rules (the same as the week view's):

- a session counts when it starts within the ISO week (Monday 00:00 to Sunday 24:00, village time);
- its person-times (人次) are its headcount when it is headcount-only, else its present marks of
  residents still on the register;
- reach (覆盖人数) counts distinct residents marked present (at a headcount session too, when named);
- new learners are residents whose first present mark at this site falls in the week;
- requests opened/closed are requests of the site filed in the week / moved to evaluated or
  declined in the week (by the time recorded with the step);
- teachers and volunteers active are the distinct teachers of the week's sessions, by kind.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Connection, and_, case, func, select

from core import schema
from core.ids import weekly_report_id
from core.vocabulary import REQUEST_ENDED, utc_from_village_wall

S = schema.sessions
A = schema.attendance
R = schema.residents
C = schema.courses
T = schema.teachers
Q = schema.requests
E = schema.request_events


def counted_marks() -> tuple:
    """Conditions for a mark that counts: present, not withdrawn, of a resident still registered."""
    live_resident = select(R.c.id).where(R.c.id == A.c.resident_id, R.c.deleted.is_(False)).exists()
    return (A.c.present.is_(True), A.c.deleted.is_(False), live_resident)


def person_times_expression():  # noqa: ANN201 - SQL expression
    """SQL for one session's person-times, for use in aggregate queries."""
    present = (
        select(func.count()).where(A.c.session_id == S.c.id, *counted_marks()).scalar_subquery()
    )
    return case((S.c.headcount.is_not(None), S.c.headcount), else_=present)


def week_bounds(monday: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the week beginning ``monday`` as naive village-time datetimes."""
    start = dt.datetime.combine(monday, dt.time())
    return start, start + dt.timedelta(days=7)


def week_figures(conn: Connection, site_id: uuid.UUID, monday: dt.date) -> dict[str, Any]:
    """The figures of ``site_id``'s week starting ``monday``, as JSON-ready values."""
    start, end = week_bounds(monday)
    in_week = (
        S.c.site_id == site_id,
        S.c.deleted.is_(False),
        S.c.starts_at >= start,
        S.c.starts_at < end,
    )
    pt = func.coalesce(func.sum(person_times_expression()), 0)
    sessions, person_times = conn.execute(select(func.count(), pt).where(*in_week)).one()
    reach = conn.execute(
        select(func.count(func.distinct(A.c.resident_id)))
        .join(S, S.c.id == A.c.session_id)
        .where(*in_week, *counted_marks())
    ).scalar_one()

    first_mark = (
        select(A.c.resident_id, func.min(S.c.starts_at).label("first"))
        .join(S, S.c.id == A.c.session_id)
        .where(S.c.site_id == site_id, S.c.deleted.is_(False), *counted_marks())
        .group_by(A.c.resident_id)
        .subquery()
    )
    new_learners = conn.execute(
        select(func.count()).where(first_mark.c.first >= start, first_mark.c.first < end)
    ).scalar_one()

    by_course = [
        {
            "course_id": r.course_id.hex,
            "title": r.title or "",
            "platform": r.platform or "",
            "sessions": r.n,
            "person_times": int(r.pt or 0),
        }
        for r in conn.execute(
            select(
                S.c.course_id,
                C.c.title,
                C.c.platform,
                func.count().label("n"),
                func.sum(person_times_expression()).label("pt"),
            )
            .join(C, C.c.id == S.c.course_id, isouter=True)
            .where(*in_week)
            .group_by(S.c.course_id, C.c.title, C.c.platform)
        )
    ]
    by_course.sort(key=lambda c: (-c["person_times"], c["title"], c["course_id"]))
    by_platform: dict[str, int] = {}
    for course in by_course:
        key = course["platform"] or "other"
        by_platform[key] = by_platform.get(key, 0) + course["person_times"]

    utc_start, utc_end = utc_from_village_wall(start), utc_from_village_wall(end)
    steps = select(E.c.request_id, E.c.to_status).join(Q, Q.c.id == E.c.request_id)
    steps = steps.where(
        Q.c.site_id == site_id,
        Q.c.deleted.is_(False),
        E.c.deleted.is_(False),
        E.c.at >= utc_start,
        E.c.at < utc_end,
    )
    opened = closed = 0
    seen_open: set[uuid.UUID] = set()
    seen_closed: set[uuid.UUID] = set()
    for request_id, status in conn.execute(steps):
        if status == "proposed" and request_id not in seen_open:
            seen_open.add(request_id)
            opened += 1
        elif status in REQUEST_ENDED and request_id not in seen_closed:
            seen_closed.add(request_id)
            closed += 1

    kinds = conn.execute(
        select(T.c.kind, func.count(func.distinct(T.c.id)))
        .join(S, and_(S.c.teacher_id == T.c.id, *in_week))
        .group_by(T.c.kind)
    ).all()
    volunteers = sum(n for kind, n in kinds if kind == "volunteer")
    teachers = sum(n for kind, n in kinds if kind != "volunteer")
    return {
        "week": monday.isoformat(),
        "sessions": sessions,
        "person_times": int(person_times),
        "reach": reach,
        "new_learners": new_learners,
        "requests_opened": opened,
        "requests_closed": closed,
        "teachers_active": teachers,
        "volunteers_active": volunteers,
        "by_platform": dict(sorted(by_platform.items())),
        "by_course": by_course,
    }


def no_activity(figures: dict[str, Any]) -> bool:
    """True for a week with nothing recorded: it is still submitted, explicitly, as such."""
    return figures.get("sessions", 0) == 0 and figures.get("requests_opened", 0) == 0


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_locked(conn: Connection, site_id: uuid.UUID, day: dt.date) -> bool:
    """True when the town has approved ``site_id``'s week containing ``day``: its sessions and marks
    may not change until the town reopens it."""
    W = schema.weekly_reports
    status = conn.execute(
        select(W.c.status).where(
            W.c.id == weekly_report_id(site_id, monday_of(day)), W.c.deleted.is_(False)
        )
    ).scalar()
    return status == "approved"


def locked_weeks_of(conn: Connection, resident_id: uuid.UUID) -> list[dt.date]:
    """Mondays of approved (locked) weeks in which ``resident_id`` has a live mark: a merge would
    change those weeks' figures, so it waits for the town to reopen them."""
    W = schema.weekly_reports
    rows = conn.execute(
        select(S.c.site_id, S.c.starts_at)
        .join(A, A.c.session_id == S.c.id)
        .where(A.c.resident_id == resident_id, A.c.deleted.is_(False), S.c.deleted.is_(False))
    ).all()
    weeks = {(r.site_id, monday_of(r.starts_at.date())) for r in rows}
    locked = []
    for site_id, monday in sorted(weeks, key=lambda w: w[1]):
        status = conn.execute(
            select(W.c.status).where(
                W.c.id == weekly_report_id(site_id, monday), W.c.deleted.is_(False)
            )
        ).scalar()
        if status == "approved":
            locked.append(monday)
    return locked
