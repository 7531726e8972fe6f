"""What the status bar says about syncing, and the Sync button that runs a sync off the GUI thread.

The text always answers the coordinator's two questions, read from the local database so it is true
offline: how much is still waiting on this laptop, and when it last reached the district. A laptop clock
that the server found to be wrong gets a visible warning, since dates typed on it may be wrong too.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.services.errors import ServiceError
from desktop.storage.store import Changes, Store
from desktop.sync.errors import NOT_ENROLLED, SyncError
from desktop.sync.status import SyncStatus, sync_status
from desktop.ui import formatting as fmt
from desktop.ui.background import Background
from desktop.ui.events import Hub, SyncedChanges
from desktop.ui.forms import render

log = logging.getLogger(__name__)


class SyncClientLike(Protocol):
    """What the window needs of a sync client (``desktop.sync.client.SyncClient`` or a test fake)."""

    def sync(self, progress: Callable[[Any], None] | None = None) -> Any: ...


class Banner(QFrame):
    """A message across the top of the window that stays until dismissed: sync failures."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QPushButton(self.tr("Dismiss"))
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(self, text: str, error: bool = True) -> None:
        colours = ("#fdecea", "#c0392b") if error else ("#e8f5e9", "#1a5e20")
        self.setStyleSheet(
            f"#banner {{ background: {colours[0]}; border: 1px solid {colours[1]}; "
            f"border-radius: 4px; }} #banner QLabel {{ color: {colours[1]}; }}"
        )
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        return self.label.text() if not self.isHidden() else ""


class SyncBar(QWidget):
    """Status text, clock warning and the Sync button, for the window's status bar."""

    # A translated sentence saying why the last sync did not happen.
    failed = Signal(str)
    # The client's report after a successful sync.
    synced = Signal(object)

    def __init__(
        self,
        store: Store,
        hub: Hub,
        background: Background,
        client: SyncClientLike | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.background = background
        self.client = client
        self.running = False
        self.status_label = QLabel()
        self.status_label.setObjectName("sync_status")
        self.clock_warning = QLabel()
        self.clock_warning.setObjectName("clock_warning")
        self.clock_warning.setStyleSheet("color: #b35c00; font-weight: bold;")
        self.clock_warning.hide()
        self.button = QPushButton(self.tr("Sync now"))
        self.button.setObjectName("sync_button")
        if client is None:
            self.button.setToolTip(render(SyncError(NOT_ENROLLED).message))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.status_label)
        layout.addSpacing(16)
        layout.addWidget(self.clock_warning)
        layout.addStretch(1)
        layout.addWidget(self.button)
        self.button.clicked.connect(self.start_sync)
        hub.changed.connect(lambda _changes: self.refresh())
        self.refresh()

    # -- the text --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the sync state from the database and say it."""
        if self.running:
            return  # the progress text is more useful while a sync runs
        status = sync_status(self.store)
        self.status_label.setText(self.status_text(status, self.store.clock.now()))
        self.status_label.setToolTip(self._last_error(status))
        warning = self.clock_text(status)
        self.clock_warning.setText(warning)
        self.clock_warning.setVisible(bool(warning))

    def status_text(self, status: SyncStatus, now: dt.datetime) -> str:
        """ "12 changes waiting to sync · last synced Nov 29, 14:05" in the user's language."""
        if status.pending == 0:
            waiting = self.tr("Everything is synced")
        elif status.pending == 1:
            waiting = self.tr("1 change waiting to sync")
        else:
            waiting = self.tr("{n} changes waiting to sync").format(n=status.pending)
        if not status.enrolled:
            last = self.tr("not connected to a district yet")
        elif status.last_success is None:
            last = self.tr("never synced")
        else:
            last = self.tr("last synced {when}").format(when=fmt.moment(status.last_success, now))
        text = f"{waiting} · {last}"
        if status.last_error:
            text += " · " + self.tr("last sync failed")
        return text

    def clock_text(self, status: SyncStatus) -> str:
        if not status.clock_is_wrong or status.clock_offset is None:
            return ""
        seconds = status.clock_offset.total_seconds()
        size = abs(seconds)
        if size >= 2 * 86400:
            amount = self.tr("{n} days").format(n=round(size / 86400))
        elif size >= 2 * 3600:
            amount = self.tr("{n} hours").format(n=round(size / 3600))
        else:
            amount = self.tr("{n} minutes").format(n=round(size / 60))
        # The offset is the server's time minus this laptop's: positive means the laptop is behind.
        if seconds > 0:
            return self.tr(
                "Your computer's date is wrong: it is {amount} behind. Please correct the date and time."
            ).format(amount=amount)
        return self.tr(
            "Your computer's date is wrong: it is {amount} ahead. Please correct the date and time."
        ).format(amount=amount)

    def _last_error(self, status: SyncStatus) -> str:
        return status.last_error.render(QCoreApplication.translate) if status.last_error else ""

    # -- syncing ---------------------------------------------------------------------------------

    def start_sync(self) -> None:
        """Run one sync on a worker thread; the button stays disabled until it ends."""
        if self.running:
            return
        if self.client is None:
            self.failed.emit(render(SyncError(NOT_ENROLLED).message))
            return
        client = self.client
        self.running = True
        self.button.setEnabled(False)
        self.button.setText(self.tr("Syncing…"))
        self.status_label.setText(self.tr("Syncing…"))
        self.background.run(
            lambda progress: client.sync(progress=progress),
            on_success=self._succeeded,
            on_failure=self._failed,
            on_progress=self._progress,
        )

    def _progress(self, p: Any) -> None:
        self.status_label.setText(
            self.tr("Syncing: sent {sent} of {to_send}, received {received}").format(
                sent=getattr(p, "sent", 0),
                to_send=getattr(p, "to_send", 0),
                received=getattr(p, "received", 0),
            )
        )

    def _finish(self) -> None:
        self.running = False
        self.button.setEnabled(True)
        self.button.setText(self.tr("Sync now"))

    def _succeeded(self, report: Any) -> None:
        self._finish()
        synced = SyncedChanges()
        changes = getattr(report, "changes", None)
        if isinstance(changes, Changes):
            synced.merge(changes)
        self.hub.publish(synced)
        self.refresh()
        self.synced.emit(report)

    def _failed(self, error: BaseException) -> None:
        self._finish()
        if isinstance(error, SyncError | ServiceError):
            sentence = render(error.message)
        else:
            # Not the network's or the user's fault: a bug. Keep the details for whoever fixes it.
            log.error(
                "sync failed unexpectedly", exc_info=(type(error), error, error.__traceback__)
            )
            sentence = self.tr(
                "The sync stopped because of an unexpected problem (details are in the log). "
                "Your records are safe."
            )
        self.refresh()
        self.failed.emit(sentence)
