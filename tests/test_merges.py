"""Merging two records of one person: locally, and racing another laptop through the real server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from core import schema
from core.ids import attendance_id
from desktop.cli import export_rows
from desktop.services.demand.requests import RequestInput, file_request
from desktop.services.errors import ServiceError
from desktop.services.people import residents
from desktop.services.people.merges import Holdings, holdings_of, merge_residents, merges_of
from desktop.services.people.residents import ResidentInput
from desktop.services.week import attendance, courses, sessions, stats
from desktop.storage.store import Store

from support import District, approve_here

MONDAY = dt.date(2026, 11, 23)
A = schema.attendance


def _session(store: Store, course_id, day: int) -> sessions.SessionSummary:  # noqa: ANN001
    start = dt.datetime.combine(MONDAY + dt.timedelta(days=day), dt.time(14))
    made, _ = sessions.record_session(
        store, sessions.SessionInput(course_id, start, start + dt.timedelta(hours=2))
    )
    return made


def _live_marks(store_or_engine, resident_id) -> dict:  # noqa: ANN001
    engine = getattr(store_or_engine, "engine", store_or_engine)
    with engine.connect() as conn:
        rows = conn.execute(
            select(A.c.session_id, A.c.present).where(
                A.c.resident_id == resident_id, A.c.deleted.is_(False)
            )
        ).all()
    return {r.session_id: r.present for r in rows}


def test_a_merge_moves_marks_and_requests_and_counts_a_shared_session_once(store: Store) -> None:
    course, _ = courses.create_course(store, courses.CourseInput("广场舞", "health"))
    s1, s2, s3 = (_session(store, course.id, d) for d in range(3))
    keep, _ = residents.add_resident(store, ResidentInput("张桂英", birth_year=1956))
    gone, _ = residents.add_resident(
        store, ResidentInput("章桂英", phone="13812345678", household="一组张家", tags=("党员",))
    )
    attendance.mark_present(store, s1.id, keep.id)
    attendance.mark_present(store, s1.id, gone.id)  # both records at one session
    attendance.mark_absent(store, s2.id, keep.id)
    attendance.mark_present(store, s2.id, gone.id)  # present under the other record
    attendance.mark_present(store, s3.id, gone.id)
    request, _ = file_request(store, RequestInput("想学智能手机", "education", resident_id=gone.id))
    before = stats.week_figures(store, MONDAY)

    result, changes = merge_residents(store, keep.id, gone.id)

    assert (result.marks_moved, result.requests_moved) == (3, 1)
    assert _live_marks(store, keep.id) == {s1.id: True, s2.id: True, s3.id: True}
    assert _live_marks(store, gone.id) == {}
    after = stats.week_figures(store, MONDAY)
    assert after.person_times == before.person_times - 1  # s1 no longer counted twice
    assert after.reach == before.reach - 1
    # The kept record took the details it lacked; the other is a tombstone that points on.
    assert (result.kept.phone, result.kept.household, result.kept.tags) == (
        "13812345678",
        "一组张家",
        ("党员",),
    )
    assert result.kept.birth_year == 1956
    with store.read() as conn:
        row = conn.execute(select(schema.residents).where(schema.residents.c.id == gone.id)).one()
        req = conn.execute(select(schema.requests).where(schema.requests.c.id == request.id)).one()
    assert row.deleted and row.merged_into == keep.id
    assert req.resident_id == keep.id
    assert [r.name for r in residents.search_residents(store, "桂英")] == ["张桂英"]
    audit = merges_of(store, keep.id)
    assert [a["merged_id"] for a in audit] == [gone.id]
    assert audit[0]["record"]["name"] == "章桂英"
    assert {"residents", "attendance", "requests", "resident_merges"} <= set(changes.rows)


def test_a_record_cannot_be_merged_with_itself_or_a_missing_one(store: Store) -> None:
    keep, _ = residents.add_resident(store, ResidentInput("张桂英"))
    with pytest.raises(ServiceError):
        merge_residents(store, keep.id, keep.id)
    other, _ = residents.add_resident(store, ResidentInput("章桂英"))
    merge_residents(store, keep.id, other.id)
    with pytest.raises(ServiceError):  # merged already: nothing left to merge
        merge_residents(store, keep.id, other.id)


@pytest.mark.parametrize("merge_first", [True, False], ids=["merge-first", "mark-first"])
def test_a_merge_racing_a_mark_from_another_laptop_ends_with_one_mark_everywhere(
    district: District, tmp_path: Path, merge_first: bool
) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    b = district.device(tmp_path, district.village, "village", "b")
    course, _ = courses.create_course(a.store, courses.CourseInput("广场舞", "health"))
    s1, s2 = _session(a.store, course.id, 0), _session(a.store, course.id, 1)
    keep, _ = residents.add_resident(a.store, ResidentInput("张桂英"))
    gone, _ = residents.add_resident(a.store, ResidentInput("章桂英"))
    attendance.mark_present(a.store, s1.id, gone.id)
    a.client.sync()
    b.client.sync()

    # Offline: laptop A merges the two records; laptop B, not knowing, marks the old one and files
    # a request for it.
    merge_residents(a.store, keep.id, gone.id)
    attendance.mark_present(b.store, s2.id, gone.id)
    request, _ = file_request(b.store, RequestInput("修剪梨树", "income", resident_id=gone.id))

    order = [a, b, a, b] if merge_first else [b, a, b, a]
    for device in order:
        device.client.sync()

    for where in (a.store, b.store, district.engine):
        assert _live_marks(where, gone.id) == {}
        assert _live_marks(where, keep.id) == {s1.id: True, s2.id: True}
    with district.engine.connect() as conn:
        owner = conn.execute(
            select(schema.requests.c.resident_id).where(schema.requests.c.id == request.id)
        ).scalar_one()
        mark = conn.execute(select(A).where(A.c.id == attendance_id(s2.id, keep.id))).one()
    assert owner == keep.id
    assert not mark.deleted
    assert export_rows(a.store) == export_rows(b.store)
    assert stats.week_figures(a.store, MONDAY) == stats.week_figures(b.store, MONDAY)
    assert stats.week_figures(a.store, MONDAY).person_times == 2


def test_holdings_count_what_a_merge_would_move(store: Store) -> None:
    course, _ = courses.create_course(store, courses.CourseInput("广场舞", "health"))
    s1, s2 = (_session(store, course.id, d) for d in range(2))
    keep, _ = residents.add_resident(store, ResidentInput("张桂英", birth_year=1956))
    gone, _ = residents.add_resident(store, ResidentInput("章桂英"))
    attendance.mark_present(store, s1.id, gone.id)
    attendance.mark_present(store, s2.id, gone.id)
    attendance.mark_absent(store, s2.id, gone.id)  # "absent" is a mark too, and moves with the rest
    file_request(store, RequestInput("想学智能手机", "education", resident_id=gone.id))
    assert holdings_of(store, gone.id) == Holdings(marks=2, requests=1)
    assert holdings_of(store, keep.id) == Holdings(marks=0, requests=0)
    result, _ = merge_residents(store, keep.id, gone.id)
    assert (result.marks_moved, result.requests_moved) == (2, 1)
    assert holdings_of(store, keep.id) == Holdings(marks=2, requests=1)


def test_two_laptops_merging_a_pair_in_opposite_directions_keep_the_person(
    district: District, tmp_path: Path
) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    b = district.device(tmp_path, district.village, "village", "b")
    course, _ = courses.create_course(a.store, courses.CourseInput("广场舞", "health"))
    s1 = _session(a.store, course.id, 0)
    first, _ = residents.add_resident(a.store, ResidentInput("张桂英"))
    second, _ = residents.add_resident(a.store, ResidentInput("章桂英"))
    attendance.mark_present(a.store, s1.id, second.id)
    a.client.sync()
    b.client.sync()
    merge_residents(a.store, first.id, second.id)  # a keeps the first record
    merge_residents(b.store, second.id, first.id)  # b, offline, keeps the second
    for device in (a, b, a, b):
        device.client.sync()

    for where in (a.store, b.store):
        found = residents.search_residents(where, "桂英")
        assert [r.id for r in found] == [first.id]  # the first merge stands; nobody vanished
        assert stats.week_figures(where, MONDAY).person_times == 1
    assert _live_marks(district.engine, first.id) == {s1.id: True}
    assert export_rows(a.store) == export_rows(b.store)


def test_a_merge_waits_while_a_week_it_would_change_is_approved(store: Store) -> None:

    course, _ = courses.create_course(store, courses.CourseInput("广场舞", "health"))
    s1 = _session(store, course.id, 0)
    keep, _ = residents.add_resident(store, ResidentInput("张桂英"))
    gone, _ = residents.add_resident(store, ResidentInput("章桂英"))
    attendance.mark_present(store, s1.id, gone.id)
    approve_here(store, MONDAY)  # the town's approval, as a sync would bring it
    with pytest.raises(ServiceError) as err:
        merge_residents(store, keep.id, gone.id)
    assert "2026-11-23" in err.value.message.render()
    assert _live_marks(store, gone.id) == {s1.id: True}  # nothing moved
