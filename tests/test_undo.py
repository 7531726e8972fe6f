"""Taking back a bulk action: a start from last time or from everyone expected, a deleted session, a
merge and an import are put back exactly, offline and before a sync, or after one as a correction
that syncs; and an undo refuses in words, changing nothing, when its records were changed since,
are used since, or lie in a week the town approved."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from core import schema
from core.ids import attendance_id
from desktop.cli import export_rows
from desktop.services.demand.requests import RequestInput, file_request
from desktop.services.errors import ServiceError
from desktop.services.people import residents
from desktop.services.people.merges import merge_residents, merges_of
from desktop.services.people.residents import ResidentInput
from desktop.services.spreadsheets import importing
from desktop.services.undo import CHANGED_SINCE, USED_SINCE, undo
from desktop.services.week import attendance, courses, sessions, stats
from desktop.services.week.attendance import Start
from desktop.storage.store import Store
from desktop.sync.status import sync_status

from support import District, approve_here, synced_village

MONDAY = dt.date(2026, 11, 23)
A = schema.attendance
#: What a bulk action may write, and what "as it was" is compared on.
_TABLES = (schema.residents, schema.sessions, A, schema.requests, schema.teachers)


def _live(where: Any) -> dict[str, dict[uuid.UUID, dict[str, Any]]]:  # noqa: ANN401 - store or engine
    """Every live record of the tables a bulk action writes, by table and id, without the sync
    bookkeeping: what a person sees, on a laptop or on the server."""
    engine = getattr(where, "engine", where)
    out: dict[str, dict[uuid.UUID, dict[str, Any]]] = {}
    with engine.connect() as conn:
        for table in _TABLES:
            columns = [c for c in table.columns if c.name not in schema.SYNC_COLUMNS]
            rows = conn.execute(select(table.c.id, *columns).where(table.c.deleted.is_(False)))
            out[table.name] = {r.id: {c.name: r._mapping[c.name] for c in columns} for r in rows}
    return out


def _session(store: Store, course_id: uuid.UUID, day: int) -> uuid.UUID:
    start = dt.datetime.combine(MONDAY + dt.timedelta(days=day), dt.time(14))
    made, _ = sessions.record_session(
        store, sessions.SessionInput(course_id, start, start + dt.timedelta(hours=2))
    )
    return made.id


def _class(store: Store) -> tuple[uuid.UUID, list[uuid.UUID], uuid.UUID]:
    """A weaving class: last Monday's session with six of ten people, and Wednesday's, empty."""
    course, _ = courses.create_course(store, courses.CourseInput("夏布编织", "culture"))
    people = [
        residents.add_resident(store, ResidentInput(name))[0].id
        for name in ("王秀英", "李建国", "张桂英", "刘德明", "陈春梅", "杨永福", "黄金花", "赵大勇")
    ]
    last = _session(store, course.id, 0)
    attendance.set_attendance(store, last, people[:6])
    return course.id, people, _session(store, course.id, 2)


@pytest.mark.parametrize("start", [Start.SAME_AS_LAST, Start.ALL_PRESENT])
def test_a_start_is_taken_back_exactly_and_hand_made_marks_stay(store: Store, start: Start) -> None:
    _course, people, new = _class(store)
    attendance.mark_present(store, new, people[0])  # signed in by hand before the start
    attendance.mark_present(store, new, people[1])
    attendance.mark_absent(store, new, people[1])  # an absent mark is a mark too
    before = _live(store)
    adds = attendance.start_choices(store, new).adds(start)
    assert adds == set(people[2:6])

    record = attendance.start_attendance(store, new, start)
    assert {w.row_id for w in record.rows} == {attendance_id(new, p) for p in adds}
    assert record.changes.rows["attendance"] == {attendance_id(new, p) for p in adds}
    changes = undo(store, record)

    assert _live(store) == before
    assert changes.rows["attendance"] == {attendance_id(new, p) for p in adds}
    with store.read() as conn:
        taken = conn.execute(select(A).where(A.c.id.in_(changes.rows["attendance"]))).all()
    assert all(m.deleted and m.pending for m in taken)  # tombstones waiting to sync
    assert attendance.start_choices(store, new).adds(start) == adds  # it can be chosen again


def test_an_undo_refuses_when_a_record_was_changed_since_and_writes_nothing(store: Store) -> None:
    _course, people, new = _class(store)
    record = attendance.start_attendance(store, new, Start.SAME_AS_LAST)
    attendance.mark_absent(store, new, people[3])  # unticked by hand after the start
    now = _live(store)

    with pytest.raises(ServiceError) as refused:
        undo(store, record)
    assert refused.value.message.source == CHANGED_SINCE
    assert refused.value.message.params == {"n": 1}
    assert _live(store) == now  # not one mark taken back


def test_an_undo_refuses_in_a_week_the_town_approved(store: Store) -> None:
    _course, _people, new = _class(store)
    record = attendance.start_attendance(store, new, Start.ALL_PRESENT)
    approve_here(store, MONDAY)
    now = _live(store)

    with pytest.raises(ServiceError) as refused:
        undo(store, record)
    assert "2026-11-23" in refused.value.message.render()
    assert _live(store) == now


def test_a_deleted_session_comes_back_with_its_marks(store: Store) -> None:
    _course, people, new = _class(store)
    attendance.set_attendance(store, new, people[2:5])
    attendance.mark_absent(store, new, people[2])
    before = _live(store)

    record = sessions.delete_session(store, new)
    assert new not in _live(store)["sessions"]
    undo(store, record)

    assert _live(store) == before
    assert sessions.get_session(store, new).present == 2


def test_a_merge_is_taken_back_with_marks_requests_and_details(store: Store) -> None:
    course, people, new = _class(store)
    keep, gone = people[0], people[6]
    residents.edit_resident(store, gone, ResidentInput("黄金花", phone="13812345678"))
    attendance.mark_present(store, new, keep)
    attendance.mark_present(store, new, gone)  # a session both were marked at
    only_gone = _session(store, course, 4)
    attendance.mark_present(store, only_gone, gone)
    request, _ = file_request(store, RequestInput("想学智能手机", "education", resident_id=gone))
    before = _live(store)

    result, _ = merge_residents(store, keep, gone)
    assert merges_of(store, keep)
    undo(store, result.undo)

    assert _live(store) == before
    assert residents.get_resident(store, gone).phone == "13812345678"
    assert residents.get_resident(store, keep).phone == ""
    assert merges_of(store, keep) == []  # the audit entry stays as history, the merge does not
    assert request.id in before["requests"]


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_an_import_of_residents_is_taken_back_until_someone_it_added_is_signed_in(
    store: Store, tmp_path: Path
) -> None:
    _course, _people, new = _class(store)
    before = _live(store)
    sheet = _csv(tmp_path / "花名册.csv", "姓名,性别,出生年份\n孙七,女,1960\n钱八,男,1955\n")

    preview = importing.preview_import(store, importing.open_import(sheet, "residents"))
    result = importing.confirm_import(store, preview)
    assert result.added == 2
    undo(store, result.undo)
    assert _live(store) == before

    preview = importing.preview_import(store, importing.open_import(sheet, "residents"))
    result = importing.confirm_import(store, preview)
    added = next(iter(result.changes.rows["residents"]))
    attendance.mark_present(store, new, added)
    now = _live(store)
    with pytest.raises(ServiceError) as refused:
        undo(store, result.undo)
    assert refused.value.message.source == USED_SINCE
    assert _live(store) == now


def test_an_import_of_attendance_takes_back_its_sessions_and_marks(
    store: Store, tmp_path: Path
) -> None:
    _course, people, new = _class(store)
    attendance.mark_present(store, new, people[7])
    before = _live(store)
    sheet = _csv(
        tmp_path / "签到.csv",
        "日期,课程名称,姓名,是否出勤\n"
        "2026-11-25,夏布编织,王秀英,√\n"  # Wednesday's session, already there
        "2026-11-26,夏布编织,王秀英,√\n"  # a session the import makes
        "2026-11-26,夏布编织,李建国,√\n",
    )
    preview = importing.preview_import(store, importing.open_import(sheet, "attendance"))
    result = importing.confirm_import(store, preview)
    assert (result.added, result.sessions_added) == (3, 1)

    undo(store, result.undo)
    assert _live(store) == before


# --- against the district's server ----------------------------------------------------------------


def test_a_start_undone_after_a_sync_is_a_correction_that_syncs(
    district: District, tmp_path: Path
) -> None:
    a = synced_village(district, tmp_path, "a")
    b = district.device(tmp_path, district.village, "village", "b")
    b.client.sync()
    week = sessions.sessions_in_week(a.store, MONDAY)
    held = next(s for s in week if s.present and s.headcount is None)
    friday = dt.datetime.combine(MONDAY + dt.timedelta(days=4), dt.time(19))
    new, _ = sessions.record_session(
        a.store, sessions.SessionInput(held.course_id, friday, friday + dt.timedelta(hours=1))
    )
    someone = next(iter(attendance.start_choices(a.store, new.id).expected))
    attendance.mark_present(a.store, new.id, someone)
    a.client.sync()
    before = _live(a.store)

    record = attendance.start_attendance(a.store, new.id, Start.ALL_PRESENT)
    assert len(record.rows) >= 10  # the demo's classes have dozens of regulars
    a.client.sync()  # the wrong figure reaches the district...
    assert len(_live(district.engine)["attendance"]) > len(before["attendance"])

    undo(a.store, record)  # ...and the correction follows it
    assert sync_status(a.store).pending == len(record.rows)
    a.client.sync()
    b.client.sync()

    assert sync_status(a.store).pending == 0
    for where in (a.store, b.store, district.engine):
        assert _live(where)["attendance"] == before["attendance"]
    assert sessions.get_session(b.store, new.id).present == 1
    assert stats.week_figures(a.store, MONDAY) == stats.week_figures(b.store, MONDAY)
    assert export_rows(a.store) == export_rows(b.store)


def test_a_start_undone_before_any_sync_reaches_nobody(
    sqlite_district: District, tmp_path: Path
) -> None:
    a = synced_village(sqlite_district, tmp_path, "a")
    _course, _people, new = _class(a.store)
    before = _live(a.store)
    undo(a.store, attendance.start_attendance(a.store, new, Start.SAME_AS_LAST))
    a.client.sync()

    assert sync_status(a.store).pending == 0
    assert _live(sqlite_district.engine) == _live(a.store) == before


def test_a_merge_and_a_deletion_undone_after_a_sync_come_back_on_every_laptop(
    district: District, tmp_path: Path
) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    b = district.device(tmp_path, district.village, "village", "b")
    course, people, new = _class(a.store)
    keep, gone = people[0], people[6]
    attendance.mark_present(a.store, new, keep)
    attendance.mark_present(a.store, new, gone)
    friday = _session(a.store, course, 4)
    attendance.set_attendance(a.store, friday, [gone, people[7]])
    a.client.sync()
    b.client.sync()
    before = _live(a.store)

    merged, _ = merge_residents(a.store, keep, gone)
    deleted = sessions.delete_session(a.store, friday)
    a.client.sync()
    b.client.sync()
    assert gone not in _live(b.store)["residents"]
    assert friday not in _live(b.store)["sessions"]

    with pytest.raises(ServiceError):  # the deletion took a mark the merge made: last first
        undo(a.store, merged.undo)
    undo(a.store, deleted)
    undo(a.store, merged.undo)
    a.client.sync()
    b.client.sync()

    for where in (a.store, b.store, district.engine):
        assert _live(where) == before
    assert export_rows(a.store) == export_rows(b.store)
    assert stats.week_figures(b.store, MONDAY) == stats.week_figures(a.store, MONDAY)
