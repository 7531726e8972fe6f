"""Red sentences next to form fields: how a dialog shows :class:`InvalidInput` from a use case; and a
time field that reads a time the way people type one.

The use case validates (the UI does not repeat its rules); the form only puts each message under the
field it belongs to, in the user's language, and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QSize, QTime, QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from core.messages import UserMessage
from desktop.ui.display import FRAME_ALLOWANCE, available_area

ERROR_STYLE = "color: #c0392b;"


def render(message: UserMessage | str) -> str:
    """A service's sentence in the user's language."""
    if isinstance(message, UserMessage):
        return message.render(QCoreApplication.translate)
    return message


def make_room(window: QWidget) -> None:
    """Grow ``window`` to the height its wrapped lines need at its width, within its screen.

    Qt sizes a window by its layout's minimum, which leaves out how many lines wrapped text takes
    at the window's actual width: an error under a field, or a long name, would be cut off."""
    layout = window.layout()
    if layout is None or not window.isVisible():
        return
    layout.activate()
    if not layout.hasHeightForWidth():
        return
    needed = layout.totalHeightForWidth(window.width())
    room = available_area(window).height() - FRAME_ALLOWANCE.height()
    if needed > window.height():
        window.resize(window.width(), min(needed, max(room, window.height())))


def error_label(parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def _show_whole(label: QLabel) -> None:
    """Show ``label`` as tall as its wrapped lines at the width its row gives it: a form layout
    would otherwise give it one line, whatever the sentence."""
    label.show()
    parent = label.parentWidget()
    width = parent.contentsRect().width() if parent is not None and parent.isVisible() else 0
    if width > 0:
        label.setMinimumHeight(label.heightForWidth(width))


class FieldErrors:
    """One hidden red label per field, plus one for problems that belong to no visible field."""

    def __init__(self) -> None:
        self._labels: dict[str, QLabel] = {}
        self.general = error_label()
        self.general.setObjectName("error_general")

    def wrap(self, field: str, widget: QWidget) -> QWidget:
        """``widget`` with its error label beneath it, ready to go into a form row."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        label = error_label(box)
        label.setObjectName(f"error_{field}")
        layout.addWidget(label)
        self._labels[field] = label
        return box

    def alias(self, field: str, shown_under: str) -> None:
        """Show errors about ``field`` under the label of another field (e.g. start time → time row)."""
        self._labels[field] = self._labels[shown_under]

    def clear(self) -> None:
        for label in (*self._labels.values(), self.general):
            label.clear()
            label.setMinimumHeight(0)
            label.hide()

    def show(self, errors: Mapping[str, UserMessage | str]) -> None:
        """Put each message under its field; unknown fields go to the general label."""
        self.clear()
        general = []
        for field, message in errors.items():
            label = self._labels.get(field)
            if label is None:
                general.append(render(message))
                continue
            text = render(message)
            label.setText(f"{label.text()}\n{text}" if label.text() else text)
            _show_whole(label)
        if general:
            self.show_general("\n".join(general))
        make_room(self.general.window())

    def show_general(self, message: UserMessage | str) -> None:
        self.general.setText(render(message))
        _show_whole(self.general)
        make_room(self.general.window())

    def text(self, field: str) -> str:
        """The sentence shown under ``field`` ("" when none): for tests and accessibility."""
        label = self._labels.get(field)
        return label.text() if label is not None and not label.isHidden() else ""


# Hours, then minutes after an optional colon or dot: "14:00", "1400", "9:30", "930", "14".
_TIME = re.compile(r"(\d{1,2})(?:[:.]?(\d{2}))?")


def parse_time(text: str) -> dt.time | None:
    """A time of day as people type it: "14:00", "1400", "9:30", "930" or a whole hour "14", in
    full-width digits or with a Chinese colon too (an input method in Chinese mode types "１４：００");
    None when ``text`` is not one."""
    found = _TIME.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if found is None:
        return None
    hour, minute = int(found[1]), int(found[2] or 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


class TimeEdit(QLineEdit):
    """A time field that takes the time typed whole ("1400" or "14:00"), shown as 14:00 once the
    cursor leaves it. A time edit's hour and minute sections read "1400" typed after a click in the
    minutes as 14 minutes, and its Tab stepped from hours to minutes instead of to the next field.

    It speaks QTimeEdit's ``time``, ``setTime`` and ``timeChanged``; ``time()`` is an invalid QTime
    while the text is not a time."""

    timeChanged = Signal(QTime)  # noqa: N815 - Qt's name, as QTimeEdit has it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._time = QTime()
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.textChanged.connect(self._read)
        self.editingFinished.connect(self._tidy)

    def time(self) -> QTime:
        read = parse_time(self.text())
        return QTime(read.hour, read.minute) if read is not None else QTime()

    def setTime(self, time: QTime) -> None:  # noqa: N802 - Qt API
        self.setText(time.toString("HH:mm"))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """Room for "00:00" and the frame, in whatever font the window uses."""
        width = self.fontMetrics().horizontalAdvance("00:000") + 16
        return QSize(width, super().sizeHint().height())

    def _read(self) -> None:
        time = self.time()
        if time != self._time:
            self._time = time
            self.timeChanged.emit(QTime(time))

    def _tidy(self) -> None:
        time = self.time()
        if time.isValid() and self.text() != time.toString("HH:mm"):
            self.setText(time.toString("HH:mm"))

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        """Whole time selected however the field is entered (a click too), so typing replaces it."""
        super().focusInEvent(event)
        QTimer.singleShot(0, self, self.selectAll)
