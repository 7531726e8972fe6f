"""Opening a database with Learning Desk's settings and bringing it to the current schema.

Both programs use this: the laptop on its SQLite file, the server on SQLite or PostgreSQL. The schema
is only ever made by the one Alembic chain in ``core/migrations``, never by ``create_all``, so every
database has one history and an old one upgrades the same way on either side.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event

MIGRATIONS = Path(__file__).with_name("migrations")


class StorageError(Exception):
    """A database that cannot be used as it is; ``code`` names the case for translated messages."""

    code = "storage"

    def __init__(self, message: str, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__(message)
        self.path = str(path) if path is not None else None


class DatabaseTooNew(StorageError):
    code = "database_too_new"


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Take transaction control away from the sqlite3 module so BEGIN is ours (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: a laptop whose battery dies right after "saved" must still have the record.
    cur.execute("PRAGMA synchronous=FULL")
    # 32 MB of page cache instead of 2: a town's register and its million attendance marks have
    # indexes of tens of MB, and a download inserting into them misses a small cache on every row.
    cur.execute("PRAGMA cache_size=-32768")
    cur.close()


def _sqlite_begin(conn) -> None:  # noqa: ANN001 - SQLAlchemy Connection
    # Writers ask for IMMEDIATE so two writers queue on the lock instead of failing half-way with
    # "database is locked" when a read transaction tries to upgrade.
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def keep_private(path: Path) -> None:
    """Make the SQLite file at ``path`` (and its journal files, if any) readable by its owner alone,
    creating it empty when it does not exist yet: it holds residents' names and phones on a laptop,
    and the district's ID-number key on a server. SQLite gives the journal files it creates later
    the main file's permissions."""
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists() and file.stat().st_mode & 0o077:
            file.chmod(0o600)


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def create_db_engine(url: str, **kwargs: object) -> Engine:
    """An engine for ``url`` with our SQLite settings applied; no schema work is done here.

    A statement's values are left out of its errors (``hide_parameters``): an error is logged, and
    the values are residents' names, phones and ID hashes."""
    kwargs.setdefault("hide_parameters", True)
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


@functools.cache
def head_revision() -> str:
    """The newest schema revision this program knows; named in every sync request and answer.
    Cached: reading the migration scripts costs about 12 ms, once per exchange otherwise."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None, "the migration chain has no head"
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@functools.cache
def known_revisions() -> frozenset[str]:
    """Every schema revision of the chain this program knows: a database at any other was made by
    a newer program."""
    return frozenset(
        rev.revision for rev in ScriptDirectory.from_config(_alembic_config()).walk_revisions()
    )


def needs_upgrade(engine: Engine) -> bool:
    """Whether :func:`upgrade` would migrate the database: it holds an older revision of the chain
    (not a new, empty file, nor one made by a newer program)."""
    current = current_revision(engine)
    return current is not None and current != head_revision() and current in known_revisions()


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema; refuse a database made by a newer program."""
    current = current_revision(engine)
    if current is not None and current not in known_revisions():
        raise DatabaseTooNew(
            "The database was made by a newer version of Learning Desk; please update the app.",
            engine.url.database,
        )
    command.upgrade(_alembic_config(engine), "head")
