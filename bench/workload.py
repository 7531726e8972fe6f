"""The standard village week of DESIGN.md §5, written straight into a laptop database.

Fixed and seeded, so every run measures the same bytes: 5 sessions, 250 attendance marks over 120
residents, 10 new residents, 6 requests with 12 status changes, 1 weekly report. The register it
builds on (120 residents, courses, teachers) is made and synced first and is not part of the week.
"""

from __future__ import annotations

import datetime as dt
import random

from core import schema
from core.ids import attendance_id, weekly_report_id
from core.week_figures import week_figures
from desktop.services.demo import COURSES, PLACES, TEACHERS, new_residents
from desktop.storage.store import Store

WEEK = dt.date(2026, 11, 23)
CATEGORIES = ("income", "schooling_jobs", "health_care", "housing_elderly", "science", "culture")
NEEDS = (
    "梨园修剪和病虫害防治技术培训，最好在梨子采摘前",
    "老人想学用智能手机视频通话",
    "希望请医生来村里讲高血压用药",
    "孩子暑假托管和课业辅导",
    "想学电商直播卖夏布制品",
    "独居老人房屋漏雨需要维修",
)


def register(store: Store, site_id, seed: int = 1) -> dict[str, list]:  # noqa: ANN001
    """The centre before the week: 120 residents, the demo courses and teachers."""
    rng = random.Random(seed)
    with store.write() as w:
        courses = [
            w.insert(
                schema.courses,
                {"site_id": site_id, "title": t, "platform": p, "is_feature": f, "description": ""},
            )
            for t, p, f in COURSES
        ]
        teachers = [
            w.insert(
                schema.teachers,
                {"site_id": site_id, "name": n, "kind": k, "phone": "", "skills": s, "notes": ""},
            )
            for n, k, s in TEACHERS
        ]
        residents = new_residents(w, site_id, rng, 120)
    return {"courses": courses, "teachers": teachers, "residents": residents}


def standard_week(store: Store, site_id, base: dict[str, list], seed: int = 2) -> dict[str, int]:  # noqa: ANN001
    """Record the standard week; returns row counts by table."""
    rng = random.Random(seed)
    counts = dict.fromkeys(
        ("residents", "sessions", "attendance", "requests", "request_events", "weekly_reports"), 0
    )
    with store.write() as w:
        new_people = new_residents(w, site_id, rng, 10)
        counts["residents"] = 10
        people = base["residents"] + new_people  # 130 known; marks go to 120 of them
        attendees = rng.sample(people, 120)
        for day in range(5):
            start = dt.datetime.combine(WEEK + dt.timedelta(days=day), dt.time(14))
            session_id = w.insert(
                schema.sessions,
                {
                    "site_id": site_id,
                    "course_id": rng.choice(base["courses"]),
                    "starts_at": start,
                    "ends_at": start + dt.timedelta(minutes=90),
                    "place": rng.choice(PLACES),
                    "teacher_id": rng.choice(base["teachers"]),
                    "topic": "",
                    "notes": "",
                    "headcount": None,
                },
            )
            counts["sessions"] += 1
            for rid in rng.sample(attendees, 50):
                w.insert(
                    schema.attendance,
                    {
                        "id": attendance_id(session_id, rid),
                        "site_id": site_id,
                        "session_id": session_id,
                        "resident_id": rid,
                        "present": True,
                    },
                )
                counts["attendance"] += 1
        at = dt.datetime.combine(WEEK, dt.time(10))
        for i, need in enumerate(NEEDS):
            request_id = w.insert(
                schema.requests,
                {
                    "site_id": site_id,
                    "resident_id": rng.choice(people),
                    "household": "",
                    "need": need,
                    "category": CATEGORIES[i],
                    "people_count": rng.randint(1, 30),
                    "urgency": "normal",
                    "preferred_time": "",
                    "status": "collected",
                },
            )
            counts["requests"] += 1
            for status in ("proposed", "collected"):
                w.insert(
                    schema.request_events,
                    {
                        "site_id": site_id,
                        "request_id": request_id,
                        "to_status": status,
                        "note": "",
                        "actor_site_id": site_id,
                        "device_id": None,
                        "at": at,
                    },
                )
                counts["request_events"] += 1
        w.insert(
            schema.weekly_reports,
            {
                "id": weekly_report_id(site_id, WEEK),
                "site_id": site_id,
                "week_start": WEEK,
                "status": "submitted",
                # Frozen from the records, as a submission is: the server checks them against its own.
                "figures": week_figures(w.conn, site_id, WEEK),
                "remark": "本周活动正常开展",
                "review_comment": "",
                "submitted_at": dt.datetime.combine(WEEK + dt.timedelta(days=6), dt.time(18)),
            },
        )
        counts["weekly_reports"] = 1
    return counts


def correction(store: Store, session_ids: list, resident_ids: list, marks: int = 10) -> None:  # noqa: ANN001
    """A 10-mark correction: some present marks taken back, some added."""
    with store.write() as w:
        for i in range(marks):
            sid, rid = session_ids[i % len(session_ids)], resident_ids[i]
            w.upsert(
                schema.attendance,
                attendance_id(sid, rid),
                {
                    "site_id": store.identity().site_id,
                    "session_id": sid,
                    "resident_id": rid,
                    "present": i % 2 == 0,
                },
            )
