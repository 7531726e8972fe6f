"""文件 → 备份到… and 恢复… in the window, and its daily backup.

Copying and restoring run off the GUI thread (a town's file is hundreds of MB). After a restore
the window closes and the coordinator opens it again, rather than reopening the database under a
running window: every view, the undo stack, the sync controller and open dialogs hold what they
read from the records that were replaced (an undo of a merge made before the restore would write
it into the restored ones), and closing is the one way to be sure none of it is written back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from desktop.services.backups import (
    BackupFacts,
    Restored,
    back_up_daily,
    back_up_to,
    check_backup,
    data_folder,
    restore_backup,
)
from desktop.ui.background import Background
from desktop.ui.forms import render

if TYPE_CHECKING:
    from desktop.storage.store import Store
    from desktop.ui.syncing.autosync import AutoSync

log = logging.getLogger(__name__)

#: How often an open window checks whether today's backup is taken (a window left open for days).
DAILY_CHECK_MS = 3600 * 1000
#: The first check waits this long after the window opens, so it does not slow the start.
FIRST_CHECK_MS = 20 * 1000
SUFFIX = ".sqlite3"


def keep_daily_backups(parent: QObject, store: Store, background: Background) -> QTimer:
    """Take today's backup soon after the window opens and whenever a new day has begun, off the
    GUI thread; returns the timer (owned by ``parent``)."""

    def run() -> None:
        background.run(lambda _progress: back_up_daily(store), on_success=_quiet, on_failure=_quiet)

    timer = QTimer(parent)
    timer.setInterval(DAILY_CHECK_MS)
    timer.timeout.connect(run)
    timer.start()
    QTimer.singleShot(FIRST_CHECK_MS, timer, run)
    return timer


def _quiet(_result: Any) -> None:
    """A daily backup's outcome is logged where it happens; nobody is waiting for it."""


def _sentence(error: BaseException) -> str:
    message = getattr(error, "message", None)
    return render(message) if message is not None else str(error)


class BackupMenu(QObject):
    """The two File menu entries: a copy to a USB stick, and putting a copy back."""

    def __init__(
        self,
        window: QWidget,
        store: Store,
        background: Background,
        autosync: AutoSync,
        close_window: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.background = background
        self.autosync = autosync
        self.close_window = close_window

    def back_up(self) -> None:
        """Ask where to write a backup (a USB stick), then write it off the GUI thread."""
        suggested = f"learning-desk-{self.store.today().isoformat()}{SUFFIX}"
        name, _ = QFileDialog.getSaveFileName(
            self.window, self.tr("Back up to"), suggested, self.tr("Backup (*.sqlite3)")
        )
        if name:
            self.write_backup(Path(name if name.endswith(SUFFIX) else name + SUFFIX))

    def write_backup(self, path: Path) -> None:
        def written(out: Path) -> None:
            QMessageBox.information(
                self.window,
                self.tr("Back up"),
                self.tr(
                    "The backup was saved to {path}. Keep it somewhere safe: it holds residents' "
                    "names and phone numbers."
                ).format(path=out),
            )

        def failed(error: BaseException) -> None:
            QMessageBox.warning(
                self.window,
                self.tr("Back up"),
                self.tr("The backup could not be written: {reason}").format(
                    reason=_sentence(error)
                ),
            )

        self.background.run(
            lambda _progress: back_up_to(self.store, path), on_success=written, on_failure=failed
        )

    def restore(self) -> None:
        """Ask for a backup file, check it, say what it holds, and replace the records with it
        once the coordinator agrees."""
        if self.autosync.running is not None:
            QMessageBox.information(
                self.window,
                self.tr("Restore"),
                self.tr("A sync is under way; please restore the backup when it has finished."),
            )
            return
        name, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Restore a backup"),
            str(data_folder(self.store) / "backups"),
            self.tr("Backup (*.sqlite3);;All files (*)"),
        )
        if name:
            self.check(Path(name))

    def check(self, path: Path) -> None:
        self.background.run(
            lambda _progress: check_backup(self.store, path),
            on_success=self.confirm,
            on_failure=self._refused,
        )

    def confirm(self, facts: BackupFacts) -> None:
        answer = QMessageBox.question(
            self.window,
            self.tr("Restore"),
            self.tr(
                "Replace the records on this computer with the backup {file}?\n\n"
                "It holds {residents} residents, {sessions} sessions and {marks} attendance marks "
                "of {site}, saved {when}.\n\n"
                "The records on this computer now are kept in the backups folder. Learning Desk "
                "closes afterwards; open it again, and its next sync fetches what the district "
                "holds and sends what it lacks."
            ).format(
                file=facts.path,
                residents=facts.residents,
                sessions=facts.sessions,
                marks=facts.marks,
                site=facts.site_name,
                when=facts.written.strftime("%Y-%m-%d %H:%M"),
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.replace(facts.path)

    def replace(self, path: Path) -> None:
        """Stop syncing, restore on the database thread (after the marks still being saved),
        then close the window; a refusal leaves everything as it was."""
        self.autosync.stop()
        busy = QProgressDialog(self.tr("Restoring the backup…"), "", 0, 0, self.window)
        busy.setCancelButton(None)
        busy.setWindowModality(Qt.WindowModality.WindowModal)
        busy.setMinimumDuration(0)
        busy.show()

        def restored(result: Restored) -> None:
            busy.close()
            QMessageBox.information(
                self.window,
                self.tr("Restore"),
                self.tr(
                    "The backup was restored. The records this computer held until now are kept "
                    "in {path}. Learning Desk closes now: please open it again."
                ).format(path=result.kept or data_folder(self.store) / "backups"),
            )
            self.close_window()

        def failed(error: BaseException) -> None:
            busy.close()
            self._refused(error)
            self.autosync.resume()

        self.background.run_database(
            lambda _progress: restore_backup(self.store, path),
            on_success=restored,
            on_failure=failed,
        )

    def _refused(self, error: BaseException) -> None:
        """The sentence of a refused backup (in the window's language), or why it failed."""
        message = getattr(error, "message", None)
        if message is not None:
            text = render(message)
        elif isinstance(error, OSError):
            text = self.tr("The file cannot be read ({reason}); nothing was replaced.").format(
                reason=error.strerror or error
            )
        else:
            log.warning("a backup could not be restored: %s", type(error).__name__)
            text = self.tr("The backup could not be restored ({reason}); nothing was replaced.")
            text = text.format(reason=error)
        QMessageBox.warning(self.window, self.tr("Restore"), text)
