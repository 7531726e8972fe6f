"""Shared fixtures: every test owns its data folder, its database and, where it needs one, a real
district server on an ephemeral loopback port (on SQLite and on the PostgreSQL this test run starts)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from desktop.clock import FixedClock
from desktop.storage.store import Store
from server.app import create_app
from server.embedded import ServerThread

from support import NOW, District, enrolled_store, free_port, make_district


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def store(tmp_path: Path, clock: FixedClock) -> Iterator[Store]:
    """A laptop database enrolled (locally only) at a made-up village site."""
    made = enrolled_store(tmp_path / "desk", clock)
    yield made
    made.engine.dispose()


# --- PostgreSQL -----------------------------------------------------------------------------------


def _pg_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        pytest.fail(
            "PostgreSQL is not installed; `make test` installs it (scripts/system-deps.sh test)."
        )
    return str(found[-1])


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on 127.0.0.1 for this test run; yields an admin URL.

    ``LEARNING_DESK_TEST_PG`` may name an existing server instead (a URL to a database whose user can
    create databases)."""
    existing = os.environ.get("LEARNING_DESK_TEST_PG")
    if existing:
        yield existing
        return
    # Not under pytest's temp folder: its parents are private to root, and the server runs as postgres.
    root = Path(tempfile.mkdtemp(prefix="learning-desk-pg-"))
    data = root / "data"
    port = free_port()
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(root, "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [
            *as_postgres,
            _pg_bin("initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
    )
    opts = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    subprocess.run(
        [
            *as_postgres,
            _pg_bin("pg_ctl"),
            "-D",
            str(data),
            "-o",
            opts,
            "-l",
            str(root / "log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*as_postgres, _pg_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgres"])
def server_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty server database URL: a SQLite file, or a new database on the test PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite+pysqlite:///{tmp_path / 'server.sqlite3'}"
        return
    admin_url = request.getfixturevalue("postgres")
    name = f"ld_{uuid.uuid4().hex[:12]}"
    eng = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    with eng.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    eng.dispose()


# --- a running district server --------------------------------------------------------------------


@pytest.fixture
def district(server_db_url: str, clock: FixedClock) -> Iterator[District]:
    engine, sites = make_district(server_db_url, clock)
    with ServerThread(create_app(engine, clock)) as srv:
        yield District(f"http://127.0.0.1:{srv.port}", engine, clock, **sites)
    engine.dispose()


@pytest.fixture
def sqlite_district(tmp_path: Path, clock: FixedClock) -> Iterator[District]:
    """The same, on SQLite only: for desktop-side tests that do not exercise server storage."""
    engine, sites = make_district(f"sqlite+pysqlite:///{tmp_path / 'server.sqlite3'}", clock)
    with ServerThread(create_app(engine, clock)) as srv:
        yield District(f"http://127.0.0.1:{srv.port}", engine, clock, **sites)
    engine.dispose()
