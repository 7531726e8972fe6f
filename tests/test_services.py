"""Use cases, driven headless exactly as the window drives them."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from core import schema
from core.ids import attendance_id
from desktop.services import demo
from desktop.services.errors import InvalidInput, NotEnrolled, NotFound
from desktop.services.people import residents, teachers
from desktop.services.week import attendance, courses, sessions, stats
from desktop.storage.store import Store
from desktop.sync.status import pending_counts

MONDAY = dt.date(2026, 11, 23)


def _count(store: Store, table) -> int:  # noqa: ANN001
    with store.read() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


@pytest.fixture
def course(store: Store) -> courses.Course:
    made, _ = courses.create_course(
        store, courses.CourseInput("夏布编织技艺", "culture", is_feature=True)
    )
    return made


@pytest.fixture
def people(store: Store) -> list[residents.Resident]:
    names = ["张三", "李秀英", "王建国", "张桂英"]
    return [
        residents.add_resident(store, residents.ResidentInput(n, household="一组张家"))[0]
        for n in names
    ]


def _session(store: Store, course: courses.Course, day: int = 0, **kw) -> sessions.SessionSummary:  # noqa: ANN003
    start = dt.datetime.combine(MONDAY + dt.timedelta(days=day), dt.time(14))
    data = sessions.SessionInput(
        course.id, start, start + dt.timedelta(hours=2), place="活动室", **kw
    )
    return sessions.record_session(store, data)[0]


def test_new_rows_are_pending_with_a_device_made_id(store: Store, course: courses.Course) -> None:
    assert isinstance(course.id, uuid.UUID)
    assert course.pending
    assert pending_counts(store) == {"courses": 1}
    assert course.site_id == store.identity().site_id


def test_saving_an_unchanged_form_does_not_make_a_row_pending_again(
    store: Store, course: courses.Course
) -> None:
    with store.write() as w:
        w.conn.execute(schema.courses.update().values(pending=False, synced_rev=1))
    _, changes = courses.edit_course(
        store, course.id, courses.CourseInput("夏布编织技艺", "culture", True)
    )
    assert not changes
    assert pending_counts(store) == {}
    edited, changes = courses.edit_course(
        store, course.id, courses.CourseInput("夏布编织", "culture", True)
    )
    assert changes.touches("courses") and edited.pending and edited.title == "夏布编织"


def test_course_needs_a_title_and_a_known_platform(store: Store) -> None:
    with pytest.raises(InvalidInput) as err:
        courses.create_course(store, courses.CourseInput("  ", "cooking"))
    assert set(err.value.by_field()) == {"title", "platform"}
    assert _count(store, schema.courses) == 0


def test_session_ending_before_it_starts_is_refused_and_nothing_saved(
    store: Store, course: courses.Course
) -> None:
    start = dt.datetime(2026, 11, 23, 14)
    with pytest.raises(InvalidInput) as err:
        sessions.record_session(
            store, sessions.SessionInput(course.id, start, start - dt.timedelta(hours=1))
        )
    assert "ends_at" in err.value.by_field()
    assert "end after it starts" in str(err.value.by_field()["ends_at"])
    assert _count(store, schema.sessions) == 0


def test_session_in_an_absurd_year_or_for_an_unknown_course_is_refused(
    store: Store, course: courses.Course
) -> None:
    start = dt.datetime(1970, 1, 1, 9)
    with pytest.raises(InvalidInput) as err:
        sessions.record_session(
            store, sessions.SessionInput(uuid.uuid4(), start, start + dt.timedelta(hours=1))
        )
    assert set(err.value.by_field()) == {"starts_at", "course_id"}


def test_resident_validation_reports_every_bad_field(store: Store) -> None:
    with pytest.raises(InvalidInput) as err:
        residents.add_resident(
            store, residents.ResidentInput("", birth_year=2031, phone="abc-defg")
        )
    fields = err.value.by_field()
    assert set(fields) == {"name", "birth_year", "phone"}
    assert "2031" in fields["birth_year"].render()
    assert _count(store, schema.residents) == 0


def test_writes_need_an_enrolled_laptop(tmp_path, clock) -> None:  # noqa: ANN001
    from desktop.storage.engine import open_local_database

    bare = Store(open_local_database(tmp_path / "bare"), clock)
    with pytest.raises(NotEnrolled):
        courses.create_course(bare, courses.CourseInput("陶艺", "culture"))


def test_search_by_characters_full_pinyin_initials_and_phone(store: Store, people) -> None:  # noqa: ANN001
    residents.add_resident(store, residents.ResidentInput("赵六", phone="13812345678"))

    def names(q: str) -> set[str]:
        return {r.name for r in residents.search_residents(store, q)}

    assert names("张") == {"张三", "张桂英"}
    assert names("zhangsan") == {"张三"}
    assert names("ZHANG SAN") == {"张三"}
    assert names("zgy") == {"张桂英"}
    assert names("lixiu") == {"李秀英"}
    assert names("1381234") == {"赵六"}
    assert names("100%") == set()
    assert len(names("")) == 5


def test_attendance_marks_are_one_row_per_person_and_session(store: Store, course, people) -> None:  # noqa: ANN001
    s = _session(store, course)
    attendance.mark_present(store, s.id, people[0].id)
    attendance.mark_present(store, s.id, people[0].id)
    attendance.mark_present(store, s.id, people[1].id)
    assert _count(store, schema.attendance) == 2
    with store.read() as conn:
        ids = set(conn.execute(select(schema.attendance.c.id)).scalars())
    assert ids == {attendance_id(s.id, people[0].id), attendance_id(s.id, people[1].id)}
    assert sessions.get_session(store, s.id).person_times == 2

    attendance.mark_absent(store, s.id, people[1].id)
    assert _count(store, schema.attendance) == 2, "absence is a value, not a delete"
    assert sessions.get_session(store, s.id).person_times == 1
    roster = attendance.roster(store, s.id)
    assert roster[0].resident.id == people[0].id and roster[0].present
    assert sum(e.present for e in roster) == 1 and len(roster) == 4


def test_unmarking_someone_never_marked_writes_nothing(store: Store, course, people) -> None:  # noqa: ANN001
    s = _session(store, course)
    assert not attendance.mark_absent(store, s.id, people[2].id)
    assert _count(store, schema.attendance) == 0


def test_set_attendance_makes_the_list_exact_in_one_go(store: Store, course, people) -> None:  # noqa: ANN001
    s = _session(store, course)
    attendance.set_attendance(store, s.id, [people[0].id, people[1].id])
    attendance.set_attendance(store, s.id, [people[1].id, people[2].id])
    present = {e.resident.id for e in attendance.roster(store, s.id) if e.present}
    assert present == {people[1].id, people[2].id}


def test_marking_an_unknown_resident_writes_nothing(store: Store, course, people) -> None:  # noqa: ANN001
    s = _session(store, course)
    with pytest.raises(NotFound):
        attendance.set_attendance(store, s.id, [people[0].id, uuid.uuid4()])
    assert _count(store, schema.attendance) == 0, "the whole list is one transaction"


def test_headcount_sessions_count_their_headcount(store: Store, course, people) -> None:  # noqa: ANN001
    talk = _session(store, course, day=2, headcount=180)
    assert talk.headcount_only and talk.person_times == 180
    # Naming some of the people who came is optional and does not change the count.
    attendance.mark_present(store, talk.id, people[0].id)
    assert sessions.get_session(store, talk.id).person_times == 180
    assert [e.resident.id for e in attendance.roster(store, talk.id) if e.present] == [people[0].id]
    with pytest.raises(InvalidInput):
        _session(store, course, day=3, headcount=-5)


def test_week_and_course_person_times(store: Store, course, people) -> None:  # noqa: ANN001
    other, _ = courses.create_course(store, courses.CourseInput("智能手机使用", "education"))
    a = _session(store, course, day=0)
    b = _session(store, other, day=4)
    _session(store, course, day=8)  # next week: not counted
    _session(store, other, day=5, headcount=60)
    attendance.set_attendance(store, a.id, [p.id for p in people])
    attendance.set_attendance(store, b.id, [people[0].id, people[1].id])

    week = stats.week_figures(store, MONDAY)
    assert (week.sessions, week.person_times, week.reach) == (3, 4 + 2 + 60, 4)
    by_course = {
        c.course_title: (c.sessions, c.person_times)
        for c in stats.person_times_by_course(store, MONDAY)
    }
    assert by_course == {"夏布编织技艺": (1, 4), "智能手机使用": (2, 62)}
    weeks = stats.person_times_by_week(store, MONDAY, 2)
    assert [w.person_times for w in weeks] == [66, 0]
    listed = sessions.sessions_in_week(store, MONDAY)
    assert [s.id for s in listed][:2] == [a.id, b.id]


def test_deleting_a_session_tombstones_it_and_its_marks(store: Store, course, people) -> None:  # noqa: ANN001
    s = _session(store, course)
    attendance.set_attendance(store, s.id, [people[0].id])
    sessions.delete_session(store, s.id)
    assert sessions.sessions_in_week(store, MONDAY) == []
    with store.read() as conn:
        rows = conn.execute(
            select(schema.attendance.c.deleted, schema.sessions.c.deleted).join(
                schema.sessions, schema.sessions.c.id == schema.attendance.c.session_id
            )
        ).all()
    assert rows == [(True, True)]
    with pytest.raises(NotFound):
        sessions.get_session(store, s.id)


def test_teachers_are_linked_to_their_sessions(store: Store, course) -> None:  # noqa: ANN001
    t, _ = teachers.add_teacher(
        store, teachers.TeacherInput("周德芳", "full_time", skills="夏布编织")
    )
    s = _session(store, course, teacher_id=t.id)
    assert s.teacher_name == "周德芳"
    with pytest.raises(InvalidInput):
        teachers.add_teacher(store, teachers.TeacherInput("某人", "wizard"))


def test_demo_adds_earlier_weeks_and_never_touches_what_is_there(store: Store) -> None:
    first = demo.seed_demo(store, weeks=2, today=dt.date(2026, 11, 25))
    assert first.first_week == dt.date(2026, 11, 16) and first.sessions == 10
    with store.read() as conn:
        before = conn.execute(select(schema.sessions).order_by(schema.sessions.c.id)).all()
    second = demo.seed_demo(store, weeks=3, today=dt.date(2026, 11, 25))
    assert second.first_week == dt.date(2026, 10, 26)
    with store.read() as conn:
        after = conn.execute(select(schema.sessions).order_by(schema.sessions.c.id)).all()
    assert set(before) <= set(after) and len(after) == 25
    assert _count(store, schema.courses) == len(demo.COURSES)
    figures = stats.week_figures(store, dt.date(2026, 11, 16))
    assert figures.sessions == 5 and figures.person_times > 100


def test_demo_leaves_sessions_after_today_without_attendance(store: Store) -> None:
    today = dt.date(2026, 11, 25)  # a Wednesday: this week's later sessions are still to come
    demo.seed_demo(store, weeks=2, today=today)
    s, a = schema.sessions, schema.attendance
    with store.read() as conn:
        planned = conn.execute(
            select(s.c.id, s.c.headcount).where(
                s.c.starts_at >= dt.datetime.combine(today + dt.timedelta(days=1), dt.time())
            )
        ).all()
        marked = conn.execute(
            select(func.count()).select_from(a).where(a.c.session_id.in_([p.id for p in planned]))
        ).scalar_one()
        earlier = conn.execute(
            select(func.count())
            .select_from(a.join(s, s.c.id == a.c.session_id))
            .where(s.c.starts_at < dt.datetime.combine(today, dt.time()))
        ).scalar_one()
    assert planned, "the demo week should have sessions still to come"
    assert marked == 0 and all(p.headcount is None for p in planned)
    assert earlier > 100


def test_a_laptop_clock_reset_to_2000_does_not_stop_this_weeks_records(
    store: Store, course
) -> None:  # noqa: ANN001
    store.clock.set(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))  # a dead CMOS battery
    _session(store, course)
    person, _ = residents.add_resident(store, residents.ResidentInput("小明", birth_year=2015))
    assert person.birth_year == 2015
    with pytest.raises(InvalidInput):
        residents.add_resident(store, residents.ResidentInput("未来人", birth_year=2031))


def test_reach_counts_the_people_named_at_a_headcount_session(store: Store, course, people) -> None:  # noqa: ANN001
    s = _session(store, course)
    attendance.set_attendance(store, s.id, [p.id for p in people[:3]])
    sessions.edit_session(
        store,
        s.id,
        sessions.SessionInput(s.course_id, s.starts_at, s.ends_at, place=s.place, headcount=180),
    )
    week = stats.week_figures(store, MONDAY)
    # Person-times are the count; the three named among the 180 were reached.
    assert (week.person_times, week.reach) == (180, 3)


def test_tags_and_text_are_bounded_and_free_of_control_characters(store: Store) -> None:
    with pytest.raises(InvalidInput) as err:
        residents.add_resident(
            store, residents.ResidentInput("张\x00三", tags=tuple(f"标签{i}" for i in range(100)))
        )
    assert set(err.value.by_field()) == {"name", "tags"}
