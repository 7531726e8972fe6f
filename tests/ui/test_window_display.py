"""The window on the laptop it runs on: it comes back at its size and place (never larger than the
screen), the text size is chosen with Ctrl+= and Ctrl+- and kept, a sync failure never moves what
is under the mouse, trouble is shown with a colour and an icon, the File and Help menus, and the
empty tabs say what they are for."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QPoint, QSettings, Qt
from PySide6.QtGui import QFont
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop import __version__
from desktop.sync.errors import OFFLINE, SyncError
from desktop.ui.display import DEFAULT_TEXT_SIZE, FRAME_ALLOWANCE, Display, available_area
from desktop.ui.help import about_text
from desktop.ui.main_window import MainWindow

from support import enrolled_store


def open_window(qtbot, store, hub, background, client=None, display=None) -> MainWindow:  # noqa: ANN001
    window = MainWindow(store, hub, background, client, display=display)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def settings(path: Path) -> QSettings:
    return QSettings(str(path / "window.ini"), QSettings.Format.IniFormat)


def test_the_window_comes_back_where_it_was_and_never_larger_than_the_screen(
    qtbot, desk, hub, background, tmp_path
):
    window = open_window(qtbot, desk, hub, background, display=Display(settings(tmp_path)))
    room = available_area(window).size() - FRAME_ALLOWANCE
    assert window.width() <= room.width() and window.height() <= room.height()
    window.resize(room.width() - 100, room.height() - 60)
    window.move(window.x() + 30, window.y() + 20)
    window.splitter.setSizes([300, window.splitter.width() - 300])
    kept = (window.size(), window.pos(), window.splitter.sizes())
    window._close_state = "closed"  # no sync to wait for
    window.close()
    # Kept beside the database, never in it: the records sync, a window's size does not.
    assert (tmp_path / "window.ini").exists()

    again = open_window(qtbot, desk, hub, background, display=Display(settings(tmp_path)))
    assert (again.size(), again.splitter.sizes()) == (kept[0], kept[2])
    # Within the few pixels a window frame may differ by (Qt keeps the frame's place).
    assert (again.pos() - kept[1]).manhattanLength() <= 4

    # Kept on an office monitor, opened on the laptop's own screen: it fits the screen.
    huge = settings(tmp_path)
    window.resize(3000, 2000)
    huge.setValue("window/geometry", window.saveGeometry())
    huge.sync()
    small = open_window(qtbot, desk, hub, background, display=Display(settings(tmp_path)))
    assert small.width() <= room.width() and small.height() <= room.height()
    area = available_area(small)
    assert area.contains(small.pos())


def test_text_size_is_larger_by_default_changed_with_ctrl_plus_and_minus_and_kept(
    qtbot, desk, hub, background, tmp_path
):
    app = QApplication.instance()
    before = QFont(app.font())
    try:
        display = Display(settings(tmp_path))
        assert display.text_size() == DEFAULT_TEXT_SIZE > 9  # Qt's own default is 9 points
        display.apply_text_size()
        window = open_window(qtbot, desk, hub, background, display=display)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        QTest.keyClick(window.week.table, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
        QApplication.processEvents()
        assert app.font().pointSize() == DEFAULT_TEXT_SIZE + 1
        assert window.week.table.font().pointSize() == DEFAULT_TEXT_SIZE + 1
        window.smaller_text.trigger()
        window.smaller_text.trigger()
        assert app.font().pointSize() == DEFAULT_TEXT_SIZE - 1
        assert Display(settings(tmp_path)).text_size() == DEFAULT_TEXT_SIZE - 1
        assert window.larger_text.shortcuts()[0].toString() == "Ctrl+="
        assert window.smaller_text.shortcut().toString() == "Ctrl+-"
    finally:
        app.setFont(before)


def test_a_sync_failure_does_not_move_the_search_box_under_the_mouse(
    qtbot, demo_desk, hub, background
):
    window = open_window(qtbot, demo_desk, hub, background)
    window.week.table.selectRow(0)
    search = window.attendance.search
    qtbot.waitUntil(search.isVisible)
    for _ in range(3):
        QApplication.processEvents()  # the sheet laid out
    where = search.mapTo(window, QPoint(0, 0))
    window.show_problem(
        "连接不上区服务器（服务器没有接受连接）。记录都保存在本机，下次同步时再发送。"
    )
    QApplication.processEvents()
    assert window.banner.isVisible()
    assert search.mapTo(window, QPoint(0, 0)) == where
    # It floats over the bottom of the window's content, inside the window, and can be dismissed.
    assert window.centralWidget().rect().contains(window.banner.geometry())
    window.banner.close_button.click()
    assert not window.banner.isVisible()


def test_offline_is_shown_with_a_colour_and_an_icon(qtbot, desk, hub, background, fake_client):
    window = open_window(qtbot, desk, hub, background, fake_client(error=SyncError(OFFLINE)))
    bar = window.sync_bar
    assert not bar.state_icon.isVisible()
    bar.start_sync()
    qtbot.waitUntil(lambda: bar.state_icon.isVisible(), timeout=10_000)
    assert not bar.state_icon.pixmap().isNull()
    assert "#b35c00" in bar.status_label.styleSheet()
    assert "no connection" in bar.status_label.text()


def test_file_and_help_menus(qtbot, desk, hub, background):
    window = open_window(qtbot, desk, hub, background)
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert list(menus) == ["&File", "&View", "&Help"]
    assert window.quit_action in menus["&File"].actions()
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    helps = [a.text() for a in menus["&Help"].actions() if not a.isSeparator()]
    assert helps == ["User guide", "Export diagnostics…", "About Learning Desk"]
    about = about_text(desk)
    assert __version__ in about and str(Path(desk.engine.url.database).parent) in about
    assert "http://127.0.0.1:9" in about
    window._close_state = "closed"
    window.quit_action.trigger()
    assert not window.isVisible()


def test_empty_tabs_say_what_they_are_for(qtbot, tmp_path, ui_clock, hub, background, chinese):
    store = enrolled_store(tmp_path / "new", ui_clock)
    window = open_window(qtbot, store, hub, background)
    assert "新建场次" in window.attendance.placeholder.text()
    window.tabs.setCurrentWidget(window.conflicts)
    assert window.conflicts.empty.isVisible() and "没有冲突" in window.conflicts.empty.text()
    window.tabs.setCurrentWidget(window.requests)
    qtbot.waitUntil(window.requests.empty.isVisible)
    assert "新建需求" in window.requests.empty.text()
    store.engine.dispose()


def test_a_saved_geometry_that_cannot_be_read_gives_the_usual_size(
    qtbot, desk, hub, background, tmp_path
):
    broken = settings(tmp_path)
    broken.setValue("window/geometry", QByteArray(b"not a geometry"))
    broken.setValue("display/text_size", "huge")
    broken.sync()
    display = Display(settings(tmp_path))
    assert display.text_size() == DEFAULT_TEXT_SIZE
    window = open_window(qtbot, desk, hub, background, display=display)
    room = available_area(window).size() - FRAME_ALLOWANCE
    assert 0 < window.width() <= room.width() and 0 < window.height() <= room.height()
