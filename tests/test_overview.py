"""The overview's totals, trends and report timeliness, against figures counted by hand
(``tests/small_district.py`` says how), and against the weekly report's own counting."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from small_district import SmallDistrict, build

from core.clock import FixedClock
from core.week_figures import week_figures
from desktop.services.errors import ServiceError
from desktop.services.reports.overview import OTHER, Period, ReportCounts, overview, report_due


@pytest.fixture
def sd(tmp_path: Path, clock: FixedClock) -> SmallDistrict:
    made = build(tmp_path / "district", clock)
    yield made
    made.store.engine.dispose()


def _rows(ov) -> dict:  # noqa: ANN001
    out = {b.town.name: b.town for b in ov.towns}
    out.update({v.name: v for v in ov.villages()})
    return out


def test_periods_parse_and_span_the_right_days() -> None:
    assert Period.parse("2026-W48").start == dt.date(2026, 11, 23)
    assert Period.parse("2026-w48").end == dt.date(2026, 11, 30)
    assert (Period.parse("2026-11").start, Period.parse("2026-11").end) == (
        dt.date(2026, 11, 1),
        dt.date(2026, 12, 1),
    )
    q4 = Period.parse("2026-Q4")
    assert (q4.start, q4.last_day) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert Period.parse("2026").end == dt.date(2027, 1, 1)
    assert Period.containing("quarter", dt.date(2026, 11, 25)) == q4
    assert Period.parse("2026-W01").shifted(-1).code == "2025-W52"
    assert Period.parse("2026-12").shifted(1).code == "2027-01"
    for bad in ("2026-W54", "2025-W53", "2026-13", "2026-Q5", "last week"):
        with pytest.raises(ServiceError):
            Period.parse(bad)
    # A week's report belongs to the month its Thursday is in: Nov 30 – Dec 6 is December's.
    assert Period.parse("2026-11").report_weeks() == [dt.date(2026, 11, d) for d in (2, 9, 16, 23)]
    assert len(Period.parse("2026").report_weeks()) == 53  # 2026 is a 53-week ISO year
    # Due by the end of the Monday after the week, village time: 16:00 UTC that Monday.
    assert report_due(dt.date(2026, 11, 16)) == dt.datetime(2026, 11, 23, 16, 0)


def test_a_month_by_town_and_village(sd: SmallDistrict) -> None:
    ov = overview(sd.store, Period.parse("2026-11"))
    assert [b.town.name for b in ov.towns] == ["昌元街道社区学校", "河包镇社区学校"]
    assert [v.name for v in ov.towns[0].villages] == ["玉屏村学习中心", "荣升村学习中心"]
    rows = _rows(ov)
    f = {
        name: (r.figures.sessions, r.figures.person_times, r.figures.reach)
        for name, r in rows.items()
    }
    assert f["玉屏村学习中心"] == (2, 4, 3)
    assert f["荣升村学习中心"] == (2, 31, 2)  # headcount 30, and only d of the law talk counts
    assert f["河包村学习中心"] == (2, 2, 1)  # its practice point's session rolls up; f once
    # Reach is distinct people: 甲 came to both villages of 昌元 and counts once for the town.
    assert f["昌元街道社区学校"] == (4, 35, 4)
    assert f["河包镇社区学校"] == (2, 2, 1)
    total = ov.total.figures
    assert (total.sessions, total.person_times, total.reach) == (6, 37, 5)
    assert total.feature_person_times == 4
    assert rows["玉屏村学习中心"].figures.feature_person_times == 4
    assert total.by_platform == {"culture": 4, "health": 32, "law": 1}
    assert rows["荣升村学习中心"].figures.by_platform == {"health": 30, "law": 1}
    platforms = {p.platform: (p.sessions, p.person_times) for p in ov.platforms}
    assert platforms["culture"] == (2, 4) and platforms["health"] == (3, 32)
    assert platforms["theory"] == (0, 0) and OTHER not in platforms
    [feature] = ov.feature_courses
    assert (feature.title, feature.owner, feature.sessions, feature.person_times) == (
        "夏布编织",
        "昌元街道社区学校",
        2,
        4,
    )
    assert (feature.reach, feature.sites) == (3, 1)


def test_the_months_trend_is_its_weeks_cut_at_its_edges(sd: SmallDistrict) -> None:
    ov = overview(sd.store, Period.parse("2026-11"))
    assert ov.trend_unit == "week"
    assert [(p.start.day, p.person_times) for p in ov.trend] == [
        (1, 0),  # Sunday Nov 1, the tail of the week of Oct 26
        (2, 2),
        (9, 30),
        (16, 4),
        (23, 1),
        (30, 0),
    ]
    assert sum(p.person_times for p in ov.trend) == ov.total.figures.person_times
    assert sum(p.sessions for p in ov.trend) == ov.total.figures.sessions


def test_a_year_by_month_and_a_week_with_the_weeks_before_it(sd: SmallDistrict) -> None:
    year = overview(sd.store, Period.parse("2026"))
    assert year.trend_unit == "month"
    assert [p.person_times for p in year.trend] == [0] * 9 + [1, 37, 1]
    assert (year.total.figures.sessions, year.total.figures.person_times) == (8, 39)
    week = overview(sd.store, Period.parse("2026-W47"))
    assert len(week.trend) == 12 and week.trend[-1].start == dt.date(2026, 11, 16)
    assert [p.person_times for p in week.trend[-4:]] == [1, 2, 30, 4]  # from Oct 26 on
    assert sum(p.person_times for p in week.trend) == 37


def test_a_village_week_is_its_weekly_reports_figures(sd: SmallDistrict) -> None:
    with sd.store.read() as conn:
        for monday in (dt.date(2026, 11, d) for d in (2, 9, 16, 23)):
            ov = overview(sd.store, Period.containing("week", monday))
            rows = {v.site_id: v.figures for v in ov.villages()}
            for village in (sd.v1, sd.v2):
                wf = week_figures(conn, village, monday)
                got = rows[village]
                assert (got.sessions, got.person_times, got.reach) == (
                    wf["sessions"],
                    wf["person_times"],
                    wf["reach"],
                ), (village, monday)
                assert {k: v for k, v in got.by_platform.items() if v} == {
                    k: v for k, v in wf["by_platform"].items() if v
                }


def test_reports_on_time_late_and_missing_per_town(sd: SmallDistrict) -> None:
    ov = overview(sd.store, Period.parse("2026-11"))
    rows = _rows(ov)
    assert rows["玉屏村学习中心"].reports == ReportCounts(on_time=1, late=1, missing=1, not_due=1)
    assert rows["荣升村学习中心"].reports == ReportCounts(on_time=3, late=0, missing=1, not_due=0)
    assert rows["河包村学习中心"].reports == ReportCounts(on_time=0, late=0, missing=3, not_due=1)
    town = rows["昌元街道社区学校"].reports
    assert (town.on_time, town.late, town.missing, town.due) == (4, 1, 2, 7)
    assert town.completeness == pytest.approx(5 / 7)
    assert town.timeliness == pytest.approx(4 / 7)
    assert rows["河包镇社区学校"].reports.completeness == 0
    assert ov.total.reports == ReportCounts(4, 1, 5, 2)


def test_a_later_clock_makes_the_last_week_due(sd: SmallDistrict) -> None:
    later = dt.datetime(2026, 12, 1, 16, 1, tzinfo=dt.UTC)  # Tue Dec 2 00:01 in the villages
    rows = _rows(overview(sd.store, Period.parse("2026-11"), now=later))
    assert rows["玉屏村学习中心"].reports.missing == 2
    assert rows["荣升村学习中心"].reports.on_time == 3  # sent early: on time
    assert rows["河包村学习中心"].reports.missing == 4


def test_a_town_sees_its_own_subtree_only(sd: SmallDistrict) -> None:
    ov = overview(sd.store, Period.parse("2026-11"), scope_id=sd.town1)
    assert ov.scope_name == "昌元街道社区学校"
    assert [b.town.name for b in ov.towns] == ["昌元街道社区学校"]
    assert (ov.total.figures.sessions, ov.total.figures.person_times, ov.total.figures.reach) == (
        4,
        35,
        4,
    )
    assert sum(p.person_times for p in ov.trend) == 35


def test_a_site_outside_the_scope_is_refused(sd: SmallDistrict) -> None:
    with pytest.raises(ServiceError):
        overview(sd.store, Period.parse("2026-11"), scope_id=uuid.uuid4())
