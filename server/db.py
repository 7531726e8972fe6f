"""The server's database: the shared schema plus its own tables, on SQLite or PostgreSQL."""

from __future__ import annotations

import os
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, insert, select

from core import schema
from core.database import create_db_engine, keep_private, upgrade

ENV_DB = "LEARNING_DESK_SERVER_DB"
DEFAULT_DB = "sqlite+pysqlite:///learning-desk-server.sqlite3"
SEQ = "seq"
#: Sync exchanges one server process runs at once (``server.app``). Each holds a connection from its
#: start to its commit, and pushes queue on the sequence lock anyway, so more at once would only
#: hold more connections; past the pool's size they would wait for one and fail after its timeout
#: (a 500 for a laptop that did nothing wrong). Further exchanges wait in the event loop instead.
EXCHANGES_AT_ONCE = 8
#: Connections per server process (PostgreSQL): the exchanges above, plus room for the short
#: look-ups (a token, the hello) that run beside them.
POOL_SIZE = 10
POOL_OVERFLOW = 10


def database_url(explicit: str | None = None) -> str:
    """``--db`` first, then ``LEARNING_DESK_SERVER_DB``, then a SQLite file in the working folder."""
    return explicit or os.environ.get(ENV_DB) or DEFAULT_DB


#: The district's key for hashing ID-card numbers: every device gets it at enrollment, so the same
#: number hashes alike on every laptop (duplicates are found across villages) while a stolen laptop
#: database alone cannot be searched for a number.
ID_KEY = "id_hash_key"
#: The district's key for sync bundles (``core/bundles.py``): every device gets it at enrollment, so
#: a town laptop can read what a village's bundle holds, while a lost USB stick shows nothing.
BUNDLE_KEY = "bundle_key"
#: The highest sequence number among the tombstones pruned so far (``server/admin.py``): a device
#: whose cursor is below it may hold a record whose deletion it can no longer pull.
PRUNED_SEQ = "pruned_seq"


def open_server_database(url: str) -> Engine:
    """Open the server database, migrating it to the current schema and seeding its own rows."""
    options = (
        {}
        if url.startswith("sqlite")
        else {"pool_pre_ping": True, "pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW}
    )
    engine = create_db_engine(url, **options)
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        keep_private(Path(engine.url.database))  # it holds the district's ID-number key
    upgrade(engine)
    with engine.begin() as conn:
        counter = schema.server_counter
        if conn.execute(select(counter.c.value).where(counter.c.name == SEQ)).first() is None:
            conn.execute(insert(counter).values(name=SEQ, value=0))
        if get_meta(conn, "server_id") is None:
            put_meta(conn, "server_id", uuid.uuid4().hex)
        if get_meta(conn, ID_KEY) is None:
            put_meta(conn, ID_KEY, secrets.token_hex(32))
        if get_meta(conn, BUNDLE_KEY) is None:
            put_meta(conn, BUNDLE_KEY, secrets.token_hex(32))
    return engine


def get_meta(conn: Connection, key: str) -> str | None:
    t = schema.server_meta
    return conn.execute(select(t.c.value).where(t.c.key == key)).scalar()


def put_meta(conn: Connection, key: str, value: str) -> None:
    t = schema.server_meta
    if conn.execute(t.update().where(t.c.key == key).values(value=value)).rowcount == 0:
        conn.execute(insert(t).values(key=key, value=value))


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that will write: on SQLite it takes the write lock up front."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            yield conn
