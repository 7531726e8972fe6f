"""The window's undo (撤销): Ctrl+Z and a notice with a button, for every bulk action.

A screen that has done a bulk action (a sign-in list started from last time or from everyone
expected, an import, a merge, a deleted session) offers its :class:`~desktop.services.undo.Undo` on the
hub with a sentence saying what it did; it knows nothing of the window. The window keeps one stack of
them (:class:`WindowUndo`): the notice shows the sentence and 撤销 for :data:`NOTICE_MS`, the way
WPS and WeChat users expect, and Ctrl+Z takes back the latest action still on the stack, after the
notice has gone too. Taking back is a write like any other (``desktop/services/undo.py``): it syncs
as a correction, and when it cannot be done the notice says why.

The notice floats over the bottom edge of the window's content instead of taking a place in its
layout, so it never moves what is under the mouse.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.changes import Changes
from desktop.services.errors import ServiceError
from desktop.services.undo import Undo, undo
from desktop.ui.background import Background
from desktop.ui.events import Hub
from desktop.ui.forms import render

if TYPE_CHECKING:
    from desktop.storage.store import Store

#: How long the notice stays: long enough to read a sentence and reach for 撤销.
NOTICE_MS = 10_000
#: How many bulk actions Ctrl+Z can still take back, latest first.
DEPTH = 20

log = logging.getLogger(__name__)

_COLOURS = {
    "offer": ("#fffbe6", "#7a5a00"),
    "done": ("#e8f5e9", "#1a5e20"),
    "warning": ("#fff4e0", "#b35c00"),
}


class UndoNotice(QFrame):
    """A sentence and 撤销 over the bottom edge of ``parent``, for :data:`NOTICE_MS`."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("undo_notice")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setObjectName("undo_button")
        self.undo_button.setToolTip(self.tr("Take this back (Ctrl+Z)"))
        self.close_button = QPushButton("×")
        self.close_button.setFlat(True)
        self.close_button.setToolTip(self.tr("Close"))
        self.close_button.setFixedWidth(28)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.undo_button)
        layout.addWidget(self.close_button)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.hide)
        self.close_button.clicked.connect(self.hide)
        parent.installEventFilter(self)
        self.hide()

    def say(self, text: str, kind: str, offer: bool = False) -> None:
        """Show ``text`` (with 撤销 when ``offer``) for :data:`NOTICE_MS`."""
        back, fore = _COLOURS[kind]
        self.setStyleSheet(
            f"#undo_notice {{ background: {back}; border: 1px solid {fore}; border-radius: 4px; }}"
            f" #undo_notice QLabel {{ color: {fore}; }}"
        )
        self.label.setText(text)
        self.undo_button.setVisible(offer)
        self._place()
        self.show()
        self.raise_()
        self.timer.start(NOTICE_MS)

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def _place(self) -> None:
        """Centred over the bottom edge of the parent, as wide as its sentence allows."""
        parent = self.parentWidget()
        width = min(max(420, self.sizeHint().width()), max(parent.width() - 24, 200))
        height = self.heightForWidth(width) if self.hasHeightForWidth() else -1
        height = max(height, self.sizeHint().height())
        self.setGeometry(
            (parent.width() - width) // 2, parent.height() - height - 12, width, height
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._place()
        return super().eventFilter(watched, event)


class WindowUndo(QObject):
    """One undo stack for the window: bulk actions offered on the hub, taken back latest first by
    the notice's button or Ctrl+Z (``action``, to add to the window)."""

    def __init__(
        self, store: Store, hub: Hub, background: Background, window: QWidget, over: QWidget
    ) -> None:
        super().__init__(window)
        self.store = store
        self.hub = hub
        self.background = background
        #: (what the action wrote, the sentence that said what it did), latest last.
        self.stack: list[tuple[Undo, str]] = []
        self.notice = UndoNotice(over)
        self.action = QAction(self.tr("Undo"), window)
        self.action.setObjectName("undo_action")
        self.action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setEnabled(False)
        self.action.triggered.connect(self.undo_last)
        window.addAction(self.action)
        self.notice.undo_button.clicked.connect(self.undo_last)
        hub.undoable.connect(self.offer)
        self._window = window
        # Only the text boxes of this window that get the keyboard are watched, not every event.
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, QLineEdit) and new.window() is self._window:
            new.installEventFilter(self)  # once: installing again only moves it to the front

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Ctrl+Z in a text box of this window takes back typing while there is typing to take
        back, then the window's last bulk action: after 全部到场 the keyboard is in the sign-in box,
        which would otherwise keep Ctrl+Z for itself with nothing to undo."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
            and isinstance(watched, QLineEdit)
            and not watched.isUndoAvailable()
            and self.action.isEnabled()
        ):
            return True  # not accepted by the box: the window's shortcut takes it
        return super().eventFilter(watched, event)

    def offer(self, record: Undo, said: str) -> None:
        """A bulk action just done: keep it on the stack and say so, with 撤销."""
        self.stack.append((record, said))
        del self.stack[:-DEPTH]
        self.action.setEnabled(True)
        self.notice.say(said, "offer", offer=True)

    def undo_last(self) -> None:
        """Take back the latest action on the stack, or say in words why it cannot be. It runs on
        the window's database thread after the marks still being saved there (they may be of the
        same list, and the check must see them); a big import takes a second or two to take back,
        and the window stays responsive meanwhile."""
        if not self.stack:
            return
        record, said = self.stack.pop()
        self.action.setEnabled(bool(self.stack))

        def done(changes: Changes) -> None:
            self.hub.publish(changes)
            self.notice.say(self.tr("Undone: {what}").format(what=said), "done")

        def refused(error: BaseException) -> None:
            if isinstance(error, ServiceError):
                self.notice.say(render(error.message), "warning")
                return
            log.error("an undo could not be done", exc_info=error)
            self.notice.say(
                self.tr("This could not be undone: {error}").format(error=error), "warning"
            )

        self.background.run_database(
            lambda _progress: undo(self.store, record), on_success=done, on_failure=refused
        )
