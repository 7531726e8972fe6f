"""The register of teachers and volunteers, their training records, the training rate and the
service hours volunteers gave: driven headless as the Teachers tab drives them."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from core import schema
from desktop.services.errors import InvalidInput, NotFound, ServiceError
from desktop.services.people import teachers, trainings
from desktop.services.people.teachers import TeacherInput
from desktop.services.people.trainings import TrainingInput
from desktop.services.week import courses, sessions
from desktop.storage.store import Store
from desktop.sync.status import pending_counts

MONDAY = dt.date(2026, 11, 23)


def _teacher(store: Store, name: str, kind: str = "full_time", **kw) -> teachers.Teacher:  # noqa: ANN003
    return teachers.add_teacher(store, TeacherInput(name, kind, **kw))[0]


@pytest.fixture
def course(store: Store) -> courses.Course:
    return courses.create_course(store, courses.CourseInput("夏布编织技艺", "culture"))[0]


def _session(
    store: Store,
    course: courses.Course,
    teacher: teachers.Teacher | None,
    day: dt.date = MONDAY,
    hours: float = 2.0,
    **kw,  # noqa: ANN003
) -> sessions.SessionSummary:
    start = dt.datetime.combine(day, dt.time(14))
    data = sessions.SessionInput(
        course.id,
        start,
        start + dt.timedelta(hours=hours),
        teacher_id=teacher.id if teacher else None,
        **kw,
    )
    return sessions.record_session(store, data)[0]


# -- the register ----------------------------------------------------------------------------------


def test_a_teacher_is_registered_pending_with_their_details(store: Store) -> None:
    t, changes = teachers.add_teacher(
        store,
        TeacherInput(
            "周德芳", "part_time", phone="138 0013 8000", skills="非遗传承人", notes="夏布"
        ),
    )
    assert changes.touches("teachers") and t.pending
    assert t.site_id == store.identity().site_id
    assert teachers.get_teacher(store, t.id) == t
    assert (t.kind, t.phone, t.skills, t.notes) == (
        "part_time",
        "13800138000",
        "非遗传承人",
        "夏布",
    )
    assert pending_counts(store) == {"teachers": 1}


def test_bad_teacher_input_names_every_wrong_field_and_saves_nothing(store: Store) -> None:
    with pytest.raises(InvalidInput) as err:
        teachers.add_teacher(store, TeacherInput(" ", "wizard", phone="abc", skills="x" * 401))
    assert set(err.value.by_field()) == {"name", "kind", "phone", "skills"}
    assert teachers.list_teachers(store) == []


def test_editing_a_teacher_changes_only_what_differs(store: Store) -> None:
    t = _teacher(store, "周德芳")
    with store.write() as w:
        w.conn.execute(schema.teachers.update().values(pending=False, synced_rev=1))
    _, changes = teachers.edit_teacher(store, t.id, TeacherInput("周德芳", "full_time"))
    assert not changes
    edited, changes = teachers.edit_teacher(
        store, t.id, TeacherInput("周德芳", "volunteer", skills="剪纸")
    )
    assert changes.touches("teachers") and edited.pending
    assert (edited.kind, edited.skills) == ("volunteer", "剪纸")
    with pytest.raises(InvalidInput):
        teachers.edit_teacher(store, t.id, TeacherInput("", "volunteer"))
    with pytest.raises(NotFound):
        teachers.edit_teacher(store, uuid.uuid4(), TeacherInput("某人", "volunteer"))


def test_a_teacher_of_another_site_can_only_be_changed_there(store: Store) -> None:
    t = _teacher(store, "周德芳")
    with store.write() as w:
        w.conn.execute(schema.teachers.update().values(site_id=uuid.uuid4()))
    with pytest.raises(ServiceError):
        teachers.edit_teacher(store, t.id, TeacherInput("周德芳", "cadre"))
    with pytest.raises(ServiceError):
        teachers.delete_teacher(store, t.id)


def test_deleting_a_teacher_tombstones_their_trainings_and_keeps_their_sessions(
    store: Store, course: courses.Course
) -> None:
    t = _teacher(store, "周德芳")
    s = _session(store, course, t)
    training, _ = trainings.add_training(
        store, TrainingInput(t.id, dt.date(2026, 5, 1), "师资培训", hours=6)
    )
    changes = teachers.delete_teacher(store, t.id)
    assert changes.rows == {"teachers": {t.id}, "trainings": {training.id}}
    with store.read() as conn:
        tombstones = conn.execute(
            select(schema.teachers.c.deleted, schema.teachers.c.pending)
        ).all()
    assert tombstones == [(True, True)]
    assert teachers.list_teachers(store) == []
    assert trainings.trainings_of(store, t.id) == []
    assert sessions.get_session(store, s.id).teacher_id == t.id
    with pytest.raises(NotFound):
        teachers.get_teacher(store, t.id)


# -- search ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("张", ["张桂英", "张三"]),
        ("zhangsan", ["张三"]),
        ("ZhangSan", ["张三"]),
        ("zhang san", ["张三"]),
        ("zs", ["张三"]),
        ("zgy", ["张桂英"]),
        ("张san", ["张三"]),
        ("zangsan", ["张三"]),  # the near spelling the south-west says
        ("niu", ["刘德华"]),  # l/n folded
        ("ｚｓ", ["张三"]),  # full-width letters from a Chinese keyboard
        ("5678", ["刘德华"]),  # phone digits
        ("章三", ["张三"]),  # a homophone surname
        ("%", []),
        ("_", []),
    ],
)
def test_teachers_are_found_by_characters_pinyin_initials_and_near_spellings(
    store: Store, query: str, expected: list[str]
) -> None:
    _teacher(store, "张三")
    _teacher(store, "张桂英", "volunteer")
    _teacher(store, "刘德华", "cadre", phone="13912345678")
    _teacher(store, "王建国")
    found = [t.name for t in teachers.search_teachers(store, query)]
    assert sorted(found) == sorted(expected)


def test_an_empty_search_lists_everyone_and_deleted_teachers_are_never_found(store: Store) -> None:
    a = _teacher(store, "张三")
    _teacher(store, "李四")
    teachers.delete_teacher(store, a.id)
    assert [t.name for t in teachers.search_teachers(store, "")] == ["李四"]
    assert teachers.search_teachers(store, "zs") == []


def test_a_renamed_teacher_is_found_by_the_new_name(store: Store) -> None:
    t = _teacher(store, "张三")
    teachers.edit_teacher(store, t.id, TeacherInput("李四", "full_time"))
    assert [x.name for x in teachers.search_teachers(store, "ls")] == ["李四"]
    assert teachers.search_teachers(store, "zs") == []


# -- sessions taught and volunteer hours ----------------------------------------------------------


def test_the_sessions_a_teacher_taught_newest_first_with_person_times(
    store: Store, course: courses.Course
) -> None:
    t = _teacher(store, "周德芳")
    other = _teacher(store, "李四")
    first = _session(store, course, t, MONDAY, topic="起头")
    second = _session(store, course, t, MONDAY + dt.timedelta(days=2), headcount=40)
    _session(store, course, other)
    _session(store, course, None)
    gone = _session(store, course, t, MONDAY + dt.timedelta(days=1))
    sessions.delete_session(store, gone.id)

    taught = teachers.sessions_taught(store, t.id)
    assert [s.id for s in taught] == [second.id, first.id]
    assert taught[0].person_times == 40 and taught[0].course_title == "夏布编织技艺"
    assert taught[1].topic == "起头" and taught[1].hours == 2.0


def test_volunteer_hours_sum_their_sessions_lengths_in_the_period(
    store: Store, course: courses.Course
) -> None:
    helper = _teacher(store, "张桂英", "volunteer")
    idle = _teacher(store, "王建国", "volunteer")
    paid = _teacher(store, "周德芳", "full_time")
    _session(store, course, helper, MONDAY, hours=2)
    _session(store, course, helper, MONDAY + dt.timedelta(days=1), hours=1.5)
    _session(store, course, helper, dt.date(2025, 12, 31), hours=3)  # before the period
    _session(store, course, paid, MONDAY, hours=4)  # not a volunteer
    deleted = _session(store, course, helper, MONDAY + dt.timedelta(days=2), hours=5)
    sessions.delete_session(store, deleted.id)

    found = teachers.volunteer_hours(store, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert [(v.name, v.sessions, v.hours) for v in found] == [
        ("张桂英", 2, 3.5),
        ("王建国", 0, 0.0),
    ]
    # Both days are in the period: a session on its last day counts.
    last_day = teachers.volunteer_hours(store, MONDAY, MONDAY)
    assert [(v.teacher_id, v.hours) for v in last_day] == [(helper.id, 2.0), (idle.id, 0.0)]
    assert teachers.volunteer_hours(store, MONDAY, MONDAY, site_id=uuid.uuid4()) == []


# -- training records and the training rate -------------------------------------------------------


def test_training_records_are_added_edited_and_deleted_as_synced_rows(store: Store) -> None:
    t = _teacher(store, "周德芳")
    made, changes = trainings.add_training(
        store,
        TrainingInput(
            t.id, dt.date(2026, 3, 12), "社区教育师资培训", hours=6.5, organiser="区社区学院"
        ),
    )
    assert changes.rows == {"trainings": {made.id}} and made.pending
    later, _ = trainings.add_training(store, TrainingInput(t.id, dt.date(2026, 9, 1), "非遗技艺"))
    assert [x.id for x in trainings.trainings_of(store, t.id)] == [later.id, made.id]

    edited, changes = trainings.edit_training(
        store,
        made.id,
        TrainingInput(
            t.id, dt.date(2026, 3, 13), "社区教育师资培训", hours=8, organiser="区社区学院"
        ),
    )
    assert changes.touches("trainings")
    assert (edited.held_on, edited.hours) == (dt.date(2026, 3, 13), 8.0)

    changes = trainings.delete_training(store, later.id)
    assert changes.rows == {"trainings": {later.id}}
    assert [x.id for x in trainings.trainings_of(store, t.id)] == [made.id]
    with pytest.raises(NotFound):
        trainings.get_training(store, later.id)
    with pytest.raises(NotFound):
        trainings.delete_training(store, later.id)
    assert pending_counts(store) == {"teachers": 1, "trainings": 2}


def test_bad_training_input_names_every_wrong_field_and_saves_nothing(store: Store) -> None:
    t = _teacher(store, "周德芳")
    with pytest.raises(InvalidInput) as err:
        trainings.add_training(
            store, TrainingInput(uuid.uuid4(), dt.date(1990, 1, 1), "  ", hours=-1)
        )
    assert set(err.value.by_field()) == {"teacher_id", "held_on", "title", "hours"}
    with pytest.raises(InvalidInput) as err:
        trainings.add_training(
            store, TrainingInput(t.id, dt.date(2026, 1, 1), "培训", hours=float("nan"))
        )
    assert set(err.value.by_field()) == {"hours"}
    assert trainings.trainings_of(store, t.id) == []


def test_training_rate_is_the_share_of_the_register_trained_in_the_period(store: Store) -> None:
    site = store.identity().site_id
    a = _teacher(store, "张三")
    b = _teacher(store, "李四", "volunteer")
    _teacher(store, "王五", "cadre")
    _teacher(store, "赵六", "part_time")
    gone = _teacher(store, "钱七")
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert trainings.training_rate(store, *year) == trainings.TrainingRate(site, 5, 0)

    trainings.add_training(store, TrainingInput(a.id, dt.date(2026, 1, 1), "培训一"))
    trainings.add_training(store, TrainingInput(a.id, dt.date(2026, 6, 1), "培训二"))  # counts once
    trainings.add_training(store, TrainingInput(b.id, dt.date(2026, 12, 31), "培训"))
    trainings.add_training(store, TrainingInput(gone.id, dt.date(2026, 6, 1), "培训"))
    trainings.add_training(store, TrainingInput(b.id, dt.date(2025, 12, 31), "去年"))
    teachers.delete_teacher(store, gone.id)

    rate = trainings.training_rate(store, *year)
    assert (rate.teachers, rate.trained, rate.rate) == (4, 2, 0.5)
    last_year = trainings.training_rate(store, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert (last_year.trained, last_year.rate) == (1, 0.25)


def test_training_rates_are_per_site_and_a_site_without_teachers_has_no_rate(
    store: Store,
) -> None:
    a = _teacher(store, "张三")
    _teacher(store, "李四")
    village = uuid.uuid4()
    other = _teacher(store, "王五")
    with store.write() as w:
        w.conn.execute(
            schema.teachers.update().where(schema.teachers.c.id == other.id).values(site_id=village)
        )
    trainings.add_training(store, TrainingInput(a.id, dt.date(2026, 4, 1), "培训"))
    rates = trainings.training_rates(store, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    own = store.identity().site_id
    assert {k: (r.teachers, r.trained) for k, r in rates.items()} == {own: (2, 1), village: (1, 0)}
    empty = trainings.training_rate(store, dt.date(2026, 1, 1), dt.date(2026, 12, 31), uuid.uuid4())
    assert empty.teachers == 0 and empty.rate is None
