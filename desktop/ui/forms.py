"""Red sentences next to form fields: how a dialog shows :class:`InvalidInput` from a use case.

The use case validates (the UI does not repeat its rules); the form only puts each message under the
field it belongs to, in the user's language, and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from core.messages import UserMessage

ERROR_STYLE = "color: #c0392b;"


def render(message: UserMessage | str) -> str:
    """A service's sentence in the user's language."""
    if isinstance(message, UserMessage):
        return message.render(QCoreApplication.translate)
    return message


def error_label(parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


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
            label.show()
        if general:
            self.show_general("\n".join(general))

    def show_general(self, message: UserMessage | str) -> None:
        self.general.setText(render(message))
        self.general.show()

    def text(self, field: str) -> str:
        """The sentence shown under ``field`` ("" when none): for tests and accessibility."""
        label = self._labels.get(field)
        return label.text() if label is not None and not label.isHidden() else ""
