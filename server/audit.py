"""The district's audit log: who was let in, who was turned away, and which weeks were approved or
returned, for the district's IT office and a deployment assessed under 网络安全等级保护 2.0.

Each entry is a row of ``server_audit`` and a line on the ``learning_desk.audit`` logger, written
when its transaction commits (a transaction that rolls back leaves neither). Rows are only ever
added; nothing here prunes them. :func:`record` writes in the caller's transaction, so an approval
and its entry commit together; :class:`Refusals` writes a refused request in a short transaction of
its own after the refusal has changed nothing, and a failure to write it never changes the answer.

An entry names ids, a site, a network address and a reason: never a resident's name, phone or ID
number, nor a token or a code.
"""

from __future__ import annotations

import collections
import datetime as dt
import logging
import threading
import uuid
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, event, insert, select

from core import schema
from core.clock import Clock
from server.db import write_transaction

log = logging.getLogger("learning_desk.audit")

#: A laptop was enrolled with a one-time code (a new device).
ENROLLED = "enrolled"
#: The same laptop asked again with its code (its first answer was lost): a fresh token.
RE_ENROLLED = "re_enrolled"
#: The district office printed an enrollment code (``learning-desk-server enroll-code``).
CODE_ISSUED = "code_issued"
#: The district office revoked a device (``learning-desk-server revoke``).
REVOKED = "revoked"
#: A town or the district approved, or returned, a weekly report (a push that was applied).
REPORT_APPROVED = "report_approved"
REPORT_RETURNED = "report_returned"
#: A request refused whole: a wrong or expired code, too many tries, an unknown or revoked token,
#: a push or pull the server would not take (with the HTTP status and the reason).
REFUSED = "refused"
#: Changes of an applied push that the server refused one by one (how many, and why).
CHANGES_REFUSED = "changes_refused"
#: A village's bundle carried by a town laptop was taken (on the village device's authority).
BUNDLE_RELAYED = "bundle_relayed"
KINDS = (
    ENROLLED,
    RE_ENROLLED,
    CODE_ISSUED,
    REVOKED,
    REPORT_APPROVED,
    REPORT_RETURNED,
    REFUSED,
    CHANGES_REFUSED,
    BUNDLE_RELAYED,
)
#: Refusals are warnings; the rest is information.
_LEVELS = {REFUSED: logging.WARNING, CHANGES_REFUSED: logging.WARNING}
#: The longest detail kept: a sentence and the ids it is about, never a record's contents.
DETAIL_CHARS = 500
#: Per connection, the entries whose lines wait for its transaction to commit.
_PENDING: weakref.WeakKeyDictionary[Connection, list[Entry]] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Entry:
    """One line of the audit log; ``at`` is naive UTC, as stored."""

    at: dt.datetime
    kind: str
    device_id: uuid.UUID | None
    site_id: uuid.UUID | None
    address: str | None
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(timespec="seconds") + "Z",
            "kind": self.kind,
            "device_id": self.device_id.hex if self.device_id else None,
            "site_id": self.site_id.hex if self.site_id else None,
            "address": self.address,
            "detail": self.detail,
        }

    def line(self) -> str:
        """The entry as one tab-separated line: time, kind, device, site, address, detail."""
        d = self.as_dict()
        fields = ("at", "kind", "device_id", "site_id", "address", "detail")
        return "\t".join(d[f] or "-" for f in fields)


def record(
    conn: Connection,
    kind: str,
    *,
    at: dt.datetime,
    device_id: uuid.UUID | None = None,
    site_id: uuid.UUID | None = None,
    address: str | None = None,
    detail: str = "",
) -> Entry:
    """Add an entry in ``conn``'s transaction; its log line follows when that transaction commits.

    ``at`` is the server's clock (aware, or naive UTC). Raises when the row cannot be written, so
    a caller that must not fail (a refusal) writes through :class:`Refusals` instead."""
    if kind not in KINDS:
        raise ValueError(f"unknown audit kind {kind!r}")
    at = _naive(at)
    # One line each: a tab or a line break sent by a client cannot forge another entry's line.
    detail = "".join(ch if ch.isprintable() else " " for ch in detail)
    if len(detail) > DETAIL_CHARS:
        detail = detail[: DETAIL_CHARS - 1] + "…"
    entry = Entry(at, kind, device_id, site_id, address[:64] if address else None, detail)
    conn.execute(
        insert(schema.server_audit).values(
            at=entry.at,
            kind=entry.kind,
            device_id=entry.device_id,
            site_id=entry.site_id,
            address=entry.address,
            detail=entry.detail,
        )
    )
    _log_on_commit(conn, entry)
    return entry


def _naive(at: dt.datetime) -> dt.datetime:
    return at.astimezone(dt.UTC).replace(tzinfo=None) if at.tzinfo is not None else at


def _log_on_commit(conn: Connection, entry: Entry) -> None:
    """Hold ``entry``'s line until ``conn``'s transaction ends: logged on commit, dropped on
    rollback, so the log never tells of an approval the database does not hold."""
    pending = _PENDING.get(conn)
    if pending is None:
        pending = _PENDING[conn] = []

        def emit(_conn: Connection) -> None:
            for held in pending:
                log.log(_LEVELS.get(held.kind, logging.INFO), "%s", held.line())
            pending.clear()

        event.listen(conn, "commit", emit)
        event.listen(conn, "rollback", lambda _conn: pending.clear())
    pending.append(entry)


def entries(
    conn: Connection, since: dt.datetime | None = None, kind: str | None = None
) -> Iterator[Entry]:
    """The log in the order it was written, from ``since`` (aware, or naive UTC) and of ``kind``."""
    t = schema.server_audit
    stmt = select(t).order_by(t.c.id)
    if since is not None:
        stmt = stmt.where(t.c.at >= _naive(since))
    if kind is not None:
        stmt = stmt.where(t.c.kind == kind)
    for r in conn.execute(stmt):
        yield Entry(r.at, r.kind, r.device_id, r.site_id, r.address, r.detail)


class Refusals:
    """Writes refused requests to the audit log, each in a short transaction of its own (the
    refused request's own transaction has rolled back by then), at most ``per_address`` rows per
    network address within ``window``: a computer sending bad requests in a loop is still told in
    the log lines, but it cannot fill the database or keep taking its write lock."""

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        per_address: int = 30,
        window: dt.timedelta = dt.timedelta(minutes=10),
    ) -> None:
        self.engine, self.clock = engine, clock
        self.per_address, self.window = per_address, window
        self._recent: dict[str, collections.deque[dt.datetime]] = {}
        self._lock = threading.Lock()

    def record(
        self,
        address: str | None,
        status: int,
        reason: str,
        device_id: uuid.UUID | None = None,
        site_id: uuid.UUID | None = None,
    ) -> None:
        """Note that a request from ``address`` was refused with ``status`` for ``reason`` (its
        kind and sentence). Never raises: the refusal's answer must not depend on it."""
        now = _naive(self.clock.now())
        detail = f"{status} {reason}"
        if not self._allowed(address or "", now):
            entry = Entry(now, REFUSED, device_id, site_id, address, detail)
            log.warning("%s\t(not stored: too many refusals from this address)", entry.line())
            return
        try:
            with write_transaction(self.engine) as conn:
                record(
                    conn,
                    REFUSED,
                    at=now,
                    device_id=device_id,
                    site_id=site_id,
                    address=address,
                    detail=detail,
                )
        except Exception:  # noqa: BLE001 - a refusal is answered whatever happens here
            entry = Entry(now, REFUSED, device_id, site_id, address, detail)
            log.warning("%s\t(not stored: the database refused it)", entry.line(), exc_info=True)

    def _allowed(self, address: str, now: dt.datetime) -> bool:
        with self._lock:
            if len(self._recent) > 10_000:
                # Many addresses: forget those with nothing recent, so memory stays bounded.
                for key in [k for k, q in self._recent.items() if now - q[-1] > self.window]:
                    del self._recent[key]
            recent = self._recent.setdefault(address, collections.deque())
            while recent and now - recent[0] > self.window:
                recent.popleft()
            if len(recent) >= self.per_address:
                return False
            recent.append(now)
            return True
