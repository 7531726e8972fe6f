"""Person-times (人次) and reach: the figures a centre is judged by, computed from its records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from core import schema
from desktop.services.common import week_bounds, week_start
from desktop.services.week.sessions import counted_marks, person_times_expression
from desktop.storage.store import Store

S = schema.sessions
C = schema.courses
A = schema.attendance


@dataclass(frozen=True)
class WeekFigures:
    week_start: dt.date
    sessions: int
    person_times: int
    reach: int  # distinct residents marked present


@dataclass(frozen=True)
class CourseFigures:
    course_id: object
    course_title: str
    platform: str
    sessions: int
    person_times: int


def week_figures(store: Store, monday: dt.date) -> WeekFigures:
    """Sessions, person-times and distinct residents reached in one ISO week."""
    start, end = week_bounds(monday)
    in_week = (S.c.deleted.is_(False), S.c.starts_at >= start, S.c.starts_at < end)
    with store.read() as conn:
        sessions, person_times = conn.execute(
            select(func.count(), func.coalesce(func.sum(person_times_expression()), 0)).where(
                *in_week
            )
        ).one()
        # Reach counts named people: a headcount session's count has no names, but anyone named at
        # it was reached.
        reach = conn.execute(
            select(func.count(func.distinct(A.c.resident_id)))
            .join(S, S.c.id == A.c.session_id)
            .where(*in_week, *counted_marks())
        ).scalar_one()
    return WeekFigures(monday, sessions, int(person_times), reach)


def person_times_by_week(store: Store, first_monday: dt.date, weeks: int) -> list[WeekFigures]:
    """Week-by-week figures for ``weeks`` weeks starting at ``first_monday``."""
    first_monday = week_start(first_monday)
    return [week_figures(store, first_monday + dt.timedelta(weeks=i)) for i in range(max(0, weeks))]


def person_times_by_course(store: Store, monday: dt.date) -> list[CourseFigures]:
    """Per-course sessions and person-times in one ISO week, busiest course first."""
    start, end = week_bounds(monday)
    pt = func.sum(person_times_expression())
    stmt = (
        select(S.c.course_id, C.c.title, C.c.platform, func.count(), pt.label("pt"))
        .join(C, C.c.id == S.c.course_id, isouter=True)  # a course not synced yet still counts
        .where(S.c.deleted.is_(False), S.c.starts_at >= start, S.c.starts_at < end)
        .group_by(S.c.course_id, C.c.title, C.c.platform)
        .order_by(pt.desc(), C.c.title)
    )
    with store.read() as conn:
        rows = conn.execute(stmt).all()
    return [CourseFigures(r[0], r[1] or "", r[2] or "", r[3], int(r[4] or 0)) for r in rows]
