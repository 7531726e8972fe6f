"""The Teachers tab: search as you type by pinyin, add and edit through the dialog, the selected
teacher's sessions and training records, and the centre's training rate and volunteer hours."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.services.people import teachers, trainings
from desktop.services.people.teachers import TeacherInput
from desktop.services.people.trainings import TrainingInput
from desktop.services.week import courses, sessions
from desktop.storage.store import Store
from desktop.ui.events import Hub
from desktop.ui.people.dialogs import TeacherDialog, TrainingDialog
from desktop.ui.people.teacher_models import (
    TaughtSessionsModel,
    TeachersModel,
    TrainingsModel,
    VolunteerHoursModel,
)
from desktop.ui.people.teachers_tab import TeachersTab


@pytest.fixture
def register(desk: Store, monday: dt.date) -> dict[str, teachers.Teacher]:
    """Four people on the register; the volunteer taught two sessions, the teacher one."""
    people = {
        name: teachers.add_teacher(desk, TeacherInput(name, kind, phone=phone, skills=skills))[0]
        for name, kind, phone, skills in (
            ("张三", "full_time", "13812345678", "夏布编织"),
            ("张桂英", "volunteer", "", "非遗传承人"),
            ("刘德华", "cadre", "", ""),
            ("王建国", "part_time", "", "柑橘种植"),
        )
    }
    course = courses.create_course(desk, courses.CourseInput("夏布编织技艺", "culture"))[0]
    for teacher, day, hours, topic in (
        ("张桂英", 0, 2.0, "起头"),
        ("张桂英", 1, 1.5, ""),
        ("张三", 2, 2.0, "收边"),
    ):
        start = dt.datetime.combine(monday + dt.timedelta(days=day), dt.time(14))
        sessions.record_session(
            desk,
            sessions.SessionInput(
                course.id,
                start,
                start + dt.timedelta(hours=hours),
                teacher_id=people[teacher].id,
                topic=topic,
            ),
        )
    trainings.add_training(
        desk, TrainingInput(people["张三"].id, dt.date(2026, 3, 12), "社区教育师资培训", 6)
    )
    return people


def make_tab(qtbot, store: Store, hub: Hub) -> TeachersTab:
    tab = TeachersTab(store, hub)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    return tab


def _names(tab: TeachersTab) -> list[str]:
    return [tab.model.record_at(r).name for r in range(tab.model.rowCount())]


def _answer(button: QMessageBox.StandardButton) -> Callable[[], None]:
    def press() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        box.button(button).click()

    return press


def test_the_models_behave_as_qt_expects(qtmodeltester, desk, register, monday):
    for model, records in (
        (TeachersModel(), teachers.list_teachers(desk)),
        (TaughtSessionsModel(), teachers.sessions_taught(desk, register["张桂英"].id)),
        (TrainingsModel(), trainings.trainings_of(desk, register["张三"].id)),
        (
            VolunteerHoursModel(),
            teachers.volunteer_hours(desk, monday, monday + dt.timedelta(days=6)),
        ),
    ):
        model.set_records(records)
        assert model.rowCount() == len(records) > 0
        qtmodeltester.check(model)


def test_the_register_is_searched_as_you_type_by_pinyin_and_initials(
    qtbot, desk, hub, register, chinese
):
    tab = make_tab(qtbot, desk, hub)
    assert sorted(_names(tab)) == sorted(register)
    assert tab.count.text() == "登记在册的教师与志愿者 4 人"
    phone = tab.model.index(tab.model.row_of(register["张三"].id), TeachersModel.COL_PHONE)
    assert phone.data() == "138****5678"
    kind = tab.model.index(tab.model.row_of(register["张桂英"].id), TeachersModel.COL_KIND)
    assert kind.data() == "志愿者"

    qtbot.keyClicks(tab.search, "zs")
    assert _names(tab) == ["张三"]
    tab.search.clear()
    qtbot.keyClicks(tab.search, "zhang")
    assert sorted(_names(tab)) == ["张三", "张桂英"]
    assert tab.count.text() == "找到教师与志愿者 2 人"
    tab.search.clear()
    qtbot.keyClicks(tab.search, "ldh")
    assert _names(tab) == ["刘德华"]


def test_selecting_a_teacher_shows_their_sessions_and_trainings(qtbot, desk, hub, register):
    tab = make_tab(qtbot, desk, hub)
    assert not tab.edit_button.isEnabled() and not tab.add_training_button.isEnabled()
    tab.table.selectRow(tab.model.row_of(register["张桂英"].id))
    assert tab.taught_model.rowCount() == 2
    assert tab.taught_box.title() == "Sessions taught by 张桂英 (2)"
    assert tab.trainings_model.rowCount() == 0
    newest = tab.taught_model.index(0, TaughtSessionsModel.COL_TIME).data()
    assert newest == "14:00–15:30"

    tab.table.selectRow(tab.model.row_of(register["张三"].id))
    assert tab.taught_model.rowCount() == 1
    course = tab.taught_model.index(0, TaughtSessionsModel.COL_COURSE).data()
    assert course == "夏布编织技艺：收边"
    assert tab.trainings_model.rowCount() == 1
    row = [tab.trainings_model.index(0, c).data() for c in range(tab.trainings_model.columnCount())]
    assert row[TrainingsModel.COL_TITLE] == "社区教育师资培训"
    assert row[TrainingsModel.COL_HOURS] == "6"
    assert tab.add_training_button.isEnabled() and not tab.delete_training_button.isEnabled()


def test_the_year_s_training_rate_and_volunteer_hours(qtbot, desk, hub, register, chinese):
    tab = make_tab(qtbot, desk, hub)
    assert tab.year_box.title() == "本中心 2026 年"
    assert tab.rate_label.text() == "培训率：25%（今年已培训 1 人，共 4 名教师与志愿者）"
    assert tab.hours_model.rowCount() == 1
    hours = [tab.hours_model.index(0, c).data() for c in range(3)]
    assert hours == ["张桂英", 2, "3.5"]

    # A training recorded elsewhere reaches the tab through the hub.
    _, changes = trainings.add_training(
        desk, TrainingInput(register["张桂英"].id, dt.date(2026, 6, 1), "志愿服务培训", 3)
    )
    hub.publish(changes)
    assert tab.rate_label.text().startswith("培训率：50%")


def test_adding_a_teacher_through_the_dialog(qtbot, desk, hub, register, chinese):
    tab = make_tab(qtbot, desk, hub)
    tab.search.setText("周")
    assert _names(tab) == []

    dialog = TeacherDialog(desk, hub, name="周")
    qtbot.addWidget(dialog)
    dialog.phone.setText("not a phone")
    dialog.name.clear()
    with qtbot.assertNotEmitted(hub.changed):
        assert not dialog.save()
    assert dialog.errors.text("name") == "这一项必须填写。"
    assert dialog.errors.text("phone")
    dialog.name.setText("周德芳")
    dialog.kind.setCurrentIndex(dialog.kind.findData("volunteer"))
    dialog.phone.setText("13900001111")
    dialog.skills.setText("非遗传承人（夏布）")
    with qtbot.waitSignal(hub.changed):
        assert dialog.save()
    assert _names(tab) == ["周德芳"]
    assert tab.model.index(0, TeachersModel.COL_KIND).data() == "志愿者"
    # A new volunteer shows in the year's hours with none yet.
    assert "周德芳" in [
        tab.hours_model.record_at(r).name for r in range(tab.hours_model.rowCount())
    ]


def test_editing_keeps_the_values_and_saves_the_change(qtbot, desk, hub, register):
    tab = make_tab(qtbot, desk, hub)
    dialog = TeacherDialog(desk, hub, teacher=register["王建国"])
    qtbot.addWidget(dialog)
    assert dialog.name.text() == "王建国" and dialog.kind.currentData() == "part_time"
    assert dialog.skills.text() == "柑橘种植"
    dialog.kind.setCurrentIndex(dialog.kind.findData("full_time"))
    assert dialog.save()
    row = tab.model.row_of(register["王建国"].id)
    assert tab.model.index(row, TeachersModel.COL_KIND).data() == "Full-time teacher"


def test_adding_and_deleting_a_training_record(qtbot, desk, hub, register, chinese):
    tab = make_tab(qtbot, desk, hub)
    tab.table.selectRow(tab.model.row_of(register["王建国"].id))
    dialog = TrainingDialog(desk, hub, register["王建国"])
    qtbot.addWidget(dialog)
    assert not dialog.save()  # no title
    assert dialog.errors.text("title") == "这一项必须填写。"
    dialog.held_on.setDate(QDate(2026, 9, 8))
    dialog.title.setText("柑橘栽培技术培训")
    dialog.hours.setValue(4.5)
    dialog.organiser.setText("区农业农村委")
    with qtbot.waitSignal(hub.changed):
        assert dialog.save()
    assert tab.trainings_model.rowCount() == 1
    assert tab.trainings_model.record_at(0).hours == 4.5
    assert tab.rate_label.text().startswith("培训率：50%")

    tab.trainings_table.selectRow(0)
    assert tab.delete_training_button.isEnabled()
    QTimer.singleShot(0, _answer(QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(hub.changed):
        tab.delete_training_button.click()
    assert tab.trainings_model.rowCount() == 0
    assert trainings.trainings_of(desk, register["王建国"].id) == []


def test_deleting_a_teacher_asks_first(qtbot, desk, hub, register):
    tab = make_tab(qtbot, desk, hub)
    tab.table.selectRow(tab.model.row_of(register["刘德华"].id))
    QTimer.singleShot(0, _answer(QMessageBox.StandardButton.No))
    tab.delete_button.click()
    assert "刘德华" in _names(tab)
    QTimer.singleShot(0, _answer(QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(hub.changed):
        tab.delete_button.click()
    assert "刘德华" not in _names(tab)
    assert tab.selected() is None and not tab.edit_button.isEnabled()
