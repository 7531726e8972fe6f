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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, case, func, select

from core import schema
from core.ids import weekly_report_id
from core.vocabulary import REQUEST_ENDED, utc_from_village_wall, village_wall_from_utc

S = schema.sessions
A = schema.attendance
R = schema.residents
C = schema.courses
T = schema.teachers
Q = schema.requests
E = schema.request_events
W = schema.weekly_reports


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


#: The counts of a week's figures, each a whole number of at least 0.
COUNTS = (
    "sessions",
    "person_times",
    "reach",
    "new_learners",
    "requests_opened",
    "requests_closed",
    "teachers_active",
    "volunteers_active",
)
FIGURES_KEYS = frozenset({"week", *COUNTS, "by_platform", "by_course"})
COURSE_KEYS = frozenset({"course_id", "title", "platform", "sessions", "person_times"})


def figures_problem(figures: Any, monday: dt.date, partial: bool = False) -> str | None:
    """What keeps ``figures`` from being figures :func:`week_figures` gives for the week starting
    ``monday``, or None when they are.

    A submitted report's figures travel up to the town and the district, which read them as numbers
    and lists. With ``partial`` (reading what a laptop holds), keys may be missing or unknown, as
    in the empty figures of a draft or those frozen by another release; the values present must
    still be what they say."""
    if not isinstance(figures, dict):
        return "the figures are not an object"
    keys = set(figures)
    if not partial and keys != FIGURES_KEYS:
        return f"the figures must have exactly the keys {', '.join(sorted(FIGURES_KEYS))}"
    week = figures.get("week", monday.isoformat())
    if week != monday.isoformat() and not (partial and isinstance(week, str)):
        return "the figures are of another week"
    for key in COUNTS:
        if key in figures and not _is_count(figures[key]):
            return f"{key} must be a whole number of at least 0"
    platforms = figures.get("by_platform", {})
    if not isinstance(platforms, dict) or not all(_is_count(n) for n in platforms.values()):
        return "by_platform must give each platform a whole number of at least 0"
    courses = figures.get("by_course", [])
    if not isinstance(courses, list) or not all(_is_course(c, partial) for c in courses):
        return (
            "by_course must list courses with their course_id, title, platform and whole"
            " numbers of sessions and person_times"
        )
    return None


def _is_count(value: Any) -> bool:
    return type(value) is int and value >= 0


def _is_course(course: Any, partial: bool) -> bool:
    if not isinstance(course, dict) or not (partial or set(course) == COURSE_KEYS):
        return False
    texts = all(isinstance(course.get(k, ""), str) for k in ("course_id", "title", "platform"))
    return texts and all(_is_count(course.get(k, 0)) for k in ("sessions", "person_times"))


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
    rows = conn.execute(
        select(S.c.site_id, S.c.starts_at)
        .join(A, A.c.session_id == S.c.id)
        .where(A.c.resident_id == resident_id, A.c.deleted.is_(False), S.c.deleted.is_(False))
    ).all()
    return approved_weeks(conn, {(r.site_id, monday_of(r.starts_at.date())) for r in rows})


def approved_weeks(conn: Connection, weeks: Iterable[tuple[uuid.UUID, dt.date]]) -> list[dt.date]:
    """The Mondays, earliest first, of those (site, Monday) weeks the town has approved."""
    ids = list({weekly_report_id(site_id, monday) for site_id, monday in weeks})
    found: set[dt.date] = set()
    for start in range(0, len(ids), 500):
        found.update(
            conn.execute(
                select(W.c.week_start).where(
                    W.c.id.in_(ids[start : start + 500]),
                    W.c.status == "approved",
                    W.c.deleted.is_(False),
                )
            ).scalars()
        )
    return sorted(found)


def latest_approved_week(conn: Connection, site_id: uuid.UUID) -> dt.date | None:
    """The Monday of ``site_id``'s latest approved week, or None."""
    return conn.execute(
        select(func.max(W.c.week_start)).where(
            W.c.site_id == site_id, W.c.status == "approved", W.c.deleted.is_(False)
        )
    ).scalar()


#: Request steps the figures count: a request opened, or its story over.
COUNTED_STEPS = REQUEST_ENDED | {"proposed"}


@dataclass(frozen=True)
class Approvals:
    """Which weeks are approved, as :func:`weeks_changed_by` asks about one record's few weeks: the
    latest approved week of a site, and whether one week is. A caller that checks many records (the
    server, a batch's 250 marks of one site) remembers the answers."""

    latest: Callable[[uuid.UUID], dt.date | None]
    approved: Callable[[uuid.UUID, dt.date], bool]

    @classmethod
    def asking(cls, conn: Connection) -> Approvals:
        """Answers read from ``conn`` each time."""
        return cls(
            lambda site_id: latest_approved_week(conn, site_id),
            lambda site_id, monday: week_locked(conn, site_id, monday),
        )

    def among(self, site_id: uuid.UUID, mondays: Iterable[dt.date]) -> list[dt.date]:
        return sorted(m for m in set(mondays) if self.approved(site_id, m))


def weeks_changed_by(
    conn: Connection,
    table: str,
    row_id: uuid.UUID,
    old: Mapping[str, Any] | None,
    new: Mapping[str, Any],
    approvals: Approvals | None = None,
) -> list[dt.date]:
    """Mondays of approved weeks whose figures would change if the ``table`` record ``row_id`` went
    from ``old`` (its fields and ``deleted``; None for a new record) to ``new``.

    An approved week must keep the figures the town approved, and they are read from more than its
    sessions and marks (which are locked whole with their week): whether a marked resident is still
    registered, a course's title and platform (``by_course``, ``by_platform``), whether a teacher is
    a volunteer, whether a request and its counted steps exist, and for new learners every earlier
    present mark at the site (a mark added or taken back in an open week can make a later, approved
    week's learner no longer new). Names, phones, notes and the rest are not read, so they stay
    editable. ``approvals`` answers from what the caller remembers (the server, for a batch)."""
    approvals = approvals or Approvals.asking(conn)
    went = old is not None and bool(old["deleted"]) != bool(new["deleted"])
    if table == "residents" and went:
        return locked_weeks_of(conn, row_id)
    if table == "courses" and old is not None and _differ(old, new, "title", "platform"):
        return _session_weeks(conn, S.c.course_id == row_id)
    if table == "teachers" and old is not None and _volunteer(old) != _volunteer(new):
        return _session_weeks(conn, S.c.teacher_id == row_id)
    if table == "requests" and went:
        steps = conn.execute(
            select(E.c.at).where(
                E.c.request_id == row_id,
                E.c.deleted.is_(False),
                E.c.to_status.in_(COUNTED_STEPS),
            )
        ).scalars()
        return approved_weeks(conn, {(new["site_id"], _event_week(at)) for at in steps})
    if table == "request_events" and _counted_step(old) != _counted_step(new):
        step = new if _counted_step(new) else old
        request = conn.execute(
            select(Q.c.site_id, Q.c.deleted).where(Q.c.id == step["request_id"])
        ).first()
        if request is not None and not request.deleted:
            return approvals.among(request.site_id, [_event_week(step["at"])])
    if table == "attendance" and _counted_mark(old) != _counted_mark(new):
        return _first_mark_weeks(conn, new, approvals)
    if table == "sessions" and old is not None and _session_time(old) != _session_time(new):
        return _moved_session_weeks(conn, row_id, old, new, approvals)
    return []


def _differ(old: Mapping[str, Any], new: Mapping[str, Any], *fields: str) -> bool:
    return any(old[f] != new[f] for f in fields)


def _volunteer(teacher: Mapping[str, Any]) -> bool:
    return teacher["kind"] == "volunteer"


def _session_weeks(conn: Connection, which: Any) -> list[dt.date]:
    rows = conn.execute(select(S.c.site_id, S.c.starts_at).where(which, S.c.deleted.is_(False)))
    return approved_weeks(conn, {(r.site_id, monday_of(r.starts_at.date())) for r in rows})


def _event_week(at: dt.datetime) -> dt.date:
    return monday_of(village_wall_from_utc(at).date())


def _counted_step(step: Mapping[str, Any] | None) -> bool:
    return step is not None and not step["deleted"] and step["to_status"] in COUNTED_STEPS


def _counted_mark(mark: Mapping[str, Any] | None) -> bool:
    return mark is not None and bool(mark["present"]) and not mark["deleted"]


def _session_time(session: Mapping[str, Any]) -> dt.datetime | None:
    """When a session counts, or None while it is deleted."""
    return None if session["deleted"] else session["starts_at"]


def _first_marks(
    conn: Connection, site_id: uuid.UUID, resident_ids: list[uuid.UUID], but: uuid.UUID
) -> dict[uuid.UUID, dt.datetime]:
    """Each resident's first counted mark at ``site_id``, leaving out the session ``but``."""
    rows = conn.execute(
        select(A.c.resident_id, func.min(S.c.starts_at))
        .join(S, S.c.id == A.c.session_id)
        .where(
            A.c.resident_id.in_(resident_ids),
            S.c.site_id == site_id,
            S.c.deleted.is_(False),
            S.c.id != but,
            *counted_marks(),
        )
        .group_by(A.c.resident_id)
    )
    return dict(rows.all())


def _first_mark_weeks(
    conn: Connection,
    mark: Mapping[str, Any],
    approvals: Approvals,
) -> list[dt.date]:
    """Approved weeks changed by a mark that starts or stops counting: its own session's week, and
    the week the resident's first mark at the site moves to or from."""
    session = conn.execute(
        select(S.c.site_id, S.c.starts_at, S.c.deleted).where(S.c.id == mark["session_id"])
    ).first()
    if session is None or session.deleted:
        return []
    own = monday_of(session.starts_at.date())
    last = approvals.latest(session.site_id)
    if last is None or last < own:  # nothing approved from this week on
        return []
    weeks = {own}
    if last > own:
        # Counted marks only: a resident no longer registered has no first mark anywhere.
        first = _first_marks(conn, session.site_id, [mark["resident_id"]], mark["session_id"])
        other = first.get(mark["resident_id"])
        if other is not None and other > session.starts_at:
            weeks.add(monday_of(other.date()))
    return approvals.among(session.site_id, weeks)


def _moved_session_weeks(
    conn: Connection,
    session_id: uuid.UUID,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    approvals: Approvals,
) -> list[dt.date]:
    """Approved weeks changed by a session that moves, goes or comes back: the weeks it leaves and
    enters, and those its residents' first marks move to or from."""
    site_id = new["site_id"]
    times = [t for t in (_session_time(old), _session_time(new)) if t is not None]
    weeks = {monday_of(t.date()) for t in times}
    last = approvals.latest(site_id)
    if times and last is not None and last > min(weeks):
        marked = list(
            conn.execute(
                select(A.c.resident_id).where(A.c.session_id == session_id, *counted_marks())
            ).scalars()
        )
        others = _first_marks(conn, site_id, marked, session_id) if marked else {}
        for resident_id in marked:
            firsts = []
            for t in (_session_time(old), _session_time(new)):
                candidates = [x for x in (t, others.get(resident_id)) if x is not None]
                firsts.append(monday_of(min(candidates).date()) if candidates else None)
            if firsts[0] != firsts[1]:
                weeks.update(f for f in firsts if f is not None)
    return approvals.among(site_id, weeks)
