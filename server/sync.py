"""The server side of one sync exchange and of enrollment, independent of HTTP.

``exchange`` applies a device's push (idempotently, per batch id) and answers with the rows after its
cursor, in one transaction. Each pushed change is applied or rejected on its own, so one bad row never
blocks the rest.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import functools
import logging
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    String,
    Table,
    TypeDecorator,
    Update,
    Uuid,
    bindparam,
    insert,
    literal,
    select,
    type_coerce,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from core import bundles, protocol, rules, schema
from core.clock import Clock
from core.database import head_revision
from core.protocol import IncomingRow, OutgoingRow, ProtocolError, normalise_code
from core.values import ENCODERS, encode
from server import audit, merges, sequence, validate
from server.admin import secret_hash
from server.db import BUNDLE_KEY, ID_KEY, PRUNED_SEQ, SEQ, get_meta, write_transaction
from server.scope import Scope, scope_for

log = logging.getLogger(__name__)
#: How long an enrollment code the district hands out stays good (unused).
CODE_LIFETIME = dt.timedelta(days=7)
#: How long after a code's use the same laptop (same nonce) may ask again for a lost answer.
RETRY_WINDOW = dt.timedelta(minutes=10)
#: Rows a pull page carries at most; the laptop sizes its pages within this by its link's speed.
MAX_PULL = 16000
#: Bytes of attachments a pull page carries at most (at least one row): a page must arrive whole
#: over a 2G link before it times out.
PULL_BYTES = 300_000
#: Tables whose rows are counted by their ``size`` column as well as by number.
SIZED_TABLES = frozenset({"attachments"})
DEFAULT_PULL = 500


class ApiError(Exception):
    """An answer that is not a sync: HTTP status, stable ``kind`` and an English sentence, the
    device refused when it is known (a revoked one), for the audit log, and fields a program can act
    on (``hint``: a push over the cap says the cap, so the laptop splits its batch)."""

    def __init__(
        self,
        status: int,
        kind: str,
        message: str,
        device: Device | None = None,
        hint: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.kind = kind
        self.message = message
        self.device = device
        self.hint = hint or {}


@dataclass(frozen=True)
class Device:
    id: uuid.UUID
    site_id: uuid.UUID
    role: str


def _naive(now: dt.datetime) -> dt.datetime:
    return now.astimezone(dt.UTC).replace(tzinfo=None)


def check_versions(message: dict[str, Any]) -> None:
    """Refuse a client too old for this server with a sentence that says to update."""
    version = message.get("protocol")
    if not isinstance(version, int):
        raise ApiError(400, "bad_request", "The request does not name its protocol version.")
    if version < protocol.MIN_PROTOCOL_VERSION:
        raise ApiError(
            426, "too_old", "This version of Learning Desk is too old; please update the app."
        )
    if version > protocol.PROTOCOL_VERSION:
        raise ApiError(
            400,
            "server_too_old",
            "The district server is older than this app; ask the district to update it.",
        )


def authenticate(engine: Engine, token: str | None, clock: Clock) -> Device:
    """The device a bearer token belongs to; revoked and unknown tokens are refused alike."""
    if not token:
        raise ApiError(401, "unauthorized", "This computer is not enrolled with this district.")
    d = schema.server_devices
    with engine.connect() as conn:
        row = conn.execute(
            select(d.c.id, d.c.site_id, d.c.role, d.c.revoked_at).where(
                d.c.token_hash == secret_hash(token)
            )
        ).first()
    if row is None or row.revoked_at is not None:
        device = Device(row.id, row.site_id, row.role) if row is not None else None
        raise ApiError(401, "unauthorized", "The district no longer accepts this computer.", device)
    return Device(row.id, row.site_id, row.role)


def enroll(
    engine: Engine,
    message: dict[str, Any],
    clock: Clock,
    app_version: str = "",
    address: str | None = None,
) -> dict[str, Any]:
    """Exchange a one-time code for a device id and token; the code cannot be used again. Each
    enrollment, and each retry of one, is in the audit log with the address it came from."""
    check_versions(message)
    code = message.get("code")
    name = str(message.get("device_name") or "")[:200] or "laptop"
    if not isinstance(code, str) or not code.strip():
        raise ApiError(400, "bad_code", "The enrollment code is wrong or has already been used.")
    nonce = message.get("nonce")
    nonce_hash = secret_hash(nonce) if isinstance(nonce, str) and len(nonce) >= 16 else None
    codes, devices, sites = schema.server_enrollment_codes, schema.server_devices, schema.sites
    now = _naive(clock.now())
    token = secrets.token_urlsafe(32)
    refused = ApiError(403, "bad_code", "The enrollment code is wrong or has already been used.")
    with write_transaction(engine) as conn:
        entry = conn.execute(
            select(codes)
            .where(codes.c.code_hash == secret_hash(normalise_code(code)))
            .with_for_update()
        ).first()
        if entry is None:
            raise refused
        if entry.used_at is None and now - entry.created_at > CODE_LIFETIME:
            raise ApiError(
                403,
                "code_expired",
                "The enrollment code has expired; ask the district for a new one.",
            )
        if entry.used_at is not None:
            # The same laptop asking again, minutes later (its first answer was lost on the way):
            # give it the same device with a fresh token. Anyone else, or later, gets "already
            # used": a nonce copied out of a laptop's file enrolls nothing.
            if (
                nonce_hash is None
                or entry.nonce_hash != nonce_hash
                or now - entry.used_at > RETRY_WINDOW
            ):
                raise refused
            device_id = entry.device_id
            done = conn.execute(
                update(devices)
                .where(devices.c.id == device_id, devices.c.revoked_at.is_(None))
                .values(token_hash=secret_hash(token), last_seen_at=now)
            ).rowcount
            if not done:
                raise refused
            kind, detail = audit.RE_ENROLLED, "the same laptop asked again for a lost answer"
        else:
            device_id = uuid.uuid4()
            kind, detail = audit.ENROLLED, f"as {entry.role}"
            conn.execute(
                update(codes)
                .where(codes.c.code_hash == entry.code_hash)
                .values(used_at=now, device_id=device_id, nonce_hash=nonce_hash)
            )
            conn.execute(
                insert(devices).values(
                    id=device_id,
                    name=name,
                    site_id=entry.site_id,
                    role=entry.role,
                    token_hash=secret_hash(token),
                    created_at=now,
                    last_seen_at=now,
                    last_pending=0,
                    app_version=str(message.get("app") or "")[:32],
                    bundle_secret=bundles.new_key(),
                )
            )
        audit.record(
            conn,
            kind,
            at=now,
            device_id=device_id,
            site_id=entry.site_id,
            address=address,
            detail=detail,
        )
        site = conn.execute(select(sites).where(sites.c.id == entry.site_id)).one()
        server_id = get_meta(conn, "server_id")
        district = get_meta(conn, "district_name") or ""
        id_key = get_meta(conn, ID_KEY)
        keys = _bundle_keys(conn, device_id)
    return {
        "protocol": protocol.PROTOCOL_VERSION,
        "device_id": device_id.hex,
        "token": token,
        "role": entry.role,
        "site": {"id": site.id.hex, "name": site.name, "level": site.level},
        "server_id": server_id,
        "district_name": district,
        "id_key": id_key,
        **keys,
        "server_time": clock.now().isoformat(),
    }


def _bundle_keys(conn: Connection, device_id: uuid.UUID) -> dict[str, str]:
    """The district's bundle key and the device's own bundle secret, the secret made now for a
    device enrolled before bundles existed."""
    d = schema.server_devices
    secret = conn.execute(select(d.c.bundle_secret).where(d.c.id == device_id)).scalar()
    if not secret:
        secret = bundles.new_key()
        conn.execute(update(d).where(d.c.id == device_id).values(bundle_secret=secret))
    return {"bundle_key": get_meta(conn, BUNDLE_KEY) or "", "bundle_secret": secret}


def device_keys(engine: Engine, device: Device, message: dict[str, Any]) -> dict[str, Any]:
    """The bundle keys of an enrolled device (``POST /api/v1/keys``): a laptop enrolled before
    bundles existed asks for them at its next sync and keeps them in its keyring."""
    check_versions(message)
    with write_transaction(engine) as conn:
        keys = _bundle_keys(conn, device.id)
    return {"protocol": protocol.PROTOCOL_VERSION, **keys}


def exchange(
    engine: Engine, device: Device, message: dict[str, Any], clock: Clock
) -> dict[str, Any]:
    """Apply the push in ``message`` (if any) and answer with the next page of rows, atomically."""
    check_versions(message)
    changes = message.get("changes") or {}
    if not isinstance(changes, dict):
        raise ApiError(400, "bad_request", "changes must be an object.")
    sent = sum(len(b.get("rows") or ()) for b in changes.values() if isinstance(b, dict))
    if sent > protocol.MAX_PUSH_CHANGES:
        raise ApiError(
            413,
            "too_many_changes",
            f"A push may carry at most {protocol.MAX_PUSH_CHANGES:,} changes; "
            "send the rest in the next batch.",
            hint={"max_changes": protocol.MAX_PUSH_CHANGES},
        )
    pending_after = message.get("pending_after", 0)
    if not isinstance(pending_after, int) or not 0 <= pending_after < 2**31:
        raise ApiError(400, "bad_request", "pending_after must be a count of changes.")
    cursor = message.get("cursor", 0)
    limit = message.get("limit", DEFAULT_PULL)
    if not isinstance(cursor, int) or cursor < 0 or not isinstance(limit, int) or limit < 1:
        raise ApiError(400, "bad_request", "cursor and limit must be non-negative integers.")
    limit = min(limit, MAX_PULL)
    now = _naive(clock.now())
    with write_transaction(engine) as conn:
        scope = scope_for(conn, device.role, device.site_id)
        high = conn.execute(
            select(schema.server_counter.c.value).where(schema.server_counter.c.name == SEQ)
        ).scalar_one()
        pruned = int(get_meta(conn, PRUNED_SEQ) or 0)
        if cursor > high or not _holds(conn, scope, message, pruned):
            # The device has seen numbers this server never handed out, or a row this server does
            # not hold: the server was restored from an older backup. Nothing is applied; the
            # device sends again what it wrote and downloads its scope afresh.
            return _nothing_applied(conn, clock, high, reset=True, high=high)
        refetch = message.get("refetch")
        if refetch is not None:
            # A re-download (docs/protocol.md): the named tables again, own rows included, on a
            # cursor of the laptop's re-download. Nothing is pushed in such an exchange.
            tables = _refetch_tables(refetch, changes)
            blocks, new_cursor, more = _pull(conn, device, scope, cursor, limit, tables, True)
            return _answer(clock, get_meta(conn, "server_id"), blocks, new_cursor, more)
        token = f"{scope.fingerprint}.{pruned}"
        why = _rescan_reason(message.get("scope"), scope, cursor, pruned)
        if why is not None:
            # What the device holds may include records it may no longer read, or lack records
            # numbered below its cursor, or deletions it can no longer pull: nothing is applied,
            # and the device downloads its scope again before it sends its changes.
            return _nothing_applied(conn, clock, cursor, rescan=why, scope=token)
        first_seq, rejected, deferred = None, {}, {}
        if changes:
            first_seq, rejected, deferred = _push(conn, device, scope, message, now)
        blocks, new_cursor, more = _pull(conn, device, scope, cursor, limit)
        digests = (
            _digests(conn, scope, new_cursor, _skipped(message.get("skip")))
            if message.get("verify") and not more
            else None
        )
        if rejected:
            current = _current_versions(conn, scope, _refused_rows(changes, rejected), blocks)
            protocol.encode_pull(current, into=blocks)
        # The laptop counted its batch as taken; what was deferred still waits there.
        pending_after += len(deferred)
        app_version = str(message.get("app") or "")[:32]
        # The sequence lock (when the activity needs a number) before the device row, in the order
        # a push takes them, so two exchanges of one device cannot wait on each other.
        _record_activity(conn, device, now, pending_after, app_version)
        conn.execute(
            update(schema.server_devices)
            .where(schema.server_devices.c.id == device.id)
            .values(last_seen_at=now, last_pending=pending_after, app_version=app_version)
        )
        server_id = get_meta(conn, "server_id")
    answer = _answer(clock, server_id, blocks, new_cursor, more)
    answer["scope"] = token
    if digests is not None:
        answer["verify"] = digests
    if first_seq is not None:
        answer["first_seq"] = first_seq
        answer["rejected"] = {str(k): v for k, v in rejected.items()}
        if deferred:
            answer["deferred"] = {str(k): v for k, v in deferred.items()}
    return answer


#: How stale a device's published last contact may get before an exchange refreshes it. Each refresh
#: is a change every device above it downloads, so it is not made on every exchange.
ACTIVITY_EVERY = dt.timedelta(hours=1)


def _record_activity(
    conn: Connection, device: Device, now: dt.datetime, pending: int, app_version: str
) -> None:
    """Publish the device's last contact and waiting changes as a ``site_activity`` row, which the
    town's laptop syncs for its pending inbox."""
    t = schema.site_activity
    row = conn.execute(
        select(t.c.last_seen_at, t.c.last_pending).where(t.c.id == device.id)
    ).first()
    if row is not None and row.last_pending == pending and now - row.last_seen_at < ACTIVITY_EVERY:
        return
    sequence.lock_sequence(conn)
    seq = sequence.allocate(conn, 1)
    name = conn.execute(
        select(schema.server_devices.c.name).where(schema.server_devices.c.id == device.id)
    ).scalar_one()
    values = {
        "site_id": device.site_id,
        "device_name": name,
        "last_seen_at": now,
        "last_pending": pending,
        "app_version": app_version,
        "local_rev": 1,
        "synced_rev": 1,
        "pending": False,
        "deleted": False,
        "server_seq": seq,
        "updated_at": now,
        "origin_device": None,
    }
    if row is None:
        conn.execute(insert(t).values(id=device.id, **values))
    else:
        conn.execute(update(t).where(t.c.id == device.id).values(**values))


def _refetch_tables(refetch: Any, changes: Any) -> tuple:
    """The synced tables a re-download names, in dependency order."""
    if (
        not isinstance(refetch, list)
        or not refetch
        or changes
        or not all(isinstance(name, str) and name in schema.SYNCED_BY_NAME for name in refetch)
    ):
        raise ApiError(
            400, "bad_request", "refetch names one or more synced tables and pushes nothing."
        )
    return tuple(t for t in schema.SYNCED_TABLES if t.name in refetch)


def _rescan_reason(sent: Any, scope: Scope, cursor: int, pruned: int) -> str | None:
    """Why the device must download its scope again, or None.

    ``sent`` is the scope token of the device's last answer (``FINGERPRINT.PRUNED``). A device
    without one has not completed an exchange yet: everything it will hold comes from here on."""
    if not isinstance(sent, str):
        return None
    fingerprint, _, seen_pruned = sent.partition(".")
    if fingerprint != scope.fingerprint:
        return "scope"
    # Tombstones up to ``pruned`` are gone. A device that has pulled past them saw them; one that
    # got its token after they went started below them and never held what they deleted.
    known = int(seen_pruned) if seen_pruned.isascii() and seen_pruned.isdigit() else -1
    if known < pruned and cursor < pruned:
        return "pruned"
    return None


def _skipped(skip: Any) -> dict[str, frozenset[uuid.UUID]]:
    """The rows a verification leaves out, by table: the device's own pending changes, whose
    version differs until the server has taken them."""
    if not isinstance(skip, dict):
        return {}
    try:
        return {
            name: frozenset(uuid.UUID(h) for h in ids)
            for name, ids in skip.items()
            if name in schema.SYNCED_BY_NAME and isinstance(ids, list)
        }
    except (TypeError, ValueError):
        raise ApiError(400, "bad_request", "skip lists rows by table, as ids.") from None


def _holds(conn: Connection, scope: Scope, message: dict[str, Any], pruned: int) -> bool:
    """Whether this server holds the device's highest-numbered row (``last``) at that number or
    later. A row numbered up to ``pruned`` may be a tombstone pruned since: that proves no restore.

    Only rows the device may read are looked at, so the answer never tells it whether an id outside
    its scope exists. A device whose scope changed since its last answer (its token's fingerprint
    is not the current one) may still hold rows it can no longer read: it downloads its scope again
    first, and its ``last`` is judged once it has (everything it holds was answered before the
    change, so no backup that knows the change has lost any of it)."""
    last = message.get("last")
    if last is None:
        return True
    try:
        table_name, row_hex, seq = last
        table = schema.SYNCED_BY_NAME[table_name]
        row_id = uuid.UUID(row_hex)
    except (TypeError, ValueError, KeyError, AttributeError):
        raise ApiError(400, "bad_request", "last must be [table, id, sequence].") from None
    sent = message.get("scope")
    if isinstance(sent, str) and sent.partition(".")[0] != scope.fingerprint:
        return True
    stmt = select(table.c.server_seq).where(table.c.id == row_id)
    readable = scope.readable_sites(table_name)
    if readable is not None:
        stmt = stmt.where(table.c.site_id.in_(readable))
    current = conn.execute(stmt).scalar()
    if not isinstance(seq, int):
        return False
    return current >= seq if current is not None else seq <= pruned


def _nothing_applied(conn: Connection, clock: Clock, cursor: int, **why: Any) -> dict[str, Any]:
    """An answer that applies and sends nothing and says ``why`` (a reset, a re-download): the
    laptop acts on it and asks again."""
    return {
        "protocol": protocol.PROTOCOL_VERSION,
        "server_time": clock.now().isoformat(),
        "server_id": get_meta(conn, "server_id"),
        **why,
        "cursor": cursor,
        "more": True,
        "changes": {},
    }


def _answer(
    clock: Clock, server_id: str | None, blocks: dict[str, Any], cursor: int, more: bool
) -> dict[str, Any]:
    return {
        "protocol": protocol.PROTOCOL_VERSION,
        "server_time": clock.now().isoformat(),
        "server_id": server_id,
        "schema": head_revision(),
        "cursor": cursor,
        "more": more,
        "changes": blocks,
    }


def _digests(
    conn: Connection, scope: Scope, upto: int, skip: dict[str, frozenset[uuid.UUID]]
) -> dict[str, list]:
    """Per table, ``[count, digest]`` of (id, sequence) for the live rows in the device's scope up
    to ``upto``, leaving out the rows in ``skip``: the device compares them with its own and
    downloads a table that differs again. Tombstones are left out on both sides: a laptop may keep
    one the server has pruned, which is no damage, while a live row either side lacks still
    shows."""
    out = {}
    for table in schema.SYNCED_TABLES:
        stmt = select(table.c.id, table.c.server_seq, table.c.deleted).where(
            table.c.server_seq <= upto, table.c.deleted.is_(False)
        )
        sites = scope.readable_sites(table.name)
        if sites is not None:
            stmt = stmt.where(table.c.site_id.in_(sites))
        left_out = skip.get(table.name, frozenset())
        rows = conn.execute(stmt)
        if left_out:
            rows = (r for r in rows if r.id not in left_out)
        out[table.name] = list(protocol.table_digest(rows))
    return out


def _push(
    conn: Connection, device: Device, scope: Scope, message: dict[str, Any], now: dt.datetime
) -> tuple[int, dict[int, str], dict[int, str]]:
    """Apply a pushed batch; returns its first sequence number, the changes refused (index: why) and
    those left waiting on the laptop (index: why, see ``validate.Deferred``)."""
    batch = message.get("batch")
    try:
        batch_id = uuid.UUID(batch) if isinstance(batch, str) else None
    except ValueError:
        batch_id = None
    if batch_id is None:
        raise ApiError(400, "bad_request", "A push needs a batch id.")
    changes = message["changes"]
    digest = protocol.payload_hash(batch_id.hex, changes)
    # The lock comes first: a duplicate of this batch arriving at the same moment waits here and
    # then finds the stored results instead of applying the changes a second time.
    sequence.lock_sequence(conn)
    b = schema.server_batches
    known = conn.execute(select(b).where(b.c.batch_id == batch_id)).first()
    if known is not None:
        if known.payload_hash != digest or known.device_id != device.id:
            raise ApiError(
                409, "batch_mismatch", "This batch id was already used for different changes."
            )
        stored = known.results
        return (
            stored["first_seq"],
            {int(k): v for k, v in stored["rejected"].items()},
            {int(k): v for k, v in stored.get("deferred", {}).items()},
        )
    try:
        decoded = protocol.decode_push(changes)
    except ProtocolError as exc:
        raise ApiError(400, "bad_request", f"The changes cannot be read: {exc}") from None
    if not decoded:
        raise ApiError(400, "bad_request", "A push needs at least one change.")
    decoded = _once_each(decoded)
    first_seq = sequence.allocate(conn, len(decoded))
    reviewed = _report_statuses(conn, decoded)
    try:
        # All the changes in one savepoint: most batches hold nothing the database refuses, and a
        # savepoint per change is two more round trips per row while every other push waits.
        with conn.begin_nested():
            rejected, deferred, conflicts, applied = _apply_batch(
                conn, device, scope, decoded, first_seq, now, isolate=False
            )
    except SQLAlchemyError:
        # Something in it was refused by the database: again, change by change, each in a
        # savepoint of its own, so that change alone is rejected.
        rejected, deferred, conflicts, applied = _apply_batch(
            conn, device, scope, decoded, first_seq, now, isolate=True
        )
    # Marks and requests left on a merged resident move to the kept one (numbered after the batch).
    merges.follow_merges(conn, applied, lambda: sequence.allocate(conn, 1), now)
    if conflicts:
        # Numbered after the batch's own changes (we still hold the sequence lock).
        first = sequence.allocate(conn, len(conflicts))
        conn.execute(
            insert(schema.conflicts),
            [{**c, "server_seq": first + i} for i, c in enumerate(conflicts)],
        )
    _audit_push(conn, device, batch_id, len(decoded), rejected, reviewed, applied, now)
    conn.execute(
        insert(b).values(
            batch_id=batch_id,
            device_id=device.id,
            payload_hash=digest,
            results={
                "first_seq": first_seq,
                "count": len(decoded),
                "rejected": {str(k): v for k, v in rejected.items()},
                "deferred": {str(k): v for k, v in deferred.items()},
            },
            created_at=now,
        )
    )
    return first_seq, rejected, deferred


#: Weekly report statuses a review sets, and the audit entry each makes.
_REVIEWS = {"approved": audit.REPORT_APPROVED, "returned": audit.REPORT_RETURNED}


def _report_statuses(
    conn: Connection, decoded: list[tuple[str, OutgoingRow | ProtocolError]]
) -> dict[uuid.UUID, str | None]:
    """The status each weekly report of a batch has before it is applied (None when new)."""
    ids = [row.id for name, row in decoded if name == "weekly_reports" and _is_row(row)]
    if not ids:
        return {}
    t = schema.weekly_reports
    held = dict(conn.execute(select(t.c.id, t.c.status).where(t.c.id.in_(ids))).all())
    return {i: held.get(i) for i in ids}


def _audit_push(
    conn: Connection,
    device: Device,
    batch_id: uuid.UUID,
    count: int,
    rejected: dict[int, str],
    reviewed: dict[uuid.UUID, str | None],
    applied: list[tuple[str, uuid.UUID]],
    now: dt.datetime,
) -> None:
    """Write the batch's approvals and returns of weekly reports to the audit log, in the push's
    own transaction (an approval is not stored without its entry), and how many of its changes
    were refused and why (in a savepoint: a failure to write that never fails the push)."""
    ids = [row_id for name, row_id in applied if name == "weekly_reports"]
    if ids:
        t = schema.weekly_reports
        rows = conn.execute(
            select(t.c.id, t.c.site_id, t.c.status, t.c.week_start, t.c.deleted).where(
                t.c.id.in_(ids)
            )
        )
        for r in rows:
            if r.status in _REVIEWS and not r.deleted and reviewed.get(r.id) != r.status:
                audit.record(
                    conn,
                    _REVIEWS[r.status],
                    at=now,
                    device_id=device.id,
                    site_id=r.site_id,
                    detail=f"weekly report {r.id.hex} of the week of {r.week_start.isoformat()}",
                )
    if not rejected:
        return
    reasons = collections.Counter(rejected.values()).most_common()
    detail = f"batch {batch_id.hex}: {len(rejected)} of {count} changes refused: " + "; ".join(
        f"{n} × {why}" for why, n in reasons
    )
    try:
        with conn.begin_nested():
            audit.record(
                conn,
                audit.CHANGES_REFUSED,
                at=now,
                device_id=device.id,
                site_id=device.site_id,
                detail=detail,
            )
    except SQLAlchemyError:
        log.warning("the refused changes of batch %s are not in the audit log", batch_id.hex)


def _once_each(
    decoded: list[tuple[str, OutgoingRow | ProtocolError]],
) -> list[tuple[str, OutgoingRow | ProtocolError]]:
    """The batch with any repeat of a record refused: a laptop sends each pending record once, and
    the batch is applied against the rows as they were before it (``_stored_rows``)."""
    seen: set[tuple[str, uuid.UUID]] = set()
    out: list[tuple[str, OutgoingRow | ProtocolError]] = []
    for table_name, row in decoded:
        if not isinstance(row, ProtocolError):
            if (table_name, row.id) in seen:
                row = ProtocolError("this record appears twice in one batch")
            else:
                seen.add((table_name, row.id))
        out.append((table_name, row))
    return out


def _apply_batch(
    conn: Connection,
    device: Device,
    scope: Scope,
    decoded: list[tuple[str, OutgoingRow | ProtocolError]],
    first_seq: int,
    now: dt.datetime,
    isolate: bool,
) -> tuple[dict[int, str], dict[int, str], list[dict[str, Any]], list[tuple[str, uuid.UUID]]]:
    """Apply each change of a batch; returns (refused: index → why, deferred: index → why,
    conflict records to write, (table, id) of the changes applied). With ``isolate``, each change
    runs in a savepoint and one the database refuses is rejected; without, the error propagates."""
    rejected: dict[int, str] = {}
    deferred: dict[int, str] = {}
    conflicts: list[dict[str, Any]] = []
    applied: list[tuple[str, uuid.UUID]] = []
    stored = _stored_rows(conn, decoded)
    with validate.batch_lookups():
        validate.remember_sites(
            conn,
            schema.residents,
            (r.values["resident_id"] for t, r in decoded if t == "attendance" and _is_row(r)),
        )
        for index, (table_name, row) in enumerate(decoded):
            if isinstance(row, ProtocolError):
                rejected[index] = str(row)
                continue
            found: list[dict[str, Any]] = []
            existing = stored[table_name].get(row.id)
            try:
                with conn.begin_nested() if isolate else contextlib.nullcontext():
                    reason = _apply(
                        conn,
                        device,
                        scope,
                        table_name,
                        row,
                        first_seq + index,
                        now,
                        found,
                        existing,
                    )
            except SQLAlchemyError as exc:
                if not isolate:
                    raise
                # The error's kind alone: its text can quote the row's values (a name, a phone).
                log.warning(
                    "change %s/%s refused by the database (%s)",
                    table_name,
                    row.id,
                    getattr(exc.orig, "sqlstate", None) or type(exc.orig or exc).__name__,
                )
                reason = "the server could not store this record"
            if isinstance(reason, validate.Deferred):
                deferred[index] = str(reason)
            elif reason:
                rejected[index] = reason
            else:
                conflicts.extend(found)
                applied.append((table_name, row.id))
                validate.forget(table_name)
    return rejected, deferred, conflicts, applied


def _is_row(change: OutgoingRow | ProtocolError) -> bool:
    return not isinstance(change, ProtocolError)


def _stored_rows(
    conn: Connection, decoded: list[tuple[str, OutgoingRow | ProtocolError]]
) -> dict[str, dict[uuid.UUID, Any]]:
    """The rows the server holds under the ids of a batch, by table: one query per table (and 500
    ids) rather than one per change. A batch names each row once (``_once_each``), so no change of
    the batch alters what another of its changes finds here."""
    wanted: dict[str, list[uuid.UUID]] = {name: [] for name in schema.SYNCED_BY_NAME}
    for table_name, row in decoded:
        if not isinstance(row, ProtocolError):
            wanted[table_name].append(row.id)
    out: dict[str, dict[uuid.UUID, Any]] = {name: {} for name in wanted}
    for table_name, ids in wanted.items():
        table = schema.SYNCED_BY_NAME[table_name]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            out[table_name].update(
                (r.id, r) for r in conn.execute(select(table).where(table.c.id.in_(chunk)))
            )
    return out


@functools.cache
def _update_by_id(table: Table) -> Update:
    """``UPDATE table SET <the parameters' columns> WHERE id = :_row_id``."""
    return update(table).where(table.c.id == bindparam("_row_id"))


def _apply(
    conn: Connection,
    device: Device,
    scope: Scope,
    table_name: str,
    row: OutgoingRow,
    seq: int,
    now: dt.datetime,
    conflicts: list[dict[str, Any]],
    existing: Any,
) -> str | None:
    """Write one change under its table's conflict rule (``core.rules``), or say why not.
    ``existing`` is the row the server holds under its id (None when new). Conflict records to
    write are appended to ``conflicts``."""
    site_id = row.values["site_id"]
    refusal = scope.write_refusal(table_name, site_id)
    if refusal:
        return refusal
    refusal = validate.refusal(conn, device.id, scope, table_name, row)
    if refusal:
        return refusal
    table = schema.SYNCED_BY_NAME[table_name]
    fields = protocol.CODECS[table_name].fields
    if existing is not None and existing.site_id != site_id:
        return "this record belongs to another site"
    sent = {f: row.values[f] for f in fields}
    base = row.base
    if existing is not None and existing.origin_device == device.id and existing.server_seq:
        # The row as stored is this device's own last write, untouched since (anyone else's change
        # would have taken the mark). What it sends now was edited on top of that, even when the
        # edit was made while that push was in flight and its base could not move yet: counting
        # from the older base would make the device's two edits of one field a conflict.
        base = max(base or 0, existing.server_seq)
    outcome = rules.resolve(
        rules.RULES[table_name],
        fields,
        {f: getattr(existing, f) for f in fields} if existing is not None else None,
        bool(existing is not None and existing.deleted),
        existing.field_seqs if existing is not None else None,
        sent,
        row.deleted,
        base,
        row.changed,
        seq,
        row_seq=(existing.server_seq or 0) if existing is not None else 0,
    )
    if outcome.refusal:
        return outcome.refusal
    refusal = validate.figures_refusal(
        conn, table_name, row.id, existing, outcome.values, outcome.deleted
    )
    if refusal:
        return refusal
    fixed = validate.set_by_server(scope, table_name, existing, outcome.values, now)
    _set_by_server(outcome, fixed, existing, seq)
    derive = protocol.DERIVED_FIELDS.get(table_name, {})
    values = {
        **outcome.values,
        **{k: f(outcome.values) for k, f in derive.items()},
        "local_rev": row.rev,
        "synced_rev": row.rev,
        "pending": False,
        "server_seq": seq,
        "deleted": outcome.deleted,
        "field_seqs": outcome.field_seqs,
        "updated_at": now,
        # A merged result differs from what the device holds: leave it unmarked so it goes back.
        "origin_device": device.id if outcome.same_as(sent, row.deleted) else None,
    }
    # One statement per table, its values as parameters: a statement built around each row's values
    # cost more to compile and key for the statement cache than the database took to run it.
    if existing is None:
        conn.execute(insert(table), {"id": row.id, **values})
    else:
        conn.execute(_update_by_id(table), {"_row_id": row.id, **values})
    previous = existing.origin_device if existing is not None else None
    for c in outcome.conflicts:
        conflicts.append(
            {
                "id": uuid.uuid4(),
                "site_id": site_id,
                "local_rev": 1,
                "synced_rev": 1,
                "pending": False,
                "deleted": False,
                "updated_at": now,
                "record_table": table_name,
                "record_id": row.id,
                "field": c.field,
                "lost_value": c.lost
                if c.field == rules.DELETED
                else encode(table_name, c.field, c.lost),
                "won_value": c.won
                if c.field == rules.DELETED
                else encode(table_name, c.field, c.won),
                "lost_device": device.id if c.pusher_lost else previous,
                "won_device": previous if c.pusher_lost else device.id,
                "at": now,
                "resolved": False,
            }
        )
    return None


def _set_by_server(outcome: rules.Outcome, fixed: dict[str, Any], existing: Any, seq: int) -> None:
    """Store the server's own values of authority fields (``validate.set_by_server``) in place of the
    merged ones: numbered ``seq`` only where they change what is stored, never a conflict with what
    the pusher sent, and sent back to it where they differ (``same_as``)."""
    for field, value in fixed.items():
        if existing is None or getattr(existing, field) != value:
            outcome.field_seqs[field] = seq
        else:
            stored = existing.field_seqs or {}
            outcome.field_seqs[field] = stored.get(field, existing.server_seq or 0)
        outcome.values[field] = value
    outcome.conflicts = [c for c in outcome.conflicts if c.field not in fixed]


def _refused_rows(changes: Any, rejected: dict[int, str]) -> list[tuple[str, uuid.UUID]]:
    """(table, id) of the refused changes that could be read, in wire order."""
    out = []
    for index, (table_name, row) in enumerate(protocol.decode_push(changes)):
        if index in rejected and not isinstance(row, ProtocolError):
            out.append((table_name, row.id))
    return out


def _current_versions(
    conn: Connection,
    scope: Scope,
    wanted: list[tuple[str, uuid.UUID]],
    already: dict[str, Any],
) -> list[tuple[str, IncomingRow]]:
    """The server's own version of rows whose change it refused, when the device may read them: the
    laptop then shows what the district really has instead of keeping the refused values. Rows the
    answer's ``already`` blocks carry are not repeated."""
    have = {row.id for _, row in protocol.decode_pull(already)}
    out = []
    for table_name, row_id in wanted:
        if row_id in have:
            continue
        table = schema.SYNCED_BY_NAME[table_name]
        r = conn.execute(select(table).where(table.c.id == row_id)).first()
        readable = scope.readable_sites(table_name)
        if (
            r is None
            or r.server_seq is None
            or (readable is not None and r.site_id not in readable)
        ):
            continue
        fields = protocol.CODECS[table_name].fields
        out.append(
            (
                table_name,
                IncomingRow(r.id, r.server_seq, r.deleted, {f: getattr(r, f) for f in fields}),
            )
        )
        have.add(row_id)
    return out


def _pull(
    conn: Connection,
    device: Device,
    scope: Scope,
    cursor: int,
    limit: int,
    tables: tuple = schema.SYNCED_TABLES,
    include_own: bool = False,
) -> tuple[dict[str, dict[str, Any]], int, bool]:
    """The next ``limit`` rows after ``cursor`` in the device's read scope, as the answer's
    ``changes`` blocks (``protocol.encode_pull``'s format, read straight into it). Rows whose
    current version came from this device are counted (the cursor passes them) but not sent: the
    device has them already."""
    # Read the high-water mark first and look no further: every change numbered up to it has
    # committed (numbers are handed out in commit order), while a change above it may be committing
    # right now, visible to one of the per-table reads below and not to another. Without this bound,
    # under READ COMMITTED, a pull could return a later row and step its cursor over an earlier one.
    high = conn.execute(
        select(schema.server_counter.c.value).where(schema.server_counter.c.name == SEQ)
    ).scalar_one()

    def in_scope(stmt, table):  # noqa: ANN001, ANN202
        sites = scope.readable_sites(table.name)
        return stmt if sites is None else stmt.where(table.c.site_id.in_(sites))

    # First the numbers only (an index scan per table), to find where this page ends; then the
    # rows up to there. Fetching whole rows per table first would read ten pages to send one.
    # Attachments count their bytes too: a page ends at ``limit`` rows or PULL_BYTES of them.
    numbers: list[tuple[int, int]] = []
    for table in tables:
        size = table.c.size if table.name in SIZED_TABLES else literal(0)
        stmt = select(table.c.server_seq, size).where(
            table.c.server_seq > cursor, table.c.server_seq <= high
        )
        stmt = in_scope(stmt, table).order_by(table.c.server_seq).limit(limit + 1)
        numbers.extend((seq, n) for seq, n in conn.execute(stmt))
    numbers.sort()
    more, upto, carried = False, high, 0
    for index, (_seq, n) in enumerate(numbers):
        if index == limit or (index > 0 and carried + n > PULL_BYTES):
            more, upto = True, numbers[index - 1][0]
            break
        carried += n
    blocks: dict[str, dict[str, Any]] = {}
    if numbers:
        for table in tables:
            codec = protocol.CODECS[table.name]
            head = [] if codec.derived_id else [_as_wire(table.c.id)]
            stmt = select(
                *head,
                table.c.server_seq,
                table.c.deleted,
                # Only what travels: bookkeeping such as field_seqs (JSON) costs time to read.
                *(_as_wire(table.c[f]) for f in codec.fields),
            ).where(table.c.server_seq > cursor, table.c.server_seq <= upto)
            if not include_own:
                # The device has these already; the cursor passes them all the same.
                stmt = stmt.where(table.c.origin_device.is_distinct_from(device.id))
            got = conn.execute(in_scope(stmt, table).order_by(table.c.server_seq))
            encoders = _WIRE_ENCODERS[table.name]
            start = len(head)
            rows = [
                [
                    *r[:start],
                    r[start],
                    int(r[start + 1]),
                    *[e(v) for e, v in zip(encoders, r[start + 2 :], strict=True)],
                ]
                for r in got
            ]
            if rows:
                blocks[table.name] = {"cols": list(codec.fields), "rows": rows}
    # With nothing more to read, everything in scope up to the high-water mark has been seen.
    new_cursor = upto if more else max(cursor, high)
    return blocks, new_cursor, more


class _WireId(TypeDecorator):
    """An id column read as the 32 hex digits the wire carries. SQLite stores exactly that text and
    PostgreSQL's driver hands a UUID whose ``hex`` it is, so a page of a million attendance marks
    does not build millions of UUID objects only to turn them back into text."""

    impl = String
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Any) -> str | None:
        return value if value is None or isinstance(value, str) else value.hex


def _as_wire(column: Any) -> Any:
    """``column`` as a pull selects it: ids as wire text (see ``_WireId``), the rest as stored."""
    return type_coerce(column, _WireId()) if isinstance(column.type, Uuid) else column


def _pass(value: Any) -> Any:
    return value


#: Per table, the encoder of each wire field as a pull reads it (ids are already text).
_WIRE_ENCODERS = {
    name: tuple(
        _pass if isinstance(codec.table.c[f].type, Uuid) else ENCODERS[name][f]
        for f in codec.fields
    )
    for name, codec in protocol.CODECS.items()
}
