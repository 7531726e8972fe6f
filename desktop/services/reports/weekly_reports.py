"""Weekly reports (周报): the village submits its week, the town returns or approves it, approval locks.

The figures are computed from the records (``core/week_figures.py``) and frozen into the
submission, so what the town reviews is what the village saw when it pressed Submit. A week with no
activity is submitted as such, explicitly. A returned week goes back with the town's comment; the
village corrects its records and submits again. An approved week is locked: its sessions and marks
cannot change, on the laptop (:func:`require_week_open`) and on the server, until the town reopens it.

Submitting works offline: the report travels with the records it counts, and the server takes it only
when its own records give the same figures; until then it waits on the laptop with the server's
reason (``docs/protocol.md``, deferred changes).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from core import limits, schema
from core.ids import weekly_report_id
from core.messages import QT_TRANSLATE_NOOP, UserMessage
from core.week_figures import (
    figures_problem,
    no_activity,
    week_figures,
    week_locked,
    weeks_changed_by,
)
from desktop.changes import Changes
from desktop.services.common import require_identity, week_start
from desktop.services.errors import CTX, Problems, ServiceError
from desktop.storage.store import Store

W = schema.weekly_reports
#: The most characters a person may type in each field (one table for laptop and server).
_MAX = limits.TEXT["weekly_reports"]

#: The state of a week that has no report row yet.
NOT_STARTED = "not_started"

WEEK_LOCKED = QT_TRANSLATE_NOOP(
    "Validation",
    "The week of {date} was approved by the town and is locked. Ask the town to reopen it first.",
)
COURSE_IN_LOCKED_WEEK = QT_TRANSLATE_NOOP(
    "Validation",
    "This course was taught in the week of {date}, which the town approved and locked. Ask the town to reopen it before renaming the course or changing its platform.",
)
TEACHER_IN_LOCKED_WEEK = QT_TRANSLATE_NOOP(
    "Validation",
    "This person taught in the week of {date}, which the town approved and locked. Ask the town to reopen it before changing whether they are a volunteer.",
)
FIGURES_UNREADABLE = QT_TRANSLATE_NOOP(
    "Validation",
    "The weekly report of the week of {date} holds figures that cannot be read; the town can return it so that it is submitted again.",
)
WEEK_IN_FUTURE = QT_TRANSLATE_NOOP("Validation", "A week can be submitted once it has begun.")
ALREADY_APPROVED = QT_TRANSLATE_NOOP(
    "Validation", "This week was approved already; the town must reopen it before it changes."
)
REVIEW_ABOVE = QT_TRANSLATE_NOOP(
    "Validation", "Weekly reports are reviewed by the town or the district, not by the village."
)
REVIEW_OWN = QT_TRANSLATE_NOOP(
    "Validation", "A site's own weekly report is reviewed by the level above it."
)
NOT_SUBMITTED = QT_TRANSLATE_NOOP(
    "Validation", "Only a submitted week can be approved or returned."
)
NOT_APPROVED = QT_TRANSLATE_NOOP("Validation", "Only an approved week can be reopened.")
COMMENT_NEEDED = QT_TRANSLATE_NOOP(
    "Validation", "Say what needs correcting, so the village knows what to change."
)


@dataclass(frozen=True)
class WeekReport:
    site_id: uuid.UUID
    week_start: dt.date
    #: not_started, draft, submitted, returned or approved
    status: str
    #: Frozen at submission; computed from the records for a week not submitted yet.
    figures: dict[str, Any]
    remark: str
    review_comment: str
    submitted_at: dt.datetime | None
    pending: bool

    @property
    def locked(self) -> bool:
        return self.status == "approved"

    @property
    def no_activity(self) -> bool:
        return no_activity(self.figures)


def _row(conn: Connection, site_id: uuid.UUID, monday: dt.date):  # noqa: ANN202 - Row | None
    return conn.execute(
        select(W).where(W.c.id == weekly_report_id(site_id, monday), W.c.deleted.is_(False))
    ).first()


def _report(conn: Connection, site_id: uuid.UUID, monday: dt.date) -> WeekReport:
    row = _row(conn, site_id, monday)
    if row is None or row.status in ("draft", "returned"):
        figures = week_figures(conn, site_id, monday)
    else:
        figures = row.figures
        # Frozen elsewhere and read as numbers and lists by every report: say so if they are not.
        if figures_problem(figures, monday, partial=True):
            raise ServiceError(UserMessage(CTX, FIGURES_UNREADABLE, date=monday.isoformat()))
    if row is None:
        return WeekReport(site_id, monday, NOT_STARTED, figures, "", "", None, False)
    return WeekReport(
        site_id,
        monday,
        row.status,
        figures,
        row.remark,
        row.review_comment,
        row.submitted_at,
        row.pending,
    )


def week_report(store: Store, monday: dt.date, site_id: uuid.UUID | None = None) -> WeekReport:
    """The report of ``site_id``'s week (this laptop's site by default), with figures."""
    site = site_id or require_identity(store).site_id
    with store.read() as conn:
        return _report(conn, site, week_start(monday))


def require_week_open(conn: Connection, site_id: uuid.UUID, day: dt.date) -> None:
    """Refuse a change to a record of an approved (locked) week, in the user's words."""
    if week_locked(conn, site_id, day):
        monday = week_start(day)
        raise ServiceError(UserMessage(CTX, WEEK_LOCKED, date=monday.isoformat()))


#: What a change is refused with when it would alter an approved week's figures, by table.
_LOCKED_BY = {"courses": COURSE_IN_LOCKED_WEEK, "teachers": TEACHER_IN_LOCKED_WEEK}


def require_figures_open(
    conn: Connection, table: str, row_id: uuid.UUID, changes: Mapping[str, Any]
) -> None:
    """Refuse, in the user's words, a change to a record that would alter the figures of a week the
    town approved (a course renamed or moved to another platform, a resident removed): the server
    refuses it too (``core.week_figures.weeks_changed_by``)."""
    t = schema.SYNCED_BY_NAME[table]
    row = conn.execute(select(t).where(t.c.id == row_id)).first()
    if row is None:
        return
    old = dict(row._mapping)
    weeks = weeks_changed_by(conn, table, row_id, old, {**old, **changes})
    if weeks:
        source = _LOCKED_BY.get(table, WEEK_LOCKED)
        raise ServiceError(UserMessage(CTX, source, date=weeks[0].isoformat()))


def require_week_open_for(store: Store, session_id: uuid.UUID) -> None:
    """The same check for a session by id (the attendance panel asks before a mark)."""
    with store.read() as conn:
        require_session_week_open(conn, session_id)


def require_session_week_open(conn: Connection, session_id: uuid.UUID) -> None:
    """The check for a session by id, inside the caller's transaction (a session not held here has
    no week to lock)."""
    s = schema.sessions
    row = conn.execute(select(s.c.site_id, s.c.starts_at).where(s.c.id == session_id)).first()
    if row is not None:
        require_week_open(conn, row.site_id, row.starts_at.date())


def submit_week(store: Store, monday: dt.date, remark: str = "") -> tuple[WeekReport, Changes]:
    """Freeze this site's figures for the week into a submitted report (again, after a return)."""
    identity = require_identity(store)
    monday = week_start(monday)
    today = store.today()
    p = Problems()
    remark = p.text("remark", remark, limit=_MAX["remark"])
    p.raise_if_any()
    if monday > week_start(today):
        raise ServiceError(UserMessage(CTX, WEEK_IN_FUTURE))
    site = identity.site_id
    with store.write() as w:
        current = _row(w.conn, site, monday)
        if current is not None and current.status == "approved":
            raise ServiceError(UserMessage(CTX, ALREADY_APPROVED))
        w.upsert(
            W,
            weekly_report_id(site, monday),
            {
                "site_id": site,
                "week_start": monday,
                "status": "submitted",
                "figures": week_figures(w.conn, site, monday),
                "remark": remark,
                "review_comment": current.review_comment if current is not None else "",
                "submitted_at": store.trusted_now().replace(tzinfo=None),
            },
        )
        report = _report(w.conn, site, monday)
    return report, w.changes


def _review(
    store: Store, site_id: uuid.UUID, monday: dt.date, status: str, comment: str, allowed: tuple
) -> tuple[WeekReport, Changes]:
    identity = require_identity(store)
    if identity.role == "village":
        raise ServiceError(UserMessage(CTX, REVIEW_ABOVE))
    if site_id == identity.site_id:
        raise ServiceError(UserMessage(CTX, REVIEW_OWN))
    p = Problems()
    comment = p.text("comment", comment, limit=_MAX["review_comment"])
    if status == "returned" and not comment:
        p.add("comment", COMMENT_NEEDED)
    p.raise_if_any()
    monday = week_start(monday)
    with store.write() as w:
        current = _row(w.conn, site_id, monday)
        if current is None or current.status not in allowed:
            raise ServiceError(
                UserMessage(CTX, NOT_APPROVED if allowed == ("approved",) else NOT_SUBMITTED)
            )
        w.update(W, current.id, {"status": status, "review_comment": comment})
        report = _report(w.conn, site_id, monday)
    return report, w.changes


def approve_week(
    store: Store, site_id: uuid.UUID, monday: dt.date, comment: str = ""
) -> tuple[WeekReport, Changes]:
    """The town accepts a village's submitted week; the week is locked from now on."""
    return _review(store, site_id, monday, "approved", comment, ("submitted",))


def return_week(
    store: Store, site_id: uuid.UUID, monday: dt.date, comment: str
) -> tuple[WeekReport, Changes]:
    """The town sends a submitted week back with what needs correcting."""
    return _review(store, site_id, monday, "returned", comment, ("submitted",))


def reopen_week(
    store: Store, site_id: uuid.UUID, monday: dt.date, comment: str
) -> tuple[WeekReport, Changes]:
    """The town unlocks an approved week so the village can correct it; it comes back as returned,
    with the reason, and is submitted again."""
    return _review(store, site_id, monday, "returned", comment, ("approved",))
