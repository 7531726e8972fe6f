"""A first download loads in bulk: the resident index of attendance is built once the rows are in,
the cycle collector rests meanwhile, and pages prepared ahead are stored exactly as pages prepared on
the spot. A download that stops early, by an error or a kill, still leaves every index in place."""

from __future__ import annotations

import datetime as dt
import gc
import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from core import ids, schema
from core.clock import FixedClock
from core.protocol import IncomingRow
from desktop.changes import Changes
from desktop.cli import export_rows
from desktop.services import demo
from desktop.storage import bulk
from desktop.storage.bulk import insert_rows
from desktop.storage.engine import open_local_database
from desktop.storage.settings import DEFERRED_INDEXES
from desktop.storage.store import Store
from desktop.sync import errors
from desktop.sync.client import SyncProgress, _fresh_inserts, _store_pulled
from desktop.sync.errors import SyncError

from support import Device, District, synced_village

DEFERRED = [str(index.name) for index in bulk.DEFERRABLE_INDEXES]
SITE = uuid.UUID(int=1)


def _indexes(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(
            conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'")).scalars()
        )


def _noted(engine: Engine) -> str | None:
    table = schema.local_settings
    with engine.connect() as conn:
        return conn.execute(
            select(table.c.value).where(table.c.key == DEFERRED_INDEXES.key)
        ).scalar_one_or_none()


def _village_and_newcomer(district: District, tmp_path: Path) -> tuple[Device, Device]:
    """A laptop that has sent two weeks of records, and a second laptop of its village, not yet
    synced, whose download comes in many small pages."""
    a = synced_village(district, tmp_path)
    b = district.device(tmp_path, district.village, "village", "b")
    b.client.pull_limit = b.client.max_pull_limit = 40
    return a, b


def test_a_first_download_builds_the_resident_index_after_its_rows(
    sqlite_district: District, tmp_path: Path
) -> None:
    a, b = _village_and_newcomer(sqlite_district, tmp_path)
    seen: list[tuple[bool, bool]] = []

    def page(_: SyncProgress) -> None:
        seen.append((set(DEFERRED) <= _indexes(b.store.engine), gc.isenabled()))

    assert gc.isenabled()
    b.client.sync(page)
    assert len(seen) > 3
    assert seen == [(False, False)] * len(seen), "no resident index and no collector meanwhile"
    assert set(DEFERRED) <= _indexes(b.store.engine) and _noted(b.store.engine) is None
    assert gc.isenabled()
    assert export_rows(a.store) == export_rows(b.store)

    # Later syncs keep the index: only a download from the beginning leaves it out.
    demo.seed_demo(a.store, weeks=1, today=dt.date(2026, 12, 2))
    a.client.sync()
    seen.clear()
    assert b.client.sync(page).received > 0
    assert seen and all(present for present, _ in seen)
    assert export_rows(a.store) == export_rows(b.store)


def test_a_download_cut_off_builds_the_index_and_carries_on_with_it(
    sqlite_district: District, tmp_path: Path
) -> None:
    a, b = _village_and_newcomer(sqlite_district, tmp_path)
    post = b.transport.post
    answered = 0

    def failing(path: str, message: dict, token: str | None = None) -> dict:
        nonlocal answered
        if answered == 3:
            raise SyncError(errors.UNREACHABLE, "connection reset")
        answered += 1
        return post(path, message, token)

    b.transport.post = failing  # type: ignore[method-assign]
    with pytest.raises(SyncError):
        b.client.sync()
    assert set(DEFERRED) <= _indexes(b.store.engine) and _noted(b.store.engine) is None
    assert gc.isenabled()

    b.transport.post = post  # type: ignore[method-assign]
    present: list[bool] = []
    b.client.sync(lambda _: present.append(set(DEFERRED) <= _indexes(b.store.engine)))
    assert present and all(present), "the rest of the download keeps the index"
    assert export_rows(a.store) == export_rows(b.store)


def test_a_laptop_killed_during_its_first_download_builds_the_index_when_it_opens(
    tmp_path: Path, clock: FixedClock
) -> None:
    engine = open_local_database(tmp_path / "desk")
    with Store(engine, clock).write() as w:  # what the sync commits before its first page
        bulk.defer_indexes(w.conn)
    assert not set(DEFERRED) & _indexes(engine) and _noted(engine)
    engine.dispose()  # killed: nothing after this ran

    engine = open_local_database(tmp_path / "desk")
    assert set(DEFERRED) <= _indexes(engine) and _noted(engine) is None
    engine.dispose()


def test_a_sync_gives_the_cycle_collector_back_as_it_found_it(
    sqlite_district: District, tmp_path: Path
) -> None:
    b = sqlite_district.device(tmp_path, sqlite_district.village, "village", "b")
    b.credentials.delete_token(b.store.identity().device_id.hex)
    with pytest.raises(SyncError):
        b.client.sync()
    assert gc.isenabled(), "on after a failed sync"
    gc.disable()
    try:
        with pytest.raises(SyncError):
            b.client.sync()
        assert not gc.isenabled(), "off when it was off"
    finally:
        gc.enable()


def _attendance(session: uuid.UUID, resident: uuid.UUID, **row: object) -> dict:
    return {
        "id": ids.attendance_id(session, resident),
        "site_id": SITE,
        "session_id": session,
        "resident_id": resident,
        "present": True,
        "local_rev": 0,
        "synced_rev": 0,
        "pending": False,
        "server_seq": 5,
        "deleted": False,
        "updated_at": dt.datetime(2026, 11, 23, 12),
        **row,
    }


def test_rows_prepared_ahead_are_stored_as_rows_prepared_on_the_spot(
    tmp_path: Path, clock: FixedClock
) -> None:
    session = uuid.UUID(int=2)
    synced, edited, new = (uuid.UUID(int=n) for n in (10, 11, 12))
    held = [
        _attendance(session, synced),
        # Marked absent here, not sent yet: the server's "present" must not overwrite it.
        _attendance(
            session, edited, present=False, local_rev=1, pending=True, dirty={"present": 1}
        ),
    ]
    page = [
        (
            "attendance",
            IncomingRow(
                ids.attendance_id(session, resident),
                seq,
                False,
                {"site_id": SITE, "session_id": session, "resident_id": resident, "present": mark},
            ),
        )
        for resident, seq, mark in ((synced, 7, False), (edited, 8, True), (new, 9, True))
    ]
    now = dt.datetime(2026, 11, 30, 8)
    stored = []
    for name, ahead in (("spot", False), ("ahead", True)):
        engine = open_local_database(tmp_path / name)
        with Store(engine, clock).write() as w:
            insert_rows(w.conn, schema.attendance, held)
        with Store(engine, clock).write() as w:
            fresh = _fresh_inserts(engine.dialect, page, now) if ahead else None
            _store_pulled(w.conn, page, now, Changes(), fresh)
        with engine.connect() as conn:
            rows = conn.execute(select(schema.attendance).order_by(schema.attendance.c.id))
            stored.append({r.resident_id: r._asdict() for r in rows})
        engine.dispose()
    spot, ahead_rows = stored
    assert spot == ahead_rows
    assert set(spot) == {synced, edited, new}
    assert (spot[synced]["present"], spot[synced]["server_seq"]) == (False, 7)
    assert (spot[edited]["present"], spot[edited]["pending"]) == (False, True)
    assert spot[new]["server_seq"] == 9 and spot[new]["updated_at"] == now
    assert not spot[new]["pending"] and spot[new]["local_rev"] == 0
