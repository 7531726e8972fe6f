"""How the window looks on this computer: the text size, and where the window was and how big.

Both belong to one laptop and one pair of eyes, not to the records, so they are kept in a small
settings file beside the database (``window.ini`` in the data folder, written by ``QSettings``), never
in the database that syncs. The composition root names the file; without one (tests, screenshots) the
defaults apply and nothing is written.

The text size is the application's font size, so every window and dialog follows it, Qt's own too.
It starts larger than Qt's usual 9 points: the coordinators are often older and read the screen from
arm's length. A window is never restored larger than the screen it opens on, nor outside it: a laptop
moved from an office monitor to its own 1366×768 screen would otherwise hide its status bar.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QWidget

#: Text sizes offered by Ctrl+= and Ctrl+-, in points.
TEXT_SIZES = (9, 10, 11, 12, 13, 14, 16, 18)
#: The text size until someone chooses another.
DEFAULT_TEXT_SIZE = 11
#: The window's size on a screen with room for it; smaller screens get what they have.
PREFERRED_SIZE = QSize(1280, 800)
#: Room left for the window's title bar and frame, which the window's own size does not include.
FRAME_ALLOWANCE = QSize(16, 40)
#: Qt's "no maximum" for a widget's size.
_NO_MAXIMUM = (1 << 24) - 1

_TEXT_SIZE = "display/text_size"
_GEOMETRY = "window/geometry"
_STATE_PREFIX = "window/"


class Display:
    """The text size and the window's geometry, read from and kept in ``settings`` (None: defaults,
    kept nowhere)."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.settings = settings

    # -- text size -------------------------------------------------------------------------------

    def text_size(self) -> int:
        """The chosen text size in points (the default when none was chosen or it is unreadable)."""
        value = self.settings.value(_TEXT_SIZE) if self.settings is not None else None
        try:
            points = int(value) if value is not None else DEFAULT_TEXT_SIZE
        except (TypeError, ValueError):
            return DEFAULT_TEXT_SIZE
        return points if points in TEXT_SIZES else DEFAULT_TEXT_SIZE

    def apply_text_size(self, points: int | None = None) -> int:
        """Make ``points`` (else the kept size) the application's text size; returns it."""
        points = self.text_size() if points is None else points
        apply_text_size(points)
        return points

    def step_text_size(self, steps: int) -> int:
        """One size larger (``steps`` > 0) or smaller, kept and applied; returns the new size."""
        sizes = TEXT_SIZES
        index = sizes.index(self.text_size()) + steps
        points = sizes[max(0, min(len(sizes) - 1, index))]
        return self.set_text_size(points)

    def set_text_size(self, points: int) -> int:
        """Keep and apply ``points``; returns it."""
        if self.settings is not None:
            self.settings.setValue(_TEXT_SIZE, points)
            self.settings.sync()
        return self.apply_text_size(points)

    # -- the window ------------------------------------------------------------------------------

    def restore(self, window: QWidget) -> None:
        """Give ``window`` its kept size and place, or the preferred size on its screen, always
        within the screen's free area."""
        saved = self.settings.value(_GEOMETRY) if self.settings is not None else None
        if isinstance(saved, QByteArray | bytes) and window.restoreGeometry(QByteArray(saved)):
            fit_on_screen(window)
            return
        area = available_area(window)
        size = PREFERRED_SIZE.boundedTo(area.size() - FRAME_ALLOWANCE)
        window.resize(size)
        window.move(area.center() - QPoint(size.width() // 2, size.height() // 2))
        fit_on_screen(window)

    def save(self, window: QWidget, **state: QByteArray) -> None:
        """Keep ``window``'s size and place, and any other ``state`` (a splitter's, say)."""
        if self.settings is None:
            return
        self.settings.setValue(_GEOMETRY, window.saveGeometry())
        for name, value in state.items():
            self.settings.setValue(_STATE_PREFIX + name, value)
        self.settings.sync()

    def state(self, name: str) -> QByteArray | None:
        """What :meth:`save` kept as ``name``; None when nothing was."""
        value = self.settings.value(_STATE_PREFIX + name) if self.settings is not None else None
        return QByteArray(value) if isinstance(value, QByteArray | bytes) else None


def apply_text_size(points: float) -> None:
    """Set the application's font to ``points``; windows and dialogs follow it at once."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    font = app.font()
    font.setPointSizeF(points)
    app.setFont(font)


def available_area(window: QWidget) -> QRect:
    """The free area (without the taskbar) of the screen ``window`` is on, or the main one."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)


def resize_within_screen(window: QWidget, width: int, height: int) -> None:
    """``window`` at ``width`` × ``height``, or smaller where its screen is: a dialog made for an
    office monitor must still fit a 1024×576 window area."""
    room = available_area(window).size() - FRAME_ALLOWANCE
    window.resize(
        QSize(width, height).boundedTo(room).expandedTo(window.minimumSizeHint().boundedTo(room))
    )


def fit_on_screen(window: QWidget) -> None:
    """Shrink ``window`` to its screen's free area (never below its minimum) and move it inside."""
    area = available_area(window)
    room = (area.size() - FRAME_ALLOWANCE).expandedTo(window.minimumSize())
    if window.width() > room.width() or window.height() > room.height():
        window.resize(window.size().boundedTo(room))
    x = min(max(window.x(), area.left()), max(area.left(), area.right() - window.width()))
    y = min(max(window.y(), area.top()), max(area.top(), area.bottom() - window.height()))
    window.move(x, y)


class WholeLines(QObject):
    """Gives every word-wrapped label the height of its lines at the width it has.

    Qt lays windows out from minimum and preferred sizes, which for wrapped text are guesses: a
    sentence in a row of buttons or under a form field got one line for three, cut off at larger
    text or in a wordier language. Installed on the application (by the main window), it sets each
    wrapped label's minimum height from its width whenever the label is resized or its parent lays
    out again, as it does after the label's text changes."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind == QEvent.Type.Resize and isinstance(watched, QLabel):
            _whole(watched)
        elif kind == QEvent.Type.LayoutRequest and isinstance(watched, QWidget):
            for label in watched.findChildren(
                QLabel, options=Qt.FindChildOption.FindDirectChildrenOnly
            ):
                _whole(label)
        return False


def _whole(label: QLabel) -> None:
    if not label.wordWrap() or label.isHidden() or label.maximumHeight() < _NO_MAXIMUM:
        return
    if label.width() < 20:  # not laid out yet
        return
    needed = label.heightForWidth(label.width())
    if needed > 0 and needed != label.minimumHeight():
        label.setMinimumHeight(needed)
