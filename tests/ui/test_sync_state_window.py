"""The window never contradicts itself about what waits: a session's row says 待同步 as soon as one
of its marks waits, and what the sign-in line said about a name goes when the box is emptied."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton
from test_attendance_panel import make_panel, named_session, type_with_ime, unique_absentee

from desktop.services.week.sessions import sessions_in_week
from desktop.ui.main_window import MainWindow
from desktop.ui.models import WeekSessionsModel
from desktop.ui.week.attendance_panel import AttendancePanel

from conftest import wait_saved
from support import synced_village

MONDAY = dt.date(2026, 11, 23)


def _sync_cell(window: MainWindow, session_id) -> str:  # noqa: ANN001
    model = window.week.model
    return model.index(model.row_of(session_id), WeekSessionsModel.COL_SYNC).data()


def test_a_session_row_waits_while_a_mark_made_on_its_sheet_waits(
    qtbot, sqlite_district, tmp_path, hub, background, chinese
):
    a = synced_village(sqlite_district, tmp_path)
    window = MainWindow(a.store, hub, background, None)
    qtbot.addWidget(window)
    window.show()
    session = next(s for s in sessions_in_week(a.store, MONDAY) if s.present)
    assert _sync_cell(window, session.id) == "已同步"
    window.week.select_session(session.id)

    panel = window.attendance
    absent = next(
        row for row in range(panel.model.rowCount()) if not panel.model.record_at(row).present
    )
    with qtbot.waitSignal(hub.changed):
        panel.model.setData(
            panel.model.index(absent, 0),
            Qt.CheckState.Checked.value,
            Qt.ItemDataRole.CheckStateRole,
        )
    wait_saved(qtbot, background)
    assert _sync_cell(window, session.id) == "待同步"


def _clear_button(panel: AttendancePanel) -> QToolButton:
    """The box's own clear button (×), the one a mouse user presses."""
    return panel.search.findChild(QToolButton)


def test_what_was_said_about_a_name_goes_when_the_box_is_emptied(
    qtbot, demo_desk, hub, background, monday, chinese
):
    session = named_session(demo_desk, monday)
    panel = make_panel(qtbot, demo_desk, hub, background, session)
    hint = panel.feedback.text()

    qtbot.keyClicks(panel.search, "xqxq")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert panel.feedback.text() == "名册里没有找到“xqxq”。"
    _clear_button(panel).click()
    assert panel.feedback.text() == hint

    qtbot.keyClicks(panel.search, "xqxq")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    for _ in "xqxq":
        qtbot.keyClick(panel.search, Qt.Key.Key_Backspace)
    assert panel.feedback.text() == hint

    # Emptied by a sign-in, the box keeps saying whom it signed in.
    person = unique_absentee(demo_desk, session.id)
    type_with_ime(panel.search, person.name)
    with qtbot.waitSignal(hub.changed):
        qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert panel.feedback.text() == f"已签到：{person.name}"
