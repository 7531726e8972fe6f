"""The laptop's log: a rotating file in the data folder, for whoever helps a coordinator.

Both programs start it first thing (the window in ``desktop/app.py``, the command line in
``desktop/cli.py``), so a town IT person finds what happened in one place, and
``learning-desk diagnostics`` packs it. The folder and files are readable by their user alone, as
the database is. Log lines name ids, counts and kinds, never a resident's name, phone or ID number,
nor a token or a code: the file leaves the laptop in a diagnostics zip.
"""

from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import IO

#: The log's folder inside the data folder.
LOG_FOLDER = "logs"
LOG_FILE = "learning-desk.log"
#: About 6 MB at most in all: the file and five older ones, 1 MB each.
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_folder(data_dir: Path) -> Path:
    return data_dir / LOG_FOLDER


def log_files(data_dir: Path) -> list[Path]:
    """The log and its older rotations, newest first."""
    folder = log_folder(data_dir)
    names = [LOG_FILE, *(f"{LOG_FILE}.{n}" for n in range(1, BACKUPS + 1))]
    return [folder / name for name in names if (folder / name).is_file()]


class PrivateRotatingFile(RotatingFileHandler):
    """A rotating log whose files are made readable by their user alone (0600), the first one and
    each one a rotation starts alike."""

    def _open(self) -> IO[str]:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)  # noqa: SIM115


class _Console(logging.StreamHandler):
    """The window's copy of the log on stderr, for whoever started it from a terminal: whatever
    ``sys.stderr`` is when a line is written, as Python's own last-resort handler does."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self) -> IO[str]:  # type: ignore[override]
        return sys.stderr


def start_logging(data_dir: Path, to_stderr: bool = False) -> Path | None:
    """Log to ``data_dir/logs/learning-desk.log`` (and to stderr when asked) from here on, instead
    of to any data folder's log before; returns the file, or None when the folder cannot be written
    (the program then says so itself when it opens its database)."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    # Schema upgrades are no coordinator's business, nor their helper's.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    formatter = logging.Formatter(FORMAT)
    if to_stderr and not any(isinstance(h, _Console) for h in root.handlers):
        console = _Console()
        console.setFormatter(formatter)
        root.addHandler(console)
    for old in [h for h in root.handlers if isinstance(h, PrivateRotatingFile)]:
        root.removeHandler(old)
        old.close()
    path = log_folder(data_dir) / LOG_FILE
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.parent.mkdir(mode=0o700, exist_ok=True)
        if path.parent.stat().st_mode & 0o077:
            path.parent.chmod(0o700)
        for file in log_files(data_dir):
            if file.stat().st_mode & 0o077:
                file.chmod(0o600)  # an older install's files, or ones copied in
        handler = PrivateRotatingFile(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(formatter)
    root.addHandler(handler)
    return path
