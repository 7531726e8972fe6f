"""Backups as the coordinator meets them (文件 → 备份到… and 恢复…, ``learning-desk backup``), and
the automatic ones the app takes by itself: daily, and before a merge or an import.

The copying, checking and replacing is ``desktop/storage/backups.py``; this module finds the data
folder from the store and decides what a failed automatic backup means (nothing for the work at
hand: it is logged, and the merge or import goes on).
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from desktop.storage import backups
from desktop.storage.backups import BackupFacts, BackupRefused, Restored
from desktop.storage.store import Store

__all__ = ["BackupFacts", "BackupRefused", "Restored"]

log = logging.getLogger(__name__)


def data_folder(store: Store) -> Path:
    """The data folder of the store's database (where ``backups/`` is)."""
    return Path(store.engine.url.database or ".").resolve().parent


def back_up_to(store: Store, out: Path) -> Path:
    """A copy of the records to ``out`` (a USB stick), consistent while the app goes on writing."""
    return backups.write_backup(data_folder(store), out)


def back_up_before(store: Store, operation: str) -> Path | None:
    """The automatic backup before a merge or an import (``operation``), so a wrong one can be
    undone from the file even after it was synced. A backup that cannot be taken (a full disk)
    is logged and does not stop the work."""
    try:
        return backups.take_backup(data_folder(store), operation, store.clock.now())
    except (OSError, sqlite3.Error):
        log.warning("no backup could be taken before %s", operation, exc_info=True)
        return None


def back_up_daily(store: Store) -> Path | None:
    """Today's automatic backup (the village's day by the laptop's corrected clock), unless it was
    taken already; None then, or when it cannot be taken (logged)."""
    try:
        return backups.daily_backup(data_folder(store), store.today())
    except (OSError, sqlite3.Error, SQLAlchemyError):  # a damaged file: said by the command
        log.warning("the daily backup could not be taken", exc_info=True)
        return None


def check_backup(store: Store, file: Path) -> BackupFacts:
    """What a backup file holds, or :class:`BackupRefused` with the sentence saying why it cannot
    be restored on this laptop."""
    return backups.check_backup(data_folder(store), file)


def restore_backup(store: Store, file: Path) -> Restored:
    """Replace this laptop's records with the backup ``file`` (checked first; the records replaced
    are kept in ``backups/``). The store's connections are closed first, as a restore needs the
    database to itself; the window closes afterwards, since everything it shows and holds in
    memory belongs to the records that were replaced."""
    store.engine.dispose()
    return backups.restore_backup(data_folder(store), file, store.clock.now())
