"""Small widgets every feature's screens use alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    pass


# The colours of a notice: (background, border and text).
_NOTICE_COLOURS = {
    "warning": ("#fff4e0", "#b35c00"),
    "locked": ("#eef1f6", "#3d5a80"),
    "done": ("#e8f5e9", "#1a5e20"),
}


class Notice(QFrame):
    """A coloured box with one or two sentences that describes a state (returned, locked, deferred);
    unlike the window's banner it cannot be dismissed: it goes when the state does."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label)
        self.hide()

    def say(self, text: str, kind: str = "warning", bold: bool = False) -> None:
        """Show ``text``; an empty text hides the notice."""
        if not text:
            self.hide()
            return
        back, fore = _NOTICE_COLOURS[kind]
        weight = "bold" if bold else "normal"
        self.setStyleSheet(
            f"#{self.objectName()} {{ background: {back}; border: 1px solid {fore}; "
            f"border-radius: 4px; }} #{self.objectName()} QLabel {{ color: {fore}; "
            f"font-weight: {weight}; }}"
        )
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        return self.label.text() if not self.isHidden() else ""
