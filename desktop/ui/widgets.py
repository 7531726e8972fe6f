"""Small widgets every feature's screens use alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLayout,
    QLayoutItem,
    QScrollArea,
    QStyle,
    QTabWidget,
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
    unlike the window's banner it cannot be dismissed: it goes when the state does.

    A state comes and goes under the mouse (a sync brings the town's approval while someone is about
    to click), so a notice must never push what is clickable: put it where the content ends, after
    the last button and before the stretch or beneath the table that stretches, so that it takes room
    from empty space and nothing else moves. The window's layout test checks this for every notice."""

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


class FlowLayout(QLayout):
    """A row of buttons that goes on in a second row when the room is narrower than the row, like
    words in a line of text: larger text, a wordier language or a 1024-pixel window then takes more
    lines instead of a wider window, and no button is cut off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt API
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt API
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt API
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt API
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt API
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """Everything on one row."""
        shown = self._shown()
        width = sum(_one_line(i).width() for i in shown) + self._gap() * max(0, len(shown) - 1)
        height = max((_one_line(i).height() for i in shown), default=0)
        return QSize(width, height) + self._margins()

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt API
        """One item a row: as narrow as the widest item."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        return size + self._margins()

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _margins(self) -> QSize:
        m = self.contentsMargins()
        return QSize(m.left() + m.right(), m.top() + m.bottom())

    def _gap(self) -> int:
        if self.spacing() >= 0:
            return self.spacing()
        parent = self.parentWidget()
        style = parent.style() if parent is not None else None
        if style is None:
            return 6
        return max(0, style.pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing))

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place the items row by row within ``rect`` (when ``move``); returns the height used."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        gap = self._gap()
        x, y, row_height = area.x(), area.y(), 0
        for item in self._shown():
            hint = _one_line(item)
            width = min(hint.width(), area.width())
            # Text that wraps (a long title) takes the height it needs at the width it gets.
            height = item.heightForWidth(width) if item.hasHeightForWidth() else hint.height()
            if x > area.x() and x + width > area.x() + area.width():
                x, y, row_height = area.x(), y + row_height + gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, height)))
            x += width + gap
            row_height = max(row_height, height)
        return y + row_height - rect.y() + m.bottom()


def _one_line(item: QLayoutItem) -> QSize:
    """What ``item`` would like: a wrapping label its text on one line (Qt's guess for one is a
    narrow block), wrapped only when the row is narrower than that."""
    label = item.widget()
    text = label.text() if isinstance(label, QLabel) else ""
    if isinstance(label, QLabel) and label.wordWrap() and text and not set("\n<") & set(text):
        margins = label.contentsMargins()
        width = label.fontMetrics().horizontalAdvance(label.text()) + 2 * label.margin()
        width += margins.left() + margins.right() + 1
        return QSize(width, label.heightForWidth(width))
    return item.sizeHint()


class ScrollingTabs(QTabWidget):
    """Tabs whose pages scroll when the window is shorter than a page, instead of being squeezed
    until text is cut off: a laptop at 125 % has 1024×576 pixels for the whole window.

    Each page sits in a frameless scroll area that gives it the whole room when there is enough, so
    lists still stretch. The methods that name pages (``addTab``, ``indexOf``, ``widget``,
    ``currentWidget`` …) take and give the pages themselves, never their scroll areas."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Short of room (a wordier language), every tab stays in sight with its title shortened
        # to "…" and whole in its tooltip, rather than behind scroll arrows.
        self.setElideMode(Qt.TextElideMode.ElideRight)

    def addTab(self, page: QWidget, text: str) -> int:  # noqa: N802 - Qt API
        index = super().addTab(self._scrolling(page), text)
        self.setTabToolTip(index, text)
        return index

    def insertTab(self, index: int, page: QWidget, text: str) -> int:  # noqa: N802 - Qt API
        index = super().insertTab(index, self._scrolling(page), text)
        self.setTabToolTip(index, text)
        return index

    def setTabText(self, index: int, text: str) -> None:  # noqa: N802 - Qt API
        super().setTabText(index, text)
        self.setTabToolTip(index, text)

    def indexOf(self, page: QWidget) -> int:  # noqa: N802 - Qt API
        area = page.parentWidget().parentWidget() if page.parentWidget() is not None else None
        return super().indexOf(area) if isinstance(area, QScrollArea) else super().indexOf(page)

    def widget(self, index: int) -> QWidget | None:
        area = super().widget(index)
        return area.widget() if isinstance(area, QScrollArea) else area

    def currentWidget(self) -> QWidget | None:  # noqa: N802 - Qt API
        return self.widget(self.currentIndex())

    def setCurrentWidget(self, page: QWidget) -> None:  # noqa: N802 - Qt API
        self.setCurrentIndex(self.indexOf(page))

    def _scrolling(self, page: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidgetResizable(True)
        area.setWidget(page)
        area.viewport().setAutoFillBackground(False)  # the tab's own background, margin and all
        bar = area.verticalScrollBar()
        # The scroll bar's room is kept while it is hidden, so that a page growing past the
        # window's height (a notice, a longer list) does not narrow it and move what is on it.
        bar.rangeChanged.connect(
            lambda _low, high: area.setViewportMargins(
                0, 0, 0 if high > 0 else bar.sizeHint().width(), 0
            )
        )
        area.setViewportMargins(0, 0, bar.sizeHint().width(), 0)
        return area
