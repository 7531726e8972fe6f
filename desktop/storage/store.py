"""The unit of work: one transaction per use case, with change tracking done in exactly one place.

Services never set the sync columns themselves; they call :class:`Writer`, which bumps the local
revision, raises the pending flag and stamps the device time, and collects what changed so the UI can
refresh every view from one broadcast.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, insert, select, update

from core import schema
from core.clock import Clock
from core.ids import new_id
from core.search_keys import DERIVED_FIELDS
from core.vocabulary import village_today
from desktop.changes import Changes
from desktop.storage import settings as keys

#: No laptop clock can truly be earlier than the day this version was made.
RELEASED = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class DeviceIdentity:
    """Who this laptop is to the district: fixed at enrollment."""

    device_id: uuid.UUID
    site_id: uuid.UUID
    role: str
    server_url: str
    server_id: str


class Writer:
    """Writes synced rows inside one open transaction and records what changed."""

    def __init__(self, conn: Connection, clock: Clock) -> None:
        self.conn = conn
        self.clock = clock
        self.changes = Changes()
        #: When :meth:`remember` was called: each row as it was before this transaction first wrote
        #: it, by (table name, id), None for a row the transaction made; in the order written.
        self.before: dict[tuple[str, uuid.UUID], dict[str, Any] | None] | None = None

    def remember(self) -> None:
        """Keep each row as it was before this transaction first writes it (:attr:`before`), so
        that a bulk action can be taken back exactly (``desktop/services/undo.py``)."""
        self.before = {}

    def _keep(self, table: Table, row_id: uuid.UUID, current: Mapping[str, Any] | None) -> None:
        if self.before is not None and (table.name, row_id) not in self.before:
            self.before[(table.name, row_id)] = None if current is None else dict(current)

    def _now(self):  # noqa: ANN202 - naive UTC datetime, as stored
        return self.clock.now().replace(tzinfo=None)

    def insert(self, table: Table, values: Mapping[str, Any]) -> uuid.UUID:
        row_id = values.get("id") or new_id()
        self._keep(table, row_id, None)
        derived = {k: f(values) for k, f in DERIVED_FIELDS.get(table.name, {}).items()}
        self.conn.execute(
            insert(table).values(
                {
                    **values,
                    **derived,
                    "id": row_id,
                    "local_rev": 1,
                    "synced_rev": 0,
                    "pending": True,
                    "deleted": False,
                    "updated_at": self._now(),
                }
            )
        )
        self.changes.add(table.name, row_id)
        return row_id

    def update(self, table: Table, row_id: uuid.UUID, values: Mapping[str, Any]) -> bool:
        """Change the fields that differ; returns False when there is no such row.

        Writing a value a row already has changes nothing, so re-saving an untouched form does not
        make a row pending again.
        """
        current = self.conn.execute(select(table).where(table.c.id == row_id)).first()
        if current is None:
            return False
        changed = {k: v for k, v in values.items() if getattr(current, k) != v}
        if not changed:
            return True
        self._keep(table, row_id, current._mapping)
        derive = DERIVED_FIELDS.get(table.name, {})
        if derive:
            row = {**current._mapping, **changed}
            changed.update({k: f(row) for k, f in derive.items()})
        rev = current.local_rev + 1
        # Remember which fields this revision touched, so the push can say so and the server merges
        # field by field instead of overwriting what another laptop changed meanwhile.
        dirty = {**(current.dirty or {}), **dict.fromkeys(changed, rev)}
        self.conn.execute(
            update(table)
            .where(table.c.id == row_id)
            .values(
                {
                    **changed,
                    "local_rev": rev,
                    "dirty": dirty,
                    "pending": True,
                    "updated_at": self._now(),
                }
            )
        )
        self.changes.add(table.name, row_id)
        return True

    def upsert(self, table: Table, row_id: uuid.UUID, values: Mapping[str, Any]) -> None:
        """Insert or update by id: for rows whose id derives from a natural key."""
        if not self.update(table, row_id, {**values, "deleted": False}):
            self.insert(table, {**values, "id": row_id})

    def delete(self, table: Table, row_id: uuid.UUID) -> bool:
        """Tombstone a row: deletes travel to the server like edits."""
        return self.update(table, row_id, {"deleted": True})


#: How long after a person's write a long background write keeps committing step by step.
ACTIVE_SECONDS = 10.0


class WriteTurns:
    """Whose turn it is to write to the laptop's database, among the threads of this process.

    SQLite lets one writer in at a time and makes the others retry after sleeps of up to 100 ms, in
    no particular order, so a coordinator's single mark could wait behind a sync's whole page (about a
    second for 16,000 rows) and then lose the race for the lock to the next page. Writers here take
    turns first: a person's write (:meth:`Store.write`) goes before any background write that has not
    started, and a long background write (:meth:`Store.write_in_steps`, a sync page) gives way between
    its steps while a person is at work. Other processes (a scheduled ``learning-desk sync``) still
    meet at SQLite's own lock."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._owner: int | None = None
        self._depth = 0
        self._people = 0
        #: ``time.monotonic()`` when a person's write last ended.
        self._last_person = -math.inf

    @contextmanager
    def turn(self, person: bool = True) -> Iterator[None]:
        """Hold the turn for the block. A thread that holds it already goes straight on."""
        me = threading.get_ident()
        with self._cond:
            if self._owner != me:
                if person:
                    self._people += 1
                try:
                    while self._owner is not None or (not person and self._people):
                        self._cond.wait()
                finally:
                    if person:
                        self._people -= 1
                self._owner = me
            self._depth += 1
        try:
            yield
        finally:
            with self._cond:
                self._depth -= 1
                if not self._depth:
                    self._owner = None
                    if person:
                        self._last_person = time.monotonic()
                    self._cond.notify_all()

    def person_waiting(self) -> bool:
        """Whether someone's own write is waiting for the turn (read without the lock: a stale
        answer only means one step more or less before giving way)."""
        return self._people > 0

    def person_active(self) -> bool:
        """Whether someone is at work: waiting for the turn, or wrote in the last
        :data:`ACTIVE_SECONDS`. A long write then commits step by step even while nobody waits, so
        the next mark never arrives during the commit of a whole page."""
        return self.person_waiting() or time.monotonic() - self._last_person < ACTIVE_SECONDS


class WriteSteps:
    """A long background write done in steps (see :meth:`Store.write_in_steps`): ``conn`` is the
    current step's connection, and :meth:`give_way` starts a new step while a person is at work."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._stack: ExitStack | None = None
        self.conn: Connection
        #: Steps committed before the last one (0 when nobody was at work).
        self.gave_way = 0

    def _open(self) -> None:
        stack = ExitStack()
        try:
            stack.enter_context(self._store.turns.turn(person=False))
            conn = stack.enter_context(self._store.engine.connect())
            if self._store.engine.dialect.name == "sqlite":
                conn.execution_options(sqlite_begin="IMMEDIATE")
            stack.enter_context(conn.begin())
        except BaseException:
            stack.close()
            raise
        self._stack, self.conn = stack, conn

    def _close(self, error: BaseException | None = None) -> None:
        stack, self._stack = self._stack, None
        if stack is None:
            return
        if error is None:
            stack.close()  # commits, closes the connection, gives back the turn
        else:
            stack.__exit__(type(error), error, error.__traceback__)

    def give_way(self) -> Connection:
        """Between two steps: while a person is at work (see :meth:`WriteTurns.person_active`),
        commit what is done so far, let anyone waiting write, and go on in a new transaction.
        Returns the connection to go on with."""
        if self._store.turns.person_active():
            self._close()
            self.gave_way += 1
            self._open()
        return self.conn


class Store:
    """The laptop's database with its clock: the thing every service function takes."""

    def __init__(self, engine: Engine, clock: Clock, id_key: bytes | None = None) -> None:
        self.engine = engine
        self.clock = clock
        #: Shared by everything that writes through this store: the window and its sync.
        self.turns = WriteTurns()
        #: The district's key for hashing ID-card numbers. It comes from the keyring, never from this
        #: database, so a copied database file alone cannot be searched for a number.
        self.id_key = id_key

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def write(self, background: bool = False) -> Iterator[Writer]:
        """One write transaction: commits when the block ends, rolls back on any exception.

        A person's write (the default) waits only for the write or step in progress; ``background``
        writes (the sync's) let any person's write waiting for its turn go first."""
        with self.turns.turn(person=not background), self.engine.connect() as conn:
            if self.engine.dialect.name == "sqlite":
                conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                yield Writer(conn, self.clock)

    @contextmanager
    def write_in_steps(self) -> Iterator[WriteSteps]:
        """A long background write (a sync page) that gives way to a person between its steps: while
        nobody is at work it is one transaction; while someone is (see
        :meth:`WriteTurns.person_active`), each step commits, anyone waiting writes, and the rest
        follows in a new transaction. Use it only where each step is correct
        on its own and the last one carries what marks the whole as done (a page's cursor), so that a
        stop between steps leaves work that is simply done again."""
        steps = WriteSteps(self)
        steps._open()
        try:
            yield steps
        except BaseException as exc:
            steps._close(exc)
            raise
        else:
            steps._close()

    def identity(self) -> DeviceIdentity | None:
        """The enrollment of this laptop, or None before it is enrolled."""
        settings = self.settings()
        device_id = keys.DEVICE_ID.of(settings)
        site_id = keys.SITE_ID.of(settings)
        if device_id is None or site_id is None:
            return None
        return DeviceIdentity(
            device_id=device_id,
            site_id=site_id,
            role=keys.ROLE.of(settings),
            server_url=keys.SERVER_URL.of(settings),
            server_id=keys.SERVER_ID.of(settings),
        )

    def trusted_now(self) -> dt.datetime:
        """The best guess at the real time: the laptop's clock corrected by the offset the server
        reported last, and never before this version was made. Laptop clocks reset to 2000 by a dead
        battery must not stop a coordinator from recording this week's class."""
        offset = keys.CLOCK_OFFSET.of(self.settings())
        now = self.clock.now() + dt.timedelta(seconds=offset)
        return max(now, RELEASED)

    def today(self) -> dt.date:
        """The village's date now, by :meth:`trusted_now`: what "today" and "this week" mean on every
        screen and in every check, whatever time zone the laptop's system is set to."""
        return village_today(self.trusted_now())

    def site_name(self) -> str:
        """The name of this laptop's site ("" before enrollment): headers of sheets and exports."""
        return keys.SITE_NAME.of(self.settings())

    def settings(self) -> dict[str, str]:
        with self.read() as conn:
            rows = conn.execute(select(schema.local_settings)).all()
        return {row.key: row.value for row in rows}


def put_identity(conn: Connection, identity: DeviceIdentity, site_name: str) -> None:
    """Record who this laptop is, inside the caller's transaction: what enrollment writes, and what a
    demo or a test writes for a laptop enrolled without a server."""
    put_settings(
        conn,
        {
            keys.DEVICE_ID: identity.device_id,
            keys.SITE_ID: identity.site_id,
            keys.ROLE: identity.role,
            keys.SERVER_URL: identity.server_url,
            keys.SERVER_ID: identity.server_id,
            keys.SITE_NAME: site_name,
        },
    )


def put_settings(conn: Connection, values: Mapping[keys.Setting[Any] | str, Any]) -> None:
    """Upsert local settings inside the caller's transaction (see :mod:`desktop.storage.settings`)."""
    table = schema.local_settings
    for key, value in keys.as_text(values).items():
        done = conn.execute(update(table).where(table.c.key == key).values(value=value)).rowcount
        if not done:
            conn.execute(insert(table).values(key=key, value=value))
