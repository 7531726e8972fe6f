"""The record dialogs: validation messages next to the field, and nothing saved when they appear."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QDialog

from desktop.services.people.residents import search_residents
from desktop.services.week.courses import list_courses
from desktop.services.week.sessions import sessions_in_week
from desktop.storage.store import Store
from desktop.sync.status import sync_status
from desktop.ui.events import Hub
from desktop.ui.people.dialogs import ResidentDialog
from desktop.ui.week.dialogs import CourseDialog, SessionDialog


def test_a_session_that_ends_before_it_starts_is_refused_next_to_the_time(
    qtbot, demo_desk: Store, hub: Hub, monday: dt.date, chinese
):
    before = sessions_in_week(demo_desk, monday)
    pending_before = sync_status(demo_desk).pending
    dialog = SessionDialog(demo_desk, hub, day=monday)
    qtbot.addWidget(dialog)
    dialog.starts.setTime(QTime(15, 0))
    dialog.ends.setTime(QTime(14, 0))
    with qtbot.assertNotEmitted(hub.changed):
        assert not dialog.save()
    assert dialog.errors.text("ends_at") == "结束时间必须晚于开始时间。"
    assert dialog.errors.text("course_id") == ""
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert sessions_in_week(demo_desk, monday) == before
    assert sync_status(demo_desk).pending == pending_before


def test_fixing_the_time_saves_the_session_and_announces_it(
    qtbot, demo_desk: Store, hub: Hub, monday: dt.date
):
    dialog = SessionDialog(demo_desk, hub, day=monday)
    qtbot.addWidget(dialog)
    dialog.starts.setTime(QTime(9, 0))  # whatever the hours its course usually has
    dialog.ends.setTime(QTime(8, 0))
    assert not dialog.save()
    assert dialog.errors.text("ends_at")
    dialog.ends.setTime(QTime(11, 0))
    dialog.place.setText("学习中心活动室")
    with qtbot.waitSignal(hub.changed) as announced:
        assert dialog.save()
    assert dialog.errors.text("ends_at") == ""
    assert announced.args[0].touches("sessions")
    saved = dialog.saved
    assert saved is not None and saved.place == "学习中心活动室"
    assert saved.id in {s.id for s in sessions_in_week(demo_desk, monday)}


def test_a_session_needs_a_course(qtbot, desk: Store, hub: Hub):
    dialog = SessionDialog(desk, hub)  # no courses exist yet
    qtbot.addWidget(dialog)
    assert not dialog.save()
    assert "Courses" in dialog.errors.text("course_id")


def test_editing_keeps_the_values_and_headcount_only(qtbot, demo_desk: Store, hub: Hub, monday):
    session = sessions_in_week(demo_desk, monday)[0]
    dialog = SessionDialog(demo_desk, hub, session=session)
    qtbot.addWidget(dialog)
    assert dialog.course.currentData() == session.course_id
    assert dialog.date.date() == QDate(session.starts_at.date())
    dialog.headcount_only.setChecked(True)
    dialog.headcount.setValue(150)
    assert dialog.save()
    assert dialog.saved is not None and dialog.saved.headcount == 150
    assert dialog.saved.person_times == 150


def test_resident_dialog_marks_each_wrong_field(qtbot, desk: Store, hub: Hub, chinese):
    dialog = ResidentDialog(desk, hub)
    qtbot.addWidget(dialog)
    dialog.phone.setText("call me")
    dialog.birth_year.setValue(2090)
    with qtbot.assertNotEmitted(hub.changed):
        assert not dialog.save()
    assert dialog.errors.text("name") == "这一项必须填写。"
    assert dialog.errors.text("phone").startswith("电话号码只能填数字")
    assert dialog.errors.text("birth_year") == "出生年份 2090 晚于今年，请检查。"
    assert search_residents(desk, "") == []


def test_resident_dialog_saves_tags_typed_with_chinese_commas(qtbot, desk: Store, hub: Hub):
    dialog = ResidentDialog(desk, hub, name="张秀英")
    qtbot.addWidget(dialog)
    dialog.tags.setText("老年人，种植户、 夏布")
    dialog.phone.setText("13812345678")
    assert dialog.save()
    [saved] = search_residents(desk, "zxy")
    assert saved.tags == ("老年人", "种植户", "夏布")
    assert saved.birth_year is None


def test_course_dialog_requires_a_title(qtbot, desk: Store, hub: Hub):
    dialog = CourseDialog(desk, hub)
    qtbot.addWidget(dialog)
    assert not dialog.save()
    assert dialog.errors.text("title") == "This field is required."
    dialog.title.setText("夏布编织技艺")
    dialog.is_feature.setChecked(True)
    assert dialog.save()
    [course] = list_courses(desk)
    assert course.is_feature and course.platform == "theory"
