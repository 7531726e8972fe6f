"""What a session's sign-in sheet lists: the course's expected roster and whoever is already signed
in, grouped by village group in numeral order, under the session's header; or only those who came,
or no names at all."""

from __future__ import annotations

import datetime as dt

from desktop.services.people import residents, teachers
from desktop.services.week import attendance, courses, sessions
from desktop.services.week.sign_in_sheet import SheetNames, sign_in_sheet
from desktop.storage.store import Store

MONDAY = dt.date(2026, 11, 23)


def _session(store: Store, course: courses.Course, day: int, **kw) -> sessions.SessionSummary:  # noqa: ANN003
    start = dt.datetime.combine(MONDAY + dt.timedelta(days=day), dt.time(14))
    data = sessions.SessionInput(course.id, start, start + dt.timedelta(hours=2), **kw)
    return sessions.record_session(store, data)[0]


def _resident(store: Store, name: str, group: str = "", household: str = "") -> residents.Resident:
    data = residents.ResidentInput(name, village_group=group, household=household)
    return residents.add_resident(store, data)[0]


def test_the_sheet_lists_the_expected_roster_and_those_signed_in_by_village_group(
    store: Store,
) -> None:
    course = courses.create_course(store, courses.CourseInput("夏布编织技艺", "culture"))[0]
    other_course = courses.create_course(store, courses.CourseInput("柑橘种植", "science"))[0]
    teacher = teachers.add_teacher(store, teachers.TeacherInput("周德芳", "full_time"))[0]
    ten = _resident(store, "王十", "十组")
    two = _resident(store, "李二", "二组", "李家")
    two_b = _resident(store, "陈二", "二组", "陈家")
    eleven = _resident(store, "赵十一", "十一组")
    nowhere = _resident(store, "钱某")
    newcomer = _resident(store, "孙新", "一组")
    stranger = _resident(store, "周外", "一组")
    gone = _resident(store, "吴走", "一组")

    earlier = _session(store, course, 0)
    for person in (ten, two, two_b, eleven, nowhere, gone):
        attendance.mark_present(store, earlier.id, person.id)
    other = _session(store, other_course, 1)
    attendance.mark_present(store, other.id, stranger.id)  # another course's learner
    session = _session(store, course, 2, teacher_id=teacher.id, place="活动室", topic="起头")
    attendance.mark_present(store, session.id, newcomer.id)
    with store.write() as w:  # a resident taken off the register is not printed
        w.delete(residents.T, gone.id)

    sheet = sign_in_sheet(store, session.id)
    assert [r.name for r in sheet.rows] == ["孙新", "李二", "陈二", "王十", "赵十一", "钱某"]
    assert sheet.rows[1].village_group == "二组" and sheet.rows[1].household == "李家"
    assert sheet.centre == "玉屏村学习中心"
    assert (sheet.course_title, sheet.teacher_name, sheet.place, sheet.topic) == (
        "夏布编织技艺",
        "周德芳",
        "活动室",
        "起头",
    )
    assert sheet.starts_at == dt.datetime(2026, 11, 25, 14)


def test_a_course_s_first_session_has_a_blank_sheet(store: Store) -> None:
    course = courses.create_course(store, courses.CourseInput("夏布编织技艺", "culture"))[0]
    session = _session(store, course, 0)
    sheet = sign_in_sheet(store, session.id)
    assert sheet.rows == () and sheet.teacher_name == ""


def test_only_those_who_came_or_no_names(store: Store) -> None:
    course = courses.create_course(store, courses.CourseInput("夏布编织技艺", "culture"))[0]
    regular = _resident(store, "王十", "十组")
    missed = _resident(store, "李二", "二组")
    newcomer = _resident(store, "孙新", "一组")
    stayed_home = _resident(store, "钱某", "一组")
    earlier = _session(store, course, 0)
    for person in (regular, missed):
        attendance.mark_present(store, earlier.id, person.id)
    session = _session(store, course, 2)
    attendance.mark_present(store, session.id, regular.id)
    attendance.mark_present(store, session.id, newcomer.id)
    attendance.mark_absent(store, session.id, stayed_home.id)  # a mark, but not one who came

    expected = sign_in_sheet(store, session.id)
    assert [r.name for r in expected.rows] == ["孙新", "李二", "王十"]
    assert expected.names is SheetNames.EXPECTED
    came = sign_in_sheet(store, session.id, SheetNames.PRESENT)
    assert [r.name for r in came.rows] == ["孙新", "王十"]
    assert came.names is SheetNames.PRESENT
    blank = sign_in_sheet(store, session.id, SheetNames.BLANK)
    assert blank.rows == () and blank.course_title == "夏布编织技艺"
