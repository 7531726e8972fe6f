"""Sync under random faults, as a hypothesis state machine.

Four laptops — two at one village, one at a neighbouring village, one at their town — make random
offline edits and sync in random orders while things go wrong: a request dropped before the server
reads it, an answer lost after the server committed, a push sent twice, a laptop killed while
applying an answer, a server restart, pages of a few rows, clocks days off — and the district moves
the neighbouring village to another town and back, so laptops download their scope again under the
same faults. Whatever happens, once everyone syncs in quiet conditions:

- every laptop holds exactly the server's rows for its scope (convergence), and none outside it;
- every record anyone created is on the server (nothing acknowledged is lost);
- no fact is recorded twice (one mark per session and resident; one row per id);
- every value on the server is one that some laptop actually wrote (nothing invented).

The server runs in-process (its real exchange function, JSON both ways); HTTP itself is covered by
the proxy tests. ``LEARNING_DESK_PROPERTY_EXAMPLES`` raises the effort for long runs (``make stress``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from sqlalchemy import select

from core import protocol, schema
from core.clock import FixedClock
from desktop.cli import export_rows, export_tables
from desktop.services.errors import ServiceError
from desktop.services.people import residents
from desktop.services.week import attendance, courses, sessions
from desktop.storage.engine import open_local_database
from desktop.storage.store import Store
from desktop.sync import client as client_module
from desktop.sync import errors
from desktop.sync.client import SyncClient, enroll
from desktop.sync.credentials import MemoryCredentials
from desktop.sync.errors import SyncError
from server import sync as server_sync
from server.db import open_server_database
from server.scope import scope_for

from wire import NOW, make_district

EXAMPLES = int(os.environ.get("LEARNING_DESK_PROPERTY_EXAMPLES", "25"))
FAULTS = ("none", "drop_request", "drop_response", "duplicate", "crash_in_apply")
NAMES = ("张三", "李秀英", "王建国", "赵六", "陈桂英")
PHONES = ("", "13800000001", "13911112222")


class Crash(Exception):
    """A laptop killed while it applied an answer: its transaction never commits."""


class InProcessTransport:
    """Carries messages to the server's own functions as JSON, with one injectable fault per call."""

    def __init__(self, harness: SyncMachine) -> None:
        self.harness = harness
        self.fault = "none"

    def post(self, path: str, message: dict, token: str | None = None) -> dict:
        fault, self.fault = self.fault, "none"
        body = json.loads(protocol.dumps(message))
        if fault == "drop_request":
            raise SyncError(errors.UNREACHABLE, "dropped")
        h = self.harness
        if path == protocol.ENROLL_PATH:
            return json.loads(protocol.dumps(server_sync.enroll(h.engine, body, h.server_clock)))
        device = server_sync.authenticate(h.engine, token, h.server_clock)
        answer = server_sync.exchange(h.engine, device, body, h.server_clock)
        if fault == "duplicate":
            answer = server_sync.exchange(h.engine, device, body, h.server_clock)
        if fault == "drop_response":
            raise SyncError(errors.UNREACHABLE, "answer lost")
        return json.loads(protocol.dumps(answer))


class Laptop:
    def __init__(self, harness: SyncMachine, name: str, site: uuid.UUID, role: str) -> None:
        self.name = name
        self.clock = FixedClock(NOW)
        self.store = Store(open_local_database(harness.root / name), self.clock)
        self.transport = InProcessTransport(harness)
        creds = MemoryCredentials()
        with harness.engine.begin() as conn:
            from server import admin

            code = admin.enrollment_code(conn, site, role)
        enroll(self.store, self.transport, creds, "inproc://", code, name)
        self.client = SyncClient(
            self.store, self.transport, creds, max_push=7, pull_limit=5, max_pull_limit=5
        )
        self.site = site
        self.role = role


class SyncMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._tmp = tempfile.TemporaryDirectory(prefix="ld-prop-")
        self.root = Path(self._tmp.name)
        self.url = f"sqlite+pysqlite:///{self.root / 'server.sqlite3'}"
        self.server_clock = FixedClock(NOW)
        self.engine, self.sites = make_district(self.url, self.server_clock)
        with self.engine.begin() as conn:
            from server import admin

            self.sites["town2"] = admin.add_site(
                conn, "河包镇社区学校", "town", self.sites["district"]
            )
        self.laptops = [
            Laptop(self, "a1", self.sites["village"], "village"),
            Laptop(self, "a2", self.sites["village"], "village"),
            Laptop(self, "b", self.sites["other_village"], "village"),
            Laptop(self, "town", self.sites["town"], "town"),
        ]
        self.created: dict[str, set[uuid.UUID]] = {
            "residents": set(),
            "sessions": set(),
            "courses": set(),
        }
        self.written_phones: set[str] = set(PHONES)
        self.written_places: set[str] = {""}

    def teardown(self) -> None:
        for laptop in self.laptops:
            laptop.store.engine.dispose()
        self.engine.dispose()
        self._tmp.cleanup()

    # --- offline work -----------------------------------------------------------------------

    laptop_index = st.integers(0, 3)

    @rule(i=laptop_index, name=st.sampled_from(NAMES), phone=st.sampled_from(PHONES))
    def add_resident(self, i: int, name: str, phone: str) -> None:
        person, _ = residents.add_resident(
            self.laptops[i].store, residents.ResidentInput(name, phone=phone)
        )
        self.created["residents"].add(person.id)

    @rule(
        i=laptop_index,
        pick=st.integers(0, 50),
        phone=st.sampled_from(PHONES),
        group=st.sampled_from(["一组", "二组"]),
    )
    def edit_resident(self, i: int, pick: int, phone: str, group: str) -> None:
        laptop = self.laptops[i]
        own = [r for r in residents.search_residents(laptop.store) if r.site_id == laptop.site]
        if not own:
            return
        r = own[pick % len(own)]
        residents.edit_resident(
            laptop.store, r.id, residents.ResidentInput(r.name, phone=phone, village_group=group)
        )

    @rule(i=laptop_index, day=st.integers(0, 6), place=st.sampled_from(["活动室", "文化广场"]))
    def record_session(self, i: int, day: int, place: str) -> None:
        laptop = self.laptops[i]
        # A village's own courses (the town's may be another town's after a move: refused, fine,
        # but not what this machine checks).
        usable = [c for c in courses.list_courses(laptop.store) if c.site_id == laptop.site]
        if not usable:
            course, _ = courses.create_course(
                laptop.store, courses.CourseInput(f"{laptop.name}的课", "culture")
            )
            self.created["courses"].add(course.id)
            usable = [course]
        start = dt.datetime(2026, 11, 23 + day, 14)
        s, _ = sessions.record_session(
            laptop.store,
            sessions.SessionInput(usable[0].id, start, start + dt.timedelta(hours=1), place=place),
        )
        self.created["sessions"].add(s.id)
        self.written_places.add(place)

    @rule(
        i=laptop_index, s_pick=st.integers(0, 50), r_pick=st.integers(0, 50), present=st.booleans()
    )
    def mark(self, i: int, s_pick: int, r_pick: int, present: bool) -> None:
        laptop = self.laptops[i]
        own_sessions = [s for s in sessions.sessions_in_week(laptop.store, dt.date(2026, 11, 23))]
        people = [r for r in residents.search_residents(laptop.store) if r.site_id == laptop.site]
        if not own_sessions or not people:
            return
        s = own_sessions[s_pick % len(own_sessions)]
        r = people[r_pick % len(people)]
        # Another site's session, seen by the town, is not the town's to mark: refused, fine.
        with contextlib.suppress(ServiceError):
            (attendance.mark_present if present else attendance.mark_absent)(
                laptop.store, s.id, r.id
            )

    @rule(i=laptop_index, s_pick=st.integers(0, 50))
    def delete_session(self, i: int, s_pick: int) -> None:
        laptop = self.laptops[i]
        own = sessions.sessions_in_week(laptop.store, dt.date(2026, 11, 23))
        if own:
            with contextlib.suppress(ServiceError):
                sessions.delete_session(laptop.store, own[s_pick % len(own)].id)

    @rule(i=laptop_index, days=st.integers(-4000, 4000))
    def clock_goes_wrong(self, i: int, days: int) -> None:
        self.laptops[i].clock.set(NOW + dt.timedelta(days=days))

    # --- the link ---------------------------------------------------------------------------

    @rule(i=laptop_index, fault=st.sampled_from(FAULTS))
    def sync(self, i: int, fault: str) -> None:
        laptop = self.laptops[i]
        if fault == "crash_in_apply":
            original = client_module._store_pulled

            def crash(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
                original(*args, **kwargs)
                raise Crash()

            client_module._store_pulled = crash
            try:
                laptop.client.sync()
            except Crash:
                pass
            finally:
                client_module._store_pulled = original
            return
        laptop.transport.fault = fault
        try:
            laptop.client.sync()
        except SyncError as exc:
            assert exc.transient, exc

    @rule()
    def rezone(self) -> None:
        """The neighbouring village moves to the other town (or back): the towns and the village
        download their scopes again at their next sync."""
        from server import admin

        with self.engine.connect() as conn:
            parent = conn.execute(
                select(schema.sites.c.parent_id).where(
                    schema.sites.c.id == self.sites["other_village"]
                )
            ).scalar_one()
        to = self.sites["town2"] if parent == self.sites["town"] else self.sites["town"]
        with self.engine.begin() as conn:
            admin.move_site(conn, self.sites["other_village"], to)

    @rule()
    def server_restarts(self) -> None:
        self.engine.dispose()
        self.engine = open_server_database(self.url)

    # --- what must always hold ----------------------------------------------------------------

    @invariant()
    def nothing_outside_scope(self) -> None:
        with self.engine.connect() as conn:
            scopes = {id(lp): scope_for(conn, lp.role, lp.site) for lp in self.laptops}
        for laptop in self.laptops:
            scope = scopes[id(laptop)]
            settings = laptop.store.settings()
            if settings.get("scope", "").split(".")[0] != scope.fingerprint:
                continue  # the tree moved and this laptop has not downloaded its scope again yet
            with laptop.store.read() as conn:
                for table in schema.SYNCED_TABLES:
                    readable = scope.readable_sites(table.name)
                    if readable is None:
                        continue
                    sites = set(conn.execute(select(table.c.site_id)).scalars())
                    if table.name == "sites":
                        continue
                    assert sites <= readable | {laptop.site}, (laptop.name, table.name)

    def teardown_checks(self) -> None:
        """Quiet conditions: everyone syncs until nothing moves, then compare."""
        for laptop in self.laptops:
            laptop.clock.set(NOW)
        for _ in range(3):
            for laptop in self.laptops:
                laptop.client.sync()
        with self.engine.connect() as conn:
            for name, ids in self.created.items():
                table = schema.SYNCED_BY_NAME[name]
                on_server = set(conn.execute(select(table.c.id)).scalars())
                assert ids <= on_server, f"{len(ids - on_server)} {name} lost"
            phones = set(conn.execute(select(schema.residents.c.phone)).scalars())
            places = set(conn.execute(select(schema.sessions.c.place)).scalars())
            marks = conn.execute(
                select(schema.attendance.c.session_id, schema.attendance.c.resident_id)
            ).all()
        assert phones <= self.written_phones and places <= self.written_places, "no invented values"
        assert len(marks) == len(set(marks)), "one mark per session and resident"
        for laptop in self.laptops:
            assert client_module.status.pending_counts(laptop.store) == {}, laptop.name
        same_village = [export_rows(lp.store) for lp in self.laptops[:2]]
        assert same_village[0] == same_village[1], "two laptops of one village converge"
        server_view = self._server_export()
        for laptop in self.laptops:
            mine = export_rows(laptop.store)
            with self.engine.connect() as conn:
                scope = scope_for(conn, laptop.role, laptop.site)
            for table, rows in mine.items():
                readable = scope.readable_sites(table)
                expected = [
                    r
                    for r in server_view[table]
                    if readable is None or uuid.UUID(r["site_id"]) in readable
                ]
                assert rows == expected, (laptop.name, table)

    def _server_export(self) -> dict[str, list[dict]]:
        with self.engine.connect() as conn:
            return export_tables(conn)


@pytest.mark.timeout(60 + 6 * EXAMPLES)
def test_sync_converges_under_random_faults() -> None:
    class Run(SyncMachine):
        def teardown(self) -> None:
            try:
                self.teardown_checks()
            finally:
                super().teardown()

    Run.TestCase.settings = settings(
        max_examples=EXAMPLES,
        stateful_step_count=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    Run.TestCase().runTest()
