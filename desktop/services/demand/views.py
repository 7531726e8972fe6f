"""What each level's demand views read (需求, 派单, 项目清单): requests with where they came from and
how long they have been open, a request's history with who made each step, the steps this laptop's
level may take next, the district's dispatch board by platform, the orders waiting to be
dispatched, and a village's own orders with the session each delivery became (what came back).

Read-only: every change goes through ``requests``, ``menu`` and ``evaluations``. The rules the views
apply live here so they are tested without a window:

- **Overdue**: a request still open (not delivered, evaluated or declined) more than
  :data:`OVERDUE_DAYS` days after its first event (the household's proposal, by the recording
  laptop's clock). The service's "fastest within a week" is the aim; a month means someone should ring.
- **Board platform**: a request at the district goes under the platform of its top suggestion, so it
  lands with the team that can serve it; with no suggestion, under its category when that is a
  platform, else under the first platform that usually serves the category
  (``matching.CATEGORY_PLATFORMS``), else under "no platform".
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, literal_column, select

from core import schema, vocabulary, workflow
from desktop.services.demand import menu
from desktop.services.demand.matching import CATEGORY_PLATFORMS, Suggestion
from desktop.storage.store import Store

R = schema.requests
E = schema.request_events
S = schema.sites
OF = schema.offerings
OR = schema.orders
SE = schema.sessions
EV = schema.evaluations

#: Days a request may stay open before the town sees it marked overdue.
OVERDUE_DAYS = 30
#: Steps that need more than a click: matching names an offering (the district's board), and a
#: delivery of a matched request is scheduled with a date and time.
STEPS_WITH_DIALOGS = frozenset({"matched"})


@dataclass(frozen=True)
class RequestRow:
    """One request as the lists show it."""

    id: uuid.UUID
    need: str
    category: str
    status: str
    people_count: int
    household: str
    urgency: str
    preferred_time: str
    site_id: uuid.UUID
    site_name: str
    opened_at: dt.datetime | None  # the first event's time (UTC, naive), None if none is held
    offering_id: uuid.UUID | None
    offering_title: str
    pending: bool

    @property
    def is_open(self) -> bool:
        return self.status not in vocabulary.REQUEST_SETTLED

    @property
    def in_progress(self) -> bool:
        return self.status not in vocabulary.REQUEST_ENDED


@dataclass(frozen=True)
class HistoryEntry:
    """One step of a request: what it moved to, who (site and device), when, why; ``applied`` is
    False for a step superseded by another level's step made offline from the same status."""

    to_status: str
    note: str
    at: dt.datetime
    site_name: str
    device_id: uuid.UUID | None
    applied: bool
    pending: bool


@dataclass(frozen=True)
class BoardRow:
    """A request waiting at the district, the platform it is filed under and its best fits."""

    request: RequestRow
    platform: str  # "" when nothing places it
    suggestions: tuple[Suggestion, ...]


@dataclass(frozen=True)
class OrderRow:
    """A village's order from the menu (点单), as the district's dispatch list shows it."""

    id: uuid.UUID
    offering_title: str
    platform: str
    site_name: str
    month: dt.date
    people_count: int
    note: str
    status: str


@dataclass(frozen=True)
class MyOrderRow:
    """One of this village's orders (点单) with what came of it: the district's dispatch, the session
    the delivery was scheduled as, and how many scores this laptop holds for it."""

    id: uuid.UUID
    offering_id: uuid.UUID
    offering_title: str
    platform: str
    month: dt.date
    people_count: int
    note: str
    status: str
    request_id: uuid.UUID | None
    session_id: uuid.UUID | None
    session_starts_at: dt.datetime | None  # village wall-clock time, as sessions are kept
    session_place: str
    scores: int
    pending: bool


def is_overdue(row: RequestRow, now: dt.datetime) -> bool:
    """Open for more than :data:`OVERDUE_DAYS` days since its first event."""
    if not row.is_open or row.opened_at is None:
        return False
    opened = row.opened_at.replace(tzinfo=dt.UTC) if row.opened_at.tzinfo is None else row.opened_at
    return now - opened > dt.timedelta(days=OVERDUE_DAYS)


def next_steps(role: str, status: str) -> list[str]:
    """The statuses a device of ``role`` may move a request at ``status`` to, in workflow order:
    the workflow's transitions that this level is an actor of."""
    allowed = workflow.TRANSITIONS.get(status, frozenset())
    return [s for s in vocabulary.REQUEST_STATUSES if s in allowed and workflow.may_act(role, s)]


def list_requests(store: Store, statuses: frozenset[str] | None = None) -> list[RequestRow]:
    """Every request this laptop holds (its own, and below a town or district the villages'),
    newest first; only those at ``statuses`` when given."""
    opened = (
        select(E.c.request_id, func.min(E.c.at).label("opened_at"))
        .where(E.c.deleted.is_(False))
        .group_by(E.c.request_id)
        .subquery()
    )
    stmt = (
        select(R, S.c.name.label("site_name"), opened.c.opened_at, OF.c.title.label("offering"))
        .outerjoin(S, S.c.id == R.c.site_id)
        .outerjoin(opened, opened.c.request_id == R.c.id)
        .outerjoin(OF, OF.c.id == R.c.offering_id)
        .where(R.c.deleted.is_(False))
    )
    if statuses is not None:
        stmt = stmt.where(R.c.status.in_(statuses))
    with store.read() as conn:
        rows = conn.execute(stmt).all()
    out = [_request_row(r) for r in rows]
    out.sort(key=lambda r: r.opened_at or dt.datetime.min, reverse=True)
    return out


def _request_row(r) -> RequestRow:  # noqa: ANN001 - a joined Row
    return RequestRow(
        r.id,
        r.need,
        r.category,
        r.status,
        r.people_count,
        r.household,
        r.urgency,
        r.preferred_time,
        r.site_id,
        r.site_name or "",
        r.opened_at,
        r.offering_id,
        r.offering or "",
        r.pending,
    )


def request_history(store: Store, request_id: uuid.UUID) -> list[HistoryEntry]:
    """The request's steps in the order that decides its status (as ``workflow.events_in_order``),
    with who made each one and whether it took effect."""
    stmt = (
        select(E, S.c.name.label("site_name"))
        .outerjoin(S, S.c.id == E.c.actor_site_id)
        .where(
            E.c.request_id == request_id,
            E.c.deleted.is_(False),
            (E.c.server_seq.is_not(None)) | (E.c.pending.is_(True)),
        )
        .order_by(E.c.server_seq.is_(None), E.c.server_seq, literal_column("request_events.rowid"))
    )
    with store.read() as conn:
        rows = conn.execute(stmt).all()
    status = workflow.START
    out = []
    for i, e in enumerate(rows):
        # The first event is the proposal itself; later ones apply when they follow (the same fold).
        applied = (i == 0 and e.to_status == workflow.START) or (
            e.to_status in workflow.TRANSITIONS.get(status, frozenset())
        )
        if applied:
            status = e.to_status
        out.append(
            HistoryEntry(
                e.to_status, e.note, e.at, e.site_name or "", e.device_id, applied, e.pending
            )
        )
    return out


def board_platform(category: str, suggestions: list[Suggestion], platforms: dict) -> str:
    """The platform a request is filed under on the dispatch board (rule in the module doc)."""
    if suggestions and (platform := platforms.get(suggestions[0].offering_id)):
        return platform
    if category in vocabulary.PLATFORMS:
        return category
    fitting = CATEGORY_PLATFORMS.get(category, frozenset())
    return next((p for p in vocabulary.PLATFORMS if p in fitting), "")


def dispatch_board(store: Store, limit: int = 3) -> list[BoardRow]:
    """Requests waiting at the district, each with its best offerings and the platform it goes
    under; grouped by platform in the menu's platform order, newest first within one."""
    waiting = list_requests(store, frozenset({"district_coordinates"}))
    offerings = menu.list_offerings(store)
    platforms = {o.id: o.platform for o in offerings}
    matcher = menu.matcher(store)
    board = []
    for request in waiting:
        found = matcher.suggest(request.need, request.category, limit)
        board.append(
            BoardRow(request, board_platform(request.category, found, platforms), tuple(found))
        )
    order = {p: i for i, p in enumerate(vocabulary.PLATFORMS)}
    board.sort(key=lambda b: order.get(b.platform, len(order)))
    return board


def gap_requests(store: Store) -> list[RequestRow]:
    """The gap list (``menu.gap_list``) as rows the district can read out to its departments."""
    gaps = set(menu.gap_list(store))
    return [r for r in list_requests(store, menu.WAITING_FOR_MENU) if r.id in gaps]


def orders(store: Store, statuses: frozenset[str] = frozenset({"ordered"})) -> list[OrderRow]:
    """Villages' orders at ``statuses`` (by default those waiting to be dispatched), oldest month
    first: the order they should go out in."""
    stmt = (
        select(OR, OF.c.title, OF.c.platform, S.c.name.label("site_name"))
        .outerjoin(OF, OF.c.id == OR.c.offering_id)
        .outerjoin(S, S.c.id == OR.c.site_id)
        .where(OR.c.deleted.is_(False), OR.c.status.in_(statuses))
        .order_by(OR.c.month, S.c.name)
    )
    with store.read() as conn:
        rows = conn.execute(stmt).all()
    return [
        OrderRow(
            r.id,
            r.title or "",
            r.platform or "",
            r.site_name or "",
            r.month,
            r.people_count,
            r.note,
            r.status,
        )
        for r in rows
    ]


def menu_quarters(store: Store, today: dt.date) -> list[str]:
    """Quarters that have offerings, and the current one, newest first: the quarter chooser."""
    with store.read() as conn:
        found = set(
            conn.execute(select(OF.c.quarter).where(OF.c.deleted.is_(False)).distinct()).scalars()
        )
    found.add(menu.quarter_of(today))
    return sorted(found, reverse=True)


def my_orders(store: Store) -> list[MyOrderRow]:
    """This site's own orders, newest month first and then by step: a village sees what it asked for and where each
    one stands, with the session it became once scheduled. Orders of other sites a sync may bring
    (a town's copy of its villages') are not this village's to schedule, so they are left out."""
    identity = store.identity()
    if identity is None:
        return []
    scores = (
        select(EV.c.order_id, func.count().label("scores"))
        .where(EV.c.deleted.is_(False), EV.c.order_id.is_not(None))
        .group_by(EV.c.order_id)
        .subquery()
    )
    stmt = (
        select(
            OR,
            OF.c.title,
            OF.c.platform,
            SE.c.starts_at.label("session_starts_at"),
            SE.c.place.label("session_place"),
            SE.c.deleted.label("session_deleted"),
            scores.c.scores,
        )
        .outerjoin(OF, OF.c.id == OR.c.offering_id)
        .outerjoin(SE, SE.c.id == OR.c.session_id)
        .outerjoin(scores, scores.c.order_id == OR.c.id)
        .where(OR.c.deleted.is_(False), OR.c.site_id == identity.site_id)
    )
    with store.read() as conn:
        rows = conn.execute(stmt).all()
    out = []
    for r in rows:
        # A session deleted since (or not yet synced here) shows as no session rather than a ghost.
        held = r.session_starts_at is not None and not r.session_deleted
        out.append(
            MyOrderRow(
                r.id,
                r.offering_id,
                r.title or "",
                r.platform or "",
                r.month,
                r.people_count,
                r.note,
                r.status,
                r.request_id,
                r.session_id,
                r.session_starts_at if held else None,
                (r.session_place or "") if held else "",
                r.scores or 0,
                r.pending,
            )
        )
    # Newest month first; within a month in the loop's order, so what waits on the district comes
    # before what waits on the village, and what is done comes last.
    steps = {status: i for i, status in enumerate(menu.ORDER_STEPS)}
    out.sort(
        key=lambda o: (-o.month.toordinal(), steps.get(o.status, len(steps)), o.offering_title)
    )
    return out
