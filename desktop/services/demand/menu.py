"""The service menu (项目清单) and the loop it runs: order (点单), dispatch (派单), deliver (送单).

The district publishes offerings; they sync down to every site as read-only reference data. A
request escalated to the district is matched to an offering (with suggestions from
``desktop/services/demand/matching.py``); a village may also order from the menu for a month. The district
dispatches, and the village schedules the delivery as an ordinary session of a course named after the
offering, so its attendance counts like any other class. Each step of a request goes through the
request workflow (``desktop/services/demand/requests.py``), so its history records who did what and when.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from core import limits, schema, vocabulary, workflow
from core.messages import QT_TRANSLATE_NOOP, UserMessage
from desktop.changes import Changes
from desktop.services.common import live_row, require_identity
from desktop.services.demand.matching import Matcher, MenuItem, Suggestion
from desktop.services.demand.requests import (
    NOT_A_STEP,
    NOT_YOUR_STEP,
    UNKNOWN_REQUEST,
    advance_in,
    advance_request,
)
from desktop.services.errors import CTX, NotFound, Problems, ServiceError
from desktop.services.week import sessions
from desktop.storage.store import Store

OF = schema.offerings
OR = schema.orders
Q = schema.requests
C = schema.courses
S = schema.sessions
#: The most characters a person may type in each field (one table for laptop and server).
_MAX = limits.TEXT["offerings"]

DISTRICT_ONLY = QT_TRANSLATE_NOOP(
    "Validation", "Only the district publishes and dispatches the service menu."
)
UNKNOWN_OFFERING = QT_TRANSLATE_NOOP("Validation", "That offering is not on the service menu.")
UNKNOWN_ORDER = QT_TRANSLATE_NOOP("Validation", "That order does not exist.")
ORDER_NOT_OPEN = QT_TRANSLATE_NOOP(
    "Validation", "This order cannot take that step from where it is now."
)
QUARTER_FORMAT = QT_TRANSLATE_NOOP("Validation", "A quarter is written like 2026Q4.")

#: Order status -> statuses it may move to.
ORDER_STEPS = {
    "ordered": frozenset({"dispatched", "cancelled"}),
    "dispatched": frozenset({"scheduled", "cancelled"}),
    "scheduled": frozenset({"delivered", "cancelled"}),
    "delivered": frozenset(),
    "cancelled": frozenset(),
}
#: Request statuses from which the district looks for an offering.
WAITING_FOR_MENU = frozenset({"town_organises", "district_coordinates"})


@dataclass(frozen=True)
class OfferingInput:
    title: str
    platform: str
    quarter: str
    lead_department: str = ""
    team: str = ""
    covers: str = ""
    keywords: str = ""
    capacity: int = 0


@dataclass(frozen=True)
class Offering:
    id: uuid.UUID
    title: str
    platform: str
    quarter: str
    lead_department: str
    team: str
    covers: str
    keywords: str
    capacity: int
    status: str


def _offering(row) -> Offering:  # noqa: ANN001
    return Offering(
        row.id,
        row.title,
        row.platform,
        row.quarter,
        row.lead_department,
        row.team,
        row.covers,
        row.keywords,
        row.capacity,
        row.status,
    )


def valid_quarter(text: str) -> bool:
    return len(text) == 6 and text[:4].isdigit() and text[4] == "Q" and text[5] in "1234"


def quarter_of(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def _require_district(store: Store):  # noqa: ANN202 - DeviceIdentity
    identity = require_identity(store)
    if identity.role != "district":
        raise ServiceError(UserMessage(CTX, DISTRICT_ONLY))
    return identity


def publish_offering(store: Store, data: OfferingInput) -> tuple[Offering, Changes]:
    """Put an offering on the district's menu for a quarter."""
    identity = _require_district(store)
    p = Problems()
    values = {
        "title": p.text("title", data.title, required=True, limit=_MAX["title"]),
        "platform": p.choice("platform", data.platform, vocabulary.PLATFORMS),
        "quarter": data.quarter.strip().upper(),
        "lead_department": p.text(
            "lead_department", data.lead_department, limit=_MAX["lead_department"]
        ),
        "team": p.text("team", data.team, limit=_MAX["team"]),
        "covers": p.text("covers", data.covers, limit=_MAX["covers"]),
        "keywords": p.text("keywords", data.keywords, limit=_MAX["keywords"]),
        "capacity": max(0, int(data.capacity)),
        "status": "active",
    }
    if not valid_quarter(values["quarter"]):
        p.add("quarter", QUARTER_FORMAT)
    p.raise_if_any()
    with store.write() as w:
        oid = w.insert(OF, {**values, "site_id": identity.site_id})
        row = live_row(w.conn, OF, oid)
    return _offering(row), w.changes


def list_offerings(
    store: Store, quarter: str | None = None, active_only: bool = True
) -> list[Offering]:
    stmt = select(OF).where(OF.c.deleted.is_(False))
    if quarter:
        stmt = stmt.where(OF.c.quarter == quarter)
    if active_only:
        stmt = stmt.where(OF.c.status == "active")
    with store.read() as conn:
        return [_offering(r) for r in conn.execute(stmt.order_by(OF.c.platform, OF.c.title))]


def matcher(store: Store, quarter: str | None = None) -> Matcher:
    """A matcher over the active menu (of ``quarter``, or every quarter when None)."""
    return Matcher(
        [
            MenuItem(o.id, o.title, o.platform, o.covers, o.keywords)
            for o in list_offerings(store, quarter)
        ]
    )


def suggestions_for(store: Store, request_id: uuid.UUID, limit: int = 3) -> list[Suggestion]:
    """Offerings that fit a request's words, best first, each with the words that made it fit."""
    with store.read() as conn:
        request = live_row(conn, Q, request_id)
    if request is None:
        raise NotFound(UserMessage(CTX, UNKNOWN_REQUEST))
    return matcher(store).suggest(request.need, request.category, limit)


def gap_list(store: Store) -> list[uuid.UUID]:
    """Requests waiting for the menu (escalated to the town or the district) that no offering covers:
    what the district takes to its departments."""
    with store.read() as conn:
        rows = conn.execute(
            select(Q.c.id, Q.c.need, Q.c.category).where(
                Q.c.deleted.is_(False), Q.c.status.in_(WAITING_FOR_MENU)
            )
        ).all()
    return matcher(store).gaps((r.id, r.need, r.category) for r in rows)


def match_request(
    store: Store, request_id: uuid.UUID, offering_id: uuid.UUID, note: str = ""
) -> Changes:
    """The district matches an escalated request to an offering (a workflow step, then the link)."""
    _require_district(store)
    with store.read() as conn:
        if live_row(conn, OF, offering_id) is None:
            raise NotFound(UserMessage(CTX, UNKNOWN_OFFERING))
    with store.write() as w:
        advance_in(w, store, request_id, "matched", note)
        w.update(Q, request_id, {"offering_id": offering_id})
    return w.changes


def place_order(
    store: Store,
    offering_id: uuid.UUID,
    month: dt.date,
    people_count: int,
    note: str = "",
    request_id: uuid.UUID | None = None,
) -> tuple[uuid.UUID, Changes]:
    """A village orders an offering for a month (点单)."""
    identity = require_identity(store)
    with store.write() as w:
        if live_row(w.conn, OF, offering_id) is None:
            raise NotFound(UserMessage(CTX, UNKNOWN_OFFERING))
        oid = w.insert(
            OR,
            {
                "site_id": identity.site_id,
                "offering_id": offering_id,
                "request_id": request_id,
                "month": month.replace(day=1),
                "people_count": max(0, int(people_count)),
                "note": (note or "").strip()[: limits.max_chars("orders", "note")],
                "status": "ordered",
                "session_id": None,
            },
        )
    return oid, w.changes


def _move_order(store: Store, order_id: uuid.UUID, to_status: str, **values: object) -> Changes:
    with store.write() as w:
        order = live_row(w.conn, OR, order_id)
        if order is None:
            raise NotFound(UserMessage(CTX, UNKNOWN_ORDER))
        if to_status != order.status and to_status not in ORDER_STEPS[order.status]:
            raise ServiceError(UserMessage(CTX, ORDER_NOT_OPEN))
        w.update(OR, order_id, {"status": to_status, **values})
    return w.changes


def dispatch_order(store: Store, order_id: uuid.UUID) -> Changes:
    """The district dispatches an order to the team that delivers it (派单)."""
    _require_district(store)
    return _move_order(store, order_id, "dispatched")


def _delivery_course(w, site_id: uuid.UUID, offering) -> uuid.UUID:  # noqa: ANN001
    """The village's course that delivery sessions of ``offering`` belong to, made on first use."""
    found = w.conn.execute(
        select(C.c.id).where(
            C.c.site_id == site_id, C.c.title == offering.title, C.c.deleted.is_(False)
        )
    ).scalar()
    if found is not None:
        return found
    return w.insert(
        C,
        {
            "site_id": site_id,
            "title": offering.title,
            "platform": offering.platform,
            "is_feature": False,
            "description": offering.covers[: limits.max_chars("courses", "description")],
        },
    )


def schedule_delivery(
    store: Store,
    offering_id: uuid.UUID,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    request_id: uuid.UUID | None = None,
    order_id: uuid.UUID | None = None,
    place: str = "",
) -> tuple[uuid.UUID, Changes]:
    """Schedule the delivery as a session at this village (送单); the request and the order it
    answers move to scheduled and point at the session.

    Whether the request and the order can take that step is checked before anything is written, so
    a refusal (an order the district has not dispatched yet) leaves no session behind."""
    identity = require_identity(store)
    with store.read() as conn:
        offering = live_row(conn, OF, offering_id)
        request = live_row(conn, Q, request_id)
        order = live_row(conn, OR, order_id)
    if offering is None:
        raise NotFound(UserMessage(CTX, UNKNOWN_OFFERING))
    if request_id is not None:
        if request is None:
            raise NotFound(UserMessage(CTX, UNKNOWN_REQUEST))
        if not workflow.is_step(request.status, "scheduled"):
            raise ServiceError(UserMessage(CTX, NOT_A_STEP))
        if not workflow.may_act(identity.role, "scheduled"):
            raise ServiceError(UserMessage(CTX, NOT_YOUR_STEP))
    if order_id is not None:
        if order is None:
            raise NotFound(UserMessage(CTX, UNKNOWN_ORDER))
        if order.status != "scheduled" and "scheduled" not in ORDER_STEPS[order.status]:
            raise ServiceError(UserMessage(CTX, ORDER_NOT_OPEN))
    with store.write() as w:
        course_id = _delivery_course(w, identity.site_id, offering)
    changes = w.changes
    session, made = sessions.record_session(
        store,
        sessions.SessionInput(course_id, starts_at, ends_at, place=place, topic=offering.title),
    )
    changes.merge(made)
    if request_id is not None:
        with store.write() as w:
            advance_in(w, store, request_id, "scheduled")
            w.update(Q, request_id, {"session_id": session.id, "offering_id": offering_id})
        changes.merge(w.changes)
    if order_id is not None:
        changes.merge(_move_order(store, order_id, "scheduled", session_id=session.id))
    return session.id, changes


def mark_delivered(
    store: Store, request_id: uuid.UUID | None = None, order_id: uuid.UUID | None = None
) -> Changes:
    """The delivery happened: the request and/or order move to delivered."""
    changes = Changes()
    if request_id is not None:
        changes.merge(advance_request(store, request_id, "delivered")[1])
    if order_id is not None:
        changes.merge(_move_order(store, order_id, "delivered"))
    return changes


#: Request statuses that wait for each level's next step (declining is always possible, so it is
#: not what makes a request wait for someone).
WAITING_AT = {
    "village": frozenset({"proposed", "collected", "matched", "scheduled", "delivered"}),
    "town": frozenset({"town_organises", "delivered"}),
    "district": frozenset({"district_coordinates"}),
}


def waiting_for_me(store: Store) -> dict[str, int]:
    """Counts for the main window: requests waiting for this level's next step, and for the
    district the orders waiting to be dispatched."""
    identity = require_identity(store)
    with store.read() as conn:
        statuses = conn.execute(select(Q.c.status).where(Q.c.deleted.is_(False))).scalars().all()
        orders = conn.execute(select(OR.c.status).where(OR.c.deleted.is_(False))).scalars().all()
    waiting = WAITING_AT.get(identity.role, frozenset())
    out = {"requests": sum(1 for s in statuses if s in waiting)}
    if identity.role == "district":
        out["orders_to_dispatch"] = sum(1 for s in orders if s == "ordered")
    return out
