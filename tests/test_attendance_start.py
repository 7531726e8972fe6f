"""Starting a session's sign-in list from what is likely: same as last time, all expected present,
or empty; marks already made are kept and choosing again makes nothing twice."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from core import schema
from core.ids import attendance_id
from desktop.services.errors import NotFound, ServiceError
from desktop.services.people import residents
from desktop.services.week import attendance, courses, sessions
from desktop.services.week.attendance import EXPECTED_SESSIONS, Start
from desktop.storage.store import Store

MONDAY = dt.date(2026, 11, 2)


def _marks(store: Store, session_id: uuid.UUID) -> dict[uuid.UUID, bool]:
    """{resident: present} of every live mark of the session."""
    a = schema.attendance
    with store.read() as conn:
        rows = conn.execute(
            select(a.c.resident_id, a.c.present).where(
                a.c.session_id == session_id, a.c.deleted.is_(False)
            )
        ).all()
    return {r.resident_id: r.present for r in rows}


def _mark_rows(store: Store) -> int:
    with store.read() as conn:
        return conn.execute(select(func.count()).select_from(schema.attendance)).scalar_one()


@pytest.fixture
def course(store: Store) -> courses.Course:
    return courses.create_course(store, courses.CourseInput("夏布编织技艺", "culture"))[0]


@pytest.fixture
def people(store: Store) -> list[uuid.UUID]:
    names = [
        "王秀英",
        "李建国",
        "张桂英",
        "刘德明",
        "陈春梅",
        "杨永福",
        "黄金花",
        "赵大勇",
        "吴海燕",
        "周长青",
    ]
    return [residents.add_resident(store, residents.ResidentInput(n))[0].id for n in names]


def _session(store: Store, course: courses.Course, week: int, **kw) -> uuid.UUID:  # noqa: ANN003
    start = dt.datetime.combine(MONDAY + dt.timedelta(weeks=week), dt.time(14))
    data = sessions.SessionInput(course.id, start, start + dt.timedelta(hours=2), **kw)
    return sessions.record_session(store, data)[0].id


def test_same_as_last_time_signs_in_who_was_at_the_latest_earlier_session(
    store: Store, course, people
) -> None:  # noqa: ANN001
    older = _session(store, course, 0)
    last = _session(store, course, 1)
    new = _session(store, course, 2)
    later = _session(store, course, 3)
    attendance.set_attendance(store, older, people[:8])
    attendance.set_attendance(store, last, people[:5])
    attendance.mark_absent(store, last, people[4])  # came after all not: an absent mark
    attendance.set_attendance(store, later, people)

    choices = attendance.start_choices(store, new)
    assert not choices.started and choices.last_session_id == last
    assert choices.last_roster == frozenset(people[:4]) == choices.adds(Start.SAME_AS_LAST)
    assert choices.last_starts_at == dt.datetime.combine(
        MONDAY + dt.timedelta(weeks=1), dt.time(14)
    )

    changes = attendance.start_attendance(store, new, Start.SAME_AS_LAST).changes

    assert _marks(store, new) == dict.fromkeys(people[:4], True)
    assert changes.rows["attendance"] == {attendance_id(new, p) for p in people[:4]}
    assert sessions.get_session(store, new).person_times == 4


def test_last_time_skips_deleted_and_empty_sessions_other_courses_and_sites(
    store: Store, course, people
) -> None:  # noqa: ANN001
    other_course = courses.create_course(store, courses.CourseInput("折扇制作", "culture"))[0]
    real_last = _session(store, course, 0)
    attendance.set_attendance(store, real_last, people[:3])
    deleted = _session(store, course, 1)
    attendance.set_attendance(store, deleted, people[3:6])
    sessions.delete_session(store, deleted)
    _session(store, course, 2)  # planned, nobody signed in yet
    elsewhere = _session(store, other_course, 3)
    attendance.set_attendance(store, elsewhere, people[6:])
    # The same course held at another site (its rows reached this laptop by sync).
    with store.write() as w:
        foreign = w.insert(
            schema.sessions,
            {
                "site_id": uuid.uuid4(),
                "course_id": course.id,
                "starts_at": dt.datetime.combine(MONDAY + dt.timedelta(weeks=3), dt.time(9)),
                "ends_at": dt.datetime.combine(MONDAY + dt.timedelta(weeks=3), dt.time(10)),
                "place": "",
                "topic": "",
                "notes": "",
            },
        )
        w.insert(
            schema.attendance,
            {
                "id": attendance_id(foreign, people[9]),
                "site_id": uuid.uuid4(),
                "session_id": foreign,
                "resident_id": people[9],
                "present": True,
            },
        )
    new = _session(store, course, 4)

    assert attendance.start_choices(store, new).last_session_id == real_last
    attendance.start_attendance(store, new, Start.SAME_AS_LAST)
    assert set(_marks(store, new)) == set(people[:3])


def test_all_present_signs_in_the_expected_roster_of_the_last_sessions(
    store: Store, course, people
) -> None:  # noqa: ANN001
    # Five earlier sessions: the oldest is beyond the expected roster's reach.
    weekly = [_session(store, course, week) for week in range(EXPECTED_SESSIONS + 1)]
    attendance.set_attendance(store, weekly[0], [people[9]])
    for i, session_id in enumerate(weekly[1:]):
        attendance.set_attendance(store, session_id, [people[0], people[1 + i]])
    new = _session(store, course, 10)

    expected = frozenset(people[: EXPECTED_SESSIONS + 1])
    assert attendance.start_choices(store, new).expected == expected
    attendance.start_attendance(store, new, Start.ALL_PRESENT)
    assert _marks(store, new) == dict.fromkeys(expected, True)


def test_marks_made_by_hand_are_kept_and_choosing_again_makes_nothing_twice(
    store: Store, course, people
) -> None:  # noqa: ANN001
    last = _session(store, course, 0)
    attendance.set_attendance(store, last, people[:6])
    new = _session(store, course, 1)
    attendance.mark_present(store, new, people[8])  # a newcomer signed in first
    attendance.mark_present(store, new, people[0])
    attendance.mark_absent(store, new, people[0])  # known to be away today

    attendance.start_attendance(store, new, Start.SAME_AS_LAST)
    after_first = _marks(store, new)
    assert after_first == {people[0]: False, **dict.fromkeys(people[1:6], True), people[8]: True}
    rows = _mark_rows(store)

    assert not attendance.start_attendance(store, new, Start.SAME_AS_LAST)
    assert not attendance.start_attendance(store, new, Start.ALL_PRESENT)
    assert _mark_rows(store) == rows
    assert _marks(store, new) == after_first
    choices = attendance.start_choices(store, new)
    assert choices.started and choices.marked == frozenset([*people[:6], people[8]])
    assert not choices.adds(Start.SAME_AS_LAST) and not choices.adds(Start.EMPTY)


def test_start_empty_and_a_course_without_history_sign_in_no_one(
    store: Store, course, people
) -> None:  # noqa: ANN001
    first = _session(store, course, 0)
    choices = attendance.start_choices(store, first)
    assert choices.last_session_id is None and not choices.last_roster and not choices.expected
    for start in Start:
        assert not attendance.start_attendance(store, first, start)
    assert _mark_rows(store) == 0

    attendance.set_attendance(store, first, people[:2])
    second = _session(store, course, 1)
    assert not attendance.start_attendance(store, second, Start.EMPTY)
    assert _marks(store, second) == {}


def test_residents_removed_from_the_register_are_not_signed_in(
    store: Store, course, people
) -> None:  # noqa: ANN001
    last = _session(store, course, 0)
    attendance.set_attendance(store, last, people[:3])
    with store.write() as w:
        w.delete(schema.residents, people[1])
    new = _session(store, course, 1)
    attendance.start_attendance(store, new, Start.SAME_AS_LAST)
    assert set(_marks(store, new)) == {people[0], people[2]}


def test_a_headcount_session_can_also_name_people(store: Store, course, people) -> None:  # noqa: ANN001
    last = _session(store, course, 0)
    attendance.set_attendance(store, last, people[:3])
    talk = _session(store, course, 1, headcount=150)
    attendance.start_attendance(store, talk, Start.SAME_AS_LAST)
    attendance.mark_present(store, talk, people[5])
    assert set(_marks(store, talk)) == {*people[:3], people[5]}
    assert sessions.get_session(store, talk).person_times == 150, "the count stays the figure"


def test_an_unknown_or_foreign_session_is_refused_and_nothing_written(
    store: Store, course, people
) -> None:  # noqa: ANN001
    with pytest.raises(NotFound):
        attendance.start_attendance(store, uuid.uuid4(), Start.ALL_PRESENT)
    with pytest.raises(NotFound):
        attendance.start_choices(store, uuid.uuid4())
    last = _session(store, course, 0)
    attendance.set_attendance(store, last, people[:3])
    with store.write() as w:
        start = dt.datetime.combine(MONDAY + dt.timedelta(weeks=1), dt.time(9))
        foreign = w.insert(
            schema.sessions,
            {
                "site_id": uuid.uuid4(),
                "course_id": course.id,
                "starts_at": start,
                "ends_at": start + dt.timedelta(hours=1),
                "place": "",
                "topic": "",
                "notes": "",
            },
        )
    rows = _mark_rows(store)
    with pytest.raises(ServiceError):
        attendance.start_attendance(store, foreign, Start.ALL_PRESENT)
    assert _mark_rows(store) == rows


def test_roster_is_grouped_by_village_group_then_household_in_numeral_order(
    store: Store, course
) -> None:  # noqa: ANN001
    placed = [
        ("十一组", "十一组陈家", "陈春梅"),
        ("二组", "二组李家", "李建国"),
        ("十组", "十组王家", "王秀英"),
        ("", "", "赵大勇"),
        ("二组", "二组李家", "李桂英"),
        ("一组", "一组张家", "张桂英"),
        ("二组", "二组刘家", "刘德明"),
    ]
    for group, household, name in placed:
        residents.add_resident(
            store, residents.ResidentInput(name, village_group=group, household=household)
        )
    s = _session(store, course, 0)
    order = [(e.resident.village_group, e.resident.name) for e in attendance.roster(store, s)]
    assert order == [
        ("一组", "张桂英"),
        ("二组", "刘德明"),  # 二组刘家 before 二组李家: households compare as text after the number
        ("二组", "李建国"),
        ("二组", "李桂英"),
        ("十组", "王秀英"),
        ("十一组", "陈春梅"),
        ("", "赵大勇"),  # no group given: last
    ]


def test_a_sessions_roster_is_its_own_sites_people_and_its_practice_points(
    tmp_path,
    clock,  # noqa: ANN001
) -> None:
    """A town laptop holds every village's register; its own class lists the town's people (and a
    practice point's), plus anyone marked at it, not the villages below."""
    from core import schema

    from support import enrolled_store

    town = enrolled_store(tmp_path / "town", clock, role="town")
    site = town.identity().site_id
    village, point = uuid.uuid4(), uuid.uuid4()
    with town.write() as w:
        for sid, parent, level in (
            (site, None, "town"),
            (village, site, "village"),
            (point, site, "point"),
        ):
            w.insert(
                schema.sites,
                {
                    "id": sid,
                    "site_id": sid,
                    "parent_id": parent,
                    "level": level,
                    "name": level,
                    "path": f"/{site.hex}/" if sid == site else f"/{site.hex}/{sid.hex}/",
                },
            )
        people = {}
        for name, where in (
            ("镇上人", site),
            ("点上人", point),
            ("村里人", village),
            ("来宾", village),
        ):
            people[name] = w.insert(schema.residents, {"site_id": where, "name": name})
    course, _ = courses.create_course(town, courses.CourseInput("讲座", "theory"))
    start = dt.datetime(2026, 11, 24, 9)
    session, _ = sessions.record_session(
        town, sessions.SessionInput(course.id, start, start + dt.timedelta(hours=1))
    )
    attendance.mark_present(town, session.id, people["来宾"])
    names = {e.resident.name for e in attendance.roster(town, session.id)}
    assert names == {"镇上人", "点上人", "来宾"}
    assert attendance.roster_matches(town, session.id, "cun") == set()  # 村里人 is not on it
    assert attendance.roster_matches(town, session.id, "来宾") == {people["来宾"]}
