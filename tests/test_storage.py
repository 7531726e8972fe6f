"""The laptop's database: created and upgraded by migrations, durable settings, clear refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from core import schema
from core.database import DatabaseTooNew, current_revision, head_revision
from desktop.storage.engine import DatabaseCorrupt, DataFolderNotWritable, open_local_database


def test_empty_folder_gets_the_whole_schema_by_migration(tmp_path: Path) -> None:
    engine = open_local_database(tmp_path / "new")
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert {t.name for t in schema.metadata.sorted_tables} <= tables
    assert "alembic_version" in tables
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_migrated_schema_matches_the_declared_one(tmp_path: Path) -> None:
    """A migration forgotten after a schema change would make these differ."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = open_local_database(tmp_path / "d")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), schema.metadata)
    engine.dispose()
    assert diff == []


def test_reopening_keeps_data_and_does_not_migrate_again(tmp_path: Path) -> None:
    engine = open_local_database(tmp_path / "d")
    with engine.begin() as conn:
        conn.execute(schema.local_settings.insert().values(key="k", value="v"))
    engine.dispose()
    engine = open_local_database(tmp_path / "d")
    with engine.connect() as conn:
        assert conn.execute(text("select value from local_settings where key='k'")).scalar() == "v"
    engine.dispose()


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    bad = folder / "learning-desk.sqlite3"
    bad.write_bytes(b"this is a spreadsheet, not a database" * 100)
    before = bad.read_bytes()
    with pytest.raises(DatabaseCorrupt):
        open_local_database(folder)
    assert bad.read_bytes() == before


def test_a_damaged_database_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    engine = open_local_database(folder)
    engine.dispose()
    path = folder / "learning-desk.sqlite3"
    data = bytearray(path.read_bytes())
    # Keep the header, scribble over the schema page and beyond.
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    for extra in folder.glob("learning-desk.sqlite3-*"):
        extra.unlink()
    with pytest.raises(DatabaseCorrupt):
        open_local_database(folder)


def test_a_database_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    open_local_database(folder).dispose()
    path = folder / "learning-desk.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("update alembic_version set version_num = '9999_from_the_future'")
    with pytest.raises(DatabaseTooNew):
        open_local_database(folder)
    with sqlite3.connect(path) as conn:
        assert (
            conn.execute("select version_num from alembic_version").fetchone()[0]
            == "9999_from_the_future"
        )


def test_a_data_folder_that_cannot_be_created_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(DataFolderNotWritable):
        open_local_database(blocker / "desk")


def test_a_database_from_the_first_release_upgrades_with_its_records(tmp_path: Path) -> None:
    import datetime as dt
    import uuid

    from alembic import command

    from core.database import _alembic_config, create_db_engine, sqlite_url

    folder = tmp_path / "old"
    folder.mkdir()
    engine = create_db_engine(sqlite_url(folder / "learning-desk.sqlite3"))
    command.upgrade(_alembic_config(engine), "0001")
    person = uuid.uuid4()
    with engine.begin() as conn:  # a resident as release 0001 stored it
        conn.execute(
            text(
                "insert into residents (id, site_id, local_rev, synced_rev, pending, deleted,"
                " updated_at, name, gender, phone, village_group, household, tags, notes, search_key)"
                " values (:id, :site, 1, 0, 1, 0, :at, '张三', '', '', '', '', '', '', '张三 zhangsan zs')"
            ),
            {"id": person.hex, "site": uuid.uuid4().hex, "at": dt.datetime(2026, 11, 20)},
        )
    engine.dispose()
    engine = open_local_database(folder)
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        row = conn.execute(
            text("select name, dirty, pending, name_pinyin, search_key, id_hash from residents")
        ).one()
        indexes = {i["name"] for i in inspect(conn).get_indexes("sessions")}
    assert (row.name, row.dirty, row.pending) == ("张三", None, 1)
    # Keys that later releases derive are derived for the old record too, so search finds it.
    assert (row.name_pinyin, row.search_key, row.id_hash) == (
        "zhangsan",
        "张三 zhangsan zs zansan",
        "",
    )
    assert "ix_sessions_start" in indexes
    assert "conflicts" in inspect(engine).get_table_names()
    engine.dispose()


def test_the_integrity_check_runs_after_an_unclean_exit_and_weekly_not_every_start(
    tmp_path: Path,
) -> None:
    from desktop.storage import engine as storage

    folder = tmp_path / "desk"
    storage.open_local_database(folder).dispose()
    assert (folder / storage.IN_USE_MARKER).exists()  # until this process ends
    assert storage._check_due(folder)  # still marked in use: as after a crash
    (folder / storage.IN_USE_MARKER).unlink()  # as a clean exit leaves it
    assert not storage._check_due(folder)
    (folder / storage.IN_USE_MARKER).unlink()
    old = (folder / storage.CHECKED_MARKER).stat().st_mtime - storage.CHECK_EVERY_S - 60
    import os

    os.utime(folder / storage.CHECKED_MARKER, (old, old))
    assert storage._check_due(folder)  # a week without a check


def test_the_database_and_its_journals_are_readable_by_their_user_alone(tmp_path: Path) -> None:
    import stat

    from core.clock import SystemClock
    from desktop.storage.store import Store, put_settings

    def private(path: Path) -> bool:
        return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0

    folder = tmp_path / "desk"
    engine = open_local_database(folder)
    with Store(engine, SystemClock()).write() as w:  # the journal files exist once it is written
        put_settings(w.conn, {"deferred:t:1": "x"})
    db = folder / "learning-desk.sqlite3"
    files = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
    assert all(f.exists() and private(f) for f in files)
    assert private(folder)
    engine.dispose()

    db.chmod(0o644)  # a database made by an earlier version, readable by everyone
    open_local_database(folder).dispose()
    assert private(db)
