"""What the district server keeps and shows: its database file (which holds the ID-number key) is
readable by its user alone, and the API's description is not published."""

from __future__ import annotations

import stat
from pathlib import Path

import httpx

from core.clock import FixedClock
from server.app import create_app
from server.db import open_server_database
from server.embedded import ServerThread

from wire import NOW


def test_the_server_database_is_readable_by_its_user_alone(tmp_path: Path) -> None:
    path = tmp_path / "server.sqlite3"
    engine = open_server_database(f"sqlite+pysqlite:///{path}")
    try:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0
    finally:
        engine.dispose()


def test_the_api_description_is_not_published(tmp_path: Path) -> None:
    engine = open_server_database(f"sqlite+pysqlite:///{tmp_path / 'server.sqlite3'}")
    with ServerThread(create_app(engine, FixedClock(NOW))) as srv:
        for path in ("/docs", "/redoc", "/openapi.json"):
            assert httpx.get(srv.url + path, timeout=10).status_code == 404, path
    engine.dispose()
