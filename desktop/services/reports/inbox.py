"""The town school's pending inbox (待办): one row per village, the ones that need a phone call first.

Today towns ring every village to learn who has sent nothing. Everything here comes from what the
town's own laptop last synced — the villages' weekly reports and requests, and the last contact the
server publishes for every device (``site_activity``) — so it works offline, and the screen says how
old that picture is.

A week's report is **overdue** once the Monday after it has ended without a submission (a returned
week counts until it is submitted again). Weeks are counted from the village's first known activity
(a session, a report or a sync), at most :data:`LOOKBACK_WEEKS` back, so a village that joined last
month is not twelve weeks behind.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select

from core import schema
from core.vocabulary import REPORT_SENT
from desktop.services.common import require_identity, week_start
from desktop.services.ordering import natural_key
from desktop.storage.store import Store

LOOKBACK_WEEKS = 12
#: Reports in these states count as sent.
#: Days without contact after which a village is worth a call even with nothing overdue.
QUIET_DAYS = 7

SITES = schema.sites
W = schema.weekly_reports
ACT = schema.site_activity
S = schema.sessions
Q = schema.requests


@dataclass(frozen=True)
class InboxRow:
    site_id: uuid.UUID
    name: str
    #: The village's most recent contact with the server (any of its laptops), UTC; None if never.
    last_sync: dt.datetime | None
    #: Changes still waiting on that laptop at that contact.
    waiting: int
    #: State of the current week's report: not_started, draft, submitted, returned or approved.
    week_status: str
    weeks_overdue: int
    #: Open requests the village escalated to the town.
    escalated: int
    needs_call: bool


def _week_states(conn, site_ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[dt.date, str]]:  # noqa: ANN001
    out: dict[uuid.UUID, dict[dt.date, str]] = {s: {} for s in site_ids}
    rows = conn.execute(
        select(W.c.site_id, W.c.week_start, W.c.status).where(
            W.c.site_id.in_(site_ids), W.c.deleted.is_(False)
        )
    )
    for site_id, monday, status in rows:
        out[site_id][monday] = status
    return out


def pending_inbox(store: Store, today: dt.date) -> list[InboxRow]:
    """The villages below this laptop's site, the ones that need attention first.

    ``today`` is the village date (the caller passes the trusted clock's), so a wrong laptop clock
    does not make every village look overdue."""
    identity = require_identity(store)
    this_week = week_start(today)
    # A week is overdue from the Tuesday after it: the Monday is the day reports are sent.
    last_due = week_start(today - dt.timedelta(days=1)) - dt.timedelta(weeks=1)
    with store.read() as conn:
        own_path = conn.execute(select(SITES.c.path).where(SITES.c.id == identity.site_id)).scalar()
        if own_path is None:
            return []
        villages = conn.execute(
            select(SITES.c.id, SITES.c.name).where(
                SITES.c.path.startswith(own_path, autoescape=True),
                SITES.c.level == "village",
                SITES.c.deleted.is_(False),
            )
        ).all()
        ids = [v.id for v in villages]
        if not ids:
            return []
        contact = {
            r.site_id: (r.seen, r.waiting)
            for r in conn.execute(
                select(
                    ACT.c.site_id,
                    func.max(ACT.c.last_seen_at).label("seen"),
                    func.sum(ACT.c.last_pending).label("waiting"),
                )
                .where(ACT.c.site_id.in_(ids), ACT.c.deleted.is_(False))
                .group_by(ACT.c.site_id)
            )
        }
        first_session = dict(
            conn.execute(
                select(S.c.site_id, func.min(S.c.starts_at))
                .where(S.c.site_id.in_(ids), S.c.deleted.is_(False))
                .group_by(S.c.site_id)
            ).all()
        )
        escalated = dict(
            conn.execute(
                select(Q.c.site_id, func.count())
                .where(Q.c.site_id.in_(ids), Q.c.deleted.is_(False), Q.c.status == "town_organises")
                .group_by(Q.c.site_id)
            ).all()
        )
        states = _week_states(conn, ids)

    rows = []
    for village in villages:
        seen, waiting = contact.get(village.id, (None, 0))
        reports = states[village.id]
        known = list(reports)
        if first_session.get(village.id) is not None:
            known.append(first_session[village.id].date())
        if seen is not None:
            known.append(seen.date())
        overdue = 0
        if known:
            first = max(week_start(min(known)), this_week - dt.timedelta(weeks=LOOKBACK_WEEKS))
            monday = first
            while monday <= last_due:
                if reports.get(monday) not in REPORT_SENT:
                    overdue += 1
                monday += dt.timedelta(weeks=1)
        quiet = seen is None or (today - seen.date()).days >= QUIET_DAYS
        rows.append(
            InboxRow(
                village.id,
                village.name,
                seen,
                int(waiting or 0),
                reports.get(this_week, "not_started"),
                overdue,
                int(escalated.get(village.id, 0)),
                needs_call=overdue > 0 or quiet,
            )
        )
    never = dt.datetime.min
    rows.sort(
        key=lambda r: (
            not r.needs_call,
            -r.weeks_overdue,
            r.last_sync or never,
            -r.waiting,
            natural_key(r.name),
        )
    )
    return rows
