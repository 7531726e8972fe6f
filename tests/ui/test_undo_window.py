"""Taking back a bulk action in the window: the 撤销 notice after 全部到场 / 同上次, Ctrl+Z from the
sign-in box, a refusal said in words, a deleted session, an import and a merge brought back latest
first, and the question a start asks before it adds to a list already started."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.services.people.merges import holdings_of
from desktop.services.people.residents import search_residents
from desktop.services.week import attendance
from desktop.services.week.sessions import SessionInput, record_session, sessions_in_week
from desktop.storage.store import Store
from desktop.ui.main_window import MainWindow
from desktop.ui.people.merge_dialog import MergeDialog
from desktop.ui.spreadsheets.import_dialog import ImportDialog
from desktop.ui.undoing import NOTICE_MS

from conftest import wait_saved


def _window(qtbot, store: Store, hub, background) -> MainWindow:  # noqa: ANN001
    window = MainWindow(store, hub, background, None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # shortcuts reach the active window only
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _new_class(store: Store, monday: dt.date):  # noqa: ANN202 - SessionSummary
    """Saturday's session of a course held earlier this week: its list is empty, and both starts
    would sign in the course's regulars."""
    held = next(s for s in sessions_in_week(store, monday) if s.present and not s.headcount_only)
    saturday = dt.datetime.combine(monday + dt.timedelta(days=5), dt.time(9))
    made, _ = record_session(
        store, SessionInput(held.course_id, saturday, saturday + dt.timedelta(hours=1))
    )
    return made


def _present(store: Store, session_id) -> set:  # noqa: ANN001
    return {e.resident.id for e in attendance.roster(store, session_id) if e.present}


def _open(window: MainWindow, session) -> None:  # noqa: ANN001
    window.week.reload()
    assert window.week.select_session(session.id)
    assert window.attendance.session.id == session.id


def test_all_present_by_mistake_is_taken_back_by_the_notice(
    qtbot, demo_desk, hub, background, monday, chinese
):
    session = _new_class(demo_desk, monday)
    window = _window(qtbot, demo_desk, hub, background)
    _open(window, session)
    panel, notice = window.attendance, window.undo.notice
    expected = len(attendance.start_choices(demo_desk, session.id).expected)
    assert not notice.isVisible()

    panel.all_button.click()
    assert len(_present(demo_desk, session.id)) == expected
    assert notice.isVisible()
    assert notice.text() == f"已为应到的 {expected} 人签到（全部到场）。"
    assert notice.undo_button.text() == "撤销"
    assert notice.timer.interval() == NOTICE_MS
    # It floats over the bottom of the window: nothing under the mouse moved.
    assert window.centralWidget().geometry().contains(notice.geometry())

    with qtbot.waitSignal(hub.changed):
        notice.undo_button.click()
    assert _present(demo_desk, session.id) == set()
    assert notice.text().startswith("已撤销：")
    assert not notice.undo_button.isVisible()
    assert panel.person_times.text() == "0 人次"
    assert panel.all_button.isEnabled()  # the start can be chosen again
    assert not window.undo.action.isEnabled()


def test_ctrl_z_in_the_sign_in_box_takes_back_the_start(qtbot, demo_desk, hub, background, monday):
    session = _new_class(demo_desk, monday)
    window = _window(qtbot, demo_desk, hub, background)
    _open(window, session)
    panel = window.attendance
    qtbot.keyClicks(panel.search, "zz")  # a name typed and rubbed out before the start
    qtbot.keyClick(panel.search, Qt.Key.Key_Backspace)
    qtbot.keyClick(panel.search, Qt.Key.Key_Backspace)
    panel.same_button.click()
    assert _present(demo_desk, session.id)
    assert QApplication.focusWidget() is panel.search

    with qtbot.waitSignal(hub.changed):
        qtbot.keyClick(panel.search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _present(demo_desk, session.id) == set()
    assert panel.search.text() == ""

    # Typing after the start: Ctrl+Z takes back the typing first, as in any text box, then the start.
    panel.same_button.click()
    qtbot.keyClicks(panel.search, "zz")
    qtbot.keyClick(panel.search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.search.text() == ""
    assert _present(demo_desk, session.id)
    with qtbot.waitSignal(hub.changed):
        qtbot.keyClick(panel.search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _present(demo_desk, session.id) == set()


def test_an_undo_that_cannot_be_done_says_why_and_changes_nothing(
    qtbot, demo_desk, hub, background, monday, chinese
):
    session = _new_class(demo_desk, monday)
    window = _window(qtbot, demo_desk, hub, background)
    _open(window, session)
    panel = window.attendance
    panel.same_button.click()
    someone = next(iter(_present(demo_desk, session.id)))
    row = panel.filter.mapFromSource(panel.model.index(panel.model.row_of(someone), 0))
    panel.filter.setData(row, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    wait_saved(qtbot, background)  # unticked by hand after the start
    present = _present(demo_desk, session.id)

    window.undo.action.trigger()
    wait_saved(qtbot, background)
    assert window.undo.notice.text().startswith("已无法撤销：")
    assert "有 1 条之后又被修改过" in window.undo.notice.text()
    assert _present(demo_desk, session.id) == present


def test_a_deleted_session_comes_back_with_ctrl_z(
    qtbot, demo_desk, hub, background, monday, monkeypatch
):
    window = _window(qtbot, demo_desk, hub, background)
    session = next(s for s in sessions_in_week(demo_desk, monday) if s.present)
    present = _present(demo_desk, session.id)
    _open(window, session)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    window.week.delete_selected()
    assert window.week.model.row_of(session.id) < 0

    window.week.table.setFocus()
    with qtbot.waitSignal(hub.changed):
        qtbot.keyClick(window.week.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.week.model.row_of(session.id) >= 0
    assert _present(demo_desk, session.id) == present


def _answer(text: list[str], button: str) -> None:
    """Read the question that is open and press ``button`` ("go" or "cancel")."""
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    text.append(box.text())
    role = (
        QMessageBox.ButtonRole.AcceptRole if button == "go" else QMessageBox.ButtonRole.RejectRole
    )
    next(b for b in box.buttons() if box.buttonRole(b) == role).click()


def test_a_start_on_a_started_list_says_how_many_it_adds_first(
    qtbot, demo_desk, hub, background, monday, chinese
):
    session = _new_class(demo_desk, monday)
    window = _window(qtbot, demo_desk, hub, background)
    _open(window, session)
    panel = window.attendance
    choices = attendance.start_choices(demo_desk, session.id)
    first = next(iter(choices.expected))
    attendance.mark_present(demo_desk, session.id, first)
    _open(window, session)
    adds = len(choices.expected) - 1

    asked: list[str] = []
    QTimer.singleShot(0, lambda: _answer(asked, "cancel"))
    panel.all_button.click()
    assert asked == [
        f"这份签到表上已有 1 人有记录。此操作将从该课程应到的人中再签到 {adds} 人，"
        "已有的记录保留。撤销（Ctrl+Z）可以撤回。"
    ]
    assert _present(demo_desk, session.id) == {first}

    QTimer.singleShot(0, lambda: _answer(asked, "go"))
    panel.all_button.click()
    assert len(asked) == 2
    assert len(_present(demo_desk, session.id)) == adds + 1

    # On an empty list nothing is asked: the start row says the number on its button.
    other = _new_class(demo_desk, monday)
    _open(window, other)
    panel.same_button.click()
    assert len(asked) == 2
    assert _present(demo_desk, other.id)


def test_an_import_and_a_merge_are_offered_and_taken_back_latest_first(
    qtbot, desk, hub, background, tmp_path, chinese
):
    window = _window(qtbot, desk, hub, background)
    sheet = tmp_path / "花名册.csv"
    sheet.write_text("姓名,出生年份\n张桂英,1956\n章桂英,1956\n", encoding="utf-8")
    importer = ImportDialog(desk, hub, parent=window)  # no background: runs in place
    qtbot.addWidget(importer)
    importer.load(sheet)
    importer.confirm_button.click()
    assert window.undo.notice.text() == "已导入 2 位居民。"
    first, second = sorted(search_residents(desk, ""), key=lambda r: r.name)

    merger = MergeDialog(desk, hub, first, second, parent=window)
    qtbot.addWidget(merger)
    assert merger.merge()
    assert window.undo.notice.text().startswith("已将")
    assert len(search_residents(desk, "")) == 1
    assert [said for _record, said in window.undo.stack][0] == "已导入 2 位居民。"

    window.undo.action.trigger()  # the merge
    wait_saved(qtbot, background)
    assert {r.id for r in search_residents(desk, "")} == {first.id, second.id}
    assert holdings_of(desk, second.id).marks == 0
    window.undo.action.trigger()  # the import
    wait_saved(qtbot, background)
    assert search_residents(desk, "") == []
    assert not window.undo.action.isEnabled()
