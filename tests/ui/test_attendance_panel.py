"""Taking attendance in the panel: ticking, typing a name and Enter, adding someone new, and the
person-times that follow."""

from __future__ import annotations

import datetime as dt
import threading

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from core import schema
from desktop.services.people.residents import search_residents
from desktop.services.week import attendance
from desktop.services.week.sessions import delete_session, get_session, sessions_in_week
from desktop.storage.store import Store
from desktop.ui.background import Background
from desktop.ui.events import Hub
from desktop.ui.models import ID_ROLE
from desktop.ui.people.dialogs import ResidentDialog, ask_for_resident
from desktop.ui.week.attendance_panel import AttendancePanel
from desktop.ui.week.models import RosterModel

from conftest import wait_saved


def named_session(store: Store, monday: dt.date):
    return next(s for s in sessions_in_week(store, monday) if not s.headcount_only)


def present_ids(store: Store, session_id) -> set:
    return {e.resident.id for e in attendance.roster(store, session_id) if e.present}


def unique_absentee(store: Store, session_id):
    """Someone not at the session whose name finds only them."""
    for entry in attendance.roster(store, session_id):
        if not entry.present and len(search_residents(store, entry.resident.name)) == 1:
            return entry.resident
    raise AssertionError("the demo data has no uniquely named absentee")


def type_with_ime(widget, text: str) -> None:
    """Type Chinese the way a pinyin input method delivers it: one committed string.

    (QTest's key clicks only know ASCII keys.)"""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def make_panel(qtbot, store: Store, hub: Hub, background: Background, session) -> AttendancePanel:
    panel = AttendancePanel(store, hub, background, ask_for_resident(store, hub))
    qtbot.addWidget(panel)
    panel.show()
    panel.show_session(session)
    return panel


def test_typing_a_name_and_enter_signs_them_in(qtbot, background, demo_desk, hub, monday, chinese):
    session = named_session(demo_desk, monday)
    panel = make_panel(qtbot, demo_desk, hub, background, session)
    person = unique_absentee(demo_desk, session.id)
    assert panel.person_times.text() == f"{session.person_times} 人次"

    type_with_ime(panel.search, person.name)
    assert panel.filter.rowCount() == 1
    with qtbot.waitSignal(hub.changed):
        qtbot.keyClick(panel.search, Qt.Key.Key_Return)

    assert person.id in present_ids(demo_desk, session.id)
    assert panel.person_times.text() == f"{session.person_times + 1} 人次"
    assert panel.feedback.text() == f"已签到：{person.name}"
    assert panel.search.text() == ""
    row = panel.model.row_of(person.id)
    state = panel.model.index(row, RosterModel.COL_NAME).data(Qt.ItemDataRole.CheckStateRole)
    assert state == Qt.CheckState.Checked


def test_enter_on_pinyin_initials_signs_in_the_first_absent_match(
    qtbot, background, demo_desk, hub, monday
):
    session = named_session(demo_desk, monday)
    panel = make_panel(qtbot, demo_desk, hub, background, session)
    person = unique_absentee(demo_desk, session.id)
    initials = search_residents(demo_desk, person.name)[0]
    qtbot.keyClicks(panel.search, "".join(_initials(initials.name)))
    expected_id, expected_name, already = panel.first_match()
    assert not already
    # The row Enter will sign in is the highlighted one.
    [selected] = panel.table.selectionModel().selectedRows()
    assert selected.data(ID_ROLE) == expected_id
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    wait_saved(qtbot, background)
    assert expected_id in present_ids(demo_desk, session.id)
    assert panel.feedback.text() == f"Signed in: {expected_name}"


def _initials(name: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return [s[0] for s in lazy_pinyin(name, style=Style.NORMAL)]


def test_unticking_a_box_takes_the_mark_back(qtbot, background, demo_desk, hub, monday):
    session = named_session(demo_desk, monday)
    panel = make_panel(qtbot, demo_desk, hub, background, session)
    row = next(r for r in range(panel.model.rowCount()) if panel.model.record_at(r).present)
    index = panel.filter.index(row, RosterModel.COL_NAME)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    resident_id = panel.model.record_at(row).resident.id
    with qtbot.waitSignal(hub.changed):
        assert panel.filter.setData(
            index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
        )
    assert resident_id not in present_ids(demo_desk, session.id)
    assert get_session(demo_desk, session.id).person_times == session.person_times - 1
    assert panel.person_times.text() == f"{session.person_times - 1} person-times"
    # The row stays where it was: nothing jumps under the coordinator's mouse.
    assert panel.model.record_at(row).resident.id == resident_id


def test_no_match_says_so_and_marks_nothing(qtbot, background, demo_desk, hub, monday):
    session = named_session(demo_desk, monday)
    panel = make_panel(qtbot, demo_desk, hub, background, session)
    qtbot.keyClicks(panel.search, "xyzxyz")
    with qtbot.assertNotEmitted(hub.changed):
        qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert panel.feedback.text() == "No one on the register matches “xyzxyz”."
    assert present_ids(demo_desk, session.id) == {
        e.resident.id for e in attendance.roster(demo_desk, session.id) if e.present
    }
    assert get_session(demo_desk, session.id).person_times == session.person_times


def test_adding_a_new_resident_signs_them_in(qtbot, background, demo_desk, hub, monday):
    session = named_session(demo_desk, monday)
    panel = make_panel(qtbot, demo_desk, hub, background, session)
    type_with_ime(panel.search, "欧阳春花")
    assert panel.filter.rowCount() == 0

    seen = {}

    def fill_and_save() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ResidentDialog)
        seen["name"] = dialog.name.text()
        dialog.village_group.setText("三组")
        dialog.save()

    QTimer.singleShot(0, fill_and_save)
    panel.add_button.click()
    wait_saved(qtbot, background)

    assert seen["name"] == "欧阳春花"  # the typed name is carried into the form
    [person] = search_residents(demo_desk, "oych")
    assert person.id in present_ids(demo_desk, session.id)
    assert panel.person_times.text() == f"{session.person_times + 1} person-times"
    assert panel.feedback.text() == "Added and signed in: 欧阳春花"


def test_marks_made_elsewhere_show_up(qtbot, background, demo_desk, hub, monday):
    session = named_session(demo_desk, monday)
    panel = make_panel(qtbot, demo_desk, hub, background, session)
    person = unique_absentee(demo_desk, session.id)
    hub.publish(attendance.mark_present(demo_desk, session.id, person.id))
    row = panel.model.row_of(person.id)
    assert panel.model.record_at(row).present
    assert panel.person_times.text() == f"{session.person_times + 1} person-times"


def test_a_headcount_session_counts_heads_and_may_name_people(
    qtbot, background, demo_desk, hub, monday
):
    from desktop.services.week.sessions import SessionInput, record_session

    course_id = named_session(demo_desk, monday).course_id
    start = dt.datetime.combine(monday, dt.time(19))
    talk, _ = record_session(
        demo_desk,
        SessionInput(course_id, start, start + dt.timedelta(hours=1), headcount=180),
    )
    panel = make_panel(qtbot, demo_desk, hub, background, talk)
    assert not panel.headcount_note.isHidden()
    assert "180" in panel.headcount_note.text() and "0 named" in panel.headcount_note.text()
    assert panel.start_row.isHidden(), "a big talk needs no roster to start from"
    assert panel.person_times.text() == "180 person-times"

    person = unique_absentee(demo_desk, talk.id)
    type_with_ime(panel.search, person.name)
    with qtbot.waitSignal(hub.changed):
        qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert present_ids(demo_desk, talk.id) == {person.id}
    assert "1 named" in panel.headcount_note.text()
    assert panel.person_times.text() == "180 person-times", "the count stays the figure"


def test_down_and_space_tick_and_untick_from_the_keyboard(
    qtbot, background, demo_desk, hub, monday
):
    session = named_session(demo_desk, monday)
    panel = make_panel(qtbot, demo_desk, hub, background, session)
    person = unique_absentee(demo_desk, session.id)
    type_with_ime(panel.search, person.name)
    qtbot.keyClick(panel.search, Qt.Key.Key_Down)
    assert panel.table.currentIndex().data(ID_ROLE) == person.id
    with qtbot.waitSignal(hub.changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Space)
    assert person.id in present_ids(demo_desk, session.id)
    with qtbot.waitSignal(hub.changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Space)
    assert person.id not in present_ids(demo_desk, session.id)
    # Typing in the list goes back to the search box.
    qtbot.keyClicks(panel.table, "x")
    assert panel.search.text() == "x"


def test_the_start_row_stands_out_until_the_list_is_started(
    qtbot, background, demo_desk, hub, monday
):
    from desktop.services.week.sessions import SessionInput, record_session

    course_id = named_session(demo_desk, monday).course_id
    start = dt.datetime.combine(monday + dt.timedelta(days=6), dt.time(20))
    fresh, _ = record_session(
        demo_desk, SessionInput(course_id, start, start + dt.timedelta(hours=1))
    )
    panel = make_panel(qtbot, demo_desk, hub, background, fresh)
    assert panel.start_prompt.text() == "No one is signed in yet. Start from:"
    assert not panel.empty_button.isHidden()
    with qtbot.assertNotEmitted(hub.changed):
        panel.empty_button.click()
    assert present_ids(demo_desk, fresh.id) == set()
    assert panel.start_prompt.text() == "Add from:" and panel.empty_button.isHidden()

    expected = attendance.start_choices(demo_desk, fresh.id).expected
    with qtbot.waitSignal(hub.changed):
        panel.all_button.click()
    assert present_ids(demo_desk, fresh.id) == set(expected)
    assert panel.person_times.text() == f"{len(expected)} person-times"
    assert panel.all_button.isHidden(), "nothing more to add from the expected roster"


class _ThreadNoting(Store):
    """A store that notes which thread each write runs on."""

    def __init__(self, store: Store) -> None:
        super().__init__(store.engine, store.clock, store.id_key)
        self.writers: list[bool] = []  # True: the GUI thread

    def write(self, background: bool = False):  # noqa: ANN201 - the context manager of Store
        self.writers.append(threading.current_thread() is threading.main_thread())
        return super().write(background)


def test_a_mark_is_saved_on_the_database_thread_and_shown_at_once(
    qtbot, background, demo_desk, hub, monday
):
    store = _ThreadNoting(demo_desk)
    session = named_session(store, monday)
    person = unique_absentee(store, session.id)
    panel = make_panel(qtbot, store, hub, background, session)
    type_with_ime(panel.search, person.name)
    with qtbot.waitSignal(hub.changed):
        qtbot.keyClick(panel.search, Qt.Key.Key_Return)
        row = panel.model.row_of(person.id)
        assert panel.model.record_at(row).present, "ticked before it is stored"
        assert panel.search.text() == "", "the box is ready for the next name meanwhile"
    assert person.id in present_ids(store, session.id)
    assert store.writers == [False], "the GUI thread did not write"


def test_a_refused_mark_takes_its_tick_back_and_says_why(
    qtbot, background, demo_desk, hub, monday, chinese
):
    session = named_session(demo_desk, monday)
    person = unique_absentee(demo_desk, session.id)
    panel = make_panel(qtbot, demo_desk, hub, background, session)
    delete_session(demo_desk, session.id)  # on another screen, before the sheet refreshed
    type_with_ime(panel.search, person.name)
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    wait_saved(qtbot, background)
    assert not panel.model.record_at(panel.model.row_of(person.id)).present
    a = schema.attendance
    with demo_desk.read() as conn:
        kept = conn.execute(
            select(a.c.present).where(a.c.session_id == session.id, a.c.resident_id == person.id)
        ).scalar_one_or_none()
    assert not kept, "nothing was signed in"
    assert panel.feedback.text() and not panel.feedback.text().isascii()


def _hold_the_database_thread(background: Background) -> threading.Event:
    """Keep the window's database thread busy until the returned event is set: marks made meanwhile
    queue behind it, as they would behind a slow write."""
    release = threading.Event()
    background.run_database(
        lambda _progress: release.wait(10), on_success=lambda _: None, on_failure=lambda _: None
    )
    return release


def test_a_mark_still_being_saved_survives_a_refresh_of_the_sheet(
    qtbot, background, demo_desk, hub, monday
):
    session = named_session(demo_desk, monday)
    person = unique_absentee(demo_desk, session.id)
    panel = make_panel(qtbot, demo_desk, hub, background, session)
    release = _hold_the_database_thread(background)
    type_with_ime(panel.search, person.name)
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    panel.refresh()  # a sync's broadcast arrives before the mark is stored
    assert panel.model.record_at(panel.model.row_of(person.id)).present
    assert person.id not in present_ids(demo_desk, session.id)
    release.set()
    wait_saved(qtbot, background)
    assert person.id in present_ids(demo_desk, session.id)
    assert panel.model.record_at(panel.model.row_of(person.id)).present


def test_a_mark_refused_after_the_sheet_moved_on_leaves_the_new_sheet_alone(
    qtbot, background, demo_desk, hub, monday, chinese
):
    first, second = [s for s in sessions_in_week(demo_desk, monday) if not s.headcount_only][:2]
    person = unique_absentee(demo_desk, first.id)
    panel = make_panel(qtbot, demo_desk, hub, background, first)
    release = _hold_the_database_thread(background)
    type_with_ime(panel.search, person.name)
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    delete_session(demo_desk, first.id)  # refused when its turn comes
    panel.show_session(second)
    shown = {e.resident.id: e.present for e in panel.model._rows}
    said = panel.feedback.text()
    release.set()
    wait_saved(qtbot, background)
    assert {e.resident.id: e.present for e in panel.model._rows} == shown
    assert panel.feedback.text() == said, "the first sheet's refusal is not said on the second"
