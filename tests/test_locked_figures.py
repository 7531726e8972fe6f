"""An approved week's figures on the laptop: edits they read are refused up front in words, the
submission time is the server's, and stored figures that cannot be read are one sentence, not a
traceback."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from small_district import build
from sqlalchemy import select

from core import schema
from core.clock import FixedClock
from core.ids import weekly_report_id
from desktop.services.errors import ServiceError
from desktop.services.people import residents, teachers
from desktop.services.reports import weekly_reports
from desktop.services.syncing import conflicts
from desktop.services.week import attendance, courses, sessions
from desktop.storage.store import Store

from support import District, approve_here
from wire import NOW

MONDAY = dt.date(2026, 11, 16)


def _approved_week(store: Store) -> tuple[courses.Course, teachers.Teacher]:
    """A course taught by a volunteer in MONDAY's week, which the town has approved."""
    course, _ = courses.create_course(store, courses.CourseInput("陶艺", "culture"))
    volunteer, _ = teachers.add_teacher(store, teachers.TeacherInput("周老师", "volunteer"))
    start = dt.datetime.combine(MONDAY + dt.timedelta(days=1), dt.time(14))
    session, _ = sessions.record_session(
        store,
        sessions.SessionInput(
            course.id, start, start + dt.timedelta(hours=2), teacher_id=volunteer.id
        ),
    )
    person, _ = residents.add_resident(store, residents.ResidentInput("张三"))
    attendance.mark_present(store, session.id, person.id)
    approve_here(store, MONDAY)  # the town's approval, as a sync would bring it
    return course, volunteer


def _row(store: Store, table, row_id: uuid.UUID):  # noqa: ANN001, ANN202
    with store.read() as conn:
        return conn.execute(select(table).where(table.c.id == row_id)).one()


@pytest.mark.parametrize(
    "change", [{"title": "陶艺（初级）"}, {"platform": "education"}], ids=["title", "platform"]
)
def test_a_course_counted_in_an_approved_week_keeps_its_title_and_platform(
    store: Store, change: dict
) -> None:
    course, _ = _approved_week(store)
    before = _row(store, schema.courses, course.id)
    edit = courses.CourseInput(**{"title": "陶艺", "platform": "culture", **change})
    with pytest.raises(ServiceError) as err:
        courses.edit_course(store, course.id, edit)
    assert err.value.message.source == weekly_reports.COURSE_IN_LOCKED_WEEK
    assert "2026-11-16" in err.value.message.render()
    assert _row(store, schema.courses, course.id) == before, "nothing was written"
    # What the figures do not read stays free to change.
    courses.edit_course(
        store, course.id, courses.CourseInput("陶艺", "culture", True, "陶土捏制，自带围裙")
    )
    assert _row(store, schema.courses, course.id).description == "陶土捏制，自带围裙"


def test_a_volunteer_who_taught_in_an_approved_week_stays_one(store: Store) -> None:
    _, volunteer = _approved_week(store)
    before = _row(store, schema.teachers, volunteer.id)
    with pytest.raises(ServiceError) as err:
        teachers.edit_teacher(store, volunteer.id, teachers.TeacherInput("周老师", "part_time"))
    assert err.value.message.source == weekly_reports.TEACHER_IN_LOCKED_WEEK
    assert _row(store, schema.teachers, volunteer.id) == before
    teachers.edit_teacher(
        store, volunteer.id, teachers.TeacherInput("周老师", "volunteer", "13800000000")
    )
    assert _row(store, schema.teachers, volunteer.id).phone == "13800000000"


def test_restoring_a_lost_course_title_waits_for_the_week_too(store: Store) -> None:
    course, _ = _approved_week(store)
    conflict_id = uuid.uuid4()
    with store.write() as w:  # a rename that lost to another laptop's, as a sync would bring it
        w.insert(
            schema.conflicts,
            {
                "id": conflict_id,
                "site_id": course.site_id,
                "record_table": "courses",
                "record_id": course.id,
                "field": "title",
                "lost_value": "陶艺班",
                "won_value": "陶艺",
                "lost_device": None,
                "won_device": None,
                "at": dt.datetime(2026, 11, 25),
                "resolved": False,
            },
        )
    with pytest.raises(ServiceError):
        conflicts.restore_conflict(store, conflict_id)
    assert _row(store, schema.courses, course.id).title == "陶艺"
    assert not _row(store, schema.conflicts, conflict_id).resolved


def test_the_laptop_takes_the_servers_submission_time(
    sqlite_district: District, tmp_path: Path
) -> None:
    v = sqlite_district.device(tmp_path, sqlite_district.village, "village", "v")
    course, _ = courses.create_course(v.store, courses.CourseInput("陶艺", "culture"))
    start = dt.datetime(2026, 11, 17, 14)
    sessions.record_session(
        v.store, sessions.SessionInput(course.id, start, start + dt.timedelta(hours=2))
    )
    v.clock.set(dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC))  # offline on Monday: "on time"
    report, _ = weekly_reports.submit_week(v.store, MONDAY)
    assert report.submitted_at == dt.datetime(2026, 11, 23, 12)
    v.clock.set(NOW)  # it reaches the district on Wednesday
    v.client.sync()
    held = weekly_reports.week_report(v.store, MONDAY)
    assert (held.status, held.submitted_at, held.pending) == (
        "submitted",
        NOW.replace(tzinfo=None),
        False,
    )


def test_report_week_says_in_one_sentence_that_stored_figures_cannot_be_read(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "district-desk"
    made = build(folder, FixedClock(NOW))
    approved = dt.date(2026, 11, 9)  # 玉屏村's approved week
    with made.store.engine.begin() as conn:
        w = schema.weekly_reports
        conn.execute(
            w.update()
            .where(w.c.id == weekly_report_id(made.v1, approved))
            .values(figures={"sessions": "many", "by_course": "陶艺", "by_platform": [1]})
        )
    made.store.engine.dispose()
    env = {
        k: v for k, v in os.environ.items() if k not in ("LEARNING_DESK_DATA", "QT_QPA_PLATFORM")
    }
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "learning-desk"),
            "--data-dir",
            str(folder),
            "report",
            "week",
            "2026-W46",
            "--site",
            made.v1.hex,
            str(tmp_path / "week.xlsx"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        "The weekly report of the week of 2026-11-09 holds figures that cannot be read; the town"
        " can return it so that it is submitted again."
    ]
    assert not (tmp_path / "week.xlsx").exists()
