"""The Qt models over service results: Qt's model tester, and what the cells say."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from core.search_keys import name_search_key
from desktop.services.people.residents import search_residents
from desktop.services.week.attendance import roster
from desktop.services.week.courses import list_courses
from desktop.services.week.sessions import sessions_in_week
from desktop.services.week.stats import week_figures
from desktop.storage.store import Store
from desktop.ui import formatting as fmt
from desktop.ui.models import ID_ROLE, WeekSessionsModel
from desktop.ui.people.models import ResidentsModel
from desktop.ui.week.models import CoursesModel, RosterFilter, RosterModel


def test_week_model_passes_the_model_tester_and_totals_person_times(
    qtmodeltester, demo_desk: Store, monday
):
    model = WeekSessionsModel()
    sessions = sessions_in_week(demo_desk, monday)
    model.set_records(sessions)
    qtmodeltester.check(model)
    assert model.rowCount() == len(sessions) == 5
    assert model.total_person_times() == week_figures(demo_desk, monday).person_times
    first = sessions[0]
    assert model.index(0, model.COL_COURSE).data() == first.course_title
    assert model.index(0, model.COL_PERSON_TIMES).data() == first.person_times
    assert model.index(0, 0).data(ID_ROLE) == first.id
    assert model.row_of(sessions[-1].id) == 4


def test_week_model_speaks_chinese(demo_desk: Store, chinese, monday):
    model = WeekSessionsModel()
    model.set_records(sessions_in_week(demo_desk, monday))
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert header == ["日期", "时间", "课程", "老师", "地点", "人次", "同步"]
    day = model.record_at(0).starts_at.date()
    weekday = "一二三四五六日"[day.weekday()]
    assert model.index(0, model.COL_DATE).data() == f"{day.month}月{day.day}日 周{weekday}"
    assert model.index(0, model.COL_SYNC).data() == "待同步"


def test_residents_model_pages_through_a_long_search(qtmodeltester, demo_desk: Store):
    model = ResidentsModel()
    model.PAGE = 50
    everyone = search_residents(demo_desk, "", limit=5000)
    assert len(everyone) > 100
    model.set_records(everyone)
    assert model.rowCount() == 50
    assert model.canFetchMore()
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == model.found() == len(everyone)
    qtmodeltester.check(model)
    phone = model.index(0, model.COL_PHONE).data()
    assert "****" in phone and phone != everyone[0].phone


def test_residents_model_over_a_pinyin_search(qtmodeltester, demo_desk: Store):
    someone = search_residents(demo_desk, "")[0]
    initials = name_search_key(someone.name).split()[-1]  # "张三 zhangsan zs" -> "zs"
    model = ResidentsModel()
    model.set_records(search_residents(demo_desk, initials))
    qtmodeltester.check(model)
    assert someone.name in [model.index(r, model.COL_NAME).data() for r in range(model.rowCount())]


def test_roster_model_checks_through_the_mark_callback(qtmodeltester, demo_desk: Store, monday):
    session = sessions_in_week(demo_desk, monday)[0]
    calls = []

    def mark(resident_id, present):
        calls.append((resident_id, present))
        return True

    model = RosterModel(mark)
    model.set_records(roster(demo_desk, session.id))
    qtmodeltester.check(model)
    absent_row = next(r for r in range(model.rowCount()) if not model.record_at(r).present)
    index = model.index(absent_row, model.COL_NAME)
    assert model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
    before = model.present_count()
    assert model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert calls == [(model.record_at(absent_row).resident.id, True)]
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.present_count() == before + 1


def test_roster_model_leaves_the_box_when_saving_fails(demo_desk: Store, monday):
    session = sessions_in_week(demo_desk, monday)[0]
    model = RosterModel(lambda _rid, _present: False)
    model.set_records(roster(demo_desk, session.id))
    row = next(r for r in range(model.rowCount()) if not model.record_at(r).present)
    index = model.index(row, model.COL_NAME)
    assert not model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked


def test_roster_keeps_rows_in_place_when_refreshed(demo_desk: Store, monday):
    session = sessions_in_week(demo_desk, monday)[0]
    model = RosterModel()
    entries = roster(demo_desk, session.id)
    model.set_records(entries)
    order = [model.record_at(r).resident.id for r in range(model.rowCount())]
    # The service sorts present people first; a refreshed list in another order keeps ours.
    model.set_records(list(reversed(entries)), keep_order=True)
    assert [model.record_at(r).resident.id for r in range(model.rowCount())] == order


def test_roster_filter_shows_only_matches(qtmodeltester, demo_desk: Store, monday):
    session = sessions_in_week(demo_desk, monday)[0]
    model = RosterModel()
    model.set_records(roster(demo_desk, session.id))
    proxy = RosterFilter()
    proxy.setSourceModel(model)
    wanted = {model.record_at(3).resident.id, model.record_at(7).resident.id}
    proxy.set_matches(wanted)
    qtmodeltester.check(proxy)
    assert {proxy.index(r, 0).data(ID_ROLE) for r in range(proxy.rowCount())} == wanted
    proxy.set_matches(None)
    assert proxy.rowCount() == model.rowCount()


def test_courses_model(qtmodeltester, demo_desk: Store, chinese):
    model = CoursesModel()
    courses = list_courses(demo_desk)
    model.set_records(courses)
    qtmodeltester.check(model)
    assert model.rowCount() == len(courses)
    platforms = {model.index(r, model.COL_PLATFORM).data() for r in range(model.rowCount())}
    assert "文化服务" in platforms


def test_phone_numbers_are_masked():
    assert fmt.mask_phone("13812345678") == "138****5678"
    assert fmt.mask_phone("023-12345678") == "023****5678"
    assert fmt.mask_phone("12345") == "12*45"
    assert fmt.mask_phone("") == ""


def test_week_title_the_chinese_way(chinese):
    assert fmt.week_title(dt.date(2026, 11, 23)) == "2026年第48周 11月23日–11月29日"


def test_week_title_in_english():
    assert fmt.week_title(dt.date(2026, 11, 23)) == "Week 48 of 2026: Nov 23 – Nov 29"


def test_roster_filter_writes_each_group_and_household_once(demo_desk: Store, monday):
    session = sessions_in_week(demo_desk, monday)[0]
    model = RosterModel()
    model.set_records(roster(demo_desk, session.id))
    proxy = RosterFilter()
    proxy.setSourceModel(model)
    shown = [
        (proxy.index(r, model.COL_GROUP).data(), proxy.index(r, model.COL_HOUSEHOLD).data())
        for r in range(proxy.rowCount())
    ]
    groups = [model.record_at(r).resident.village_group for r in range(model.rowCount())]
    assert [g for g, _ in shown if g] == list(dict.fromkeys(groups)), "each group once, in order"
    assert shown[0] == (groups[0], model.record_at(0).resident.household)
    # A search showing one row shows its group and household in full.
    someone = model.record_at(model.rowCount() - 1).resident
    proxy.set_matches({someone.id})
    assert proxy.index(0, model.COL_GROUP).data() == someone.village_group
    assert proxy.index(0, model.COL_HOUSEHOLD).data() == someone.household
