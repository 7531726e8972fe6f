"""What the status bar says about syncing, and the Sync button.

The text always answers the coordinator's two questions, read from the local database so it is true
offline: how much is still waiting on this laptop, and when it last reached the district; and, when
something is wrong, what, in one short sentence (the full one is in the tooltip, or in the banner when
a person must act). While a sync runs it says how far it got ("6 of 12 changes sent"), with a progress
bar whose tooltip gives the bytes moved. A laptop clock that the server found to be wrong gets a
visible warning, since dates typed on it may be wrong too. Open conflicts get a button that leads to
them.

Syncing itself belongs to :class:`~desktop.ui.syncing.autosync.AutoSync`; the bar only asks it and listens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QObject,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyle,
    QWidget,
)

from desktop.changes import Changes
from desktop.services.errors import ServiceError
from desktop.sync import errors
from desktop.sync.errors import NOT_ENROLLED, SyncError
from desktop.sync.status import SyncStatus, sync_status
from desktop.ui import formatting as fmt
from desktop.ui.events import Hub, SyncedChanges
from desktop.ui.forms import render
from desktop.ui.syncing.autosync import AutoSync

if TYPE_CHECKING:
    from desktop.storage.store import Store

#: What the status bar says while a failure that mends itself lasts: one short sentence each.
SHORT_TROUBLE = {
    errors.OFFLINE: QT_TRANSLATE_NOOP("SyncBar", "no connection, will try again by itself"),
    errors.UNREACHABLE: QT_TRANSLATE_NOOP(
        "SyncBar", "district server not reachable, will try again by itself"
    ),
    errors.TIMEOUT: QT_TRANSLATE_NOOP(
        "SyncBar", "district server too slow to answer, will try again by itself"
    ),
    errors.SERVER_ERROR: QT_TRANSLATE_NOOP(
        "SyncBar", "district server has a problem, will try again by itself"
    ),
}
#: How the status looks in each state: text colour and the style's icon.
STATE_LOOKS = {
    "offline": ("#b35c00", QStyle.StandardPixmap.SP_MessageBoxWarning),
    "failed": ("#c0392b", QStyle.StandardPixmap.SP_MessageBoxCritical),
}
UNEXPECTED = QT_TRANSLATE_NOOP(
    "SyncBar",
    "The sync stopped because of an unexpected problem (details are in the log). Your records are safe.",
)


class Banner(QFrame):
    """A message that stays until dismissed: sync failures.

    It floats over the bottom edge of the window's content (:meth:`float_over`) instead of taking a
    place in its layout, so nothing under the mouse moves when it comes or goes; another box floating
    there (the undo notice) keeps its place, and the banner sits just above it."""

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
        self._place()
        self.raise_()

    def text(self) -> str:
        return self.label.text() if not self.isHidden() else ""

    def float_over(self, content: QWidget) -> None:
        """Float over the bottom edge of ``content`` from now on."""
        self.setParent(content)
        content.installEventFilter(self)
        self.hide()

    def _floating_siblings(self) -> list[QWidget]:
        parent = self.parentWidget()
        layout = parent.layout() if parent is not None else None
        if parent is None or layout is None:
            return []
        return [
            w
            for w in parent.findChildren(QFrame, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if w is not self and layout.indexOf(w) < 0
        ]

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None or parent.layout() is None or self.isHidden():
            return
        width = max(parent.width() - 24, 120)
        height = max(self.heightForWidth(width), self.minimumSizeHint().height())
        bottom = parent.height() - 12
        for other in self._floating_siblings():
            other.installEventFilter(self)  # to move aside when it comes or goes
            if other.isVisible():
                bottom = min(bottom, other.y() - 6)
        self.setGeometry(12, max(0, bottom - height), width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        moved = (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.Move)
        if watched is not self and event.type() in moved:
            self._place()
        return super().eventFilter(watched, event)


class ElidedLabel(QLabel):
    """One line that, short of room (a small screen, a long sentence), ends in "…" instead of being
    cut off, with the whole text in its tooltip; ``set_detail`` adds a sentence to that tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._detail = ""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        super().setText(text)
        self._update_tip()

    def set_detail(self, detail: str) -> None:
        self._detail = detail
        self._update_tip()

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def _update_tip(self) -> None:
        parts = [self.text()] if self.is_elided() else []
        if self._detail:
            parts.append(self._detail)
        self.setToolTip("\n\n".join(parts))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), 60), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._update_tip()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.palette(),
            self.isEnabled(),
            text,
            self.foregroundRole(),
        )


class SyncBar(QWidget):
    """Status text, progress, clock warning, open conflicts and the Sync button, for the window's
    status bar."""

    # A translated sentence a person should read now (why a sync did not happen).
    failed = Signal(str)
    # The client's report after a successful sync.
    synced = Signal(object)
    # The open-conflicts button was pressed.
    conflicts_clicked = Signal()

    def __init__(
        self, store: Store, hub: Hub, autosync: AutoSync, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.autosync = autosync
        self.status_label = ElidedLabel()
        self.status_label.setObjectName("sync_status")
        # Trouble is seen, not only read: an icon and a colour beside the words (see _show_state).
        self.state_icon = QLabel()
        self.state_icon.setObjectName("sync_state_icon")
        self.state_icon.hide()
        self.progress = QProgressBar()
        self.progress.setObjectName("sync_progress")
        self.progress.setTextVisible(False)
        self.progress.setFixedWidth(120)
        self.progress.setMaximumHeight(12)
        self.progress.hide()
        self.clock_warning = ElidedLabel()
        self.clock_warning.setObjectName("clock_warning")
        self.clock_warning.setStyleSheet("color: #b35c00; font-weight: bold;")
        self.clock_warning.hide()
        # What the last sync moved, for a few seconds after it ("Synced: 3 sent, 2 received.").
        self.note = QLabel()
        self.note.setObjectName("sync_note")
        self.note.setStyleSheet("color: #1a5e20;")
        self.note.hide()
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.timeout.connect(self.note.hide)
        self.conflicts_button = QPushButton()
        self.conflicts_button.setObjectName("conflicts_button")
        self.conflicts_button.setFlat(True)
        self.conflicts_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.conflicts_button.setStyleSheet("color: #b35c00; font-weight: bold;")
        self.conflicts_button.hide()
        self.button = QPushButton()
        self.button.setObjectName("sync_button")
        #: Opens the first-run window (see :meth:`set_enroll`); None where the window offers none.
        self.enroll: Callable[[], None] | None = None
        self.show_button()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.state_icon)
        layout.addWidget(self.status_label)
        layout.addWidget(self.progress)
        layout.addSpacing(16)
        layout.addWidget(self.note)
        layout.addWidget(self.clock_warning)
        layout.addStretch(1)
        layout.addWidget(self.conflicts_button)
        layout.addWidget(self.button)
        self.button.clicked.connect(self.start_sync)
        self.conflicts_button.clicked.connect(self.conflicts_clicked)
        autosync.started.connect(self._started)
        autosync.progressed.connect(self._progress)
        autosync.succeeded.connect(self._succeeded)
        autosync.failed.connect(self._failed)
        autosync.state_changed.connect(self.refresh)
        hub.changed.connect(lambda _changes: self.refresh())
        self.refresh()

    @property
    def running(self) -> bool:
        return self.autosync.running is not None

    # -- the text --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the sync state from the database and say it."""
        if self.running:
            return  # the progress text is more useful while a sync runs
        status = sync_status(self.store)
        self.status_label.setText(self.status_text(status, self.store.clock.now()))
        self.status_label.set_detail(self._problem_sentence(status))
        warning = self.clock_text(status)
        self.clock_warning.setText(warning)
        self.clock_warning.setVisible(bool(warning))
        self._show_state(self.state(status))

    def state(self, status: SyncStatus) -> str:
        """ "offline" while the link or the server is away (it mends itself), "failed" when a
        person must act or the last sync failed, "" when all is well."""
        if self.autosync.paused is not None:
            return "failed"
        trouble = self.autosync.trouble
        if isinstance(trouble, SyncError) and trouble.kind in SHORT_TROUBLE:
            return "offline"
        return "failed" if status.last_error else ""

    def _show_state(self, state: str) -> None:
        colour, icon = STATE_LOOKS.get(state, ("", None))
        self.status_label.setStyleSheet(f"color: {colour};" if colour else "")
        if icon is not None:
            size = self.status_label.fontMetrics().height()
            self.state_icon.setPixmap(self.style().standardIcon(icon).pixmap(size, size))
        self.state_icon.setVisible(icon is not None)

    def status_text(self, status: SyncStatus, now: dt.datetime) -> str:
        """ "12 changes waiting to sync · last synced Nov 29, 14:05" in the user's language, and
        what is wrong, if anything."""
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
        problem = self.problem_text(status)
        return f"{text} · {problem}" if problem else text

    def problem_text(self, status: SyncStatus) -> str:
        """What is wrong, in a few words; "" when nothing is."""
        if self.autosync.paused is not None:
            return self.tr("sync failed, automatic sync paused")
        trouble = self.autosync.trouble
        if isinstance(trouble, SyncError) and trouble.kind in SHORT_TROUBLE:
            return QCoreApplication.translate("SyncBar", SHORT_TROUBLE[trouble.kind])
        if status.last_error:
            return self.tr("last sync failed")
        return ""

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

    def progress_text(self, p: Any) -> str:
        """ "Syncing: 6 of 12 changes sent · 3 received"."""
        sent, to_send = getattr(p, "sent", 0), getattr(p, "to_send", 0)
        received = getattr(p, "received", 0)
        if getattr(p, "redownloading", False):
            return self.tr("Downloading this computer's records again: {n} received").format(
                n=received
            )
        if getattr(p, "first_download", False):
            # A new laptop's first download: the count says it is moving, however long it takes.
            return self.tr("First download from the district: {n} records received").format(
                n=received
            )
        if to_send:
            text = self.tr("Syncing: {sent} of {to_send} changes sent").format(
                sent=sent, to_send=to_send
            )
        else:
            text = self.tr("Syncing: fetching what is new")
        if received:
            text += " · " + self.tr("{n} received").format(n=received)
        return text

    def bytes_text(self, p: Any) -> str:
        """ "6.2 KB sent · 1.1 KB received": how much crossed the wire (compressed)."""
        return self.tr("{sent} sent · {received} received").format(
            sent=fmt.data_size(getattr(p, "bytes_sent", 0)),
            received=fmt.data_size(getattr(p, "bytes_received", 0)),
        )

    def set_conflicts(self, count: int) -> None:
        """Show how many conflicts wait for a person; nothing when none."""
        self.conflicts_button.setText(
            self.tr("1 conflict to look at")
            if count == 1
            else self.tr("{n} conflicts to look at").format(n=count)
        )
        self.conflicts_button.setVisible(count > 0)

    def show_note(self, text: str, msecs: int = 10_000) -> None:
        """A short note beside the status for ``msecs`` (the window's own status-bar messages would
        have no room beside this bar)."""
        self.note.setText(text)
        self.note.show()
        self._note_timer.start(msecs)

    def _problem_sentence(self, status: SyncStatus) -> str:
        problem = self.autosync.paused or self.autosync.trouble
        if problem is not None:
            return sentence_for(problem)
        return status.last_error.render(QCoreApplication.translate) if status.last_error else ""

    # -- syncing ---------------------------------------------------------------------------------

    def set_enroll(self, enroll: Callable[[], None] | None) -> None:
        """What the button does before this laptop has a sync client: open the first-run window
        (``enroll``), rather than only say that the laptop is not enrolled."""
        self.enroll = enroll
        self.show_button()

    def show_button(self) -> None:
        """The button's words: Sync now, or Connect to the district… before enrollment."""
        unenrolled = self.autosync.client is None
        if unenrolled and self.enroll is not None:
            self.button.setText(self.tr("Connect to the district…"))
        else:
            self.button.setText(self.tr("Sync now"))
        self.button.setToolTip(render(SyncError(NOT_ENROLLED).message) if unenrolled else "")

    def start_sync(self) -> None:
        """The Sync button: a sync now, whatever happened before; before enrollment, the first-run
        window."""
        if self.autosync.client is None and self.enroll is not None:
            self.enroll()
            return
        self.autosync.sync_now()

    def _started(self) -> None:
        self.note.hide()
        self._show_state("")
        self.button.setEnabled(False)
        self.button.setText(self.tr("Syncing…"))
        self.status_label.setText(self.tr("Syncing…"))
        self.status_label.set_detail("")
        self.progress.setRange(0, 0)  # busy until the first exchange says how much
        self.progress.setToolTip("")
        self.progress.show()

    def _progress(self, p: Any) -> None:
        self.status_label.setText(self.progress_text(p))
        to_send = getattr(p, "to_send", 0)
        if to_send:
            self.progress.setRange(0, to_send)
            self.progress.setValue(min(getattr(p, "sent", 0), to_send))
        self.progress.setToolTip(self.bytes_text(p))

    def _finish(self) -> None:
        self.progress.hide()
        self.button.setEnabled(True)
        self.show_button()

    def _succeeded(self, report: Any) -> None:
        self._finish()
        synced = SyncedChanges()
        changes = getattr(report, "changes", None)
        if isinstance(changes, Changes):
            synced.merge(changes)
        self.hub.publish(synced)
        self.refresh()
        self.synced.emit(report)

    def _failed(self, error: BaseException, loud: bool) -> None:
        self._finish()
        self.refresh()
        if loud:
            self.failed.emit(sentence_for(error))


def sentence_for(error: BaseException) -> str:
    """Why a sync did not happen, as a translated sentence."""
    if isinstance(error, SyncError | ServiceError):
        return render(error.message)
    # Not the network's or the user's fault: a bug (AutoSync logged the details).
    return QCoreApplication.translate("SyncBar", UNEXPECTED)
