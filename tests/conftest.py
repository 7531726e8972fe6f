"""Shared fixtures: every test owns its data folder, its database and, where it needs one, a real
district server on an ephemeral loopback port (on SQLite and on the PostgreSQL this test run starts).

The app's modules are imported inside the fixtures that need them, so the server's own tests
(``tests/server``) run where only the server is installed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from core.clock import FixedClock
from server.app import create_app
from server.embedded import ServerThread
from server.local_postgres import (
    PostgresNotInstalled,
    local_postgres,
    pg_binary,
    scratch_database,
)

from wire import NOW, make_district

if TYPE_CHECKING:
    from desktop.storage.store import Store

    from support import District


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def store(tmp_path: Path, clock: FixedClock) -> Iterator[Store]:
    """A laptop database enrolled (locally only) at a made-up village site."""
    from support import enrolled_store

    made = enrolled_store(tmp_path / "desk", clock)
    yield made
    made.engine.dispose()


# --- PostgreSQL -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on 127.0.0.1 for this test run; yields an admin URL.

    ``LEARNING_DESK_TEST_PG`` may name an existing server instead (a URL to a database whose user can
    create databases)."""
    existing = os.environ.get("LEARNING_DESK_TEST_PG")
    if existing:
        yield existing
        return
    try:
        pg_binary("initdb")
    except PostgresNotInstalled as exc:
        pytest.fail(str(exc))
    with local_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def server_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty server database URL: a SQLite file, or a new database on the test PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite+pysqlite:///{tmp_path / 'server.sqlite3'}"
        return
    with scratch_database(request.getfixturevalue("postgres")) as url:
        yield url


# --- a running district server --------------------------------------------------------------------


@pytest.fixture
def district(server_db_url: str, clock: FixedClock) -> Iterator[District]:
    from support import District

    engine, sites = make_district(server_db_url, clock)
    with ServerThread(create_app(engine, clock)) as srv:
        yield District(f"http://127.0.0.1:{srv.port}", engine, clock, **sites)
    engine.dispose()


@pytest.fixture
def sqlite_district(tmp_path: Path, clock: FixedClock) -> Iterator[District]:
    """The same, on SQLite only: for desktop-side tests that do not exercise server storage."""
    from support import District

    engine, sites = make_district(f"sqlite+pysqlite:///{tmp_path / 'server.sqlite3'}", clock)
    with ServerThread(create_app(engine, clock)) as srv:
        yield District(f"http://127.0.0.1:{srv.port}", engine, clock, **sites)
    engine.dispose()
