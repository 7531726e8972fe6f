"""Residents' requests (需求) and their status history: record a need, move it through the workflow.

Every status change is an event appended to the request's history, never an edit of the request:
laptops at three levels act offline and their events meet through sync. The status shown is folded
from the events (``core.workflow``), the same way on every laptop and on the server.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from core import limits, schema, vocabulary, workflow
from core.messages import QT_TRANSLATE_NOOP, UserMessage
from desktop.changes import Changes
from desktop.services.common import live_row, require_identity
from desktop.services.errors import CTX, NotFound, Problems, ServiceError
from desktop.storage.store import Store, Writer

R = schema.requests
E = schema.request_events
#: The most characters a person may type in each field (one table for laptop and server).
_MAX = limits.TEXT["requests"]
UNKNOWN_REQUEST = QT_TRANSLATE_NOOP("Validation", "That request does not exist.")
NOT_A_STEP = QT_TRANSLATE_NOOP(
    "Validation", "This request cannot take that step from where it is now."
)
NOT_YOUR_STEP = QT_TRANSLATE_NOOP("Validation", "This step is taken at another level, not here.")
URGENCIES = ("normal", "urgent")


@dataclass(frozen=True)
class RequestInput:
    need: str
    category: str
    people_count: int = 1
    household: str = ""
    resident_id: uuid.UUID | None = None
    urgency: str = "normal"
    preferred_time: str = ""


@dataclass(frozen=True)
class Request:
    id: uuid.UUID
    need: str
    category: str
    status: str
    pending: bool


def file_request(store: Store, data: RequestInput) -> tuple[Request, Changes]:
    """Record what a household or group needs, in their own words; it starts as proposed."""
    identity = require_identity(store)
    p = Problems()
    values = {
        "need": p.text("need", data.need, required=True, limit=_MAX["need"]),
        "category": p.choice("category", data.category, vocabulary.REQUEST_CATEGORIES),
        "people_count": data.people_count,
        "household": p.text("household", data.household, limit=_MAX["household"]),
        "resident_id": data.resident_id,
        "urgency": p.choice("urgency", data.urgency, URGENCIES),
        "preferred_time": p.text(
            "preferred_time", data.preferred_time, limit=_MAX["preferred_time"]
        ),
    }
    p.raise_if_any()
    with store.write() as w:
        request_id = w.insert(R, {**values, "site_id": identity.site_id, "status": workflow.START})
        w.insert(E, _event(store, identity, request_id, workflow.START, ""))
    return get_request(store, request_id), w.changes


def advance_request(
    store: Store, request_id: uuid.UUID, to_status: str, note: str = ""
) -> tuple[Request, Changes]:
    """Move a request one step (collected, escalated, scheduled, …); a repeat of the current
    status is a no-op. Refused when the step does not follow, or belongs to another level."""
    with store.write() as w:
        advance_in(w, store, request_id, to_status, note)
    return get_request(store, request_id), w.changes


def advance_in(
    w: Writer, store: Store, request_id: uuid.UUID, to_status: str, note: str = ""
) -> None:
    """The same step inside the caller's transaction, for a use case that changes more with it
    (matching links the offering in the same commit, so a crash never leaves half of it)."""
    p = Problems()
    note = p.text("note", note, limit=limits.max_chars("request_events", "note"))
    p.raise_if_any()
    identity = require_identity(store)
    request = live_row(w.conn, R, request_id)
    if request is None:
        raise NotFound(UserMessage(CTX, UNKNOWN_REQUEST))
    current = request.status
    if to_status == current:
        return
    if not workflow.is_step(current, to_status):
        raise ServiceError(UserMessage(CTX, NOT_A_STEP))
    if not workflow.may_act(identity.role, to_status):
        raise ServiceError(UserMessage(CTX, NOT_YOUR_STEP))
    w.insert(
        E, {**_event(store, identity, request_id, to_status, note), "site_id": request.site_id}
    )
    workflow.refresh_status(w.conn, [request_id])


def history(store: Store, request_id: uuid.UUID) -> list[tuple[str, str]]:
    """(status moved to, note) in the order that decides the status: the server's, then local."""
    with store.read() as conn:
        return [(e.to_status, e.note) for e in workflow.events_in_order(conn, request_id)]


def get_request(store: Store, request_id: uuid.UUID) -> Request:
    with store.read() as conn:
        row = live_row(conn, R, request_id)
    if row is None:
        raise NotFound(UserMessage(CTX, UNKNOWN_REQUEST))
    return Request(row.id, row.need, row.category, row.status, row.pending)


def _event(store: Store, identity, request_id: uuid.UUID, to_status: str, note: str) -> dict:  # noqa: ANN001
    return {
        "site_id": identity.site_id,
        "request_id": request_id,
        "to_status": to_status,
        "note": note,
        "actor_site_id": identity.site_id,
        "device_id": identity.device_id,
        "at": store.clock.now().replace(tzinfo=None),
    }
