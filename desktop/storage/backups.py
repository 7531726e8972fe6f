"""Backups of the laptop's database: automatic ones in the data folder, a copy for a USB stick, and
putting one back.

A laptop that is dropped, stolen or reinstalled before it synced loses a village's week; a wrong
merge or import can spoil records the server has already taken. So the database is copied:

- once a day (:func:`daily_backup`, by the command line and the window), before every migration
  (``desktop/storage/engine.py``), merge and import (:func:`take_backup`), into ``backups/`` in the
  data folder, rotated (:data:`KEEP`);
- to a file a person names (``learning-desk backup create OUT``, 文件 → 备份到…).

Every copy is taken with SQLite's online backup, in one step: one read transaction, so the copy is
the database as it was at one moment, while the app goes on writing (WAL lets writers past a
reader). It is written under a temporary name, checked, flushed to the disk and only then renamed,
so a copy killed half-way never has a name that looks complete. Copies are one file each
(rollback journal, not WAL), readable by their user alone.

:func:`restore_backup` checks a file before it replaces anything, keeps the records it replaces as
a backup of their own, and replaces them in one SQLite transaction; it also tells the sync client
to download the laptop's scope again before anything else (see :func:`_catch_up`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import secrets
import shutil
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from core import schema
from core.database import StorageError, known_revisions
from core.messages import QT_TRANSLATE_NOOP, UserMessage
from core.vocabulary import village_wall
from desktop.storage import settings as keys

log = logging.getLogger(__name__)

#: The laptop's database in its data folder.
DATABASE_FILE = "learning-desk.sqlite3"
#: The automatic backups' folder inside the data folder.
FOLDER = "backups"
#: How many of each kind are kept, for a database up to :data:`BIG_BYTES` (a village's: 1 MB after
#: six weeks, 5 MB after a year of the demo week, so 15 copies are 75 MB) and above it (a town's,
#: 540 MB for 30 villages × 3 years, nearly all of it the villages' records, which the server gives
#: back in a download). ``daily``: the last days; ``before``: before a migration, merge or import;
#: ``replaced``: what a restore replaced, which may hold work the server never saw.
KEEP = {"daily": 7, "before": 5, "replaced": 3}
KEEP_BIG = {"daily": 2, "before": 2, "replaced": 3}
BIG_BYTES = 64 * 1024 * 1024
#: A copy is checked with ``PRAGMA quick_check`` before it gets its name when the database is at
#: most this big (as on opening: 0.15 s for a village's year; 1.8 s more for a town's 540 MB).
CHECK_BYTES = BIG_BYTES
SUFFIX = ".sqlite3"
#: Left by a copy that was cut off; removed once this old (a younger one may be a copy under way).
STALE_PARTIAL_S = 24 * 3600
#: How long a restore waits for other connections to the database to close.
LOCK_WAIT_S = 5.0

#: The tables whose records a restore names, to tell one backup from another.
COUNTED = ("residents", "sessions", "attendance")

CTX = "Backups"
NOT_A_BACKUP = QT_TRANSLATE_NOOP(
    "Backups", "{file} is not a backup of a Learning Desk laptop's records; nothing was replaced."
)
DAMAGED = QT_TRANSLATE_NOOP(
    "Backups", "{file} is damaged (SQLite's integrity check fails); nothing was replaced."
)
TOO_NEW = QT_TRANSLATE_NOOP(
    "Backups",
    "{file} was made by a newer version of Learning Desk; please update the app first. "
    "Nothing was replaced.",
)
OTHER_SITE = QT_TRANSLATE_NOOP(
    "Backups",
    "{file} holds the records of another site or district ({site}), not this computer's; "
    "nothing was replaced.",
)
IN_USE = QT_TRANSLATE_NOOP(
    "Backups",
    "Learning Desk's records are open in another window or command; close it and try again. "
    "Nothing was replaced.",
)


class BackupRefused(StorageError):
    """A file that cannot be restored, or a restore that cannot run now; nothing was replaced."""

    code = "backup_refused"

    def __init__(self, source: str, path: Path | None = None, **params: object) -> None:
        self.message = UserMessage(CTX, source, file=str(path or ""), **params)
        super().__init__(self.message.render(), path)


@dataclass(frozen=True)
class BackupFacts:
    """What a checked backup holds, for the person about to restore it."""

    path: Path
    site_name: str
    #: Live records: residents, sessions, attendance marks.
    residents: int
    sessions: int
    marks: int
    #: When the file was last written (its own clock's time, village time).
    written: dt.datetime


@dataclass(frozen=True)
class Restored:
    """A restore that happened: what was put back, and where the records it replaced are kept."""

    facts: BackupFacts
    kept: Path | None


# --- copies ------------------------------------------------------------------------------------------


def backup_folder(data_dir: Path) -> Path:
    """The automatic backups' folder, made (or tightened) readable by its user alone."""
    folder = data_dir / FOLDER
    folder.mkdir(mode=0o700, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        folder.chmod(0o700)
    return folder


def copy_database(source: sqlite3.Connection, out: Path, check: bool = True) -> Path:
    """Write a consistent copy of the database open on ``source`` to ``out``: under a temporary
    name, then (checked with ``quick_check`` when ``check``, and flushed) renamed to ``out``, which
    it replaces. A copy cut off anywhere leaves at most a file whose name ends in ``.partial``."""
    partial = out.with_name(f".{out.name}.{secrets.token_hex(4)}.partial")
    # Made readable by its user alone before a byte goes in (a chmod on a USB stick may fail).
    os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    try:
        with contextlib.closing(sqlite3.connect(partial)) as copy:
            source.backup(copy)  # one step: the source as of one moment
            copy.execute("PRAGMA journal_mode=DELETE")  # one file, whatever the source's mode
            if check and copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("the copy does not pass quick_check")
        _flush(partial)
        os.replace(partial, out)
        _flush(out.parent)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return out


def write_backup(data_dir: Path, out: Path) -> Path:
    """Copy the laptop's database to ``out`` (a USB stick, say), replacing a file of that name."""
    with _source(data_dir) as source:
        return copy_database(source, out, _small(data_dir))


def take_backup(data_dir: Path, kind: str, now: dt.datetime | None = None) -> Path:
    """An automatic backup before an operation (``kind``: ``upgrade``, ``merge``, ``import``) in
    the backups folder, named by the village time ``now`` (the laptop's clock by default); older
    ones beyond :data:`KEEP` are removed."""
    folder = backup_folder(data_dir)
    path = _free_name(folder, f"before-{_stamp(now)}-{kind}")
    with _source(data_dir) as source:
        copy_database(source, path, _small(data_dir))
    rotate(data_dir)
    log.info("backed up the database before %s", kind)
    return path


def daily_backup(data_dir: Path, today: dt.date) -> Path | None:
    """Today's automatic backup, unless there is one already (then None)."""
    folder = backup_folder(data_dir)
    path = folder / f"daily-{today.isoformat()}{SUFFIX}"
    if path.exists():
        return None
    with _source(data_dir) as source:
        copy_database(source, path, _small(data_dir))
    rotate(data_dir)
    log.info("took the daily backup")
    return path


def automatic_backups(data_dir: Path) -> list[Path]:
    """The backups kept in the data folder, newest first within each kind."""
    folder = data_dir / FOLDER
    if not folder.is_dir():
        return []
    return [p for kind in KEEP for p in sorted(folder.glob(f"{kind}-*{SUFFIX}"), reverse=True)]


def rotate(data_dir: Path) -> None:
    """Keep the newest backups of each kind (:data:`KEEP`, or :data:`KEEP_BIG` for a big
    database) and remove copies cut off more than a day ago. Names sort by time within a kind."""
    folder = data_dir / FOLDER
    keep = KEEP if _small(data_dir) else KEEP_BIG
    for kind, count in keep.items():
        for old in sorted(folder.glob(f"{kind}-*{SUFFIX}"))[:-count]:
            old.unlink(missing_ok=True)
    for partial in folder.glob(".*.partial*"):  # with the journal of one being prepared
        with contextlib.suppress(OSError):
            if time.time() - partial.stat().st_mtime > STALE_PARTIAL_S:
                partial.unlink()


# --- restoring ------------------------------------------------------------------------------------


def check_backup(data_dir: Path, file: Path) -> BackupFacts:
    """What ``file`` holds, or :class:`BackupRefused` saying why it cannot be restored here. Reads
    a private copy, never the file itself (opening a database can write beside it)."""
    with _candidate(data_dir, file) as candidate:
        return _checked(data_dir, file, candidate)


def restore_backup(data_dir: Path, file: Path, now: dt.datetime | None = None) -> Restored:
    """Replace the laptop's records with the backup ``file``, after checking it (is a SQLite file,
    passes ``PRAGMA integrity_check``, holds a laptop's records of a schema revision this program
    knows, of this laptop's district and site when it is enrolled).

    The records it replaces are first copied to ``backups/replaced-….sqlite3``; then the backup is
    written into the database file in one SQLite transaction, so a kill leaves the old records or
    the new ones, never a mix. No other connection may have the database open meanwhile (the
    window closes its engine first). The caller opens the database afterwards, which upgrades an
    older backup to the current schema."""
    live = data_dir / DATABASE_FILE
    with _candidate(data_dir, file) as candidate:
        facts = _checked(data_dir, file, candidate)
        _catch_up(candidate, _identity(live))
        kept = _replace(data_dir, live, candidate, now)
    log.info("restored a backup; the records it replaced are kept aside")
    return Restored(facts, kept)


def _replace(data_dir: Path, live: Path, candidate: Path, now: dt.datetime | None) -> Path | None:
    """Keep the records at ``live`` aside, then put the ``candidate`` file's in their place.
    Returns where the old ones are kept (None when there were none)."""
    folder = backup_folder(data_dir)
    if not live.exists():
        _drop_journals(live)
        os.replace(candidate, live)
        return None
    try:
        held = _exclusive(live)
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise BackupRefused(IN_USE) from exc
        if not _damage(exc):
            raise
        held = None
    if held is not None:
        with contextlib.closing(held):
            try:
                aside = copy_database(held, _free_name(folder, f"replaced-{_stamp(now)}"))
                with contextlib.closing(sqlite3.connect(candidate, isolation_level=None)) as new:
                    _page_size_of(new, held)
                    new.backup(held)  # one transaction in the live file: the old records or new
                rotate(data_dir)
                return aside
            except sqlite3.DatabaseError as exc:
                if not _damage(exc):
                    raise
    # A file SQLite cannot read whole: kept aside byte for byte (with its WAL), then the backup
    # takes its name. Its journals go first, or SQLite would apply them to the new file.
    aside = _free_name(folder, f"replaced-{_stamp(now)}")
    for part in ("", "-wal"):
        if live.with_name(live.name + part).exists():
            _copy_private(live.with_name(live.name + part), aside.with_name(aside.name + part))
    _drop_journals(live)
    os.replace(candidate, live)
    rotate(data_dir)
    return aside


def _damage(error: sqlite3.DatabaseError) -> bool:
    """Whether SQLite's ``error`` says a file is damaged (as ``engine.is_damage`` reads it)."""
    text = str(error).lower()
    return any(s in text for s in ("malformed", "not a database", "corrupt", "disk image"))


def _copy_private(source: Path, out: Path) -> None:
    os.close(os.open(out, os.O_CREAT | os.O_WRONLY, 0o600))
    shutil.copyfile(source, out)


def _exclusive(live: Path) -> sqlite3.Connection:
    """A connection that holds the database alone (SQLite's exclusive locking mode): refused while
    any other connection, in this process or another, has it open."""
    conn = sqlite3.connect(live, timeout=LOCK_WAIT_S, isolation_level=None)
    try:
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")  # the lock stays: exclusive mode never lets it go
    except BaseException:
        conn.close()
        raise
    return conn


def _page_size_of(new: sqlite3.Connection, live: sqlite3.Connection) -> None:
    """Give the backup the live file's page size: SQLite copies into a WAL database only page for
    page (a copy made by hand may have another size)."""
    size = live.execute("PRAGMA page_size").fetchone()[0]
    if new.execute("PRAGMA page_size").fetchone()[0] != size:
        new.execute(f"PRAGMA page_size={int(size)}")
        new.execute("VACUUM")


@contextlib.contextmanager
def _candidate(data_dir: Path, file: Path) -> Iterator[Path]:
    """A private copy of ``file`` in the backups folder (a USB stick may be slow, shared or pulled
    out; checks and preparations then never touch the person's file), removed afterwards."""
    folder = backup_folder(data_dir)
    path = folder / f".restoring-{secrets.token_hex(4)}.partial"
    try:
        _copy_private(file, path)
        yield path
    finally:
        path.unlink(missing_ok=True)
        for part in ("-journal", "-wal", "-shm"):
            path.with_name(path.name + part).unlink(missing_ok=True)


def _checked(data_dir: Path, file: Path, candidate: Path) -> BackupFacts:
    with candidate.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise BackupRefused(NOT_A_BACKUP, file)
    try:
        with contextlib.closing(sqlite3.connect(candidate, isolation_level=None)) as conn:
            conn.execute("PRAGMA journal_mode=DELETE")  # one file, as the backups are
            if conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
                raise BackupRefused(DAMAGED, file)
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if not {"alembic_version", "local_settings", *COUNTED} <= names:
                raise BackupRefused(NOT_A_BACKUP, file)
            # The app makes no triggers or views: one in a file would run with the laptop's
            # rights on its next write (and could point it at another server), so such a file
            # is not a backup of ours.
            crafted = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type IN ('trigger', 'view')"
            ).fetchone()[0]
            if crafted:
                raise BackupRefused(NOT_A_BACKUP, file)
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if revision is None:
                raise BackupRefused(NOT_A_BACKUP, file)
            if revision[0] not in known_revisions():
                raise BackupRefused(TOO_NEW, file)
            theirs = _settings(conn)
            counts = [
                conn.execute(f"SELECT count(*) FROM {table} WHERE deleted = 0").fetchone()[0]
                for table in COUNTED
            ]
    except sqlite3.DatabaseError as exc:
        raise BackupRefused(DAMAGED, file) from exc
    if not theirs.get(keys.SITE_ID.key) or not theirs.get(keys.SERVER_ID.key):
        raise BackupRefused(NOT_A_BACKUP, file)  # a server's database, or a laptop never enrolled
    mine = _identity(data_dir / DATABASE_FILE)
    if mine and (
        mine[keys.SERVER_ID.key] != theirs[keys.SERVER_ID.key]
        or mine[keys.SITE_ID.key] != theirs[keys.SITE_ID.key]
    ):
        raise BackupRefused(OTHER_SITE, file, site=theirs.get(keys.SITE_NAME.key, ""))
    written = dt.datetime.fromtimestamp(file.stat().st_mtime, dt.UTC)
    return BackupFacts(file, theirs.get(keys.SITE_NAME.key, ""), *counts, village_wall(written))


#: What says who this laptop is and how it reaches its server: carried from the database being
#: replaced into the restored one, so the laptop stays the device its keyring holds a token for
#: (it may have enrolled again since the backup, on a new computer or after a reinstall).
_IDENTITY = (
    keys.DEVICE_ID,
    keys.SITE_ID,
    keys.ROLE,
    keys.SERVER_URL,
    keys.SERVER_ID,
    keys.SITE_NAME,
    keys.ENROLL_NONCE,
    keys.TIMEOUT_SECONDS,
    keys.CA_BUNDLE,
    keys.SERVER_PIN,
)


def _identity(live: Path) -> dict[str, str] | None:
    """The enrollment settings of the database at ``live``; None when it is absent, unreadable or
    not enrolled (then a backup of any site may be restored: there is nothing to compare with)."""
    if not live.exists():
        return None
    try:
        with contextlib.closing(sqlite3.connect(live, timeout=LOCK_WAIT_S)) as conn:
            found = _settings(conn)
    except sqlite3.Error:
        return None
    if not found.get(keys.SITE_ID.key) or not found.get(keys.SERVER_ID.key):
        return None
    return {s.key: found.get(s.key, "") for s in _IDENTITY}


def _settings(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM local_settings").fetchall())


def _catch_up(candidate: Path, identity: dict[str, str] | None) -> None:
    """Prepare the backup to be this laptop's records again, in one transaction of its own file.

    After a restore the laptop holds less than the server: what it synced after the backup was
    taken is on the server, but an ordinary pull never sends a device the rows it wrote itself,
    and deletions pruned since cannot be pulled at all. So the laptop downloads its whole scope
    again, own rows included (the re-download of ``desktop/sync/client.py``), before it sends
    anything; a waiting edit the server already holds is then acknowledged instead of sent again
    (:data:`keys.RESCAN_RESTORED`). The outbox is emptied: its rows are still pending and go in
    a new batch, whereas a batch the server answered from its memory would acknowledge them for a
    version the laptop no longer holds."""
    tables = ",".join(t.name for t in schema.SYNCED_TABLES)
    with contextlib.closing(sqlite3.connect(candidate, isolation_level=None)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("DELETE FROM local_outbox")
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'local_rescan_seen'").fetchone():
            conn.execute("DELETE FROM local_rescan_seen")
        values = {
            keys.RESCAN_TABLES.key: tables,
            keys.RESCAN_CURSOR.key: "0",
            keys.RESCAN_RESTORED.key: keys.RESCAN_RESTORED.text(True),
            **(identity or {}),
        }
        conn.executemany(
            "INSERT OR REPLACE INTO local_settings (key, value) VALUES (?, ?)", values.items()
        )
        conn.execute("COMMIT")


# --- small parts ------------------------------------------------------------------------------------


@contextlib.contextmanager
def _source(data_dir: Path) -> Iterator[sqlite3.Connection]:
    """A connection of its own to the laptop's database, to copy it from."""
    with contextlib.closing(sqlite3.connect(data_dir / DATABASE_FILE, timeout=10)) as conn:
        yield conn


def _small(data_dir: Path) -> bool:
    try:
        return (data_dir / DATABASE_FILE).stat().st_size <= BIG_BYTES
    except OSError:
        return True


def _stamp(now: dt.datetime | None) -> str:
    return village_wall(now or dt.datetime.now(dt.UTC)).strftime("%Y%m%d-%H%M%S")


def _free_name(folder: Path, stem: str) -> Path:
    """``folder/stem.sqlite3``, or with ``-2``, ``-3`` … when two copies share a second."""
    path, n = folder / f"{stem}{SUFFIX}", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}{SUFFIX}"
    return path


def _drop_journals(live: Path) -> None:
    for part in ("-wal", "-shm", "-journal"):
        live.with_name(live.name + part).unlink(missing_ok=True)


def _flush(path: Path) -> None:
    """Make what was written to ``path`` (a file or a folder's entries) reach the disk."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return  # a folder cannot be opened on Windows; its entries are flushed with the file
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
