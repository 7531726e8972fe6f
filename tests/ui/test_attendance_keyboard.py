"""A 50-person session taken with the keyboard only: start from last time, take back three absentees,
sign in two newcomers (one on the register, found by pinyin initials; one registered on the spot),
then check what was stored.

No mouse and no calls into the panel to mark: every key goes to whichever widget has the focus, as
it would for a coordinator, so the test also proves the focus lands where the next name is typed.
Chinese characters arrive as a pinyin input method delivers them: one committed string.
"""

from __future__ import annotations

import datetime as dt

from pypinyin import Style, lazy_pinyin
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from desktop.services.people import residents
from desktop.services.people.residents import search_residents
from desktop.services.week import attendance, courses, sessions
from desktop.storage.store import Store
from desktop.ui.events import Hub
from desktop.ui.people.dialogs import ResidentDialog, ask_for_resident
from desktop.ui.week.attendance_panel import AttendancePanel

from conftest import wait_saved

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ("秀英", "建国", "春梅", "德明")
GROUPS = ("一组", "二组", "三组", "十组", "十一组")


def register(store: Store, count: int) -> list[residents.Resident]:
    """``count`` residents with distinct names, spread over five village groups."""
    names = [s + g for g in GIVEN for s in SURNAMES][:count]
    made = []
    for i, name in enumerate(names):
        group = GROUPS[i % len(GROUPS)]
        data = residents.ResidentInput(name, village_group=group, household=f"{group}{name[0]}家")
        made.append(residents.add_resident(store, data)[0])
    return made


def pinyin(name: str) -> str:
    return "".join(lazy_pinyin(name, style=Style.NORMAL))


def focused():  # noqa: ANN201 - the widget with the keyboard focus
    """Where a key goes: the focus widget, or the active window when no widget has the focus."""
    widget = QApplication.focusWidget() or QApplication.activeWindow()
    assert widget is not None, "no window is active"
    return widget


def type_keys(qtbot, text: str) -> None:  # noqa: ANN001
    qtbot.keyClicks(focused(), text)


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    qtbot.keyClick(focused(), key, modifier)


def type_with_ime(text: str) -> None:
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(focused(), event)


def when_a_dialog_opens(then) -> None:  # noqa: ANN001
    """Call ``then()`` as soon as a modal dialog is showing and has the keyboard."""
    timer = QTimer()
    timer.setInterval(10)

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and QApplication.activeWindow() is dialog:
            timer.stop()
            then()

    timer.timeout.connect(check)
    timer.start()
    when_a_dialog_opens.timer = timer  # kept alive until it fires


def test_fifty_from_last_time_three_absent_two_new_by_keyboard_only(
    qtbot, background, desk: Store, hub: Hub
):
    course, _ = courses.create_course(desk, courses.CourseInput("夏布编织技艺", "culture"))
    people = register(desk, 60)
    regulars, others = people[:50], people[50:]
    newcomer = residents.add_resident(
        desk, residents.ResidentInput("欧阳春花", village_group="二组", household="二组欧阳家")
    )[0]
    last_week = dt.datetime(2026, 11, 18, 14, 0)
    last, _ = sessions.record_session(
        desk, sessions.SessionInput(course.id, last_week, last_week + dt.timedelta(hours=2))
    )
    attendance.set_attendance(desk, last.id, [p.id for p in regulars])
    # Someone who came once long ago is not on last time's roster either.
    older = last_week - dt.timedelta(weeks=1)
    earlier, _ = sessions.record_session(
        desk, sessions.SessionInput(course.id, older, older + dt.timedelta(hours=2))
    )
    attendance.set_attendance(desk, earlier.id, [others[0].id])
    today = last_week + dt.timedelta(weeks=1)
    new, _ = sessions.record_session(
        desk, sessions.SessionInput(course.id, today, today + dt.timedelta(hours=2))
    )
    # Absentees whose full pinyin finds only them, so the test knows whom the keys reach.
    absentees = [p for p in regulars if len(search_residents(desk, pinyin(p.name))) == 1][5:8]
    assert len(absentees) == 3

    panel = AttendancePanel(desk, hub, background, ask_for_resident(desk, hub))
    qtbot.addWidget(panel)
    panel.resize(900, 700)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.show_session(sessions.get_session(desk, new.id))
    assert not panel.start_row.isHidden()
    assert panel.same_button.text().endswith("(50)")
    assert panel.person_times.text() == "0 person-times"

    # The start choice's mnemonic works wherever the focus is in the window.
    with qtbot.waitSignal(hub.changed):
        press(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert focused() is panel.search, "the search box is ready for the next name"
    assert panel.person_times.text() == "50 person-times"

    for person in absentees:
        type_keys(qtbot, pinyin(person.name))
        assert panel.filter.rowCount() == 1
        with qtbot.waitSignal(hub.changed):
            press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
        assert panel.search.text() == "" and focused() is panel.search
    assert panel.person_times.text() == "47 person-times"

    type_keys(qtbot, "oych")
    assert panel.filter.rowCount() == 1
    with qtbot.waitSignal(hub.changed):
        press(qtbot, Qt.Key.Key_Return)
    assert panel.feedback.text() == "Signed in: 欧阳春花"
    assert focused() is panel.search

    seen = {}

    def fill_in_the_form() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ResidentDialog)
        seen["focus"] = focused() is dialog.name
        type_with_ime("龙小燕")
        press(qtbot, Qt.Key.Key_Tab)  # gender
        press(qtbot, Qt.Key.Key_Tab)  # birth year
        press(qtbot, Qt.Key.Key_Tab)  # phone
        press(qtbot, Qt.Key.Key_Tab)  # village group
        type_with_ime("三组")
        press(qtbot, Qt.Key.Key_Return)
        seen["saved"] = not dialog.isVisible()
        if dialog.isVisible():  # fail the test rather than wait for ever
            seen["errors"] = dialog.errors.general.text()
            dialog.reject()

    # A mnemonic clicks its button after a short flash, and the form then runs its own event loop:
    # fill it in from a timer once it is open.
    when_a_dialog_opens(fill_in_the_form)
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: "saved" in seen)
    assert seen["focus"], "the new resident's form opens on the name"
    [brand_new] = search_residents(desk, "龙小燕")
    assert brand_new.village_group == "三组"
    # Back in the window (activation comes back a moment after the form closes), ready to type.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.search)
    wait_saved(qtbot, background)
    assert panel.person_times.text() == "49 person-times"

    # What was stored, read through the services.
    present = {e.resident.id for e in attendance.roster(desk, new.id) if e.present}
    expected = {p.id for p in regulars} - {p.id for p in absentees} | {newcomer.id, brand_new.id}
    assert present == expected and len(present) == 49
    marked = attendance.start_choices(desk, new.id).marked
    assert {p.id for p in absentees} <= marked, "the absentees are marked absent, not forgotten"
    assert len(marked) == 52
    assert sessions.get_session(desk, new.id).person_times == 49
    # The roster reads in the village's order: 三组 before 十组 before 十一组.
    groups = [
        panel.model.record_at(r).resident.village_group for r in range(panel.model.rowCount())
    ]
    assert list(dict.fromkeys(groups)) == list(GROUPS)
