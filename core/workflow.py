"""The request workflow (需求清单): which status changes exist, who may make them, and how the
current status follows from the event log.

A request's history is an append-only list of events, each naming the status it moves to. Laptops at
three levels add events offline, so two can arrive that were made from the same earlier status. The
current status is therefore *derived*: fold the events in the server's order, applying each one that
is a valid step from the status reached so far and keeping the others in the history as superseded.
The same fold runs on every laptop and on the server, so all agree once they hold the same events.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import Connection, Row, literal_column, select

from core import schema

#: status -> statuses it may move to. "declined" may end any open request.
TRANSITIONS: dict[str, frozenset[str]] = {
    "proposed": frozenset({"collected", "declined"}),
    "collected": frozenset({"village_handles", "town_organises", "declined"}),
    "village_handles": frozenset({"scheduled", "town_organises", "declined"}),
    "town_organises": frozenset({"scheduled", "district_coordinates", "declined"}),
    "district_coordinates": frozenset({"matched", "declined"}),
    "matched": frozenset({"scheduled", "declined"}),
    "scheduled": frozenset({"delivered", "declined"}),
    "delivered": frozenset({"evaluated"}),
    "evaluated": frozenset(),
    "declined": frozenset(),
}
START = "proposed"

#: Which roles may move a request *to* each status (the level that acts at that step).
ACTORS: dict[str, frozenset[str]] = {
    "proposed": frozenset({"village"}),
    "collected": frozenset({"village"}),
    "village_handles": frozenset({"village"}),
    "town_organises": frozenset({"village", "town"}),  # the village escalates; the town takes it up
    "district_coordinates": frozenset({"town", "district"}),
    "matched": frozenset({"district"}),
    "scheduled": frozenset({"village", "town", "district"}),
    "delivered": frozenset({"village", "town", "district"}),
    "evaluated": frozenset({"village", "town", "district"}),
    "declined": frozenset({"village", "town", "district"}),
}


def may_act(role: str, to_status: str) -> bool:
    """Whether a device of ``role`` may record a move to ``to_status``."""
    return role in ACTORS.get(to_status, frozenset())


def is_step(from_status: str, to_status: str) -> bool:
    """A valid move, or a repeat of the current status (a no-op, never an error)."""
    return to_status == from_status or to_status in TRANSITIONS.get(from_status, frozenset())


def current_status(events_in_order: Iterable[str]) -> str:
    """The status after folding ``events_in_order`` (statuses moved to, oldest first)."""
    status = START
    for to_status in events_in_order:
        if to_status in TRANSITIONS.get(status, frozenset()):
            status = to_status
    return status


def events_in_order(conn: Connection, request_id: uuid.UUID) -> list[Row]:
    """A request's events in the order that decides its status: synced ones in server order, then
    the ones not synced yet, in the order they were made (SQLite's rowid: laptop clocks jump)."""
    e = schema.request_events
    return conn.execute(
        select(e.c.to_status, e.c.note)
        .where(
            e.c.request_id == request_id,
            e.c.deleted.is_(False),
            # An event the server refused (acknowledged, never numbered) is left out everywhere.
            (e.c.server_seq.is_not(None)) | (e.c.pending.is_(True)),
        )
        .order_by(e.c.server_seq.is_(None), e.c.server_seq, literal_column("rowid"))
    ).all()


def refresh_status(conn: Connection, request_ids: Iterable[uuid.UUID]) -> None:
    """Fold each request's events into its ``status`` column: a local cache that never syncs."""
    r = schema.requests
    for request_id in set(request_ids):
        status = current_status(e.to_status for e in events_in_order(conn, request_id))
        conn.execute(r.update().where(r.c.id == request_id).values(status=status))


#: Which levels of the three-level evaluation a device of each role may score as (the district may
#: enter any, from scores collected on paper). Checked on the laptop and again on the server.
SCORING_LEVELS: dict[str, frozenset[str]] = {
    "town": frozenset({"town"}),
    "village": frozenset({"village", "resident"}),
    "district": frozenset({"town", "village", "resident"}),
}
