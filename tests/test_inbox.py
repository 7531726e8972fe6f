"""The town's pending inbox, from what the town laptop synced: who needs a phone call comes first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from core import schema
from desktop.services.reports import weekly_reports
from desktop.services.reports.inbox import pending_inbox
from desktop.services.week import courses, sessions
from desktop.storage.store import Store

from support import District

TODAY = dt.date(2026, 11, 25)  # the Wednesday of NOW
LAST_WEEK = dt.date(2026, 11, 16)


def _activity_sites(store: Store) -> set:
    with store.read() as conn:
        return set(conn.execute(select(schema.site_activity.c.site_id)).scalars())


def test_the_village_that_sent_nothing_comes_first(district: District, tmp_path: Path) -> None:
    v = district.device(tmp_path, district.village, "village", "v")
    o = district.device(tmp_path, district.other_village, "village", "o")
    t = district.device(tmp_path, district.town, "town", "t")
    course, _ = courses.create_course(v.store, courses.CourseInput("广场舞", "health"))
    start = dt.datetime(2026, 11, 17, 14)
    sessions.record_session(
        v.store, sessions.SessionInput(course.id, start, start + dt.timedelta(hours=2))
    )
    weekly_reports.submit_week(v.store, LAST_WEEK)
    v.client.sync()
    # The other village recorded a session two weeks ago and has sent no report since.
    course2, _ = courses.create_course(o.store, courses.CourseInput("夏布编织", "culture"))
    early = dt.datetime(2026, 11, 10, 9)
    sessions.record_session(
        o.store, sessions.SessionInput(course2.id, early, early + dt.timedelta(hours=1))
    )
    o.client.sync()
    t.client.sync()

    rows = pending_inbox(t.store, TODAY)
    assert [r.site_id for r in rows] == [district.other_village, district.village]
    behind, fine = rows
    assert (behind.weeks_overdue, behind.needs_call) == (2, True)  # weeks of 11-09 and 11-16
    assert (fine.weeks_overdue, fine.needs_call, fine.week_status) == (0, False, "not_started")
    assert fine.last_sync == district.clock.now().replace(tzinfo=None)
    # Villages never download their own last contact; the town has both.
    assert _activity_sites(v.store) == set()
    assert _activity_sites(t.store) == {district.village, district.other_village}


def test_a_village_never_heard_from_needs_a_call_and_a_village_sees_no_inbox(
    district: District, tmp_path: Path
) -> None:
    t = district.device(tmp_path, district.town, "town", "t")
    v = district.device(tmp_path, district.village, "village", "v")
    t.client.sync()
    rows = pending_inbox(t.store, TODAY)
    assert {r.site_id for r in rows} == {district.village, district.other_village}
    assert all(r.needs_call and r.last_sync is None and r.weeks_overdue == 0 for r in rows)
    assert pending_inbox(v.store, TODAY) == []
