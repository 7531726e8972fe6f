"""The week view and the residents and courses tabs: navigation, search as you type, and refreshing
from the hub when something changes elsewhere."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.services.people.residents import search_residents
from desktop.services.week.courses import CourseInput, create_course
from desktop.services.week.sessions import SessionInput, record_session, sessions_in_week
from desktop.services.week.stats import week_figures
from desktop.storage.store import Store
from desktop.ui.events import Hub
from desktop.ui.people.models import ResidentsModel
from desktop.ui.people.residents_tab import ResidentsTab
from desktop.ui.week.courses_tab import CoursesTab
from desktop.ui.week.week_view import WeekView


def make_week(qtbot, store: Store, hub: Hub) -> WeekView:
    view = WeekView(store, hub)
    qtbot.addWidget(view)
    view.show()
    return view


def test_the_week_opens_on_this_week_with_its_totals(qtbot, demo_desk, hub, monday, chinese):
    view = make_week(qtbot, demo_desk, hub)
    figures = week_figures(demo_desk, monday)
    assert view.title.text() == "2026年第48周 11月23日–11月29日"
    assert view.totals.text() == (
        f"合计：{figures.sessions} 场 · {figures.person_times} 人次 · 覆盖 {figures.reach} 人"
    )
    assert view.model.rowCount() == figures.sessions
    assert not view.this_week_button.isEnabled()


def test_moving_between_weeks(qtbot, demo_desk, hub, monday):
    view = make_week(qtbot, demo_desk, hub)
    view.previous_button.click()
    assert view.monday == monday - dt.timedelta(days=7)
    assert view.title.text() == "Week 47 of 2026: Nov 16 – Nov 22"
    assert view.model.rowCount() == len(sessions_in_week(demo_desk, view.monday))
    assert view.this_week_button.isEnabled()
    view.next_button.click()
    view.next_button.click()
    assert view.model.rowCount() == 0  # nothing planned next week yet
    view.this_week_button.click()
    assert view.monday == monday


def test_selecting_a_session_is_announced_and_survives_a_refresh(qtbot, demo_desk, hub, monday):
    view = make_week(qtbot, demo_desk, hub)
    target = view.model.record_at(2)
    with qtbot.waitSignal(view.session_selected) as chosen:
        view.select_session(target.id)
    assert chosen.args[0].id == target.id
    course = view.model.record_at(0).course_id
    start = dt.datetime.combine(monday, dt.time(7))  # earlier than everything: shifts the rows
    _, changes = record_session(
        demo_desk, SessionInput(course, start, start + dt.timedelta(hours=1))
    )
    hub.publish(changes)
    assert view.model.rowCount() == 6
    assert view.selected_session().id == target.id


def test_deleting_the_selected_session(qtbot, demo_desk, hub, monday):
    view = make_week(qtbot, demo_desk, hub)
    target = view.model.record_at(0)
    view.select_session(target.id)

    def answer_yes() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        box.button(QMessageBox.StandardButton.Yes).click()

    QTimer.singleShot(0, answer_yes)
    with qtbot.waitSignal(view.session_selected) as cleared:
        view.delete_button.click()
    assert cleared.args[0] is None
    assert target.id not in {s.id for s in sessions_in_week(demo_desk, monday)}
    assert view.model.row_of(target.id) == -1


def test_residents_search_as_you_type(qtbot, demo_desk, hub, chinese):
    tab = ResidentsTab(demo_desk, hub)
    qtbot.addWidget(tab)
    assert tab.count.text() == f"名册共 {len(search_residents(demo_desk, '', limit=5000))} 位居民"
    someone = search_residents(demo_desk, "")[0]
    qtbot.keyClicks(tab.search, someone.phone[-4:])
    names = [
        tab.model.index(r, ResidentsModel.COL_NAME).data() for r in range(tab.model.rowCount())
    ]
    assert someone.name in names
    assert tab.count.text() == f"找到 {tab.model.found()} 位居民"
    phones = [
        tab.model.index(r, ResidentsModel.COL_PHONE).data() for r in range(tab.model.rowCount())
    ]
    assert someone.phone not in phones  # masked in the list


def test_courses_tab_follows_the_hub(qtbot, desk, hub):
    tab = CoursesTab(desk, hub)
    qtbot.addWidget(tab)
    assert tab.model.rowCount() == 0
    _, changes = create_course(desk, CourseInput(title="折扇制作", platform="culture"))
    hub.publish(changes)
    assert tab.model.rowCount() == 0, "a hidden tab waits until it is shown"
    tab.show()
    qtbot.waitExposed(tab)
    assert tab.model.rowCount() == 1
    _, changes = create_course(desk, CourseInput(title="陶艺", platform="culture"))
    hub.publish(changes)
    assert tab.model.rowCount() == 2, "a visible tab follows at once"
