"""A village's sync bundle, carried to the server by a town laptop (``POST /api/v1/relay``).

The server takes the bundle on the village device's authority, never the carrier's: the device must
be enrolled, not revoked and at the bundle's site; the bundle must carry that device's signature;
and each exchange in it is applied by :func:`server.sync.exchange` for that device, with the same
scope checks and the same batch memory as if the village had sent it over the network. So a town
cannot write through a bundle what the village could not, and a bundle that arrives twice (or after
the village reached the server itself) changes nothing. The carrier only has to look after the site
the bundle comes from.

The answer is the return bundle: the server's answer to each exchange, chained as the laptop would
chain them (each exchange pulls from where the last one's answer left off), then the rest of the
village's pull, signed with the village device's secret.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, select

from core import bundles, protocol, schema
from core.bundles import BundleError, BundleHeader
from core.clock import Clock
from core.database import head_revision
from server import audit
from server.db import BUNDLE_KEY, get_meta, write_transaction
from server.scope import scope_for
from server.sync import ApiError, Device, exchange

#: Bytes of answers a return bundle carries at most; the village's next bundle asks for the rest.
ANSWER_BYTES = 16 * 1024 * 1024
#: How a refused bundle is answered: damaged or unreadable files are the request's fault (400); a
#: bundle from a computer or place the district does not accept here is forbidden (403).
_STATUS = {
    bundles.OTHER_DISTRICT: 403,
    bundles.OTHER_SITE: 403,
    bundles.DEVICE_REFUSED: 403,
}


def relay(
    engine: Engine,
    carrier: Device,
    data: bytes,
    clock: Clock,
    check: Callable[[Any], None],
    refused: Callable[[ApiError, Device], None],
) -> bytes:
    """Apply the village bundle ``data`` that ``carrier`` brought and return the return bundle.

    ``check`` refuses an exchange not of the protocol's shape (as the sync endpoint does);
    ``refused`` notes an exchange of the bundle the server refused (for the audit log) — such an
    exchange is answered with its refusal in the return bundle, and the others still go through."""
    try:
        header = bundles.read_header(data)
        if header.kind != bundles.UP:
            raise BundleError(bundles.NOT_FOR_THIS)
        with engine.connect() as conn:
            server_id = get_meta(conn, "server_id")
            if header.server_id != server_id:
                raise BundleError(bundles.OTHER_DISTRICT)
            d = schema.server_devices
            row = conn.execute(
                select(d.c.id, d.c.site_id, d.c.role, d.c.revoked_at, d.c.bundle_secret).where(
                    d.c.id == header.device
                )
            ).first()
            if header.site not in scope_for(conn, carrier.role, carrier.site_id).subtree:
                raise BundleError(bundles.OTHER_SITE)
            if (
                row is None
                or row.revoked_at is not None
                or row.site_id != header.site
                or not row.bundle_secret
            ):
                raise BundleError(bundles.DEVICE_REFUSED)
            bundle_key = bundles.key_bytes(get_meta(conn, BUNDLE_KEY))
        secret = bundles.key_bytes(row.bundle_secret)
        payload = bundles.open_payload(data, bundle_key, secret)
    except BundleError as exc:
        raise ApiError(_STATUS.get(exc.kind, 400), exc.kind, exc.message.render()) from None
    messages = payload.get("messages")
    if not isinstance(messages, list) or not 0 < len(messages) <= bundles.MAX_MESSAGES:
        raise ApiError(400, "bad_request", "The bundle does not hold a list of exchanges.")
    village = Device(row.id, row.site_id, row.role)
    answers = _carry(engine, village, messages, clock, check, refused)
    with write_transaction(engine) as conn:
        # Who carried whose records is on record, as an enrollment is.
        audit.record(
            conn,
            audit.BUNDLE_RELAYED,
            at=clock.now(),
            device_id=village.id,
            site_id=village.site_id,
            detail=f"bundle {header.seq} carried by device {carrier.id} ({len(messages)} exchanges)",
        )
    answer_header = BundleHeader(
        bundles.RETURN,
        server_id or "",
        header.site,
        header.device,
        protocol.PROTOCOL_VERSION,
        head_revision(),
        clock.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
        header.seq,
    )
    return bundles.write_bundle(answer_header, {"answers": answers}, bundle_key, secret)


def _carry(
    engine: Engine,
    village: Device,
    messages: list[Any],
    clock: Clock,
    check: Callable[[Any], None],
    refused: Callable[[ApiError, Device], None],
) -> list[dict[str, Any]]:
    """Each exchange of the bundle as the laptop would have sent it over the network: its pull
    from where the answer before left off (the village cannot ask in between), then pull-only
    exchanges until its scope is complete or the answers reach ``ANSWER_BYTES``. A reset or a
    re-download the server asks for ends the answers there, as it ends a sync."""
    for message in messages:
        check(message)
    answers: list[dict[str, Any]] = []
    size = 0
    cursor: int | None = None
    scope: str | None = None
    last: dict[str, Any] | None = None

    def run(message: dict[str, Any]) -> dict[str, Any] | None:
        nonlocal size
        entry: dict[str, Any] = {"cursor": message.get("cursor", 0), "batch": message.get("batch")}
        if message.get("refetch") is not None:
            entry["refetch"] = message["refetch"]
        try:
            answer = exchange(engine, village, message, clock)
        except ApiError as exc:
            refused(exc, village)
            answers.append({**entry, **exc.hint, "error": exc.kind, "message": exc.message})
            return None
        answers.append({**entry, "answer": answer})
        size += len(protocol.dumps(answer))
        return answer

    for message in messages:
        if message.get("refetch") is not None:
            # A re-download the village had begun: all of it, from its own cursor.
            at = message.get("cursor", 0)
            while True:
                answer = run({**message, "cursor": at})
                if answer is None or answer.get("reset"):
                    return answers
                if not answer.get("more"):
                    break
                if size > ANSWER_BYTES:
                    return answers
                at = answer["cursor"]
            if set(message["refetch"]) >= {t.name for t in schema.SYNCED_TABLES}:
                cursor = answer["cursor"]
            continue
        if cursor is not None:
            message = {**message, "cursor": cursor}
        if scope is not None:
            message = {**message, "scope": scope}
        answer = run(message)
        if answer is None:
            continue
        if answer.get("reset") or answer.get("rescan"):
            return answers
        cursor, scope, last = answer["cursor"], answer.get("scope"), message
        if size > ANSWER_BYTES:
            return answers
    while last is not None and answer is not None and answer.get("more") and size <= ANSWER_BYTES:
        pull = {k: v for k, v in last.items() if k not in ("batch", "changes")}
        answer = run({**pull, "cursor": cursor, "scope": scope})
        if answer is None or answer.get("reset") or answer.get("rescan"):
            return answers
        cursor, scope = answer["cursor"], answer.get("scope")
    return answers
