"""Read-only views of one site's week for the weekly report screens: which week to show first, and,
for a town reviewing a village, that village's sessions and who came to each.

The week view and the sign-in sheet show this laptop's own work; a town reviewing a village's report
wants to open the records behind the village's figures without being offered edits, so these return
plain records for a list, and nothing here writes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from core import schema
from core.week_figures import week_locked
from desktop.services.common import week_start
from desktop.services.ordering import place_key
from desktop.services.week.sessions import SessionSummary, sessions_in_week
from desktop.storage.store import Store

S = schema.sessions
A = schema.attendance
R = schema.residents
W = schema.weekly_reports

#: How far back a reviewer's first look goes for a week still waiting for review.
REVIEW_LOOKBACK_WEEKS = 12


def default_week(today: dt.date) -> dt.date:
    """The Monday of the week a coordinator most likely means to report.

    Reports are sent on the Monday after the week they cover, and the town counts a week as overdue
    from the Tuesday (see ``desktop.services.reports.inbox``). So on a Monday or Tuesday the week to finish
    is the one that just ended; from Wednesday on, the week under way is the one being recorded.
    """
    this_week = week_start(today)
    if today.weekday() <= 1:
        return this_week - dt.timedelta(weeks=1)
    return this_week


def own_week_locked(store: Store, day: dt.date) -> bool:
    """Whether this laptop's site's week containing ``day`` is approved and so locked (False on a
    laptop not enrolled yet: it has no site whose week could be approved)."""
    identity = store.identity()
    if identity is None:
        return False
    with store.read() as conn:
        return week_locked(conn, identity.site_id, day)


def week_to_review(store: Store, site_id: uuid.UUID, today: dt.date) -> dt.date:
    """The week a reviewer opens first for ``site_id``: the oldest one submitted and still waiting
    for a decision, else :func:`default_week`."""
    earliest = week_start(today) - dt.timedelta(weeks=REVIEW_LOOKBACK_WEEKS)
    with store.read() as conn:
        waiting = conn.execute(
            select(W.c.week_start)
            .where(
                W.c.site_id == site_id,
                W.c.deleted.is_(False),
                W.c.status == "submitted",
                W.c.week_start >= earliest,
            )
            .order_by(W.c.week_start)
        ).scalar()
    return waiting if waiting is not None else default_week(today)


def site_sessions_in_week(
    store: Store, site_id: uuid.UUID, monday: dt.date
) -> list[SessionSummary]:
    """``site_id``'s sessions of the week starting ``monday``, in time order, with person-times
    counted as the report counts them. A town laptop holds every village's sessions; the week view
    shows them all, the review only the village's own."""
    return sessions_in_week(store, week_start(monday), site_id)


@dataclass(frozen=True)
class Attendee:
    """Someone counted at a session, as a read-only sign-in list shows them."""

    id: uuid.UUID
    name: str
    village_group: str
    household: str


def session_attendees(store: Store, session_id: uuid.UUID) -> list[Attendee]:
    """The residents counted present at a session, grouped by village group and household as the
    sign-in sheet is. Only the marked people are read: a town's register has tens of thousands."""
    stmt = (
        select(R.c.id, R.c.name, R.c.village_group, R.c.household)
        .join(A, A.c.resident_id == R.c.id)
        # The counted marks' conditions (``counted_marks``), spelled out: the resident is joined.
        .where(
            A.c.session_id == session_id,
            A.c.present.is_(True),
            A.c.deleted.is_(False),
            R.c.deleted.is_(False),
        )
    )
    with store.read() as conn:
        rows = conn.execute(stmt).all()
    people = [Attendee(r.id, r.name, r.village_group, r.household) for r in rows]
    people.sort(key=lambda p: (place_key(p.village_group), place_key(p.household), p.name))
    return people
