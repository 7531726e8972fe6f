"""Conflict rules by kind of record, first as the pure function the server applies, then end to end
across two laptops and a real server: both sides' edits survive, and the value that lost is visible
and can be restored."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from core import rules, schema
from desktop.cli import export_rows
from desktop.services.people import residents
from desktop.services.syncing import conflicts
from desktop.services.week import attendance, courses, sessions
from desktop.sync.status import sync_status

from support import District

FIELDS = ("site_id", "name", "phone", "household")
ROW = {"site_id": "s", "name": "张三", "phone": "", "household": "一组张家"}
SEQS = {"name": 5, "phone": 5, "household": 5, "deleted": 5}


def resolve(
    values=None,
    deleted=False,
    base=5,
    changed=None,
    existing=ROW,
    existing_deleted=False,
    seqs=SEQS,
):  # noqa: ANN001, ANN201
    return rules.resolve(
        rules.MERGE,
        FIELDS,
        existing,
        existing_deleted,
        seqs,
        values or ROW,
        deleted,
        base,
        changed,
        9,
    )


def test_a_new_row_is_stored_as_sent() -> None:
    out = resolve(existing=None, base=None)
    assert out.values == ROW and not out.conflicts and out.field_seqs["name"] == 9


def test_fields_changed_on_one_side_only_merge_without_conflict() -> None:
    # The server changed household at 7; this device (base 5) changed phone.
    seqs = {**SEQS, "household": 7}
    current = {**ROW, "household": "二组张家"}
    out = resolve(
        {**ROW, "phone": "13800000000"}, changed=frozenset({"phone"}), existing=current, seqs=seqs
    )
    assert out.values == {**ROW, "phone": "13800000000", "household": "二组张家"}
    assert out.conflicts == []
    assert not out.same_as({**ROW, "phone": "13800000000"}, False), (
        "the device needs the merge back"
    )


def test_the_same_field_changed_on_both_sides_keeps_the_later_and_records_the_other() -> None:
    seqs = {**SEQS, "phone": 7}
    current = {**ROW, "phone": "13911111111"}
    out = resolve(
        {**ROW, "phone": "13800000000"}, changed=frozenset({"phone"}), existing=current, seqs=seqs
    )
    assert out.values["phone"] == "13800000000"
    assert out.conflicts == [rules.Conflict("phone", "13911111111", "13800000000")]
    assert out.field_seqs["phone"] == 9


def test_both_sides_making_the_same_change_is_no_conflict() -> None:
    seqs = {**SEQS, "phone": 7}
    current = {**ROW, "phone": "13800000000"}
    out = resolve(
        {**ROW, "phone": "13800000000"}, changed=frozenset({"phone"}), existing=current, seqs=seqs
    )
    assert out.conflicts == []


def test_a_delete_racing_an_edit_deletes_visibly() -> None:
    seqs = {**SEQS, "phone": 7}
    out = resolve(
        deleted=True, changed=frozenset({"deleted"}), existing={**ROW, "phone": "1"}, seqs=seqs
    )
    assert out.deleted and out.conflicts == [rules.Conflict("deleted", False, True)]
    # An edit arriving after a delete: the delete stays, the edit is kept and the race recorded.
    seqs = {**SEQS, "deleted": 7}
    out = resolve(
        {**ROW, "phone": "2"}, changed=frozenset({"phone"}), existing_deleted=True, seqs=seqs
    )
    assert out.deleted and out.values["phone"] == "2"
    assert out.conflicts == [rules.Conflict("deleted", False, True, pusher_lost=True)]


def test_a_delete_nobody_raced_is_quiet_and_a_seen_delete_can_be_undone() -> None:
    out = resolve(deleted=True, changed=frozenset({"deleted"}))
    assert out.deleted and out.conflicts == []
    seqs = {**SEQS, "deleted": 7}
    out = resolve(
        deleted=False, base=7, changed=frozenset({"deleted"}), existing_deleted=True, seqs=seqs
    )
    assert not out.deleted and out.conflicts == []


def test_attendance_is_an_upsert_and_events_are_written_once() -> None:
    fields = ("site_id", "present")
    out = rules.resolve(
        rules.UPSERT,
        fields,
        {"site_id": "s", "present": True},
        False,
        {},
        {"site_id": "s", "present": False},
        False,
        None,
        None,
        9,
    )
    assert out.values["present"] is False and out.conflicts == []
    event = {"site_id": "s", "to_status": "collected"}
    same = rules.resolve(
        rules.APPEND, ("site_id", "to_status"), event, False, {}, event, False, None, None, 9
    )
    assert same.refusal is None
    other = rules.resolve(
        rules.APPEND,
        ("site_id", "to_status"),
        event,
        False,
        {},
        {**event, "to_status": "declined"},
        False,
        None,
        None,
        9,
    )
    assert other.refusal


# --- end to end ---------------------------------------------------------------------------------


def _pair(district: District, tmp_path: Path):  # noqa: ANN202
    a = district.device(tmp_path, district.village, "village", "a")
    b = district.device(tmp_path, district.village, "village", "b")
    return a, b


def test_two_laptops_editing_different_fields_both_win(district: District, tmp_path: Path) -> None:
    a, b = _pair(district, tmp_path)
    person, _ = residents.add_resident(
        a.store, residents.ResidentInput("王建国", household="一组王家")
    )
    a.client.sync()
    b.client.sync()
    residents.edit_resident(
        a.store,
        person.id,
        residents.ResidentInput("王建国", phone="13800000001", household="一组王家"),
    )
    residents.edit_resident(
        b.store, person.id, residents.ResidentInput("王建国", household="二组王家")
    )
    a.client.sync()
    b.client.sync()
    a.client.sync()
    for d in (a, b):
        got = residents.get_resident(d.store, person.id)
        assert (got.phone, got.household) == ("13800000001", "二组王家")
        assert conflicts.list_conflicts(d.store) == []
        assert sync_status(d.store).pending == 0
    assert export_rows(a.store) == export_rows(b.store)


def test_the_same_field_edited_twice_keeps_the_later_and_the_other_can_be_restored(
    district: District, tmp_path: Path
) -> None:
    a, b = _pair(district, tmp_path)
    course, _ = courses.create_course(a.store, courses.CourseInput("夏布编织技艺", "culture"))
    a.client.sync()
    b.client.sync()
    courses.edit_course(a.store, course.id, courses.CourseInput("夏布编织（初级）", "culture"))
    courses.edit_course(b.store, course.id, courses.CourseInput("夏布编织入门", "culture"))
    a.client.sync()
    b.client.sync()  # b's change arrives later: it wins
    a.client.sync()
    for d in (a, b):
        assert courses.get_course(d.store, course.id).title == "夏布编织入门"
    [conflict] = conflicts.list_conflicts(a.store)
    assert (conflict.field, conflict.lost_value, conflict.won_value) == (
        "title",
        "夏布编织（初级）",
        "夏布编织入门",
    )
    assert conflict.record_title == "夏布编织入门"
    assert conflict.lost_here and not conflict.won_here, "on a, its own title was replaced"
    [seen_by_b] = conflicts.list_conflicts(b.store)
    assert seen_by_b.id == conflict.id and seen_by_b.won_here and not seen_by_b.lost_here

    conflicts.restore_conflict(a.store, conflict.id)
    a.client.sync()
    b.client.sync()
    for d in (a, b):
        assert courses.get_course(d.store, course.id).title == "夏布编织（初级）"
        assert conflicts.list_conflicts(d.store) == []
        assert len(conflicts.list_conflicts(d.store, include_resolved=True)) == 1
    assert export_rows(a.store) == export_rows(b.store)


def test_a_session_deleted_on_one_laptop_while_edited_on_another_can_be_brought_back(
    district: District, tmp_path: Path
) -> None:
    a, b = _pair(district, tmp_path)
    course, _ = courses.create_course(a.store, courses.CourseInput("陶艺基础", "culture"))
    start = dt.datetime(2026, 11, 23, 14)
    s, _ = sessions.record_session(
        a.store, sessions.SessionInput(course.id, start, start + dt.timedelta(hours=1))
    )
    a.client.sync()
    b.client.sync()
    sessions.delete_session(a.store, s.id)
    sessions.edit_session(
        b.store,
        s.id,
        sessions.SessionInput(course.id, start, start + dt.timedelta(hours=1), place="文化广场"),
    )
    a.client.sync()
    b.client.sync()
    a.client.sync()
    for d in (a, b):
        assert sessions.sessions_in_week(d.store, dt.date(2026, 11, 23)) == []
    [conflict] = conflicts.list_conflicts(b.store)
    assert conflict.field == "deleted"
    assert conflict.lost_here and not conflict.won_here, "b's edit lost to a's delete"
    conflicts.restore_conflict(b.store, conflict.id)
    b.client.sync()
    a.client.sync()
    for d in (a, b):
        [back] = sessions.sessions_in_week(d.store, dt.date(2026, 11, 23))
        assert back.place == "文化广场", "the edit made while it was deleted is kept"
    assert export_rows(a.store) == export_rows(b.store)


def test_marks_from_two_laptops_never_conflict(district: District, tmp_path: Path) -> None:
    a, b = _pair(district, tmp_path)
    course, _ = courses.create_course(a.store, courses.CourseInput("陶艺基础", "culture"))
    person, _ = residents.add_resident(a.store, residents.ResidentInput("张三"))
    start = dt.datetime(2026, 11, 23, 14)
    s, _ = sessions.record_session(
        a.store, sessions.SessionInput(course.id, start, start + dt.timedelta(hours=1))
    )
    attendance.mark_present(a.store, s.id, person.id)
    a.client.sync()
    b.client.sync()
    attendance.mark_absent(b.store, s.id, person.id)
    b.client.sync()
    a.client.sync()
    assert sessions.get_session(a.store, s.id).present == 0
    with district.engine.connect() as conn:
        assert conn.execute(select(schema.conflicts)).all() == []
