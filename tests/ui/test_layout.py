"""Every tab and dialog fits the laptops villages have, in Chinese and in a language 40 % longer, at
100 % and 125 % scaling: no label or button is cut off, nothing lies outside its window, and no notice
moves what is under the mouse.

The screens are the free areas of a 1366×768 screen under a 40-pixel taskbar (1366×728) and of a
1280×720 one. Each runs in a child pytest process on Qt's offscreen platform given that screen (and
``QT_SCALE_FACTOR`` for 125 %), so the window opens as it would there and is checked at that size.

Nothing is listed by hand, so what others add is checked too: every tab and nested tab page of a
village's, a town's and a district's window (the first row of every list chosen), and every dialog
that a button or menu entry opens. A command that opens a window says so with "…", so those are
pressed, and the Help menu's entries; each dialog that opens is checked, its own Save pressed with
what it holds so that form errors show, checked again, and closed.

``make test`` checks the smallest room, 1280×720 at 125 % (1024×576 for the window), in Chinese and
the long language, and 1366×728 at 100 % in Chinese; ``LEARNING_DESK_LAYOUT=full`` (``make stress``)
checks every screen in both. ``LEARNING_DESK_SCREENSHOTS=1`` saves what was checked in
``docs/screenshots/layout/<language>-<screen>/``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QPoint, QRect, QTimer, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QScrollBar,
    QStyle,
    QTabBar,
    QTabWidget,
    QWidget,
)

from core.clock import FixedClock
from desktop import app
from desktop.services.demo import seed_demo
from desktop.sync.credentials import MemoryCredentials
from desktop.ui.background import Background
from desktop.ui.display import DEFAULT_TEXT_SIZE, FRAME_ALLOWANCE, Display, apply_text_size
from desktop.ui.events import Hub
from desktop.ui.i18n import install_translators, remove_translators
from desktop.ui.syncing.sync_bar import Banner
from desktop.ui.widgets import Notice

from conftest import run_on_a_screen
from support import enrolled_store

#: The window's clock: a Wednesday afternoon in the villages, as the other window tests have it.
NOW = dt.datetime(2026, 11, 25, 6, 30, tzinfo=dt.UTC)

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots" / "layout"
#: Screens by name: the free area's width and height in pixels, and the scaling.
SCREENS = {
    "1366x728-100": (1366, 728, 1.0),
    "1280x720-100": (1280, 720, 1.0),
    "1366x728-125": (1366, 728, 1.25),
    "1280x720-125": (1280, 720, 1.25),
}
LANGUAGES = ("zh_CN", "long")
#: What ``make test`` checks: the smallest room in both languages, the common screen in Chinese.
QUICK = {"1280x720-125": LANGUAGES, "1366x728-100": ("zh_CN",)}
FULL = os.environ.get("LEARNING_DESK_LAYOUT") == "full"
CHECKED = {name: LANGUAGES for name in SCREENS} if FULL else QUICK
#: Set in the child process that has the screen named.
CHILD = "LEARNING_DESK_LAYOUT_SCREEN"
ROLES = ("village", "town", "district")
#: How much longer the long language is than English.
LONGER = 0.4


class LongLanguage(QTranslator):
    """Every string 40 % longer than its English source: the room a wordier language needs.
    The padding goes before a closing "…" so that commands still say they open a window."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ANN001, ANN201
        if not source or source == "QT_LAYOUT_DIRECTION":
            return ""
        # Words of four, so that the longer text wraps where a real language's would.
        extra = max(1, round(len(source) * LONGER))
        pad = "".join(" " if i % 5 == 0 else "_" for i in range(extra))
        if source.endswith("…"):
            return source[:-1] + pad + "…"
        return source + pad

    def isEmpty(self) -> bool:  # noqa: N802 - Qt API
        return False


def speaking(language: str) -> Callable[[], None]:
    """Install ``language``; returns what takes it away again."""
    qapp = QApplication.instance()
    if language == "long":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        long = LongLanguage(qapp)
        qapp.installTranslator(long)
        return lambda: qapp.removeTranslator(long)
    translators = install_translators(qapp, language)
    return lambda: remove_translators(qapp, translators)


# -- what counts as cut off ---------------------------------------------------------------------


def _text(widget: QWidget) -> str:
    return widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")


def _needs(widget: QWidget) -> tuple[int, int] | None:
    """The width and height ``widget``'s text needs; None when it shows no text of its own."""
    if isinstance(widget, QLabel):
        if not widget.text() or widget.pixmap() is not None and not widget.pixmap().isNull():
            return None
        if widget.wordWrap():
            return widget.minimumSizeHint().width(), widget.heightForWidth(widget.width())
        hint = widget.sizeHint()
        return hint.width(), hint.height()
    if isinstance(widget, QPushButton) and widget.text():
        style, metrics = widget.style(), widget.fontMetrics()
        width = metrics.horizontalAdvance(_text(widget))
        width += 2 * style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, None, widget)
        width += 2 * style.pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, widget)
        if not widget.icon().isNull():
            width += widget.iconSize().width() + 4
        if widget.menu() is not None:
            width += style.pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, widget)
        return width, metrics.height()
    if isinstance(widget, QCheckBox | QRadioButton) and widget.text():
        hint = widget.sizeHint()
        return hint.width(), hint.height()
    return None


def _may_overflow(widget: QWidget) -> bool:
    """A scroll area's content, larger than its view when there is something to scroll to, and
    what lies in a list's cells."""
    parent = widget.parentWidget()
    area = parent.parentWidget() if parent is not None else None
    if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
        return True
    return _in_a_list(widget)


def _in_a_list(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def _name(widget: QWidget) -> str:
    text = _text(widget) if isinstance(widget, QLabel | QAbstractButton) else ""
    return f"{type(widget).__name__} {widget.objectName() or ''} {text[:50]!r}"


def layout_problems(top: QWidget) -> list[str]:
    """What is cut off in ``top`` as it is drawn now: a label, button or check box whose text needs
    more room than it has (unless it says the whole text in its tooltip), a widget that reaches
    outside its parent, a tab bar whose tabs do not all show."""
    problems = []
    for widget in [top, *top.findChildren(QWidget)]:
        if not widget.isVisible() or widget.window() is not top:
            continue
        parent = widget.parentWidget()
        if widget is not top and parent is not None and not _may_overflow(widget):
            inside = QRect(QPoint(0, 0), parent.size()).adjusted(-1, -1, 1, 1)
            if not inside.contains(widget.geometry()):
                problems.append(f"outside its parent {_name(parent)}: {_name(widget)}")
                continue
        needs = _needs(widget)
        if needs is not None:
            short = needs[0] > widget.width() + 1 or needs[1] > widget.height() + 1
            if short and _text(widget) not in widget.toolTip():
                problems.append(
                    f"cut off ({needs[0]}×{needs[1]} needed, {widget.width()}×{widget.height()} "
                    f"given): {_name(widget)}"
                )
        if isinstance(widget, QScrollArea) and widget.horizontalScrollBar().isVisible():
            problems.append(f"scrolls sideways: {_name(widget.widget())}")
        if isinstance(widget, QTabBar):
            hidden = [
                widget.tabText(i)
                for i in range(widget.count())
                if not widget.rect().contains(widget.tabRect(i))
            ]
            if hidden:
                problems.append(f"tabs out of sight: {hidden}")
    return problems


def settle() -> None:
    """Until the layouts that wait in the event queue (one may post another) are done."""
    for _ in range(3):
        QApplication.processEvents()


def notice_problems(window: QWidget) -> list[str]:
    """Every notice now in sight of ``window`` (its own or the window's banner) said and taken
    back: nothing else may move meanwhile."""
    problems = []
    long = "。".join(["这一周已经由镇街审核通过，场次和签到不能再修改"] * 3)
    for notice in window.findChildren(Notice) + window.findChildren(Banner):
        parent = notice.parentWidget()
        if parent is None or not parent.isVisible():
            continue
        others = [
            w
            for w in window.findChildren(QWidget)
            if w.isVisible()
            and w is not notice
            and not notice.isAncestorOf(w)
            and not _in_a_list(w)
            and not isinstance(w, QScrollBar)
        ]
        settle()
        before = {w: w.mapTo(window, QPoint(0, 0)) for w in others}
        was = notice.label.text() if notice.isVisible() else ""
        (notice.say if isinstance(notice, Notice) else notice.show_message)(long)
        settle()
        moved = [w for w in others if w.isVisible() and w.mapTo(window, QPoint(0, 0)) != before[w]]
        if isinstance(notice, Notice):
            notice.say(was)
        elif was:
            notice.show_message(was)
        else:
            notice.hide()
        QApplication.processEvents()
        if moved:
            names = ", ".join(_name(w) for w in moved[:4])
            problems.append(f"{notice.objectName()} moved {len(moved)} widgets: {names}")
    return problems


# -- finding every tab and dialog ---------------------------------------------------------------


#: Marks a dialog already checked (ids of Python wrappers are reused, Qt's objects are not).
SEEN = "layout_checked"


def _opens_a_window(text: str) -> bool:
    return text.rstrip().endswith(("…", "..."))


class Dialogs:
    """Checks every dialog that opens while ``run`` runs, then closes it: modal ones as they open
    (a timer per level, since a dialog may open another), the others once ``run`` returns."""

    def __init__(self, check: Callable[[QWidget, str], None], depth: int = 0) -> None:
        self.check = check
        self.depth = depth
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._modal)

    def run(self, action: Callable[[], object], context: str) -> None:
        self.context = context
        before = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        self.timer.start()
        try:
            action()
        finally:
            self.timer.stop()
        QApplication.processEvents()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and widget not in before:
                self._handle(widget)

    def _modal(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is not None and not widget.property(SEEN):
            self._handle(widget)

    def _handle(self, dialog: QWidget) -> None:
        dialog.setProperty(SEEN, True)
        nested = Dialogs(self.check, self.depth + 1)
        nested.context = self.context
        nested.timer.start()
        try:
            if self.depth < 2:
                self.check(dialog, self.context)
                if type(dialog).__module__.startswith("desktop.") and dialog.isVisible():
                    # Pressed with what it holds: a form shows its errors and stays open.
                    accept = QDialogButtonBox.ButtonRole.AcceptRole
                    saves = [
                        button
                        for box in dialog.findChildren(QDialogButtonBox)
                        for button in box.buttons()
                        if box.buttonRole(button) == accept and button.isEnabled()
                    ]
                    if saves:
                        saves[0].click()
                    QApplication.processEvents()
                    if saves and dialog.isVisible():
                        self.check(dialog, self.context + " (after Save)")
        finally:
            nested.timer.stop()
            if dialog.isVisible():
                dialog.reject() if isinstance(dialog, QDialog) else dialog.close()
            QApplication.processEvents()


def choose_first_rows(page: QWidget) -> None:
    for view in page.findChildren(QAbstractItemView):
        model = view.model()
        chosen = view.selectionModel() is not None and view.selectionModel().hasSelection()
        if view.isVisible() and model is not None and model.rowCount() > 0 and not chosen:
            view.setCurrentIndex(model.index(0, 0))
    QApplication.processEvents()


def pages(tabs: QTabWidget, name: str) -> Iterator[tuple[QWidget, str]]:
    """Turn to every page of ``tabs`` and of the tab widgets inside them, yielding each shown."""
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        page = tabs.widget(index)
        QApplication.processEvents()
        choose_first_rows(page)
        here = name + (page.objectName() or type(page).__name__)
        yield page, here
        for inner in page.findChildren(QTabWidget):
            if inner.isVisible():
                yield from pages(inner, here + "-")
                inner.setCurrentIndex(0)


def commands(page: QWidget) -> list[tuple[str, Callable[[], object]]]:
    """The buttons of ``page`` that open a window, and the entries of their menus that do."""
    found = []
    for button in page.findChildren(QPushButton):
        if not (button.isVisible() and button.isEnabled()):
            continue
        if button.menu() is not None:
            found += [
                (action.text(), action.trigger)
                for action in button.menu().actions()
                if action.isEnabled() and _opens_a_window(action.text())
            ]
        elif _opens_a_window(button.text()):
            found.append((button.text(), button.click))
    return found


def menu_commands(window: QMainWindow) -> list[tuple[str, Callable[[], object]]]:
    found = []
    last = window.menuBar().actions()[-1]  # the Help menu: its entries open windows

    def walk(menu_action, in_help: bool) -> None:  # noqa: ANN001
        for action in menu_action.menu().actions():
            if action.menu() is not None:
                walk(action, in_help)
            elif action.isEnabled() and (in_help or _opens_a_window(action.text())):
                found.append((action.text(), action.trigger))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top, top is last)
    return found


# -- one screen ---------------------------------------------------------------------------------


def check_screen(qtbot, tmp_path: Path, screen: str, languages: tuple[str, ...]) -> list[str]:  # noqa: ANN001
    width, height, scale = SCREENS[screen]
    qapp = QApplication.instance()
    area = qapp.primaryScreen().availableGeometry()
    assert abs(area.width() - width / scale) <= 1 and abs(area.height() - height / scale) <= 1
    room = area.size() - FRAME_ALLOWANCE
    problems: list[str] = []
    wanted = os.environ.get("LEARNING_DESK_SCREENSHOTS")
    font = qapp.font()
    apply_text_size(DEFAULT_TEXT_SIZE)
    try:
        for language in languages:
            forget = speaking(language)
            try:
                shots = Shots(SHOTS / f"{language}-{screen}" if wanted else None)
                for role in ROLES:
                    found = check_window(qtbot, tmp_path / f"{language}-{role}", role, room, shots)
                    problems += [f"[{language} {screen} {role}] {p}" for p in found]
                if language == "long" and "_" not in shots.tab_title:
                    problems.append("the long language was not in use")
            finally:
                forget()
    finally:
        qapp.setFont(font)
    return problems


class Shots:
    """Saves what was checked into ``folder`` (None: nothing), each tab and dialog once whichever
    window showed it first, and a dialog again with its form's errors."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.saved: set[str] = set()
        self.tab_title = ""
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)

    def save(self, widget: QWidget, name: str) -> None:
        if self.folder is not None and name not in self.saved:
            self.saved.add(name)
            widget.grab().save(str(self.folder / f"{name}.png"))


def check_window(qtbot, folder: Path, role: str, room, shots: Shots) -> list[str]:  # noqa: ANN001
    store = enrolled_store(folder, FixedClock(NOW), role)
    if role == "village":
        seed_demo(store, weeks=2)
    hub, background = Hub(), Background()
    window = app.start_window(store, hub, background, MemoryCredentials(), Display())
    qtbot.addWidget(window)
    QApplication.processEvents()
    problems: list[str] = []
    shots.tab_title = window.tabs.tabText(0)
    hint = window.minimumSizeHint()
    if hint.width() > room.width() or hint.height() > room.height():
        problems.append(f"the window needs {hint.width()}×{hint.height()}, the screen has {room}")
    if window.width() > room.width() or window.height() > room.height():
        problems.append(f"the window opened at {window.width()}×{window.height()}")
    seen_dialogs: dict[str, int] = {}

    def check_dialog(dialog: QWidget, context: str) -> None:
        QApplication.processEvents()
        size = dialog.size()
        if size.width() > room.width() or size.height() > room.height():
            problems.append(f"{context}: {type(dialog).__name__} is {size}, larger than the screen")
        problems.extend(f"{context}: {type(dialog).__name__}: {p}" for p in layout_problems(dialog))
        name = type(dialog).__name__
        seen_dialogs[name] = seen_dialogs.get(name, 0) + 1
        shots.save(
            dialog, f"dialog-{name}" + ("-after-save" if context.endswith("(after Save)") else "")
        )

    dialogs = Dialogs(check_dialog)
    try:
        for page, name in pages(window.tabs, ""):
            qtbot.waitUntil(lambda: not background.is_busy(), timeout=10_000)
            problems.extend(f"{name}: {p}" for p in layout_problems(window))
            problems.extend(f"{name}: {p}" for p in notice_problems(window))
            shots.save(window, f"{name}")
            for text, press in commands(page):
                dialogs.run(press, f"{name} → {text}")
        window.tabs.setCurrentIndex(0)
        for text, press in menu_commands(window):
            dialogs.run(press, f"menu → {text}")
        qtbot.waitUntil(lambda: not background.is_busy(), timeout=10_000)
        if role == "village" and len(seen_dialogs) < 6:
            problems.append(f"only these dialogs were found, the search is broken: {seen_dialogs}")
    finally:
        window._close_state = "closed"  # no last sync: the district here is made up
        window.close()
        assert background.wait(10_000)
        store.engine.dispose()
    return problems


# -- the tests ----------------------------------------------------------------------------------


@pytest.mark.timeout(600)
@pytest.mark.parametrize("screen", sorted(CHECKED))
def test_every_tab_and_dialog_fits_the_screen(qtbot, tmp_path: Path, screen: str) -> None:
    if os.environ.get(CHILD) != screen:
        run_in_a_process_with_that_screen(tmp_path, screen)
        return
    problems = check_screen(qtbot, tmp_path, screen, CHECKED[screen])
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def run_in_a_process_with_that_screen(tmp_path: Path, screen: str) -> None:
    width, height, scale = SCREENS[screen]
    node = (
        f"{Path(__file__).relative_to(ROOT)}::test_every_tab_and_dialog_fits_the_screen[{screen}]"
    )
    run_on_a_screen(node, tmp_path, (width, height), scale, {CHILD: screen}, timeout=600)
