"""A district's server database made by the first release upgrades through the migration chain, now
kept in the shared core, with its sites, devices and sequence intact (on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import uuid

from alembic import command
from sqlalchemy import select, text

from core import schema
from core.database import _alembic_config, create_db_engine, current_revision, head_revision
from server.db import SEQ, open_server_database


def test_a_first_release_server_database_upgrades_with_its_rows(server_db_url: str) -> None:
    engine = create_db_engine(server_db_url)
    command.upgrade(_alembic_config(engine), "0001")
    district = uuid.uuid4()
    with engine.begin() as conn:  # a district as release 0001 stored it
        conn.execute(
            text(
                "insert into sites (id, site_id, local_rev, synced_rev, pending, deleted,"
                " updated_at, name, level, parent_id, path, server_seq)"
                " values (:id, :id, 0, 0, false, false, :at, '荣昌区社区学院', 'district', null,"
                " :path, 1)"
            ),
            {
                "id": district if engine.dialect.name == "postgresql" else district.hex,
                "at": dt.datetime(2026, 11, 20),
                "path": f"/{district.hex}/",
            },
        )
        conn.execute(
            text("insert into server_counter (name, value) values (:name, 1)"), {"name": SEQ}
        )
    engine.dispose()

    engine = open_server_database(server_db_url)
    try:
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            names = conn.execute(select(schema.sites.c.name)).scalars().all()
            seq = conn.execute(
                select(schema.server_counter.c.value).where(schema.server_counter.c.name == SEQ)
            ).scalar_one()
        assert names == ["荣昌区社区学院"]
        assert seq == 1, "the sequence goes on from where the old server left it"
    finally:
        engine.dispose()
