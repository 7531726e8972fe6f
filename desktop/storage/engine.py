"""Opening the laptop's database in the user's data folder, upgraded by the one migration chain
(``core.database``), checked for damage after an unclean exit, with its bulk-load indexes restored
and its search keys derived by this version.

Opening a user's file can fail in ways that are the environment's fault, not a bug; each has its own
exception so the app and the CLI can say one clear sentence and leave the file alone.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import sqlite3
import time
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError

from core.database import (
    StorageError,
    create_db_engine,
    keep_private,
    needs_upgrade,
    sqlite_url,
    upgrade,
)
from desktop.storage.backups import DATABASE_FILE, take_backup
from desktop.storage.bulk import restore_indexes
from desktop.storage.derived import refresh_search_keys

log = logging.getLogger(__name__)


class DataFolderNotWritable(StorageError):
    code = "data_folder_not_writable"


class DatabaseCorrupt(StorageError):
    code = "database_corrupt"

    @classmethod
    def unreadable(cls, path: str | os.PathLike[str]) -> DatabaseCorrupt:
        """The one sentence for a database that cannot be read, wherever the damage shows."""
        return cls(f"{path} cannot be read (it may be damaged).", path)


def open_local_database(data_dir: Path) -> Engine:
    """Open (creating and upgrading as needed) the laptop's database in ``data_dir``.

    Raises a :class:`StorageError` subclass, with the file untouched, when the folder cannot be
    written, the file is not a database, or the file comes from a newer version.
    """
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise DataFolderNotWritable(f"Cannot create the data folder {data_dir}.", data_dir) from exc
    if not os.access(data_dir, os.W_OK | os.X_OK):
        raise DataFolderNotWritable(f"The data folder {data_dir} is not writable.", data_dir)
    path = data_dir / DATABASE_FILE
    if path.exists() and not _looks_like_sqlite(path):
        raise DatabaseCorrupt(f"{path} is not a Learning Desk database (it may be damaged).", path)
    try:
        keep_private(path)
    except OSError as exc:
        raise DataFolderNotWritable(f"The database {path} cannot be made private.", path) from exc
    engine = create_db_engine(sqlite_url(path))
    try:
        # A village's file is read whole in a few tens of ms, so it is checked on every open; a
        # town's (hundreds of MB) after an unclean exit and once a week (see _check_due).
        due = _check_due(data_dir)
        if due or path.stat().st_size <= CHECK_ALWAYS_BYTES:
            _check_integrity(engine, path)
        if due:
            (data_dir / CHECKED_MARKER).touch()
        if needs_upgrade(engine):
            _back_up_before_upgrade(data_dir)
        upgrade(engine)
        restore_indexes(engine)  # a download killed before it built them again
        refresh_search_keys(engine)  # keys an older version derived
    # UnicodeDecodeError and a bare sqlite3 error: a damaged schema, read before SQLAlchemy wraps.
    except (DatabaseError, UnicodeDecodeError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        cause = getattr(exc, "orig", exc)
        if isinstance(cause, sqlite3.OperationalError) and "readonly" in str(cause):
            raise DataFolderNotWritable(f"The database {path} is read-only.", path) from exc
        raise DatabaseCorrupt.unreadable(path) from exc
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
#: A database this small is checked on every open.
CHECK_ALWAYS_BYTES = 64 * 1024 * 1024


def is_damage(error: BaseException) -> bool:
    """Whether ``error`` (from any command, at any point) says the database file is damaged: found
    on opening, or met later on a page the opening check did not read."""
    if isinstance(error, DatabaseCorrupt):
        return True
    cause = getattr(error, "orig", None) or error
    if isinstance(cause, UnicodeDecodeError):
        return True
    if isinstance(cause, sqlite3.DatabaseError) and not isinstance(cause, sqlite3.ProgrammingError):
        text = str(cause).lower()
        return any(s in text for s in ("malformed", "not a database", "corrupt", "disk image"))
    return False


def _back_up_before_upgrade(data_dir: Path) -> None:
    """A copy of the database as this older version left it, in case a migration goes wrong. One
    that cannot be taken (a full disk) does not stop the upgrade, which runs in a transaction."""
    try:
        take_backup(data_dir, "upgrade")
    except (OSError, sqlite3.Error):
        log.warning("no backup could be taken before the upgrade", exc_info=True)


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
        # One sentence for the person; SQLite's page-by-page findings go to the log for whoever helps.
        log.error("integrity check of %s failed:\n%s", path, result)
        raise DatabaseCorrupt.unreadable(path)
