"""Weekly reports through a real server: a village submits, the town returns and approves, the week
locks, and every device ends with the same figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from core import schema
from core.week_figures import week_figures
from desktop.services.errors import InvalidInput, ServiceError
from desktop.services.people import residents
from desktop.services.reports import weekly_reports
from desktop.services.week import attendance, courses, sessions
from desktop.storage.store import Store
from desktop.sync.status import deferrals, rejections, sync_status

from support import District

MONDAY = dt.date(2026, 11, 23)


def _session(store: Store, course_id, day: int = 0) -> sessions.SessionSummary:  # noqa: ANN001
    start = dt.datetime.combine(MONDAY + dt.timedelta(days=day), dt.time(14))
    made, _ = sessions.record_session(
        store, sessions.SessionInput(course_id, start, start + dt.timedelta(hours=2))
    )
    return made


def _figures(where, site) -> dict:  # noqa: ANN001
    engine = getattr(where, "engine", where)
    with engine.connect() as conn:
        return week_figures(conn, site, MONDAY)


def test_a_week_goes_up_comes_back_goes_up_again_and_locks(
    district: District, tmp_path: Path
) -> None:
    v = district.device(tmp_path, district.village, "village", "v")
    t = district.device(tmp_path, district.town, "town", "t")
    d = district.device(tmp_path, district.district, "district", "d")
    course, _ = courses.create_course(v.store, courses.CourseInput("广场舞", "health"))
    session = _session(v.store, course.id)
    people = [residents.add_resident(v.store, residents.ResidentInput(n))[0] for n in "甲乙丙"]
    for person in people[:2]:
        attendance.mark_present(v.store, session.id, person.id)

    report, _ = weekly_reports.submit_week(v.store, MONDAY, "本周开展广场舞一次")
    assert (report.status, report.figures["person_times"]) == ("submitted", 2)
    v.client.sync()  # the report travels with its records, in one exchange
    assert sync_status(v.store).pending == 0

    t.client.sync()
    seen = weekly_reports.week_report(t.store, MONDAY, district.village)
    assert (seen.status, seen.figures["person_times"], seen.remark) == (
        "submitted",
        2,
        "本周开展广场舞一次",
    )
    with pytest.raises(InvalidInput):  # returning needs a reason
        weekly_reports.return_week(t.store, district.village, MONDAY, "")
    weekly_reports.return_week(t.store, district.village, MONDAY, "丙也来了，请补签")
    t.client.sync()

    v.client.sync()
    back = weekly_reports.week_report(v.store, MONDAY)
    assert (back.status, back.review_comment) == ("returned", "丙也来了，请补签")
    attendance.mark_present(v.store, session.id, people[2].id)
    weekly_reports.submit_week(v.store, MONDAY, "已补签")
    v.client.sync()

    t.client.sync()
    weekly_reports.approve_week(t.store, district.village, MONDAY)
    t.client.sync()
    v.client.sync()
    d.client.sync()

    for device in (v, t, d):
        report = weekly_reports.week_report(device.store, MONDAY, district.village)
        assert (report.status, report.figures["person_times"]) == ("approved", 3)
        assert report.figures == _figures(district.engine, district.village)
        assert _figures(device.store, district.village) == report.figures

    # Locked: the laptop refuses in words, and the server refuses what gets past the laptop.
    with pytest.raises(ServiceError) as err:
        weekly_reports.require_week_open_for(v.store, session.id)
    assert "2026-11-23" in err.value.message.render()
    with pytest.raises(
        ServiceError
    ):  # a mark in the locked week, through the attendance panel's path
        attendance.mark_absent(v.store, session.id, people[0].id)
    with pytest.raises(ServiceError):  # nor may a session move out of it, or a new one go in
        moved = session.starts_at + dt.timedelta(weeks=1)
        sessions.edit_session(
            v.store,
            session.id,
            sessions.SessionInput(course.id, moved, moved + dt.timedelta(hours=1)),
        )
    with pytest.raises(ServiceError):
        _session(v.store, course.id, day=2)
    with v.store.write() as w:  # forced past the device's checks
        w.update(schema.sessions, session.id, {"place": "村委会"})
    v.client.sync()
    assert any("locked" in r.reason for r in rejections(v.store))
    with district.engine.connect() as conn:
        place = (
            conn.execute(schema.sessions.select().where(schema.sessions.c.id == session.id))
            .one()
            .place
        )
    assert place != "村委会"
    with pytest.raises(ServiceError):
        weekly_reports.submit_week(v.store, MONDAY, "再交一次")
    # Nor may the approved report itself change its figures or remark behind the town's back.
    with v.store.write() as w:
        w.update(schema.weekly_reports, _report_row_id(district), {"remark": "改过", "figures": {}})
    v.client.sync()
    assert any("keeps the figures" in r.reason for r in rejections(v.store))
    with district.engine.connect() as conn:
        stored = conn.execute(schema.weekly_reports.select()).one()
    assert (stored.status, stored.remark) == ("approved", "已补签")

    # Reopened by the town: the village may correct and submit again.
    weekly_reports.reopen_week(t.store, district.village, MONDAY, "地点写错了")
    t.client.sync()
    v.client.sync()
    assert weekly_reports.week_report(v.store, MONDAY).status == "returned"
    weekly_reports.require_week_open_for(v.store, session.id)  # open again


def test_a_report_counting_records_the_server_lacks_waits_on_the_laptop(
    district: District, tmp_path: Path
) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    b = district.device(tmp_path, district.village, "village", "b")
    course, _ = courses.create_course(a.store, courses.CourseInput("广场舞", "health"))
    session = _session(a.store, course.id)
    person, _ = residents.add_resident(a.store, residents.ResidentInput("甲"))
    a.client.sync()
    b.client.sync()
    other, _ = residents.add_resident(b.store, residents.ResidentInput("乙"))
    attendance.mark_present(b.store, session.id, other.id)
    b.client.sync()  # the server now counts 乙 at this week's session

    attendance.mark_present(a.store, session.id, person.id)
    report, _ = weekly_reports.submit_week(a.store, MONDAY)  # a has not heard of 乙
    assert report.figures["person_times"] == 1
    a.client.sync()

    waiting = deferrals(a.store)
    key = ("weekly_reports", _report_id(district, MONDAY))
    assert list(waiting) == [key]
    assert "do not match" in waiting[key]
    assert sync_status(a.store).pending == 1  # the report, still waiting; nothing refused
    assert rejections(a.store) == []
    with district.engine.connect() as conn:
        assert conn.execute(schema.weekly_reports.select()).first() is None

    resubmitted, _ = weekly_reports.submit_week(a.store, MONDAY)  # now counting 乙 too
    assert resubmitted.figures["person_times"] == 2
    a.client.sync()
    assert deferrals(a.store) == {} and sync_status(a.store).pending == 0
    with district.engine.connect() as conn:
        stored = conn.execute(schema.weekly_reports.select()).one()
    assert stored.figures == _figures(district.engine, district.village)


def _report_row_id(district: District):  # noqa: ANN202 - uuid.UUID
    from core.ids import weekly_report_id

    return weekly_report_id(district.village, MONDAY)


def _report_id(district: District, monday: dt.date) -> str:
    from core.ids import weekly_report_id

    return weekly_report_id(district.village, monday).hex


def test_only_a_level_above_reviews_and_a_future_week_waits(store: Store) -> None:
    with pytest.raises(ServiceError):
        weekly_reports.submit_week(store, MONDAY + dt.timedelta(weeks=1))
    report, _ = weekly_reports.submit_week(store, MONDAY)
    assert report.no_activity and report.status == "submitted"  # submitted as "no activity"
    with pytest.raises(ServiceError):  # a village reviews nothing
        weekly_reports.approve_week(store, report.site_id, MONDAY)
