"""Opening databases: SQLite on the laptop (WAL, foreign keys, durable commits), any SQLAlchemy URL on
the server, always brought to the current schema by Alembic and never by ``create_all``.

Opening a user's file can fail in ways that are the environment's fault, not a bug; each has its own
exception so the app and the CLI can say one clear sentence and leave the file alone.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import sqlite3
import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, OperationalError

from desktop.storage.bulk import restore_indexes

MIGRATIONS = Path(__file__).with_name("migrations")


class StorageError(Exception):
    """A database that cannot be used as it is; ``code`` names the case for translated messages."""

    code = "storage"

    def __init__(self, message: str, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__(message)
        self.path = str(path) if path is not None else None


class DataFolderNotWritable(StorageError):
    code = "data_folder_not_writable"


class DatabaseCorrupt(StorageError):
    code = "database_corrupt"


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


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def create_db_engine(url: str, **kwargs: object) -> Engine:
    """An engine for ``url`` with our SQLite settings applied; no schema work is done here."""
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


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema; refuse a database made by a newer program."""
    script = ScriptDirectory.from_config(_alembic_config())
    current = current_revision(engine)
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise DatabaseTooNew(
            "The database was made by a newer version of Learning Desk; please update the app.",
            engine.url.database,
        )
    command.upgrade(_alembic_config(engine), "head")


def open_local_database(data_dir: Path) -> Engine:
    """Open (creating and upgrading as needed) the laptop's database in ``data_dir``.

    Raises a :class:`StorageError` subclass, with the file untouched, when the folder cannot be
    written, the file is not a database, or the file comes from a newer version.
    """
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataFolderNotWritable(f"Cannot create the data folder {data_dir}.", data_dir) from exc
    if not os.access(data_dir, os.W_OK | os.X_OK):
        raise DataFolderNotWritable(f"The data folder {data_dir} is not writable.", data_dir)
    path = data_dir / "learning-desk.sqlite3"
    if path.exists() and not _looks_like_sqlite(path):
        raise DatabaseCorrupt(f"{path} is not a Learning Desk database (it may be damaged).", path)
    engine = create_db_engine(sqlite_url(path))
    try:
        if _check_due(data_dir):
            _check_integrity(engine, path)
            (data_dir / CHECKED_MARKER).touch()
        upgrade(engine)
        restore_indexes(engine)  # a download killed before it built them again
    except (DatabaseError, OperationalError) as exc:
        engine.dispose()
        if isinstance(exc.orig, sqlite3.OperationalError) and "readonly" in str(exc.orig):
            raise DataFolderNotWritable(f"The database {path} is read-only.", path) from exc
        raise DatabaseCorrupt(f"{path} cannot be read (it may be damaged).", path) from exc
    except StorageError:
        engine.dispose()
        raise
    return engine


#: Present while a program has the database open; left behind by a crash or a kill.
IN_USE_MARKER = "learning-desk.in-use"
#: Touched after each integrity check.
CHECKED_MARKER = "learning-desk.checked"
#: Checked at least this often even after clean exits.
CHECK_EVERY_S = 7 * 24 * 3600


def _check_due(data_dir: Path) -> bool:
    """Whether to run the integrity check now, and mark the database in use until this process
    ends. The check reads the whole file (0.7 s for a town's 500 MB), so it runs after a run that did
    not end cleanly (power cut, kill), on a database never checked, and once a week — not on every
    start, which must stay under 1.5 s."""
    in_use = data_dir / IN_USE_MARKER
    checked = data_dir / CHECKED_MARKER
    due = (
        in_use.exists()
        or not checked.exists()
        or time.time() - checked.stat().st_mtime > CHECK_EVERY_S
    )
    try:
        in_use.touch()
        atexit.register(_unlink_quietly, in_use)
    except OSError:
        return True
    return due


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _looks_like_sqlite(path: Path) -> bool:
    with path.open("rb") as fh:
        header = fh.read(16)
    return header == b"SQLite format 3\x00" or header == b""


def _check_integrity(engine: Engine, path: Path) -> None:
    with engine.connect() as conn:
        result = conn.exec_driver_sql("PRAGMA quick_check").scalar()
    if result != "ok":
        raise DatabaseCorrupt(f"{path} is damaged ({result}).", path)
