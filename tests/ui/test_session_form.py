"""The weekly routine in the window: the session form opens on the course and fills in how the course
is usually held, times are typed whole, the end keeps the length when the start moves, the place
field suggests places used before, Tab goes down the form, a saved session puts the cursor in its
sign-in box, and 复制上周 copies last week once."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from PySide6.QtCore import QPoint, Qt, QTime, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QToolTip

from desktop.services.people import teachers
from desktop.services.week import courses
from desktop.services.week.sessions import (
    SessionInput,
    record_session,
    sessions_in_week,
)
from desktop.storage.store import Store
from desktop.ui.events import Hub
from desktop.ui.forms import parse_time
from desktop.ui.main_window import MainWindow
from desktop.ui.week.dialogs import SessionDialog
from desktop.ui.week.week_view import WeekView

from support import approve_here


def _at(monday: dt.date, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(monday + dt.timedelta(days=day), dt.time(hour, minute))


def _weekly_class(store: Store, monday: dt.date) -> tuple[uuid.UUID, uuid.UUID]:
    """陶艺 (a title sorted after the demo's) taught on Tuesdays 14:00–16:00 in the workshop by 吴老师
    for the three weeks before ``monday``'s."""
    course, _ = courses.create_course(store, courses.CourseInput("陶艺进阶", "culture"))
    teacher, _ = teachers.add_teacher(store, teachers.TeacherInput("吴老师", "part_time"))
    for weeks in (1, 2, 3):
        start = _at(monday - dt.timedelta(weeks=weeks), 1, 14)
        record_session(
            store,
            SessionInput(
                course.id,
                start,
                start + dt.timedelta(hours=2),
                place="陶艺工作室",
                teacher_id=teacher.id,
            ),
        )
    return course.id, teacher.id


def _form(qtbot, store: Store, hub: Hub, **given) -> SessionDialog:  # noqa: ANN001, ANN003
    dialog = SessionDialog(store, hub, **given)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()  # the keyboard is the form's, as when it opens over the window
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _type_into(qtbot, field, text: str) -> None:  # noqa: ANN001
    """Click into ``field``'s text, as a person aiming at it would, and type."""
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton, pos=QPoint(8, field.height() // 2))
    qtbot.wait(20)  # what a click sets in motion runs before the first key
    qtbot.keyClicks(field, text)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1400", dt.time(14)),
        ("14:00", dt.time(14)),
        ("930", dt.time(9, 30)),
        ("09:30", dt.time(9, 30)),
        (" 14：30 ", dt.time(14, 30)),  # a Chinese colon, as an input method in Chinese mode types
        ("１９００", dt.time(19)),  # full-width digits
        ("2400", None),
        ("14:75", None),
        ("下午两点", None),
        ("", None),
    ],
)
def test_a_time_is_read_the_way_people_type_it(typed: str, read: dt.time | None) -> None:
    assert parse_time(typed) == read


@pytest.mark.parametrize("typed", ["1400", "14:00"])
def test_a_time_typed_whole_into_the_form_is_that_time(qtbot, demo_desk, hub, monday, typed):
    dialog = _form(qtbot, demo_desk, hub, day=monday)
    _type_into(qtbot, dialog.starts, typed)
    qtbot.keyClick(dialog.starts, Qt.Key.Key_Tab)
    assert dialog.starts.time() == QTime(14, 0)
    assert dialog.starts.text() == "14:00"
    assert dialog.focusWidget() is dialog.ends  # Tab left the field, not to its minutes


def test_the_end_keeps_the_length_when_the_start_moves(qtbot, demo_desk, hub, monday):
    dialog = _form(qtbot, demo_desk, hub, day=monday)
    _type_into(qtbot, dialog.starts, "0900")
    qtbot.keyClick(dialog.starts, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.ends, "1030")
    qtbot.keyClick(dialog.ends, Qt.Key.Key_Backtab)
    qtbot.keyClicks(dialog.starts, "1400")
    assert dialog.ends.time() == QTime(15, 30)
    qtbot.keyClick(dialog.starts, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.ends, "1700")  # a longer session now: 3 hours
    qtbot.keyClick(dialog.ends, Qt.Key.Key_Backtab)
    qtbot.keyClicks(dialog.starts, "900")
    assert dialog.ends.time() == QTime(12, 0)
    dialog.starts.setTime(QTime(23, 0))  # never past midnight
    assert dialog.ends.time() == QTime(23, 59)
    assert dialog.save()
    assert (dialog.saved.starts_at.time(), dialog.saved.ends_at.time()) == (
        dt.time(23),
        dt.time(23, 59),
    )


def test_a_time_that_is_not_one_is_said_next_to_the_time(qtbot, demo_desk, hub, monday, chinese):
    before = sessions_in_week(demo_desk, monday)
    dialog = _form(qtbot, demo_desk, hub, day=monday)
    _type_into(qtbot, dialog.ends, "25:00")
    with qtbot.assertNotEmitted(hub.changed):
        assert not dialog.save()
    assert dialog.errors.text("ends_at") == "请按 14:00 或 1400 的样子填写时间。"
    assert sessions_in_week(demo_desk, monday) == before


def test_the_form_opens_on_the_course_and_tab_goes_down_the_form(qtbot, demo_desk, hub, monday):
    dialog = _form(qtbot, demo_desk, hub, day=monday)
    assert dialog.focusWidget() is dialog.course
    seen = []
    for _ in range(9):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        seen.append(dialog.focusWidget())
    assert seen == [
        dialog.date,
        dialog.starts,
        dialog.ends,
        dialog.place,
        dialog.teacher,
        dialog.topic,
        dialog.notes,  # Tab leaves the notes instead of typing a tab into them
        dialog.headcount_only,
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
    ]
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Backtab)
    qtbot.keyClick(dialog.headcount_only, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.headcount_only, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.headcount  # once it counts heads, the count is next
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Backtab)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Backtab)
    assert dialog.focusWidget() is dialog.notes


def test_choosing_the_course_fills_in_how_it_is_usually_held(qtbot, demo_desk, hub, monday):
    course, teacher = _weekly_class(demo_desk, monday)
    courses.create_course(demo_desk, courses.CourseInput("新开的课", "education"))
    dialog = _form(qtbot, demo_desk, hub, day=monday + dt.timedelta(days=2))
    dialog.course.setCurrentIndex(dialog.course.findText("陶艺进阶"))
    assert dialog.date.date().toPython() == monday + dt.timedelta(days=1)  # its Tuesday
    assert (dialog.starts.time(), dialog.ends.time()) == (QTime(14, 0), QTime(16, 0))
    assert dialog.place.text() == "陶艺工作室"
    assert dialog.teacher.currentData() == teacher
    # A course not held yet starts from the plain defaults, not from the course chosen before.
    dialog.course.setCurrentIndex(dialog.course.findText("新开的课"))
    assert dialog.date.date().toPython() == monday + dt.timedelta(days=2)
    assert (dialog.starts.time(), dialog.ends.time()) == (QTime(9, 0), QTime(10, 30))
    assert (dialog.place.text(), dialog.teacher.currentData()) == ("", None)
    dialog.course.setCurrentIndex(dialog.course.findText("陶艺进阶"))
    dialog.topic.setText("拉坯")
    qtbot.keyClick(dialog.topic, Qt.Key.Key_Return)  # Enter saves
    saved = dialog.saved
    assert saved is not None and saved.course_id == course
    assert (saved.starts_at, saved.ends_at) == (_at(monday, 1, 14), _at(monday, 1, 16))
    assert (saved.place, saved.teacher_id, saved.topic) == ("陶艺工作室", teacher, "拉坯")


def test_editing_shows_the_sessions_own_course_and_teacher_once(qtbot, demo_desk, hub, monday):
    course, teacher = _weekly_class(demo_desk, monday)
    [session] = [
        s
        for s in sessions_in_week(demo_desk, monday - dt.timedelta(weeks=1))
        if s.course_id == course
    ]
    dialog = _form(qtbot, demo_desk, hub, session=session)
    assert dialog.course.count() == len(courses.list_courses(demo_desk))  # no second 陶艺进阶
    assert (dialog.course.currentData(), dialog.teacher.currentData()) == (course, teacher)
    assert dialog.course.currentText() == "陶艺进阶"


def test_the_place_field_suggests_places_used_before(qtbot, demo_desk, hub, monday):
    _weekly_class(demo_desk, monday)
    dialog = _form(qtbot, demo_desk, hub, day=monday)
    dialog.place.clear()
    dialog.place.setFocus()
    typed = QInputMethodEvent("", [])  # "工作" as a pinyin input method delivers it
    typed.setCommitString("工作")  # found inside a name, not only at its start
    QApplication.sendEvent(dialog.place, typed)
    completer = dialog.place.completer()
    assert completer is not None
    qtbot.waitUntil(completer.popup().isVisible)
    found = completer.completionModel()
    assert [found.index(row, 0).data() for row in range(found.rowCount())] == ["陶艺工作室"]
    popup = completer.popup()
    qtbot.mouseClick(
        popup.viewport(),
        Qt.MouseButton.LeftButton,
        pos=popup.visualRect(found.index(0, 0)).center(),
    )
    assert dialog.place.text() == "陶艺工作室"


def test_after_saving_a_session_the_cursor_is_in_its_sign_in_box(
    qtbot, demo_desk, hub, background, monday
):
    window = MainWindow(demo_desk, hub, background, None)
    qtbot.addWidget(window)
    window.show()

    def fill_and_save() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SessionDialog)
        dialog.topic.setText("新的一课")
        dialog.save()

    QTimer.singleShot(0, fill_and_save)
    window.week.new_button.click()
    shown = window.attendance.session
    assert shown is not None and shown.topic == "新的一课"
    assert window.focusWidget() is window.attendance.search

    session = window.week.selected_session()
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().save())
    window.week.new_button.setFocus()
    window.week.edit_selected()  # an edit saved goes to the sign-in box too
    assert window.attendance.session.id == session.id
    assert window.focusWidget() is window.attendance.search


def test_copy_last_week_fills_the_week_once(qtbot, desk, hub, monday, chinese):
    _weekly_class(desk, monday)
    view = WeekView(desk, hub)
    qtbot.addWidget(view)
    view.show()
    assert view.copy_button.text() == "复制上周"
    assert view.model.rowCount() == 0
    with qtbot.waitSignal(view.week_copied) as announced:
        view.copy_button.click()
    copied, said = announced.args
    assert [view.model.record_at(row).id for row in range(view.model.rowCount())] == copied.created
    assert view.model.record_at(0).starts_at == _at(monday, 1, 14)
    assert said == "已从上周复制 1 个场次，不含签到。"
    assert QToolTip.text() == said  # said under the button, pushing nothing down
    view.copy_button.click()
    assert view.model.rowCount() == 1
    assert QToolTip.text() == "没有可复制的：本周已有上周的场次。"
    view.next_button.click()
    view.next_button.click()
    view.copy_button.click()
    assert QToolTip.text() == "没有可复制的：上周没有场次。"


def test_copy_last_week_is_off_in_an_approved_week_and_refused_if_approved_meanwhile(
    qtbot, desk, hub, monday
):
    _weekly_class(desk, monday)
    view = WeekView(desk, hub)
    qtbot.addWidget(view)
    view.show()
    approve_here(desk, monday)  # the town approves the week while the view is open
    said = {}

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        said["text"] = box.text()
        box.close()

    QTimer.singleShot(0, read_and_close)
    assert view.copy_last_week() is None
    assert "approved by the town and is locked" in said["text"]
    assert sessions_in_week(desk, monday) == []
    view.reload()
    assert not view.copy_button.isEnabled()
