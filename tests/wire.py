"""Helpers that need only the shared core and the server, so the server's own tests run where the app
is not installed (``make check-installs``): the tests' moment, free ports, a demo tree, wire rows.
"""

from __future__ import annotations

import datetime as dt
import socket
import uuid
from typing import Any

from sqlalchemy import Engine

from core.clock import FixedClock
from server import admin
from server.db import open_server_database

NOW = dt.datetime(2026, 11, 25, 6, 30, tzinfo=dt.UTC)  # a Wednesday, 14:30 in the villages


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_district(url: str, clock: FixedClock) -> tuple[Engine, dict[str, uuid.UUID]]:
    engine = open_server_database(url)
    with engine.begin() as conn:
        d = admin.add_site(conn, "荣昌区社区学院", "district")
        t = admin.add_site(conn, "昌元街道社区学校", "town", d)
        v = admin.add_site(conn, "玉屏村学习中心", "village", t)
        o = admin.add_site(conn, "荣升村学习中心", "village", t)
    return engine, {"district": d, "town": t, "village": v, "other_village": o}


def resident_values(site_id: uuid.UUID, name: str, **fields: Any) -> dict[str, Any]:
    """A resident's wire fields as a push carries them: ``fields`` given, the rest left empty."""
    return {
        "site_id": site_id,
        "name": name,
        "gender": "",
        "birth_year": None,
        "phone": "",
        "village_group": "",
        "household": "",
        "tags": "",
        "notes": "",
        "id_hash": "",
        "id_last4": "",
        "merged_into": None,
        **fields,
    }
