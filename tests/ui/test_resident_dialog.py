"""The resident form catches a second record of someone before it is made: likely duplicates appear
while typing, with the reasons in words, and "Use this person" takes the existing record instead;
an ID-card number is optional, checked, and shown only by its last four."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPushButton

from desktop.services.people.residents import (
    Resident,
    ResidentInput,
    add_resident,
    count_residents,
    get_resident,
)
from desktop.services.week import attendance, courses, sessions
from desktop.storage.store import Store
from desktop.ui.events import Hub
from desktop.ui.people.dialogs import ResidentDialog, ask_for_resident
from desktop.ui.people.residents_tab import ResidentsTab
from desktop.ui.week.attendance_panel import AttendancePanel
from desktop.ui.week.models import RosterModel

from conftest import wait_saved

#: A valid number (GB 11643 check character X), born 1949-12-31.
ID_NUMBER = "11010519491231002X"


@pytest.fixture
def guiying(desk: Store) -> Resident:
    made, _ = add_resident(
        desk,
        ResidentInput(
            "张桂英",
            birth_year=1956,
            phone="13812345678",
            village_group="三组",
            household="三组张家",
        ),
    )
    return made


def open_dialog(qtbot, store: Store, hub: Hub, **kwargs) -> ResidentDialog:
    dialog = ResidentDialog(store, hub, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_name_and_year(qtbot, dialog: ResidentDialog, name: str, year: int) -> None:
    dialog.name.setText(name)  # what a pinyin input method commits
    dialog.birth_year.lineEdit().selectAll()
    qtbot.keyClicks(dialog.birth_year, str(year))


def suggested(qtbot, dialog: ResidentDialog) -> None:
    qtbot.waitUntil(lambda: dialog.suggestions.isVisible(), timeout=3000)


def test_typing_a_known_name_and_year_suggests_that_person_with_the_reason(
    qtbot, desk, hub, guiying, chinese
):
    dialog = open_dialog(qtbot, desk, hub)
    type_name_and_year(qtbot, dialog, "章桂英", 1956)  # a homophone surname
    assert dialog.suggestions.found == [], "the register is asked once typing pauses"
    suggested(qtbot, dialog)
    [duplicate] = dialog.suggestions.found
    assert duplicate.resident.id == guiying.id
    assert dialog.suggestions.reasons_of(guiying) == ["姓名同音，出生年份相同"]
    shown = dialog.suggestions.findChild(QPushButton, "use_existing")
    assert shown is not None and shown.text() == "就是此人"
    text = " ".join(label.text() for label in dialog.suggestions.findChildren(QLabel))
    assert "138****5678" in text and "13812345678" not in text
    assert "三组张家" in text and "姓名同音" in text


def test_use_this_person_returns_the_existing_resident_and_creates_nothing(
    qtbot, desk, hub, guiying
):
    dialog = open_dialog(qtbot, desk, hub)
    dialog.phone.setText("138 1234 5678")
    suggested(qtbot, dialog)
    assert dialog.suggestions.reasons_of(guiying) == ["same phone number"]
    use = dialog.suggestions.findChild(QPushButton, "use_existing")
    with qtbot.assertNotEmitted(hub.changed):
        qtbot.mouseClick(use, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chose_existing
    assert dialog.saved == guiying
    assert count_residents(desk) == 1


def test_saving_anyway_makes_a_second_record(qtbot, desk, hub, guiying):
    """Namesakes exist: the suggestion informs, it does not refuse."""
    dialog = open_dialog(qtbot, desk, hub)
    type_name_and_year(qtbot, dialog, "张桂英", 1956)
    suggested(qtbot, dialog)
    assert dialog.save()
    assert not dialog.chose_existing
    assert dialog.saved is not None and dialog.saved.id != guiying.id
    assert count_residents(desk) == 2


def test_an_invalid_id_number_is_refused_next_to_the_field(qtbot, desk, hub, guiying, chinese):
    dialog = open_dialog(qtbot, desk, hub, name="李明")
    dialog.id_number.setText(ID_NUMBER[:-1] + "5")  # wrong check character
    with qtbot.assertNotEmitted(hub.changed):
        assert not dialog.save()
    assert dialog.errors.text("id_number") == "这个身份证号校验不通过（最后一位不对），请核对。"
    assert dialog.errors.text("name") == ""
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert count_residents(desk) == 1
    dialog.id_number.setText("1101051949")
    assert not dialog.save()
    assert dialog.errors.text("id_number").startswith("身份证号共18位")
    assert count_residents(desk) == 1


def test_the_same_id_number_is_a_certain_match(qtbot, desk, hub):
    dialog = open_dialog(qtbot, desk, hub, name="王建国")
    dialog.id_number.setText(ID_NUMBER.lower())
    assert dialog.save()
    saved = dialog.saved
    assert saved is not None and saved.id_last4 == "002X"

    again = open_dialog(qtbot, desk, hub)
    again.name.setText("王建军")
    again.id_number.setText(ID_NUMBER)
    suggested(qtbot, again)
    [duplicate] = again.suggestions.found
    assert duplicate.certain and duplicate.resident.id == saved.id


def test_editing_shows_only_the_last_four_keeps_or_removes_the_number(qtbot, desk, hub):
    dialog = open_dialog(qtbot, desk, hub, name="王建国")
    dialog.id_number.setText(ID_NUMBER)
    dialog.phone.setText("13900001111")
    assert dialog.save()
    person = dialog.saved
    assert person is not None

    edit = open_dialog(qtbot, desk, hub, resident=person)
    assert edit.id_number.text() == ""
    assert edit.id_number.placeholderText().startswith("••••002X")
    assert edit.phone.text() == "13900001111", "the edit form shows the whole number"
    edit.notes.setPlainText("腿脚不便")
    assert edit.save()
    assert get_resident(desk, person.id).id_last4 == "002X", "an empty box keeps the number"

    remove = open_dialog(qtbot, desk, hub, resident=get_resident(desk, person.id))
    assert remove.id_clear.isVisible()
    remove.id_clear.setChecked(True)
    assert not remove.id_number.isEnabled()
    assert remove.save()
    assert get_resident(desk, person.id).id_last4 == ""


def test_editing_never_suggests_the_record_itself_and_offers_no_swap(qtbot, desk, hub, guiying):
    other, _ = add_resident(desk, ResidentInput("张桂英", birth_year=1956))
    dialog = open_dialog(qtbot, desk, hub, resident=other)
    dialog.suggestions.refresh()
    assert [d.resident.id for d in dialog.suggestions.found] == [guiying.id]
    assert dialog.suggestions.findChild(QPushButton, "use_existing") is None
    assert "Merge" in dialog.suggestions.more.text()


def test_residents_tab_shows_the_existing_person_chosen_instead(qtbot, desk, hub, guiying):
    tab = ResidentsTab(desk, hub)
    qtbot.addWidget(tab)
    tab.show()

    def choose_existing() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ResidentDialog)
        dialog.phone.setText("13812345678")
        dialog.suggestions.refresh()
        dialog.suggestions.findChild(QPushButton, "use_existing").click()

    QTimer.singleShot(0, choose_existing)
    tab.new_button.click()
    assert count_residents(desk) == 1
    assert tab.selected() == guiying


def test_attendance_panel_signs_in_the_existing_person_chosen(
    qtbot, background, desk, hub, guiying
):
    course, _ = courses.create_course(desk, courses.CourseInput("广场舞", "health"))
    start = dt.datetime(2026, 11, 25, 14)
    session, _ = sessions.record_session(
        desk, sessions.SessionInput(course.id, start, start + dt.timedelta(hours=2))
    )
    panel = AttendancePanel(desk, hub, background, ask_for_resident(desk, hub))
    qtbot.addWidget(panel)
    panel.show()
    panel.show_session(session)

    def choose_existing() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ResidentDialog)
        type_name_and_year(qtbot, dialog, "张桂英", 1956)
        dialog.suggestions.refresh()
        dialog.suggestions.findChild(QPushButton, "use_existing").click()

    QTimer.singleShot(0, choose_existing)
    panel.add_button.click()
    wait_saved(qtbot, background)
    assert count_residents(desk) == 1
    present = {e.resident.id for e in attendance.roster(desk, session.id) if e.present}
    assert present == {guiying.id}
    assert panel.feedback.text() == "Signed in: 张桂英"
    row = panel.model.row_of(guiying.id)
    assert panel.model.index(row, RosterModel.COL_PHONE).data() == "138****5678"
