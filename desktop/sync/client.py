"""The laptop's side of sync: enrollment, and the loop of exchanges that sends what is pending and
applies what is new.

Guarantees, and where they come from:
- A push batch is written to ``local_outbox`` before it is sent; a retry after any failure resends the
  same batch id and payload, so the server answers from memory and nothing is applied twice.
- The answer's cursor is committed with the last of its rows. While nobody is at work in the window
  the answer is one local transaction; while someone is, it is stored in steps that give way to their
  writes (``Store.write_in_steps``). A kill -9 at any moment leaves the old cursor with none, some or
  all of the answer stored (and the batch in the outbox or acknowledged): the next sync pulls the same
  page again and merges it, which changes nothing already stored, and a batch still in the outbox is
  answered from the server's memory.
- A row is acknowledged only for the revision that was sent: an edit made while the push was in flight
  keeps the row pending.
- A re-download (the scope changed, deletions were pruned, or verification found a table that
  differs) stores each page with the ids it brought, its own cursor with the last step; when the
  last page is in, synced rows the server did not send again are removed. Pending rows stay and are
  sent as usual. Cut off at any point, it resumes where it stopped at the next sync.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import gc
import hashlib
import json
import platform
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Dialect,
    and_,
    bindparam,
    column,
    delete,
    exists,
    func,
    insert,
    literal_column,
    select,
    update,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from core import bundles, protocol, schema, workflow
from core.bundles import BundleError, BundleHeader
from core.database import head_revision
from core.protocol import IncomingRow, OutgoingRow, ProtocolError
from desktop import __version__
from desktop.changes import Changes
from desktop.storage import bulk
from desktop.storage import settings as keys
from desktop.storage.bulk import PreparedInsert, prepare_insert
from desktop.storage.store import DeviceIdentity, Store, WriteSteps, put_identity, put_settings
from desktop.sync import bundles as kept_bundles
from desktop.sync import errors, status
from desktop.sync.bundles import CARRIED, RETURNS, KeptBundle
from desktop.sync.credentials import (
    CredentialStore,
    KeyringCredentials,
    bundle_key_name,
    bundle_secret_name,
    id_key_name,
)
from desktop.sync.errors import SyncError
from desktop.sync.transport import HttpTransport, Transport

MAX_PUSH = protocol.MAX_PUSH_CHANGES  # changes per batch: a standard week is ~300
#: Bytes of attachments one batch carries at most (at least one): a batch must arrive whole over a
#: 2G link before the request times out; the rest go in the next batch of the same sync.
PUSH_BYTES = 300_000
SIZED_TABLES = frozenset({"attachments"})
PULL_LIMIT = 1000  # rows per page at first
#: Rows per page at most: a long download on a fast link grows its pages up to this. Every page is
#: one local transaction, and its commit writes each index page its rows touched: with random ids a
#: small page touches nearly as many as a big one. (A page this size holds the write lock about a
#: second when nobody is at work in the window; while someone is, pages are smaller and give way.)
MAX_PULL_LIMIT = 16000
#: A full page that arrived faster than this doubles the next one; slower than ``SLOW_PAGE_S``
#: halves it, so a page over a slow link stays well within a request's timeout.
FAST_PAGE_S = 2.0
SLOW_PAGE_S = 15.0
MIN_PULL_LIMIT = 50
#: The largest page asked for while someone works in the window (see ``SyncClient._page_rows``).
INTERACTIVE_PULL_LIMIT = 2000
#: A re-download of every synced table: the scope again, after a move or a prune.
_ALL_TABLES = [t.name for t in schema.SYNCED_TABLES]
#: Rows a page stores between two chances to give way to a person's write: about 30 ms of inserts,
#: so a mark made during a town's first download waits for at most that and one commit.
STEP_ROWS = 1000
_REDOWNLOAD_SETTINGS = [
    s.key for s in (keys.RESCAN_TABLES, keys.RESCAN_CURSOR, keys.RESCAN_SCOPE, keys.RESCAN_RESTORED)
]
#: Bytes of batches one sync bundle carries at most (attachments are most of them): the bundle must
#: pass the server's 32 MB body limit when a town carries it; the rest goes in the next bundle.
BUNDLE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class SyncProgress:
    """Where a running sync is, for a progress bar: rows and (compressed) bytes so far."""

    sent: int
    to_send: int
    received: int
    exchanges: int
    bytes_sent: int = 0
    bytes_received: int = 0
    #: The laptop is downloading its scope again (the district moved a site, or deletions it missed
    #: were pruned): the window says so, as the received count grows far beyond a normal sync.
    redownloading: bool = False
    #: The laptop's first download after enrollment (it started from cursor 0): the window says so,
    #: since it may take minutes where later syncs take seconds.
    first_download: bool = False


@dataclass
class SyncReport:
    """What one sync did; ``changes`` (rows received, and rows whose sync state changed) feeds the
    UI's refresh signal."""

    exchanges: int = 0
    sent: int = 0
    rejected: int = 0
    received: int = 0
    server_time: dt.datetime | None = None
    changes: Changes = field(default_factory=Changes)
    #: With ``verify``: tables whose counts and digests were compared, and those that differed and
    #: were downloaded again.
    verified: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    #: Why the scope was downloaded again, once per re-download the server asked for ("scope",
    #: "pruned").
    redownloaded: list[str] = field(default_factory=list)
    #: Villages' bundles this laptop carried to the server (their answers now wait to be written
    #: out), and those the server refused for good, each with the refusal's kind
    #: (``core.bundles``): they were removed, and the village still holds its records.
    relayed: list[KeptBundle] = field(default_factory=list)
    bundles_refused: list[tuple[KeptBundle, str]] = field(default_factory=list)


@dataclass
class BundleWritten:
    """A sync bundle written for the USB stick: its number and how many changes it carries."""

    path: Path
    seq: int
    changes: int
    size: int


@dataclass
class BundleTaken:
    """A sync bundle taken in: the answer to one of this laptop's (``kind`` "return": changes
    acknowledged, refused, rows received), or a village's bundle kept to carry (``kind`` "up")."""

    kind: str
    seq: int
    #: An answer to a bundle no newer than one already taken in: nothing was done.
    already: bool = False
    sent: int = 0
    rejected: int = 0
    received: int = 0
    #: Exchanges the server refused whole (their batches are packed afresh next time).
    refused: int = 0
    changes: Changes = field(default_factory=Changes)
    kept: KeptBundle | None = None


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Run the block without Python's cycle collector (reference counting still frees every row),
    and give it back as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


#: A page fetched ahead: the answer, and its rows prepared as inserts.
_Page = tuple[protocol.SyncAnswer, dict[str, PreparedInsert]]


def _now_naive(store: Store) -> dt.datetime:
    return store.clock.now().astimezone(dt.UTC).replace(tzinfo=None)


def enroll(
    store: Store,
    transport: Transport,
    credentials: CredentialStore,
    server_url: str,
    code: str,
    device_name: str | None = None,
    ca_bundle: str | None = None,
) -> DeviceIdentity:
    """Trade a one-time code for this laptop's identity and token (kept in the keyring).

    Over HTTPS the server's key is remembered (pinned) with the identity, in the same transaction
    that forgets the enrollment's nonce; so is ``ca_bundle``, the district's certificate authority
    the transport was given, since every later sync must trust the same one as enrollment did."""
    previous = store.identity()
    answer = transport.post(
        protocol.ENROLL_PATH,
        {
            "protocol": protocol.PROTOCOL_VERSION,
            "schema": head_revision(),
            "app": __version__,
            "code": code,
            "nonce": _enrollment_nonce(store, code),
            "device_name": device_name or platform.node() or "laptop",
        },
    )
    try:
        device_id = uuid.UUID(answer["device_id"])
        site_id = uuid.UUID(answer["site"]["id"])
        identity = DeviceIdentity(
            device_id, site_id, answer["role"], server_url, answer["server_id"]
        )
        site_name = str(answer["site"]["name"])
        token = str(answer["token"])
        id_key = answer.get("id_key")
    except (KeyError, TypeError, ValueError) as exc:
        raise SyncError(errors.BAD_ANSWER, "enrollment") from exc
    if previous is not None and (
        previous.server_id != identity.server_id or previous.site_id != site_id
    ):
        raise SyncError(errors.WRONG_SERVER)
    credentials.set_token(device_id.hex, token)
    if isinstance(id_key, str) and id_key:
        credentials.set_token(id_key_name(device_id.hex), id_key)
        store.id_key = id_key.encode()
    _keep_bundle_keys(credentials, device_id.hex, answer)
    with store.write(background=True) as w:
        # A batch sent under an earlier enrollment belongs to that device id: pack it afresh.
        w.conn.execute(delete(schema.local_outbox))
        put_identity(w.conn, identity, site_name)
        put_settings(
            w.conn,
            {
                keys.ENROLL_NONCE: "",
                keys.SERVER_PIN: getattr(transport, "seen_pin", "") or "",
                keys.CA_BUNDLE: str(Path(ca_bundle).resolve()) if ca_bundle else "",
            },
        )
    if previous is not None and previous.device_id != device_id:
        credentials.delete_token(previous.device_id.hex)
        credentials.delete_token(id_key_name(previous.device_id.hex))
        credentials.delete_token(bundle_key_name(previous.device_id.hex))
        credentials.delete_token(bundle_secret_name(previous.device_id.hex))
    return identity


def _keep_bundle_keys(credentials: CredentialStore, device_hex: str, answer: Any) -> bool:
    """Keep the district's bundle key and this device's bundle secret from an answer (enrollment,
    or ``POST /api/v1/keys``) in the keyring, never in the database; False when it has none."""
    key, secret = answer.get("bundle_key"), answer.get("bundle_secret")
    if not (isinstance(key, str) and key and isinstance(secret, str) and secret):
        return False
    credentials.set_token(bundle_key_name(device_hex), key)
    credentials.set_token(bundle_secret_name(device_hex), secret)
    return True


def _enrollment_nonce(store: Store, code: str) -> str:
    """A random value kept with a digest of the code before the request goes out, so a retry of the
    same code (by the transport, or by a person running the command again after a lost answer)
    proves it is this same laptop asking, and gets its enrollment instead of "already used". The
    server honours such a retry for minutes only (``server.sync.RETRY_WINDOW``)."""
    wanted = hashlib.sha256(protocol.normalise_code(code).encode()).hexdigest()
    stored = keys.ENROLL_NONCE.of(store.settings())
    if stored.startswith(wanted[:16] + ":"):
        return stored.split(":", 1)[1]
    nonce = secrets.token_urlsafe(24)
    with store.write(background=True) as w:
        put_settings(w.conn, {keys.ENROLL_NONCE: f"{wanted[:16]}:{nonce}"})
    return nonce


class SyncClient:
    """Runs syncs for one enrolled laptop. Blocking: call it off the GUI thread."""

    def __init__(
        self,
        store: Store,
        transport: Transport,
        credentials: CredentialStore,
        *,
        max_push: int = MAX_PUSH,
        pull_limit: int = PULL_LIMIT,
        max_pull_limit: int = MAX_PULL_LIMIT,
        step_rows: int = STEP_ROWS,
    ) -> None:
        self.store = store
        self.transport = transport
        self.credentials = credentials
        self.max_push = max_push
        #: Rows asked for per page now; adapts between ``MIN_PULL_LIMIT`` and ``max_pull_limit``
        #: (see ``_adapt_page``).
        self.pull_limit = pull_limit
        self.max_pull_limit = max(max_pull_limit, pull_limit)
        #: Rows a page stores between two chances to give way to a person's write.
        self.step_rows = step_rows
        #: The largest page asked for while a person is at work on this laptop.
        self.interactive_pull_limit = INTERACTIVE_PULL_LIMIT
        # One worker: fetches the next page of a long download while the last one is stored.
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync")
        # A sync and a bundle written or taken in never run at once: both pack and acknowledge
        # the outbox and move the cursor.
        self._busy = threading.Lock()

    def sync(
        self, progress: Callable[[SyncProgress], None] | None = None, verify: bool = False
    ) -> SyncReport:
        """Exchange with the server until nothing is pending and nothing new is left to pull; with
        ``verify``, then compare per-table counts and digests and re-pull any table that differs.

        A first download leaves the indexes of :data:`bulk.DEFERRABLE_INDEXES` out and builds them
        when the sync ends, whether it finished or not. Python's cycle collector pauses meanwhile:
        a page is tens of thousands of short-lived rows, and the collector walked every one of them
        again and again, a fifth of a town laptop's first download."""
        with self._busy, _cycle_collector_paused():
            try:
                return self._sync(progress, verify)
            finally:
                bulk.restore_indexes(self.store.engine, self.store.turns)

    def _sync(self, progress: Callable[[SyncProgress], None] | None, verify: bool) -> SyncReport:
        identity = self.store.identity()
        if identity is None:
            raise SyncError(errors.NOT_ENROLLED)
        token = self.credentials.get_token(identity.device_id.hex)
        if not token:
            raise SyncError(errors.UNAUTHORIZED)
        settings = self.store.settings()
        first_download = keys.CURSOR.of(settings) == 0 and not keys.RESCAN_TABLES.of(settings)
        if first_download:
            # Everything is still to come.
            with self.store.write(background=True) as w:
                bulk.defer_indexes(w.conn)
        report = SyncReport()
        to_send = sum(status.pending_counts(self.store).values())
        stats = getattr(self.transport, "stats", None)
        bytes_before = (stats.body_bytes_sent, stats.body_bytes_received) if stats else (0, 0)

        def tell(redownloading: bool = False) -> None:
            if progress:
                progress(
                    SyncProgress(
                        report.sent,
                        max(to_send, report.sent),
                        report.received,
                        report.exchanges,
                        stats.body_bytes_sent - bytes_before[0] if stats else 0,
                        stats.body_bytes_received - bytes_before[1] if stats else 0,
                        redownloading,
                        first_download,
                    )
                )

        try:
            self._ask_for_bundle_keys(identity, token)
            # A re-download cut off by a kill or a lost link is finished before anything else.
            self._redownload(identity, token, report, tell)
            refused: SyncError | None = None
            held = False  # set when the server deferred everything in a batch
            relayed = False  # villages' bundles are carried once this laptop's own are through
            ahead: Future[_Page] | None = None
            while True:
                cursor = keys.CURSOR.of(self.store.settings())
                # After a refused push, keep pulling: one bad batch must not cut the laptop off.
                batch = None
                if ahead is None and refused is None and not held:
                    batch = self._outbox_batch()
                try:
                    fresh = None
                    if ahead is not None:
                        (answer, fresh), ahead = ahead.result(), None
                    else:
                        answer = self._post(self._message(cursor, batch), token)
                except ProtocolError as exc:
                    raise SyncError(errors.BAD_ANSWER, str(exc)) from exc
                except SyncError as exc:
                    if exc.kind != errors.REFUSED or batch is None:
                        raise
                    cap = exc.answer.get("max_changes")
                    if isinstance(cap, int) and 0 < cap < self.max_push:
                        # This server takes smaller batches: pack the same rows again, smaller.
                        self.max_push = cap
                        self._drop_batch(batch)
                        continue
                    # The server will never take this batch as it is (an app update changed its
                    # columns, another enrollment sent it, …): drop it; its rows stay pending and
                    # are packed afresh next time.
                    self._drop_batch(batch)
                    refused = exc
                    continue
                if answer.server_id != identity.server_id:
                    raise SyncError(errors.WRONG_SERVER)
                if answer.reset_high is not None:
                    self._resend_lost(identity)
                    continue
                if answer.rescan is not None:
                    # Nothing was applied; the batch stays in the outbox and goes after the
                    # download. A second request in one sync (the tree moved again meanwhile)
                    # waits for the next sync rather than risking a loop.
                    if len(report.redownloaded) >= 2:
                        break
                    report.redownloaded.append(answer.rescan)
                    self._begin_redownload(_ALL_TABLES, answer.scope)
                    self._redownload(identity, token, report, tell)
                    continue
                if answer.more and batch is None:
                    # A long download: ask for the next page while this one is being stored. Its
                    # cursor is this page's, which is committed with this page or not at all.
                    ahead = self._pool.submit(
                        self._fetch, self._message(answer.cursor, None), token
                    )
                try:
                    sent, rejected, deferred, more_pending = self._apply(
                        identity, batch, answer, report.changes, fresh
                    )
                except BaseException:
                    if ahead is not None:
                        ahead.cancel()
                        concurrent.futures.wait([ahead])
                    raise
                report.exchanges += 1
                report.sent += sent
                report.rejected += rejected
                report.received += len(answer.rows)
                report.server_time = answer.server_time
                tell()
                progressed = sent or rejected or answer.rows or answer.cursor != cursor
                if deferred and not sent and not rejected:
                    # What the server could only defer is sent again next sync, not in a loop.
                    held = True
                if refused is not None or held:
                    more_pending = False
                if not (answer.more or more_pending) or not progressed:
                    if not relayed:
                        # Then the villages' bundles this laptop carries; if any went through,
                        # one more exchange brings their records here at once.
                        relayed = True
                        if self._relay_carried(token, report):
                            continue
                    break
            if ahead is not None:  # the loop ended before using a page it had asked for
                concurrent.futures.wait([ahead])
            if refused is not None:
                raise refused
            if verify:
                self._verify(identity, token, report)
        except SyncError as exc:
            with self.store.write(background=True) as w:
                put_settings(
                    w.conn, {keys.LAST_ERROR: exc.kind, keys.LAST_ERROR_DETAIL: exc.detail}
                )
            raise
        return report

    # --- one exchange -------------------------------------------------------------------------

    def _page_rows(self) -> int:
        """Rows to ask for in the next page: while a person is at work on this laptop, at most
        ``interactive_pull_limit``, so that decoding a page (one call that holds Python's lock)
        and storing it never keep their next mark waiting long; otherwise as the link allows."""
        if self.store.turns.person_active():
            return min(self.pull_limit, self.interactive_pull_limit)
        return self.pull_limit

    def _message(self, cursor: int, batch: Any) -> dict[str, Any]:
        pending = sum(status.pending_counts(self.store).values())
        message: dict[str, Any] = {
            "protocol": protocol.PROTOCOL_VERSION,
            "schema": head_revision(),
            "app": __version__,
            "device_time": self.store.clock.now().isoformat(),
            "cursor": cursor,
            "limit": self._page_rows(),
        }
        last = self._last_seen()
        if last is not None:
            message["last"] = last
        scope = keys.SCOPE.of(self.store.settings())
        if scope:
            message["scope"] = scope
        if batch is not None:
            message["batch"] = batch.batch_id.hex
            message["changes"] = json.loads(batch.payload)
            message["pending_after"] = max(0, pending - len(batch.revisions))
        else:
            message["pending_after"] = pending
        return message

    def _outbox_batch(self) -> Any:
        """The batch to send: the unanswered one if there is one, else a new one of pending rows."""
        box = schema.local_outbox
        with self.store.write(background=True) as w:
            waiting = w.conn.execute(
                select(box).order_by(box.c.created_at, literal_column("rowid")).limit(1)
            ).first()
            if waiting is not None:
                w.conn.execute(
                    update(box)
                    .where(box.c.batch_id == waiting.batch_id)
                    .values(attempts=box.c.attempts + 1)
                )
                return waiting
            return self._pack(w.conn)

    def _pack(self, conn: Connection, skip: frozenset[tuple[str, str, int]] = frozenset()) -> Any:
        """A new batch of pending rows, written to the outbox; None when nothing is pending.
        ``skip`` lists revisions (table, id hex, revision) already in a batch there: a bundle carries
        every unanswered batch, and packs only what they do not hold."""
        box = schema.local_outbox
        rows: dict[str, list[OutgoingRow]] = {}
        order: list[list[Any]] = []
        room = self.max_push
        for table in protocol.PUSHABLE:
            if room <= 0:
                break
            fields = protocol.CODECS[table.name].fields
            packed = sum(1 for name, _row, _rev in skip if name == table.name)
            found = conn.execute(
                select(table)
                .where(table.c.pending.is_(True))
                # Creation order (SQLite's rowid), not the laptop clock, which may jump back:
                # a request's status events must reach the server in the order they were made.
                .order_by(literal_column("rowid"))
                .limit(room + packed)
            ).all()
            if packed:
                found = [r for r in found if (table.name, r.id.hex, r.local_rev) not in skip]
            found = found[:room]
            if table.name in SIZED_TABLES:
                found = _within_bytes(found, PUSH_BYTES)
            for r in found:
                rows.setdefault(table.name, []).append(
                    OutgoingRow(
                        r.id,
                        r.local_rev,
                        r.deleted,
                        {f: getattr(r, f) for f in fields},
                        base=r.server_seq,
                        changed=_unacknowledged(r.dirty, r.synced_rev),
                    )
                )
                order.append([table.name, r.id.hex, r.local_rev])
            room -= len(found)
        if not order:
            return None
        batch_id = uuid.uuid4()
        conn.execute(
            insert(box).values(
                batch_id=batch_id,
                created_at=_now_naive(self.store),
                payload=protocol.dumps(protocol.encode_push(rows)),
                revisions=order,
                attempts=1,
            )
        )
        return conn.execute(select(box).where(box.c.batch_id == batch_id)).one()

    def _last_seen(self) -> list[Any] | None:
        """[table, id, sequence] of the highest-numbered synced row this laptop holds (an edit still
        waiting keeps the number it started from, which says less): a server that does not hold
        that row at that number (or later) was restored from a backup."""
        best: list[Any] | None = None
        with self.store.read() as conn:
            for table in schema.SYNCED_TABLES:
                row = conn.execute(
                    select(table.c.id, table.c.server_seq)
                    # ``likely``: most rows are not pending, so SQLite walks the sequence index
                    # from the top instead of reading every synced row through the pending index.
                    .where(table.c.server_seq.is_not(None), func.likely(table.c.pending.is_(False)))
                    .order_by(table.c.server_seq.desc())
                    .limit(1)
                ).first()
                if row is not None and (best is None or row.server_seq > best[2]):
                    best = [table.name, row.id.hex, row.server_seq]
        return best

    def _post(self, message: dict[str, Any], token: str) -> protocol.SyncAnswer:
        started = time.monotonic()
        try:
            answer = protocol.decode_answer(self.transport.post(protocol.SYNC_PATH, message, token))
        except ProtocolError as exc:
            raise SyncError(errors.BAD_ANSWER, str(exc)) from exc
        except SyncError as exc:
            if exc.kind == errors.TIMEOUT:  # a link that slowed down: smaller pages next time
                self._adapt_page(SLOW_PAGE_S + 1)
            raise
        if answer.more and "changes" not in message:
            self._adapt_page(time.monotonic() - started)
        return answer

    def _fetch(self, message: dict[str, Any], token: str) -> _Page:
        """:meth:`_post`, then the answer's rows prepared as inserts: the worker thread does this
        while the last page is written, which leaves the writing thread little but SQLite's own
        work (it lets go of Python's lock meanwhile)."""
        answer = self._post(message, token)
        fresh = _fresh_inserts(self.store.engine.dialect, answer.rows, _now_naive(self.store))
        return answer, fresh

    def _adapt_page(self, seconds: float) -> None:
        """Size the next page by how long a full one took: bigger on a fast link, smaller on a
        slow one."""
        if seconds < FAST_PAGE_S:
            self.pull_limit = min(self.pull_limit * 2, self.max_pull_limit)
        elif seconds > SLOW_PAGE_S:
            self.pull_limit = min(self.pull_limit, max(self.pull_limit // 2, MIN_PULL_LIMIT))

    def _verify(self, identity: DeviceIdentity, token: str, report: SyncReport) -> None:
        """One more exchange that asks for the server's digests, then a re-download of every table
        whose local digest differs. Rows still waiting to be sent are left out on both sides: they
        differ from the server's until it has taken them, which is no damage."""
        cursor = keys.CURSOR.of(self.store.settings())
        with self.store.read() as conn:
            skip = {
                t.name: {row_id.hex for row_id in ids}
                for t in protocol.PUSHABLE
                if (
                    ids := conn.execute(select(t.c.id).where(t.c.pending.is_(True))).scalars().all()
                )
            }
        message = {**self._message(cursor, None), "verify": True}
        if skip:
            message["skip"] = {name: sorted(ids) for name, ids in skip.items()}
        answer = self._post(message, token)
        if answer.reset_high is not None:
            self._resend_lost(identity)  # the next sync sends it all; nothing to compare now
            return
        if answer.rescan is not None:
            report.redownloaded.append(answer.rescan)
            self._begin_redownload(_ALL_TABLES, answer.scope)
            self._redownload(identity, token, report)
            return
        self._apply(identity, None, answer, report.changes)
        report.exchanges += 1
        if not answer.verify:
            return  # more arrived meanwhile: verify on a quieter sync
        report.verified = sorted(answer.verify)
        with self.store.read() as conn:
            differing = [
                name
                for name, theirs in sorted(answer.verify.items())
                if name in schema.SYNCED_BY_NAME
                and _local_digest(
                    conn, schema.SYNCED_BY_NAME[name], answer.cursor, skip.get(name, set())
                )
                != theirs
            ]
        if differing:
            self._begin_redownload(differing, None)
            self._redownload(identity, token, report)
        report.repaired = differing

    # --- downloading again ----------------------------------------------------------------------

    def _begin_redownload(self, tables: list[str], scope: str | None) -> None:
        """Start downloading ``tables`` again from the beginning; ``scope`` is the scope token to
        keep once a download of every table ends."""
        with self.store.write(background=True) as w:
            w.conn.execute(delete(schema.local_rescan_seen))
            put_settings(
                w.conn,
                {
                    keys.RESCAN_TABLES: tuple(tables),
                    keys.RESCAN_CURSOR: 0,
                    keys.RESCAN_SCOPE: scope or "",
                },
            )

    def _redownload(
        self,
        identity: DeviceIdentity,
        token: str,
        report: SyncReport,
        on_page: Callable[[bool], None] | None = None,
    ) -> None:
        """Carry the re-download in progress, if any, to its end: the tables again from its own
        cursor, own rows included, each page stored with the ids it brought; after the last page,
        synced rows the server did not send again are removed (pending rows stay and are sent as
        usual). A download of every table then becomes the laptop's cursor and scope token."""
        settings = self.store.settings()
        names = list(keys.RESCAN_TABLES.of(settings))
        if not names:
            return
        cursor = keys.RESCAN_CURSOR.of(settings)
        ahead: Future[_Page] | None = None

        def request(at: int) -> dict[str, Any]:
            return {**self._message(at, None), "refetch": names}

        try:
            while True:
                fresh = None
                if ahead is not None:
                    (answer, fresh), ahead = ahead.result(), None
                else:
                    answer = self._post(request(cursor), token)
                if answer.server_id != identity.server_id:
                    raise SyncError(errors.WRONG_SERVER)
                if answer.reset_high is not None:
                    # Nothing may be removed on the word of a server that lost data; the reset
                    # downloads everything anyway.
                    self._resend_lost(identity)
                    return
                done = not answer.more
                if not done and answer.cursor <= cursor:
                    raise SyncError(errors.BAD_ANSWER, "a page of the download did not advance")
                if not done:
                    # The next page is fetched while this one is stored (its cursor is committed
                    # with this page or not at all).
                    ahead = self._pool.submit(self._fetch, request(answer.cursor), token)
                self._store_refetched(
                    names, keys.RESCAN_SCOPE.of(settings), answer, report.changes, fresh
                )
                report.exchanges += 1
                report.received += len(answer.rows)
                report.server_time = answer.server_time
                if on_page:
                    on_page(True)
                if done:
                    return
                cursor = answer.cursor
        finally:
            if ahead is not None:
                ahead.cancel()
                concurrent.futures.wait([ahead])

    def _store_refetched(
        self,
        names: list[str],
        rescan_scope: str,
        answer: protocol.SyncAnswer,
        changes: Changes,
        fresh: dict[str, PreparedInsert] | None = None,
    ) -> None:
        """Store one page of the re-download of ``names`` with the ids it brought, its cursor with
        its last step. After the last page, synced rows the server did not send again are removed,
        and a download of every table becomes the laptop's cursor and (``rescan_scope``) its scope
        token."""
        settle = keys.RESCAN_RESTORED.of(self.store.settings())  # the download after a restore
        with self.store.write_in_steps() as steps:
            _store_pulled(
                steps,
                answer.rows,
                _now_naive(self.store),
                changes,
                fresh,
                step_rows=self.step_rows,
                settle=settle,
            )
            conn = steps.conn
            _mark_seen(conn, answer.rows)
            if answer.more:
                put_settings(conn, {keys.RESCAN_CURSOR: answer.cursor})
                return
            _sweep(conn, names, changes)
            if settle:
                _adopt_unsent(conn, self.store.identity())
            conn.execute(delete(schema.local_rescan_seen))
            conn.execute(
                delete(schema.local_settings).where(
                    schema.local_settings.c.key.in_(_REDOWNLOAD_SETTINGS)
                )
            )
            if set(names) >= set(_ALL_TABLES):
                finished: dict[keys.Setting[Any], Any] = {keys.CURSOR: answer.cursor}
                if rescan_scope:
                    finished[keys.SCOPE] = rescan_scope
                put_settings(conn, finished)

    # --- sync bundles ---------------------------------------------------------------------------

    def _ask_for_bundle_keys(self, identity: DeviceIdentity, token: str) -> None:
        """A laptop enrolled before sync bundles existed asks for its keys once, at its next sync.
        A server that does not know the request yet leaves it without them (no bundles), not
        without its sync."""
        device = identity.device_id.hex
        if self.credentials.get_token(bundle_key_name(device)) and self.credentials.get_token(
            bundle_secret_name(device)
        ):
            return
        message = {
            "protocol": protocol.PROTOCOL_VERSION,
            "schema": head_revision(),
            "app": __version__,
        }
        try:
            _keep_bundle_keys(
                self.credentials, device, self.transport.post(bundles.KEYS_PATH, message, token)
            )
        except SyncError as exc:
            if exc.kind not in (errors.BAD_ANSWER, errors.REFUSED):
                raise

    def _bundle_keys(self, identity: DeviceIdentity) -> tuple[bytes, bytes]:
        """The district's bundle key and this device's secret, from the keyring."""
        device = identity.device_id.hex
        return (
            bundles.key_bytes(self.credentials.get_token(bundle_key_name(device))),
            bundles.key_bytes(self.credentials.get_token(bundle_secret_name(device))),
        )

    def export_bundle(self, out: Path) -> BundleWritten:
        """Write to ``out`` the exchanges a sync would send now: every unanswered batch of the
        outbox and new ones for the rest of what is pending (written to the outbox first, as a
        sync does, so the server's batch memory makes any copy of it harmless), each with the
        cursor, scope token and ``last``; and a re-download under way, from its own cursor. The
        answer comes back in a return bundle (:meth:`import_bundle`), or the next network sync
        sends the same batches."""
        with self._busy:
            identity = self.store.identity()
            if identity is None:
                raise SyncError(errors.NOT_ENROLLED)
            bundle_key, secret = self._bundle_keys(identity)
            settings = self.store.settings()
            messages: list[dict[str, Any]] = []
            scope = keys.SCOPE.of(settings)
            names = list(keys.RESCAN_TABLES.of(settings))
            if names:
                refetch = self._message(keys.RESCAN_CURSOR.of(settings), None)
                messages.append({**refetch, "refetch": names})
                if set(names) >= set(_ALL_TABLES) and keys.RESCAN_SCOPE.of(settings):
                    scope = keys.RESCAN_SCOPE.of(settings)  # what it will be once that is done
            batches = self._bundle_batches()
            pending = sum(status.pending_counts(self.store).values())
            carried = 0
            for batch in batches or [None]:
                message = self._message(keys.CURSOR.of(settings), batch)
                carried += len(batch.revisions) if batch is not None else 0
                message["pending_after"] = max(0, pending - carried)
                if scope:
                    message["scope"] = scope
                messages.append(message)
            seq = keys.BUNDLE_SEQ.of(settings) + 1
            with self.store.write(background=True) as w:
                put_settings(w.conn, {keys.BUNDLE_SEQ: seq})
            header = BundleHeader(
                bundles.UP,
                identity.server_id,
                identity.site_id,
                identity.device_id,
                protocol.PROTOCOL_VERSION,
                head_revision(),
                self.store.clock.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
                seq,
            )
            data = bundles.write_bundle(header, {"messages": messages}, bundle_key, secret)
            out.write_bytes(data)
            return BundleWritten(out, seq, carried, len(data))

    def _bundle_batches(self) -> list[Any]:
        """Every unanswered batch in the outbox, oldest first, then new batches of the pending
        revisions they do not hold, up to ``BUNDLE_BYTES`` (the rest goes in the next bundle)."""
        box = schema.local_outbox
        with self.store.write(background=True) as w:
            batches = list(
                w.conn.execute(select(box).order_by(box.c.created_at, literal_column("rowid")))
            )
            packed = frozenset(tuple(r) for b in batches for r in b.revisions)
            size = sum(len(b.payload) for b in batches)
            while size < BUNDLE_BYTES and len(batches) < bundles.MAX_MESSAGES - 1:
                batch = self._pack(w.conn, packed)
                if batch is None:
                    break
                batches.append(batch)
                packed |= {tuple(r) for r in batch.revisions}
                size += len(batch.payload)
        return batches

    def import_bundle(self, data: bytes) -> BundleTaken:
        """Take in a sync bundle: the answer to one of this laptop's own, applied as a network
        answer is; or, on a town (or district) laptop, a bundle of a site below it, kept until the
        next sync carries it to the server. Anything else is refused whole with one sentence
        (:class:`~core.bundles.BundleError`), nothing imported."""
        with self._busy:
            identity = self.store.identity()
            if identity is None:
                raise SyncError(errors.NOT_ENROLLED)
            header = bundles.read_header(data)
            if header.server_id != identity.server_id:
                raise BundleError(bundles.OTHER_DISTRICT)
            bundle_key, secret = self._bundle_keys(identity)
            if header.kind == bundles.RETURN:
                if header.device != identity.device_id:
                    raise BundleError(bundles.NOT_FOR_THIS)
                payload = bundles.open_payload(data, bundle_key, secret)
                return self._take_answers(identity, header, payload)
            if header.device == identity.device_id:
                raise BundleError(bundles.GOING_UP)
            site_name = self._site_below(identity, header.site)
            # Sealed under the district's key, all of it; the village's signature inside is the
            # server's to check.
            payload = bundles.open_payload(data, bundle_key)
            counts = kept_bundles.summary(payload)
            kept = kept_bundles.keep(self.store, CARRIED, header, data, site_name, counts)
            return BundleTaken(bundles.UP, header.seq, kept=kept)

    def _site_below(self, identity: DeviceIdentity, site: uuid.UUID) -> str:
        """The name of ``site`` when it is this laptop's or below it (the only bundles it may
        carry); refused otherwise."""
        sites = schema.sites
        with self.store.read() as conn:
            own = conn.execute(select(sites.c.path).where(sites.c.id == identity.site_id)).scalar()
            row = conn.execute(select(sites.c.name, sites.c.path).where(sites.c.id == site)).first()
        if own is None or row is None or not row.path.startswith(own):
            raise BundleError(bundles.OTHER_SITE)
        return row.name

    def _take_answers(
        self, identity: DeviceIdentity, header: BundleHeader, payload: dict[str, Any]
    ) -> BundleTaken:
        """Apply the server's answers in a return bundle, in order, as a sync applies them: a
        batch still in the outbox is acknowledged (revision by revision) and leaves it, one no
        longer there acknowledges nothing; rows newer than the laptop's are stored and the cursor
        moves forward only. An answer to a bundle no newer than one taken in already changes
        nothing (a later bundle carried every batch the earlier one did)."""
        taken = BundleTaken(bundles.RETURN, header.seq)
        if header.seq <= keys.BUNDLE_RETURNED.of(self.store.settings()):
            taken.already = True
            return taken
        steps = []
        try:
            for entry in payload["answers"]:
                batch = entry.get("batch")
                answer = entry.get("answer")
                steps.append(
                    (
                        uuid.UUID(batch) if batch else None,
                        int(entry.get("cursor") or 0),
                        entry.get("refetch"),
                        protocol.decode_answer(answer) if answer is not None else None,
                    )
                )
        except (KeyError, TypeError, ValueError, AttributeError, ProtocolError):
            raise BundleError(bundles.DAMAGED) from None
        if any(a is not None and a.server_id != identity.server_id for *_, a in steps):
            raise BundleError(bundles.OTHER_DISTRICT)
        box = schema.local_outbox
        for batch_id, cursor, refetch, answer in steps:
            with self.store.read() as conn:
                batch = (
                    conn.execute(select(box).where(box.c.batch_id == batch_id)).first()
                    if batch_id
                    else None
                )
            if answer is None:
                # The server refused this exchange whole: its batch is packed afresh, as after a
                # refusal over the network.
                if batch is not None:
                    self._drop_batch(batch)
                    taken.refused += 1
                continue
            if answer.reset_high is not None:
                self._resend_lost(identity)
                break
            if answer.rescan is not None:
                self._begin_redownload(_ALL_TABLES, answer.scope)
                break
            if refetch is not None:
                settings = self.store.settings()
                names = list(keys.RESCAN_TABLES.of(settings))
                if names and refetch == names and cursor == keys.RESCAN_CURSOR.of(settings):
                    self._store_refetched(
                        names, keys.RESCAN_SCOPE.of(settings), answer, taken.changes
                    )
                continue
            sent, rejected, _deferred, _still = self._apply(
                identity, batch, answer, taken.changes, carried_from=cursor
            )
            taken.sent += sent
            taken.rejected += rejected
            taken.received += len(answer.rows)
        with self.store.write(background=True) as w:
            put_settings(w.conn, {keys.BUNDLE_RETURNED: header.seq})
        return taken

    def _relay_carried(self, token: str, report: SyncReport) -> bool:
        """Hand the villages' bundles this laptop keeps to the server and keep the answers to
        write out for them; True when any went through. A bundle the server refuses for good
        (its device revoked, damaged on this disk, …) is removed and named in ``report``: the
        village still holds its records, and sends them again."""
        for bundle in kept_bundles.kept(self.store, CARRIED):
            try:
                data = self.transport.post_bytes(
                    bundles.RELAY_PATH, bundle.path.read_bytes(), token
                )
                header = bundles.read_header(data)
            except BundleError:
                raise SyncError(errors.BAD_ANSWER, "return bundle") from None
            except SyncError as exc:
                kind = exc.answer.get("error")
                if kind not in bundles.MESSAGES and exc.kind != errors.REFUSED:
                    raise
                report.bundles_refused.append((bundle, kind if kind in bundles.MESSAGES else ""))
                kept_bundles.forget(bundle)
                continue
            kept_bundles.keep(self.store, RETURNS, header, data, bundle.site_name)
            # The village needs only the answer to its newest bundle: it answers every batch the
            # older ones carried that was still unanswered.
            answers = [
                b for b in kept_bundles.kept(self.store, RETURNS) if b.device == bundle.device
            ]
            for older in answers:
                if older.seq < max(b.seq for b in answers):
                    kept_bundles.forget(older)
            kept_bundles.forget(bundle)
            report.relayed.append(bundle)
        return bool(report.relayed)

    def reachable(self) -> bool:
        """A light probe (no records move): is the district server answering right now?"""
        probe = getattr(self.transport, "probe", None)
        return bool(probe and probe())

    def _resend_lost(self, identity: DeviceIdentity) -> None:
        """The server was restored from an older backup and has lost changes, possibly under numbers
        it has since handed out again. Mark everything this laptop wrote as new, so it is all sent
        again (the server merges what it still has; values that differ become visible conflicts),
        and download the whole scope again from the start; pending edits are kept."""
        e = schema.request_events
        with self.store.write(background=True) as w:
            for table in protocol.PUSHABLE:
                mine = table.c.site_id == identity.site_id
                if table is e:  # a town's steps on a village's requests are the town's to resend
                    mine = mine | (e.c.actor_site_id == identity.site_id)
                w.conn.execute(
                    update(table)
                    .where(mine)
                    .values(
                        pending=True,
                        server_seq=None,
                        synced_rev=0,
                        local_rev=func.max(table.c.local_rev, 1),
                        dirty=None,
                    )
                )
            # What this laptop holds from others may no longer be on the server: another site's row
            # the server lost would otherwise be named as ``last`` and answered with a reset on
            # every exchange. Rows still on the server come back with their numbers. An edit still
            # waiting to be sent keeps its number: it is the version the edit started from (and
            # ``_last_seen`` does not name it).
            for table in schema.SYNCED_TABLES:
                w.conn.execute(
                    update(table)
                    .where(table.c.server_seq.is_not(None), table.c.pending.is_(False))
                    .values(server_seq=None)
                )
            w.conn.execute(delete(schema.local_outbox))
            # A re-download under way is dropped too: nothing is removed on the word of a server
            # that lost data, and everything is downloaded again from 0 anyway.
            w.conn.execute(delete(schema.local_rescan_seen))
            w.conn.execute(
                delete(schema.local_settings).where(
                    schema.local_settings.c.key.in_(_REDOWNLOAD_SETTINGS)
                )
            )
            put_settings(w.conn, {keys.CURSOR: 0})

    def _drop_batch(self, batch: Any) -> None:
        with self.store.write(background=True) as w:
            w.conn.execute(
                delete(schema.local_outbox).where(schema.local_outbox.c.batch_id == batch.batch_id)
            )

    def _apply(
        self,
        identity: DeviceIdentity,
        batch: Any,
        answer: protocol.SyncAnswer,
        changes: Changes,
        fresh: dict[str, PreparedInsert] | None = None,
        carried_from: int | None = None,
    ) -> tuple[int, int, int, bool]:
        """Acknowledge the batch, store pulled rows and the cursor (``fresh``: the rows prepared as
        inserts, for a page fetched ahead). One transaction unless a person's write is waiting: the
        page then gives way between slices of rows, and the cursor commits with the last step, so a
        stop in between leaves the page to be pulled and merged again.

        ``carried_from`` is set for an answer that came in a return bundle: the cursor its pull
        started from. Such an answer may be older than what this laptop has since received, so
        only its newer rows are stored (see :func:`_carried`), the cursor never goes back, and
        the server's clock in it (days old, perhaps) says nothing about this laptop's.

        Returns (changes sent, changes rejected, changes deferred, whether anything is still
        pending)."""
        now = _now_naive(self.store)
        sent = rejected = deferred = 0
        with self.store.write_in_steps() as steps:
            if batch is not None:
                conn = steps.conn
                sent, rejected, deferred = _acknowledge(conn, batch, answer, now, changes)
                conn.execute(
                    delete(schema.local_outbox).where(
                        schema.local_outbox.c.batch_id == batch.batch_id
                    )
                )
                events = [uuid.UUID(h) for t, h, _ in batch.revisions if t == "request_events"]
                if events:  # a refused step no longer counts towards its request's status
                    e = schema.request_events
                    workflow.refresh_status(
                        conn,
                        conn.execute(select(e.c.request_id).where(e.c.id.in_(events))).scalars(),
                    )
            network = carried_from is None
            rows, cursor, scope = answer.rows, answer.cursor, answer.scope
            if not network:
                rows, cursor, current = _carried(steps.conn, answer, carried_from)
                scope, fresh = answer.scope if current else None, None
            _store_pulled(steps, rows, now, changes, fresh, step_rows=self.step_rows)
            conn = steps.conn
            settings: dict[keys.Setting[Any], Any] = {keys.CURSOR: cursor}
            if network:
                offset = (answer.server_time - self.store.clock.now()).total_seconds()
                settings[keys.CLOCK_OFFSET] = offset
                settings[keys.LAST_SERVER_TIME] = answer.server_time.isoformat()
            if scope:
                settings[keys.SCOPE] = scope
            seen = getattr(self.transport, "seen_pin", None)
            if network and seen and not getattr(self.transport, "pin", None):
                # Enrolled before keys were remembered: the key of this first answer is kept from
                # now on, and what that older enrollment left in the file is forgotten.
                self.transport.pin = seen
                settings[keys.SERVER_PIN] = seen
                settings[keys.ENROLL_NONCE] = ""
            still = any(
                conn.execute(
                    select(func.count()).select_from(t).where(t.c.pending.is_(True))
                ).scalar_one()
                for t in protocol.PUSHABLE
            )
            if network and not answer.more and not still:
                settings[keys.LAST_SUCCESS] = self.store.clock.now().isoformat()
                settings[keys.LAST_ERROR] = ""
                settings[keys.LAST_ERROR_DETAIL] = ""
            site_row = next(
                (r for name, r in rows if name == "sites" and r.id == identity.site_id), None
            )
            if site_row is not None:
                settings[keys.SITE_NAME] = site_row.values["name"]
            put_settings(conn, settings)
        return sent, rejected, deferred, still


def _carried(
    conn: Connection, answer: protocol.SyncAnswer, carried_from: int
) -> tuple[list[tuple[str, IncomingRow]], int, bool]:
    """What to store of an answer that came in a return bundle, whose pull started at
    ``carried_from``: (rows, the cursor after them, whether the answer is as recent as the cursor).

    The laptop may have moved on since that bundle was made (over the network, or with a later
    bundle's answer): rows at or below its cursor are stored already, and a row the laptop holds
    in a version as new or newer is old news. A pull that started beyond the cursor would leave a
    gap below it, so none of it is stored. The cursor never goes back."""
    s = schema.local_settings
    held = keys.CURSOR.of(
        dict(conn.execute(select(s.c.key, s.c.value).where(s.c.key == keys.CURSOR.key)).all())
    )
    if carried_from > held:
        return [], held, False
    newer = [(name, row) for name, row in answer.rows if row.seq > held]
    older: set[tuple[str, uuid.UUID]] = set()
    for name, incoming in _by_table(newer).items():
        table = schema.SYNCED_BY_NAME[name]
        mine = dict(
            conn.execute(
                select(table.c.id, table.c.server_seq).where(
                    _among(table, (row.id for row in incoming))
                )
            ).all()
        )
        older.update((name, row.id) for row in incoming if (mine.get(row.id) or 0) >= row.seq)
    rows = [(name, row) for name, row in newer if (name, row.id) not in older]
    return rows, max(held, answer.cursor), answer.cursor >= held


def _acknowledge(
    conn: Connection, batch: Any, answer: protocol.SyncAnswer, now: dt.datetime, changes: Changes
) -> tuple[int, int, int]:
    """Record what became of each change of ``batch``; returns (sent, rejected, deferred).

    A row is acknowledged for the revision that was sent only, so an edit made while the push was in
    flight stays pending. Rows are read and written table by table (one query, one executemany),
    not one by one: a week is a few hundred of them."""
    sent = rejected = deferred = 0
    cleared: list[str] = []
    taken: dict[str, list[tuple[uuid.UUID, int, protocol.PushResult]]] = {}
    for index, (table_name, row_hex, rev) in enumerate(batch.revisions):
        result = answer.result_for(index)
        key = keys.deferral_key(table_name, row_hex)
        if result.status == "deferred":
            # Not taken yet: stays pending, with the server's reason for the window.
            deferred += 1
            put_settings(conn, {key: result.reason})
            continue
        cleared.append(key)
        row_id = uuid.UUID(row_hex)
        if result.status == "rejected":
            rejected += 1
            conn.execute(
                insert(schema.local_rejections).values(
                    table_name=table_name,
                    row_id=row_id,
                    local_rev=rev,
                    reason=result.reason,
                    at=now,
                )
            )
        else:
            sent += 1
        taken.setdefault(table_name, []).append((row_id, rev, result))
    settings = schema.local_settings
    for start in range(0, len(cleared), 500):
        conn.execute(delete(settings).where(settings.c.key.in_(cleared[start : start + 500])))
    for table_name, rows in taken.items():
        table = schema.SYNCED_BY_NAME[table_name]
        current = {
            r.id: r
            for r in conn.execute(
                select(table.c.id, table.c.local_rev, table.c.synced_rev, table.c.dirty).where(
                    _among(table, (row_id for row_id, _rev, _result in rows))
                )
            )
        }
        moved, kept = [], []
        for row_id, rev, result in rows:
            mine = current.get(row_id)
            if mine is None or mine.synced_rev >= rev:
                continue  # already acknowledged (an answer applied twice changes nothing)
            acked = {
                "row": row_id,
                "rev": rev,
                "still": mine.local_rev > rev,
                # Fields edited after the sent revision stay marked for the next push.
                "edited": {f: r for f, r in (mine.dirty or {}).items() if r > rev} or None,
            }
            if result.seq is not None and mine.local_rev <= rev:
                # Only a row with nothing newer on this laptop moves its base forward: an edit made
                # while the push was in flight was made against the old version, and the server
                # must merge it against that one (or it would overwrite a value this laptop never
                # saw).
                moved.append({**acked, "seq": result.seq})
            else:
                kept.append(acked)
            changes.add(table_name, row_id)  # its sync state changed: views show it
        ack = update(table).where(table.c.id == bindparam("row"))
        ack = ack.values(
            synced_rev=bindparam("rev"), pending=bindparam("still"), dirty=bindparam("edited")
        )
        if moved:
            conn.execute(ack.values(server_seq=bindparam("seq")), moved)
        if kept:
            conn.execute(ack, kept)
    return sent, rejected, deferred


def _by_table(rows: list[tuple[str, IncomingRow]]) -> dict[str, list[IncomingRow]]:
    """Pulled rows grouped by table, in the order they came."""
    by_table: dict[str, list[IncomingRow]] = {}
    for name, row in rows:
        by_table.setdefault(name, []).append(row)
    return by_table


def _fresh_inserts(
    dialect: Dialect, rows: list[tuple[str, IncomingRow]], now: dt.datetime
) -> dict[str, PreparedInsert]:
    """Per table, pulled rows as inserts of rows this laptop does not hold yet (in a long download,
    nearly all of them), in the order they came."""
    prepared = {}
    for name, incoming in _by_table(rows).items():
        # Decoding has already derived the search columns (``TableCodec.decode_values``).
        columns: dict[str, list[Any]] = {
            key: [row.values[key] for row in incoming] for key in incoming[0].values
        }
        columns["id"] = [row.id for row in incoming]
        columns["server_seq"] = [row.seq for row in incoming]
        columns["deleted"] = [row.deleted for row in incoming]
        for key, value in (
            ("updated_at", now),
            ("local_rev", 0),
            ("synced_rev", 0),
            ("pending", False),
        ):
            columns[key] = [value] * len(incoming)
        prepared[name] = prepare_insert(dialect, schema.SYNCED_BY_NAME[name], columns)
    return prepared


def _store_pulled(
    at: Connection | WriteSteps,
    rows: list[tuple[str, IncomingRow]],
    now: dt.datetime,
    changes: Changes,
    fresh: dict[str, PreparedInsert] | None = None,
    step_rows: int = STEP_ROWS,
    settle: bool = False,
) -> None:
    """Insert or overwrite pulled rows. A row with a local edit still pending takes the new values
    only for the fields it has not edited, and keeps its base version: the edit is on its way to the
    server, which merges it against this version and sends the result back. With ``settle`` (the
    download after a restored backup), an edit the server already holds, value for value, is
    acknowledged instead: it was sent after the backup was taken, and sending it again would make
    a new version of every such row, or overwrite what others changed since.

    Rows are stored in slices of ``step_rows``; with ``at`` a :class:`WriteSteps`, the write
    gives way to a person's waiting write between slices (each slice is correct on its own: rows
    another page or a person wrote meanwhile are probed per slice). ``fresh`` is
    :func:`_fresh_inserts` of ``rows``, when the page was prepared ahead."""
    steps = at if isinstance(at, WriteSteps) else None
    conn = steps.conn if steps is not None else at
    if fresh is None:
        fresh = _fresh_inserts(conn.dialect, rows, now)
    for name, incoming in _by_table(rows).items():
        table = schema.SYNCED_BY_NAME[name]
        derive = protocol.DERIVED_FIELDS.get(name, {})
        for start in range(0, len(incoming), step_rows):
            if steps is not None:
                conn = steps.give_way()
            part = incoming[start : start + step_rows]
            local = {
                r.id: r
                for r in conn.execute(select(table).where(_among(table, (r.id for r in part))))
            }
            updates = []
            for row in part:
                mine = local.get(row.id)
                if mine is None:
                    continue
                if not mine.pending or (settle and _already_held(name, mine, row)):
                    values = {**row.values, "server_seq": row.seq, "deleted": row.deleted}
                    if mine.pending:
                        values.update(pending=False, synced_rev=mine.local_rev, dirty=None)
                    updates.append((row.id, {**values, "updated_at": now}))
                else:
                    edited = _unacknowledged(mine.dirty, mine.synced_rev) or frozenset(row.values)
                    theirs = {k: v for k, v in row.values.items() if k not in edited}
                    if not theirs:
                        continue
                    merged = {k: theirs.get(k, getattr(mine, k)) for k in row.values}
                    updates.append(
                        (row.id, {**theirs, **{k: f(merged) for k, f in derive.items()}})
                    )
            changes.add_all(name, (row.id for row in part))
            keep = [row.id not in local for row in part] if local else None
            fresh[name].run(conn, keep, start, start + len(part))
            for row_id, values in updates:
                conn.execute(update(table).where(table.c.id == row_id).values(values))
            if name == "request_events":
                workflow.refresh_status(conn, [r.values["request_id"] for r in part])
            elif name == "requests":  # a request can arrive a page after its events
                workflow.refresh_status(conn, [r.id for r in part])


def _among(table: Any, row_ids: Iterable[uuid.UUID]) -> Any:
    """``table.id IN (row_ids)``, with the ids as one JSON array read by SQLite's ``json_each``: as
    thousands of bound parameters, building the statement costs more than running it. Ids are
    stored as their 32 hex digits (SQLAlchemy's ``Uuid`` on SQLite)."""
    ids = json.dumps([row_id.hex for row_id in row_ids])
    return table.c.id.in_(select(column("value")).select_from(func.json_each(ids)))


def _local_digest(conn: Connection, table: Any, upto: int, skip: set[str]) -> tuple[int, str]:
    """The laptop's side of the server's digests: live synced rows up to ``upto``, leaving out the
    rows in ``skip`` (hex ids) as the server does."""
    rows = conn.execute(
        select(table.c.id, table.c.server_seq, table.c.deleted).where(
            table.c.server_seq.is_not(None),
            table.c.server_seq <= upto,
            table.c.deleted.is_(False),
        )
    )
    return protocol.table_digest(r for r in rows if r.id.hex not in skip)


def _mark_seen(conn: Connection, rows: list[tuple[str, IncomingRow]]) -> None:
    """Remember the rows a page of a re-download brought (a row changed meanwhile comes twice)."""
    if rows:
        conn.execute(
            sqlite_insert(schema.local_rescan_seen).on_conflict_do_nothing(),
            [{"table_name": name, "id": row.id} for name, row in rows],
        )


def _sweep(conn: Connection, names: list[str], changes: Changes) -> None:
    """At the end of a re-download, remove the synced rows of ``names`` that the server did not send
    again: outside the laptop's scope now, or deleted where the deletion can no longer be pulled.
    Rows still waiting to be sent stay. Requests whose status events went are folded again."""
    seen = schema.local_rescan_seen
    for name in names:
        table = schema.SYNCED_BY_NAME[name]
        stale = and_(
            table.c.server_seq.is_not(None),
            table.c.pending.is_(False),
            ~exists().where(seen.c.table_name == name, seen.c.id == table.c.id),
        )
        listed = conn.execute(select(table.c.id).where(stale).limit(Changes.MAX_IDS + 1)).scalars()
        gone = False
        for row_id in listed:
            changes.add(name, row_id)
            gone = True
        if not gone:
            continue
        requests: list[uuid.UUID] = []
        if table is schema.request_events:
            requests = list(
                conn.execute(select(table.c.request_id).where(stale).distinct()).scalars()
            )
        conn.execute(delete(table).where(stale))
        workflow.refresh_status(conn, requests)


def _adopt_unsent(conn: Connection, identity: DeviceIdentity | None) -> None:
    """After the download that follows a restored backup: the request steps and merges the backup
    holds that the server never received go from this device now. It may be another computer
    than the one that made them (a stolen laptop's backup, restored on its replacement), and the
    server takes a step or a merge only from the device it names."""
    if identity is None:
        return
    for table in (schema.request_events, schema.resident_merges):
        conn.execute(
            update(table)
            .where(
                table.c.pending.is_(True),
                table.c.server_seq.is_(None),
                table.c.device_id != identity.device_id,
            )
            .values(device_id=identity.device_id)
        )


def _already_held(name: str, mine: Any, row: IncomingRow) -> bool:
    """Whether the server's version ``row`` holds this laptop's waiting edit of it: the fields it
    edited (every field, for a row the server has not acknowledged at all) and the tombstone,
    compared as they travel."""
    codec = protocol.CODECS[name]
    edited = _unacknowledged(mine.dirty, mine.synced_rev) or frozenset(codec.fields)
    ours = codec.encode_values(mine._mapping)
    theirs = codec.encode_values(row.values)
    return mine.deleted == row.deleted and all(
        a == b for f, a, b in zip(codec.fields, ours, theirs, strict=True) if f in edited
    )


def _unacknowledged(dirty: dict[str, int] | None, synced_rev: int) -> frozenset[str]:
    """Fields edited in revisions the server has not acknowledged yet."""
    return frozenset(f for f, rev in (dirty or {}).items() if rev > synced_rev)


def _within_bytes(rows: list, budget: int) -> list:
    """The first ``rows`` whose ``size`` adds up to at most ``budget`` (always at least one)."""
    out, total = [], 0
    for r in rows:
        if out and total + r.size > budget:
            break
        out.append(r)
        total += r.size
    return out


def load_id_key(store: Store, credentials: CredentialStore) -> None:
    """Hand the store the district's ID-number key from the keyring, where enrollment put it: every
    command that reads or writes ID numbers needs it, not only sync."""
    identity = store.identity()
    if identity is None:
        return
    key = credentials.get_token(id_key_name(identity.device_id.hex))
    if key:
        store.id_key = key.encode()


def build_sync_client(
    store: Store, credentials: CredentialStore | None = None, transport: Transport | None = None
) -> SyncClient | None:
    """The sync client for this laptop, or None before it is enrolled. Also hands the store the
    district's ID-number key from the keyring (see ``desktop/services/id_numbers.py``)."""
    identity = store.identity()
    if identity is None:
        return None
    credentials = credentials or KeyringCredentials()
    load_id_key(store, credentials)
    if transport is None:
        settings = store.settings()
        transport = HttpTransport(
            identity.server_url,
            timeout=keys.TIMEOUT_SECONDS.of(settings),
            ca_bundle=keys.CA_BUNDLE.of(settings) or None,
            pin=keys.SERVER_PIN.of(settings) or None,
        )
    return SyncClient(store, transport, credentials)
