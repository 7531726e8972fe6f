"""Signing in the person meant: a typed name that matches several people signs no one in until one
is chosen, and the roster list is worked with Enter and Space on the highlighted person, who stays
highlighted."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.services.people import residents
from desktop.services.week import attendance, courses, sessions
from desktop.storage.store import Store
from desktop.ui.background import Background
from desktop.ui.events import Hub
from desktop.ui.models import ID_ROLE
from desktop.ui.people.dialogs import ask_for_resident
from desktop.ui.week.attendance_panel import AttendancePanel
from desktop.ui.week.models import RosterModel

from conftest import wait_saved

#: 林春梅 and 梁春梅 share their initials; 刘德华 is there so the list is not only them.
NAMES = ("林春梅", "梁春梅", "刘德华", "王小明", "张三")


def sheet(qtbot, store: Store, hub: Hub, background: Background):  # noqa: ANN001, ANN201
    """A panel showing a new session of a course, with :data:`NAMES` on the register; and who is
    who, by name."""
    people = {
        name: residents.add_resident(
            store, residents.ResidentInput(name, village_group="一组", household=f"一组{name}家")
        )[0]
        for name in NAMES
    }
    course, _ = courses.create_course(store, courses.CourseInput("夏布编织技艺", "culture"))
    start = dt.datetime(2026, 11, 25, 14, 0)
    session, _ = sessions.record_session(
        store, sessions.SessionInput(course.id, start, start + dt.timedelta(hours=2))
    )
    panel = AttendancePanel(store, hub, background, ask_for_resident(store, hub))
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.show_session(sessions.get_session(store, session.id))
    return panel, session, people


def present(store: Store, session_id) -> set[str]:  # noqa: ANN001
    return {e.resident.name for e in attendance.roster(store, session_id) if e.present}


def highlighted(panel: AttendancePanel) -> list[str]:
    """Names of the selected rows of the list."""
    rows = panel.table.selectionModel().selectedRows(RosterModel.COL_NAME)
    return [index.data() for index in rows]


def current_name(panel: AttendancePanel) -> str:
    return panel.table.currentIndex().siblingAtColumn(RosterModel.COL_NAME).data()


def test_initials_that_match_two_people_sign_in_the_one_chosen(
    qtbot, background: Background, desk: Store, hub: Hub
) -> None:
    panel, session, people = sheet(qtbot, desk, hub, background)
    qtbot.keyClicks(panel.search, "lcm")
    assert panel.filter.rowCount() == 2

    # Enter signs no one in: it says who matches and hands the keyboard to the list.
    with qtbot.assertNotEmitted(hub.changed, wait=200):
        qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    wait_saved(qtbot, background)
    assert present(desk, session.id) == set()
    said = panel.feedback.text()
    assert "林春梅" in said and "梁春梅" in said and "2" in said
    assert QApplication.focusWidget() is panel.table
    assert highlighted(panel) == [current_name(panel)]
    assert current_name(panel) in {"林春梅", "梁春梅"}

    # Down to 梁春梅 (wherever the list put her), then Enter takes the highlighted one.
    while current_name(panel) != "梁春梅":
        qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    with qtbot.waitSignal(hub.changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    wait_saved(qtbot, background)
    assert present(desk, session.id) == {"梁春梅"}
    assert panel.feedback.text() == "Signed in: 梁春梅"
    assert current_name(panel) == "梁春梅" and highlighted(panel) == ["梁春梅"]

    # Typing goes back to the box; a name only one person has signs in at once, mixed or not.
    qtbot.keyClick(panel.table, "w")
    qtbot.keyClicks(QApplication.focusWidget(), "angxm")
    assert panel.search.text() == "wangxm" and panel.filter.rowCount() == 1
    with qtbot.waitSignal(hub.changed):
        qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert present(desk, session.id) == {"梁春梅", "王小明"}
    assert panel.feedback.text() == "Signed in: 王小明"
    assert panel.search.text() == ""


def test_the_exact_name_typed_is_not_ambiguous(
    qtbot, background: Background, desk: Store, hub: Hub
) -> None:
    # In a household listed before 张三's: the first match in the list is not the one typed.
    residents.add_resident(
        desk, residents.ResidentInput("张三丰", village_group="一组", household="一组一家")
    )
    panel, session, people = sheet(qtbot, desk, hub, background)
    panel.search.setText("张三")
    assert panel.filter.rowCount() == 2  # 张三 and 张三丰
    assert panel.first_match()[1] == "张三丰"
    with qtbot.waitSignal(hub.changed):
        qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert present(desk, session.id) == {"张三"}


def test_shift_enter_on_several_matches_takes_back_only_the_one_chosen(
    qtbot, background: Background, desk: Store, hub: Hub
) -> None:
    panel, session, people = sheet(qtbot, desk, hub, background)
    attendance.set_attendance(desk, session.id, [people["林春梅"].id, people["梁春梅"].id])
    panel.refresh()
    qtbot.keyClicks(panel.search, "lcm")
    with qtbot.assertNotEmitted(hub.changed, wait=200):
        qtbot.keyClick(panel.search, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert present(desk, session.id) == {"林春梅", "梁春梅"}
    assert QApplication.focusWidget() is panel.table
    while current_name(panel) != "林春梅":
        qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    with qtbot.waitSignal(hub.changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert present(desk, session.id) == {"梁春梅"}
    assert panel.feedback.text() == "Taken back: 林春梅 was not here"


def test_enter_and_space_in_the_list_toggle_the_highlighted_person_who_stays_highlighted(
    qtbot, background: Background, desk: Store, hub: Hub
) -> None:
    panel, session, people = sheet(qtbot, desk, hub, background)
    qtbot.keyClick(panel.search, Qt.Key.Key_Down)  # into the list, on its first row
    assert QApplication.focusWidget() is panel.table
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    row = panel.table.currentIndex().row()
    name = current_name(panel)
    assert row == 2

    with qtbot.waitSignal(hub.changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Space)
    wait_saved(qtbot, background)
    assert present(desk, session.id) == {name}
    assert panel.feedback.text() == f"Signed in: {name}"
    assert panel.table.currentIndex().row() == row and highlighted(panel) == [name]

    with qtbot.waitSignal(hub.changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    wait_saved(qtbot, background)
    assert present(desk, session.id) == set()
    assert panel.feedback.text() == f"Taken back: {name} was not here"
    assert panel.table.currentIndex().row() == row and highlighted(panel) == [name]

    # The next person down, with Enter this time.
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    below = current_name(panel)
    with qtbot.waitSignal(hub.changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Enter)
    wait_saved(qtbot, background)
    assert present(desk, session.id) == {below}
    assert panel.feedback.text() == f"Signed in: {below}"
    assert panel.table.currentIndex().row() == row + 1 and highlighted(panel) == [below]
    assert panel.table.currentIndex().data(ID_ROLE) == people[below].id
