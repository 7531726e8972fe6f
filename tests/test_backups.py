"""Backups of the laptop's database: taken while the app writes, automatic and rotated, checked
before a restore replaces anything, and a restored older backup that syncs back to exactly what the
server holds, with nothing lost or doubled (on SQLite and PostgreSQL servers)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from core import schema
from core.clock import FixedClock
from core.ids import attendance_id
from desktop import cli
from desktop.cli import export_rows, export_tables
from desktop.services import backups, demo
from desktop.services.demand import requests as req
from desktop.services.people import merges, residents
from desktop.services.spreadsheets import importing
from desktop.services.week import attendance, sessions
from desktop.storage import backups as files
from desktop.storage import settings as keys
from desktop.storage.backups import BackupRefused
from desktop.storage.engine import open_local_database
from desktop.storage.store import Store
from desktop.sync.status import pending_counts
from server.scope import scope_for

from support import Device, District, enrolled_store
from wire import NOW

TUESDAY = dt.datetime(2026, 11, 24, 9)


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def _records(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every synced record a database file holds, as ``export`` writes them (read from a copy
    opened as the app opens it, so an older file is upgraded first)."""
    folder = path.parent / f"opened-{uuid.uuid4().hex[:8]}"
    folder.mkdir()
    (folder / files.DATABASE_FILE).write_bytes(path.read_bytes())
    engine = open_local_database(folder)
    try:
        with engine.connect() as conn:
            return export_tables(conn)
    finally:
        engine.dispose()


def _names(store: Store) -> set[str]:
    with store.read() as conn:
        live = schema.residents.c.deleted.is_(False)
        return set(conn.execute(select(schema.residents.c.name).where(live)).scalars())


def _a_course(store: Store) -> uuid.UUID:
    with store.read() as conn:
        return conn.execute(select(schema.courses.c.id).limit(1)).scalar_one()


def _session(store: Store, at: dt.datetime, topic: str) -> uuid.UUID:
    made, _ = sessions.record_session(
        store,
        sessions.SessionInput(_a_course(store), at, at + dt.timedelta(hours=1), topic=topic),
    )
    return made.id


# --- copies --------------------------------------------------------------------------------------


def test_a_backup_taken_while_the_app_writes_is_one_consistent_private_file(
    store: Store, tmp_path: Path
) -> None:
    """A session and its 20 marks go in per transaction while ten copies are taken: every copy
    passes the integrity check, is one file, and holds whole transactions only."""
    demo.seed_demo(store, weeks=1, today=NOW.date())
    people = [r.id for r in residents.search_residents(store, limit=20)]
    course, site = _a_course(store), store.identity().site_id
    stop = threading.Event()

    def write() -> None:
        n = 0
        while not stop.is_set():
            starts = TUESDAY + dt.timedelta(minutes=n)
            n += 1
            with store.write() as w:
                session = w.insert(
                    schema.sessions,
                    {
                        "site_id": site,
                        "course_id": course,
                        "starts_at": starts,
                        "ends_at": starts + dt.timedelta(hours=1),
                        "topic": "copy-test",
                    },
                )
                for person in people:
                    w.upsert(
                        schema.attendance,
                        attendance_id(session, person),
                        {"site_id": site, "session_id": session, "resident_id": person},
                    )

    writer = threading.Thread(target=write)
    writer.start()
    usb = tmp_path / "usb"
    usb.mkdir()
    try:
        copies = [backups.back_up_to(store, usb / f"copy-{i}.sqlite3") for i in range(10)]
    finally:
        stop.set()
        writer.join()
    written = []
    for copy in copies:
        header = copy.read_bytes()[:20]
        assert header[:16] == b"SQLite format 3\x00" and header[18:20] == b"\x01\x01"  # no WAL
        assert _mode(copy) == 0o600
        with sqlite3.connect(copy) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            counts = conn.execute(
                "SELECT count(a.id) FROM sessions s LEFT JOIN attendance a ON a.session_id = s.id"
                " WHERE s.topic = 'copy-test' GROUP BY s.id"
            ).fetchall()
        assert {n for (n,) in counts} <= {len(people)}
        written.append(len(counts))
    assert written == sorted(written) and written[-1] > written[0]  # taken while writes went on
    assert not [p for p in usb.iterdir() if not p.name.startswith("copy-")]


def test_daily_and_before_operation_backups_are_private_and_rotated(
    store: Store, clock: FixedClock
) -> None:
    folder = backups.data_folder(store) / files.FOLDER
    for day in range(9):
        clock.set(NOW + dt.timedelta(days=day))
        assert backups.back_up_daily(store) is not None
        assert backups.back_up_daily(store) is None  # one a day
    for minute in range(7):
        clock.set(NOW + dt.timedelta(days=9, minutes=minute))
        assert backups.back_up_before(store, "merge") is not None
    kept = sorted(p.name for p in folder.iterdir())
    days = [(NOW + dt.timedelta(days=d)).date().isoformat() for d in range(2, 9)]
    assert kept == [f"before-20261204-14{m}00-merge.sqlite3" for m in range(32, 37)] + [
        f"daily-{day}.sqlite3" for day in days
    ]
    assert _mode(folder) == 0o700
    assert all(_mode(p) == 0o600 for p in folder.iterdir())


def test_a_merge_and_an_import_are_preceded_by_a_backup_of_the_records_before_them(
    store: Store, tmp_path: Path
) -> None:
    one, _ = residents.add_resident(store, residents.ResidentInput("王芳", phone="13800000001"))
    two, _ = residents.add_resident(store, residents.ResidentInput("王 芳", phone="13800000001"))
    merges.merge_residents(store, one.id, two.id)
    folder = backups.data_folder(store) / files.FOLDER
    (before_merge,) = folder.glob("before-*-merge.sqlite3")
    assert {r["name"] for r in _records(before_merge)["residents"] if not r["deleted"]} == {
        "王芳",
        "王 芳",
    }
    sheet = tmp_path / "roster.csv"
    sheet.write_text("姓名,手机\n李秀英,13900000002\n", encoding="utf-8")
    preview = importing.preview_import(store, importing.open_import(sheet, "residents"))
    importing.confirm_import(store, preview)
    (before_import,) = folder.glob("before-*-import.sqlite3")
    assert "李秀英" not in {r["name"] for r in _records(before_import)["residents"]}
    assert "李秀英" in _names(store)


def test_a_database_upgraded_from_an_older_release_is_backed_up_first(tmp_path: Path) -> None:
    from alembic import command

    from core.database import _alembic_config, create_db_engine, current_revision, sqlite_url

    folder = tmp_path / "old"
    folder.mkdir()
    engine = create_db_engine(sqlite_url(folder / files.DATABASE_FILE))
    command.upgrade(_alembic_config(engine), "0001")
    with engine.begin() as conn:
        conn.execute(text("insert into local_settings values ('site_name', '玉屏村')"))
    engine.dispose()
    open_local_database(folder).dispose()
    (before,) = (folder / files.FOLDER).glob("before-*-upgrade.sqlite3")
    old = create_db_engine(sqlite_url(before))
    assert current_revision(old) == "0001"
    old.dispose()
    open_local_database(folder).dispose()  # already current: no second copy
    assert len(list((folder / files.FOLDER).iterdir())) == 1


# --- restoring: refusals -------------------------------------------------------------------------


def _backup_of(store: Store, folder: Path, name: str = "backup.sqlite3") -> Path:
    folder.mkdir(exist_ok=True)
    return backups.back_up_to(store, folder / name)


def _damaged(path: Path) -> Path:
    data = bytearray(path.read_bytes())
    page = 4096
    for at in range(2 * page, len(data) - page, 3 * page):  # break b-tree pages, keep the header
        data[at : at + 64] = b"\xff" * 64
    out = path.with_name("damaged.sqlite3")
    out.write_bytes(bytes(data))
    return out


def _too_new(path: Path) -> Path:
    out = path.with_name("too-new.sqlite3")
    out.write_bytes(path.read_bytes())
    with sqlite3.connect(out) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    return out


def _server_file(path: Path) -> Path:
    """A database of the same schema chain but no laptop's: nobody enrolled."""
    out = path.with_name("server.sqlite3")
    out.write_bytes(path.read_bytes())
    with sqlite3.connect(out) as conn:
        conn.execute("DELETE FROM local_settings")
    return out


def _with_a_trigger(path: Path) -> Path:
    """A laptop's file with a trigger added: it would run on the laptop's next write and point it
    at another server with no key remembered."""
    out = path.with_name("crafted.sqlite3")
    out.write_bytes(path.read_bytes())
    with sqlite3.connect(out) as conn:
        conn.execute(
            "CREATE TRIGGER elsewhere AFTER INSERT ON residents BEGIN "
            "UPDATE local_settings SET value = 'https://evil.example' WHERE key = 'server_url'; END"
        )
    return out


def _spreadsheet(path: Path) -> Path:
    out = path.with_name("周报.xlsx")
    out.write_bytes(b"PK\x03\x04 not a database at all" * 50)
    return out


@pytest.mark.parametrize(
    ("make", "sentence"),
    [
        (_spreadsheet, files.NOT_A_BACKUP),
        (_damaged, files.DAMAGED),
        (_too_new, files.TOO_NEW),
        (_server_file, files.NOT_A_BACKUP),
        (_with_a_trigger, files.NOT_A_BACKUP),
    ],
)
def test_a_file_that_cannot_be_restored_is_one_sentence_and_nothing_is_replaced(
    store: Store, tmp_path: Path, make: Any, sentence: str
) -> None:
    demo.seed_demo(store, weeks=1, today=NOW.date())
    bad = make(_backup_of(store, tmp_path / "usb"))
    before = export_rows(store)
    with pytest.raises(BackupRefused) as refused:
        backups.check_backup(store, bad)
    assert refused.value.message.source == sentence
    with pytest.raises(BackupRefused) as refused:
        backups.restore_backup(store, bad)
    assert refused.value.message.source == sentence
    assert str(bad) in str(refused.value)
    assert export_rows(store) == before
    assert not list((backups.data_folder(store) / files.FOLDER).glob("replaced-*"))
    assert not list((backups.data_folder(store) / files.FOLDER).glob(".*"))


def test_a_backup_of_another_site_is_refused(tmp_path: Path, clock: FixedClock) -> None:
    here = enrolled_store(tmp_path / "here", clock)
    there = enrolled_store(tmp_path / "there", clock)
    residents.add_resident(there, residents.ResidentInput("外村人"))
    elsewhere = _backup_of(there, tmp_path / "usb")
    with pytest.raises(BackupRefused) as refused:
        backups.restore_backup(here, elsewhere)
    assert refused.value.message.source == files.OTHER_SITE
    assert "玉屏村学习中心" in str(refused.value)
    assert _names(here) == set()
    for s in (here, there):
        s.engine.dispose()


def test_a_restore_waits_for_no_one_while_another_program_has_the_records_open(
    store: Store, tmp_path: Path
) -> None:
    residents.add_resident(store, residents.ResidentInput("张三"))
    backup = _backup_of(store, tmp_path / "usb")
    residents.add_resident(store, residents.ResidentInput("李四"))
    other = sqlite3.connect(backups.data_folder(store) / files.DATABASE_FILE)
    other.execute("SELECT count(*) FROM residents").fetchall()  # the window, say, left open
    with pytest.raises(BackupRefused) as refused:
        backups.restore_backup(store, backup)
    assert refused.value.message.source == files.IN_USE
    other.close()
    assert _names(store) == {"张三", "李四"}
    backups.restore_backup(store, backup)
    assert _names(store) == {"张三"}


# --- restoring --------------------------------------------------------------------------------------


def test_a_restore_keeps_the_records_it_replaces_and_can_be_undone_with_them(
    store: Store, tmp_path: Path
) -> None:
    residents.add_resident(store, residents.ResidentInput("张三"))
    backup = _backup_of(store, tmp_path / "usb")
    residents.add_resident(store, residents.ResidentInput("李四"))
    restored = backups.restore_backup(store, backup)
    assert (restored.facts.site_name, restored.facts.residents) == ("玉屏村学习中心", 1)
    assert _names(store) == {"张三"}
    assert restored.kept is not None and _mode(restored.kept) == 0o600
    assert {r["name"] for r in _records(restored.kept)["residents"]} == {"张三", "李四"}
    backups.restore_backup(store, restored.kept)  # the wrong file was restored: take it back
    assert _names(store) == {"张三", "李四"}
    with store.read() as conn:  # the laptop is to download its scope again before it sends
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    settings = store.settings()
    assert keys.RESCAN_RESTORED.of(settings) and keys.RESCAN_CURSOR.of(settings) == 0


def test_the_command_line_backs_up_and_restores_even_over_a_damaged_database(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    store = enrolled_store(tmp_path / "desk", clock)
    residents.add_resident(store, residents.ResidentInput("张三"))
    store.engine.dispose()
    data = ["--data-dir", str(tmp_path / "desk")]
    out = tmp_path / "usb" / "玉屏村.sqlite3"
    out.parent.mkdir()
    assert cli.main([*data, "backup", "create", str(out)]) == 0
    assert f"Wrote a backup of the records to {out}" in capsys.readouterr().out
    assert list((tmp_path / "desk" / files.FOLDER).glob("daily-*.sqlite3"))  # the day's first
    live = tmp_path / "desk" / files.DATABASE_FILE
    live.write_bytes(_damaged(out).read_bytes())  # the laptop's file is damaged
    assert cli.main([*data, "status"]) == 1
    capsys.readouterr()
    assert cli.main([*data, "backup", "restore", str(tmp_path / "nothing-here")]) == 1
    assert "cannot be read" in capsys.readouterr().err
    assert cli.main([*data, "backup", "restore", str(out)]) == 0
    said = capsys.readouterr().out
    assert "Restored the records of 玉屏村学习中心" in said and "1 residents" in said
    assert "kept in" in said
    assert cli.main([*data, "status"]) == 0
    reopened = Store(open_local_database(tmp_path / "desk"), clock)
    assert _names(reopened) == {"张三"}
    reopened.engine.dispose()
    (kept,) = (tmp_path / "desk" / files.FOLDER).glob("replaced-*.sqlite3")
    assert kept.read_bytes() == _damaged(out).read_bytes()  # kept as it was, byte for byte
    assert cli.main([*data, "backup", "restore", str(_too_new(out))]) == 1
    assert "newer version" in capsys.readouterr().err


def test_an_older_backup_is_upgraded_after_it_is_restored(
    tmp_path: Path, clock: FixedClock
) -> None:
    from alembic import command

    from core.database import (
        _alembic_config,
        create_db_engine,
        current_revision,
        head_revision,
        sqlite_url,
    )

    old = tmp_path / "old.sqlite3"
    engine = create_db_engine(sqlite_url(old))
    command.upgrade(_alembic_config(engine), "0001")
    store = enrolled_store(tmp_path / "desk", clock)
    with engine.begin() as conn:  # this laptop, as release 0001 stored it, with one resident
        for key, value in store.settings().items():
            conn.execute(text("insert into local_settings values (:k, :v)"), {"k": key, "v": value})
        conn.execute(
            text(
                "insert into residents (id, site_id, local_rev, synced_rev, pending, deleted,"
                " updated_at, name, gender, phone, village_group, household, tags, notes, search_key)"
                " values (:id, :site, 1, 0, 1, 0, :at, '张三', '', '', '', '', '', '', '')"
            ),
            {"id": uuid.uuid4().hex, "site": store.identity().site_id.hex, "at": TUESDAY},
        )
    engine.dispose()
    store.engine.dispose()
    assert cli.main(["--data-dir", str(tmp_path / "desk"), "backup", "restore", str(old)]) == 0
    engine = open_local_database(tmp_path / "desk")
    assert current_revision(engine) == head_revision()
    reopened = Store(engine, clock)
    assert _names(reopened) == {"张三"}
    assert residents.search_residents(reopened, "zhangsan")  # keys later releases derive
    engine.dispose()


# --- a restored backup, synced ------------------------------------------------------------------------


def _server_view(district: District, device: Device) -> dict[str, list[dict[str, Any]]]:
    identity = device.store.identity()
    with district.engine.connect() as conn:
        scope = scope_for(conn, identity.role, identity.site_id)
        tables = export_tables(conn)
    out = {}
    for name, rows in tables.items():
        readable = scope.readable_sites(name)
        if name != "site_activity":
            out[name] = [r for r in rows if readable is None or uuid.UUID(r["site_id"]) in readable]
    return out


def _laptop_view(device: Device) -> dict[str, list[dict[str, Any]]]:
    return {
        name: rows for name, rows in export_rows(device.store).items() if name != "site_activity"
    }


def _server_counts(district: District) -> dict[str, int]:
    with district.engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in schema.SYNCED_TABLES
            if t.name != "site_activity"
        }


def _tuesday(device: Device) -> dict[str, uuid.UUID]:
    """Tuesday's work, not synced yet: a session with its roll call, a newcomer, a phone number
    corrected, a request filed and taken up."""
    store = device.store
    people = [r.id for r in residents.search_residents(store, limit=12)]
    session = _session(store, TUESDAY, "周二 夏布编织")
    newcomer, _ = residents.add_resident(
        store, residents.ResidentInput("周二新人", birth_year=1960)
    )
    attendance.set_attendance(store, session, [*people, newcomer.id])
    first = residents.get_resident(store, people[0])
    residents.edit_resident(
        store, first.id, residents.ResidentInput(first.name, phone="13912345678")
    )
    request, _ = req.file_request(store, req.RequestInput("梨树修剪技术", "income"))
    req.advance_request(store, request.id, "collected")
    return {"session": session, "newcomer": newcomer.id, "request": request.id}


def test_a_backup_taken_mid_week_restored_and_synced_loses_and_doubles_nothing(
    district: District, tmp_path: Path
) -> None:
    """Monday's work is synced; Tuesday's is waiting when the backup is taken; Wednesday's work is
    synced, with Tuesday's, and another laptop of the village adds its own. Then the backup is
    restored: one sync brings back everything, sends nothing the server has, and the laptop ends
    holding exactly what the server holds, which has every record once."""
    a = district.device(tmp_path, district.village, "village", "a")
    b = district.device(tmp_path, district.village, "village", "b")
    demo.seed_demo(a.store, weeks=1, today=NOW.date())
    a.client.sync()
    tuesday = _tuesday(a)
    backup = _backup_of(a.store, tmp_path / "usb", "mid-week.sqlite3")
    wednesday = _session(a.store, TUESDAY + dt.timedelta(days=1), "周三 健康讲座")
    late, _ = residents.add_resident(a.store, residents.ResidentInput("周三新人"))
    attendance.set_attendance(a.store, wednesday, [late.id, tuesday["newcomer"]])
    req.advance_request(a.store, tuesday["request"], "village_handles")
    a.client.sync()
    b.client.sync()
    residents.add_resident(b.store, residents.ResidentInput("另一台电脑的人"))
    b.client.sync()
    a.client.sync()
    before, counts = _laptop_view(a), _server_counts(district)
    assert before == _server_view(district, a)

    backups.restore_backup(a.store, backup)
    assert "周三新人" not in _names(a.store)
    report = a.client.sync()

    assert report.sent == 0  # Tuesday's changes, waiting in the backup, were on the server already
    assert pending_counts(a.store) == {}
    assert _laptop_view(a) == before == _server_view(district, a)
    assert _server_counts(district) == counts
    assert req.get_request(a.store, tuesday["request"]).status == "village_handles"
    with a.store.read() as conn:
        assert not conn.execute(select(schema.local_outbox)).first()
        assert not conn.execute(select(schema.conflicts)).first()
    assert not {keys.RESCAN_TABLES.key, keys.RESCAN_RESTORED.key} & set(a.store.settings())
    a.client.sync()  # and the next sync is an ordinary one
    assert _laptop_view(a) == _server_view(district, a)


def test_a_lost_laptops_backup_restored_on_a_new_one_sends_what_the_server_lacks_once(
    district: District, tmp_path: Path
) -> None:
    """The laptop is stolen on Wednesday; Tuesday's work never reached the district, but Tuesday's
    backup is on the USB stick. A new laptop, enrolled for the village, restores it and syncs:
    Tuesday's records arrive at the server once, and the new laptop holds what the server holds."""
    lost = district.device(tmp_path, district.village, "village", "lost")
    demo.seed_demo(lost.store, weeks=1, today=NOW.date())
    lost.client.sync()
    tuesday = _tuesday(lost)
    waiting = sum(pending_counts(lost.store).values())
    backup = _backup_of(lost.store, tmp_path / "usb", "tuesday.sqlite3")
    counts = _server_counts(district)

    new = district.device(tmp_path, district.village, "village", "new")
    backups.restore_backup(new.store, backup)
    assert new.store.identity().device_id != lost.store.identity().device_id  # still itself
    report = new.client.sync()

    assert report.sent == waiting and report.rejected == 0
    assert pending_counts(new.store) == {}
    assert _laptop_view(new) == _server_view(district, new)
    after = _server_counts(district)
    assert after["sessions"] == counts["sessions"] + 1
    assert after["residents"] == counts["residents"] + 1
    assert after["attendance"] == counts["attendance"] + 13
    assert req.get_request(new.store, tuesday["request"]).status == "collected"
    fresh = district.device(tmp_path, district.village, "village", "fresh")
    fresh.client.sync()
    assert _laptop_view(fresh) == _laptop_view(new)


def test_an_edit_sent_after_the_backup_and_changed_since_by_another_laptop_is_a_visible_conflict(
    sqlite_district: District, tmp_path: Path
) -> None:
    """What a restored laptop cannot know: whether the edit it holds as waiting was sent after the
    backup and replaced since. Sent again, it wins, and the other laptop's value is kept as a
    conflict a person can restore; the laptops and the server agree."""
    district = sqlite_district
    a = district.device(tmp_path, district.village, "village", "a")
    b = district.device(tmp_path, district.village, "village", "b")
    person, _ = residents.add_resident(
        a.store, residents.ResidentInput("王芳", phone="13800000001")
    )
    a.client.sync()
    residents.edit_resident(
        a.store, person.id, residents.ResidentInput("王芳", phone="13800000002")
    )
    backup = _backup_of(a.store, tmp_path / "usb")
    a.client.sync()
    b.client.sync()
    residents.edit_resident(
        b.store, person.id, residents.ResidentInput("王芳", phone="13800000003")
    )
    b.client.sync()
    backups.restore_backup(a.store, backup)
    a.client.sync()
    b.client.sync()
    assert residents.get_resident(a.store, person.id).phone == "13800000002"
    with a.store.read() as conn:
        lost = conn.execute(select(schema.conflicts.c.lost_value)).scalars().all()
    assert lost == ["13800000003"]
    assert _laptop_view(a) == _laptop_view(b) == _server_view(district, a)
