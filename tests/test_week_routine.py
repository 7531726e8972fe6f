"""The weekly routine in few keystrokes, headless: last week's sessions copied into this week
(without sign-ins, never twice, never into a locked week), and what a course usually is (its day,
hours, place and teacher) read from its sessions."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from core import schema
from desktop.services.errors import ServiceError
from desktop.services.people import residents, teachers
from desktop.services.week import attendance, courses, sessions
from desktop.services.week.sessions import SessionInput, copy_last_week, usual_session
from desktop.storage.store import Store

from support import approve_here

LAST = dt.date(2026, 11, 16)  # the week before the tests' clock (Wednesday 25 November)
THIS = dt.date(2026, 11, 23)


def _at(monday: dt.date, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(monday + dt.timedelta(days=day), dt.time(hour, minute))


def _course(store: Store, title: str) -> uuid.UUID:
    return courses.create_course(store, courses.CourseInput(title, "culture"))[0].id


def _teacher(store: Store, name: str) -> uuid.UUID:
    return teachers.add_teacher(store, teachers.TeacherInput(name, "part_time"))[0].id


def _session(
    store: Store, course: uuid.UUID, start: dt.datetime, minutes: int = 120, **more: object
) -> uuid.UUID:
    data = SessionInput(course, start, start + dt.timedelta(minutes=minutes), **more)
    return sessions.record_session(store, data)[0].id


def _pending_sessions(store: Store) -> int:
    s = schema.sessions
    with store.read() as conn:
        return len(conn.execute(select(s.c.id).where(s.c.pending.is_(True))).all())


@pytest.fixture
def last_week(store: Store) -> dict[str, uuid.UUID]:
    """Last week at 玉屏村: weaving on Tuesday with a teacher, a topic, notes and two sign-ins; a
    square-dance headcount on Thursday; and what must not be copied: a deleted session, a session
    of a course deleted since, and another village's session."""
    weaving, dance, pottery = (_course(store, t) for t in ("夏布编织", "广场舞", "陶艺"))
    zhou = _teacher(store, "周德芳")
    tuesday = _session(
        store,
        weaving,
        _at(LAST, 1, 14),
        place="夏布工坊",
        teacher_id=zhou,
        topic="经纬线",
        notes="带上自己的麻线",
    )
    for name in ("张秀英", "王建国"):
        person, _ = residents.add_resident(store, residents.ResidentInput(name))
        attendance.mark_present(store, tuesday, person.id)
    _session(store, dance, _at(LAST, 3, 19), minutes=90, place="文化广场", headcount=120)
    sessions.delete_session(store, _session(store, weaving, _at(LAST, 4, 9)))
    _session(store, pottery, _at(LAST, 5, 9))
    with store.write() as w:
        w.delete(schema.courses, pottery)
        w.insert(  # a session of the village next door, seen by a town laptop
            schema.sessions,
            {
                "site_id": uuid.uuid4(),
                "course_id": weaving,
                "starts_at": _at(LAST, 2, 9),
                "ends_at": _at(LAST, 2, 10),
                "place": "",
                "topic": "",
                "notes": "",
            },
        )
    return {"weaving": weaving, "dance": dance, "zhou": zhou, "tuesday": tuesday}


def test_copying_last_week_copies_course_day_hours_place_and_teacher_only(
    store: Store, last_week: dict[str, uuid.UUID]
) -> None:
    copied = copy_last_week(store, THIS)
    week = sessions.sessions_in_week(store, THIS)
    assert copied.created == [s.id for s in week]  # all it wrote, in time order
    assert copied.already == 0
    assert copied.changes.rows == {"sessions": set(copied.created)}
    weaving, dance = week
    assert (weaving.course_id, weaving.starts_at, weaving.ends_at) == (
        last_week["weaving"],
        _at(THIS, 1, 14),
        _at(THIS, 1, 16),
    )
    assert (weaving.place, weaving.teacher_id) == ("夏布工坊", last_week["zhou"])
    assert (weaving.topic, weaving.notes, weaving.present, weaving.headcount) == ("", "", 0, None)
    assert (dance.course_id, dance.starts_at, dance.ends_at) == (
        last_week["dance"],
        _at(THIS, 3, 19),
        _at(THIS, 3, 20, 30),
    )
    assert dance.headcount_only and dance.person_times == 0  # a headcount event, not yet counted
    a = schema.attendance
    with store.read() as conn:
        marked = conn.execute(select(a.c.id).where(a.c.session_id.in_(copied.created))).all()
    assert marked == []
    assert all(s.pending for s in week)
    assert sessions.get_session(store, last_week["tuesday"]).present == 2  # last week untouched


def test_copying_twice_adds_nothing_the_second_time(
    store: Store, last_week: dict[str, uuid.UUID]
) -> None:
    first = copy_last_week(store, THIS)
    # A copied session moved to another hour the same day is still the copy of last week's.
    moved = sessions.get_session(store, first.created[0])
    sessions.edit_session(
        store,
        moved.id,
        SessionInput(moved.course_id, _at(THIS, 1, 15), _at(THIS, 1, 17), place=moved.place),
    )
    pending = _pending_sessions(store)
    again = copy_last_week(store, THIS)
    assert again.created == [] and again.already == 2
    assert not again.changes
    assert len(sessions.sessions_in_week(store, THIS)) == 2
    assert _pending_sessions(store) == pending


def test_a_session_entered_by_hand_this_week_is_not_copied_over_it(
    store: Store, last_week: dict[str, uuid.UUID]
) -> None:
    by_hand = _session(store, last_week["weaving"], _at(THIS, 1, 15), place="村委会")
    copied = copy_last_week(store, THIS)
    assert copied.already == 1
    [made] = copied.created
    assert sessions.get_session(store, made).course_id == last_week["dance"]
    assert {s.id for s in sessions.sessions_in_week(store, THIS)} == {by_hand, made}


def test_two_sessions_of_a_course_on_one_day_are_matched_one_for_one(store: Store) -> None:
    weaving = _course(store, "夏布编织")
    _session(store, weaving, _at(LAST, 2, 9))
    _session(store, weaving, _at(LAST, 2, 14))
    _session(store, weaving, _at(THIS, 2, 9))
    copied = copy_last_week(store, THIS)
    assert copied.already == 1
    [made] = copied.created
    assert sessions.get_session(store, made).starts_at == _at(THIS, 2, 14)


def test_a_teacher_deleted_since_is_left_off_the_copy(
    store: Store, last_week: dict[str, uuid.UUID]
) -> None:
    teachers.delete_teacher(store, last_week["zhou"])
    copied = copy_last_week(store, THIS)
    assert [sessions.get_session(store, s).teacher_id for s in copied.created] == [None, None]


def test_copying_into_an_approved_week_is_refused_in_words(
    store: Store, last_week: dict[str, uuid.UUID]
) -> None:
    approve_here(store, THIS)
    pending = _pending_sessions(store)
    with pytest.raises(ServiceError) as refused:
        copy_last_week(store, THIS)
    assert refused.value.message.render() == (
        "The week of 2026-11-23 was approved by the town and is locked. "
        "Ask the town to reopen it first."
    )
    assert sessions.sessions_in_week(store, THIS) == []
    assert _pending_sessions(store) == pending


def test_an_empty_last_week_copies_nothing(store: Store) -> None:
    copied = copy_last_week(store, THIS)
    assert (copied.created, copied.already, bool(copied.changes)) == ([], 0, False)


def test_a_course_is_usually_held_as_most_of_its_latest_sessions_were(store: Store) -> None:
    weaving = _course(store, "夏布编织")
    zhou, li = _teacher(store, "周德芳"), _teacher(store, "李明华")
    assert usual_session(store, weaving) is None  # nothing to go by before its first session
    for week in range(3):  # Tuesdays 14:00–16:00 in the workshop with 周
        monday = LAST - dt.timedelta(weeks=week)
        _session(store, weaving, _at(monday, 1, 14), place="夏布工坊", teacher_id=zhou)
    # Once, lately, on Friday morning in the village office with 李, and once with no teacher.
    _session(store, weaving, _at(THIS, 4, 9), minutes=60, place="村委会", teacher_id=li)
    _session(store, weaving, _at(THIS, 1, 14))
    usual = usual_session(store, weaving)
    assert usual == sessions.UsualSession(
        weekday=1, starts=dt.time(14), ends=dt.time(16), place="夏布工坊", teacher_id=zhou
    )


def test_a_tie_goes_to_the_latest_and_a_deleted_teacher_is_not_usual(store: Store) -> None:
    weaving = _course(store, "夏布编织")
    zhou, li = _teacher(store, "周德芳"), _teacher(store, "李明华")
    _session(store, weaving, _at(LAST, 1, 14), place="夏布工坊", teacher_id=zhou)
    _session(store, weaving, _at(THIS, 4, 9), minutes=90, place="村委会", teacher_id=li)
    usual = usual_session(store, weaving)
    assert usual is not None
    assert (usual.weekday, usual.starts, usual.ends) == (4, dt.time(9), dt.time(10, 30))
    assert (usual.place, usual.teacher_id) == ("村委会", li)
    teachers.delete_teacher(store, li)
    assert usual_session(store, weaving).teacher_id == zhou


def test_only_the_latest_sessions_and_this_sites_count(store: Store) -> None:
    weaving = _course(store, "夏布编织")
    for week in range(sessions.USUAL_FROM + 4):  # a long time on Mondays …
        _session(store, weaving, _at(LAST - dt.timedelta(weeks=20 + week), 0, 9))
    for week in range(sessions.USUAL_FROM - 3):  # … lately on Wednesday evenings
        _session(store, weaving, _at(LAST - dt.timedelta(weeks=week), 2, 19))
    with store.write() as w:  # many sessions of the same course in the village next door
        for week in range(6):
            start = _at(LAST - dt.timedelta(weeks=week), 5, 8)
            w.insert(
                schema.sessions,
                {
                    "site_id": uuid.uuid4(),
                    "course_id": weaving,
                    "starts_at": start,
                    "ends_at": start + dt.timedelta(hours=1),
                    "place": "别村礼堂",
                    "topic": "",
                    "notes": "",
                },
            )
    usual = usual_session(store, weaving)
    assert usual is not None and (usual.weekday, usual.starts) == (2, dt.time(19))
    assert usual.place == ""


def test_places_used_are_suggested_the_most_used_first(store: Store) -> None:
    weaving = _course(store, "夏布编织")
    for day, place in enumerate(["文化广场", "夏布工坊", "夏布工坊", "", "村委会", "村委会"]):
        _session(store, weaving, _at(LAST, day, 9), place=place)
    # 村委会 and 夏布工坊 were each used twice: the one used last comes first.
    assert sessions.places_used(store) == ["村委会", "夏布工坊", "文化广场"]
