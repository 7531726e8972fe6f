"""Demo data: a believable learning centre, for trying the app and for benchmarks.

Seeding is additive and repeatable: the first run creates the register and ``weeks`` weeks of sessions
ending this week; each later run adds ``weeks`` earlier weeks before the earliest session there is and
touches nothing that exists. Sessions later than today are planned ones: nobody has signed in at them
yet, so they get no attendance and no headcount (a demo that showed next Saturday's class as attended
would teach the wrong thing).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import func, select

from core import schema
from core.ids import attendance_id
from desktop.changes import Changes
from desktop.services.common import require_identity, week_start
from desktop.storage.store import Store, Writer

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任卢"
GIVEN = [
    "秀英",
    "桂英",
    "秀兰",
    "玉兰",
    "建华",
    "建国",
    "国强",
    "志强",
    "明",
    "伟",
    "芳",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "超",
    "秀珍",
    "德明",
    "永福",
    "春梅",
    "冬梅",
    "红梅",
    "文华",
    "少华",
    "光荣",
    "金花",
    "小琴",
    "大勇",
    "建军",
    "海燕",
    "淑芬",
    "玉珍",
    "长青",
    "福生",
]
COURSES = (
    ("夏布编织技艺", "culture", True),
    ("折扇制作", "culture", True),
    ("陶艺基础", "culture", False),
    ("荣昌猪养殖与兽医技术", "science", True),
    ("家风家训讲堂", "theory", False),
    ("小院讲堂：政策面对面", "theory", False),
    ("智能手机使用", "education", False),
    ("广场舞与健身", "health", False),
    ("防诈骗与法律常识", "law", False),
)
TEACHERS = (
    ("李明华", "cadre", "社区教育管理"),
    ("周德芳", "full_time", "夏布编织，非遗传承人"),
    ("陈国强", "part_time", "生猪养殖，兽医"),
    ("吴丽", "part_time", "陶艺"),
    ("黄小琴", "volunteer", "手机教学"),
    ("杨光荣", "volunteer", "广场舞"),
)
PLACES = ("学习中心活动室", "村委会会议室", "文化广场", "夏布工坊", "养殖示范场")
GROUPS = ("一组", "二组", "三组", "四组", "五组", "六组")


@dataclass(frozen=True)
class DemoResult:
    first_week: dt.date
    weeks: int
    sessions: int
    marks: int
    changes: Changes


def seed_demo(store: Store, weeks: int = 4, today: dt.date | None = None) -> DemoResult:
    """Add ``weeks`` weeks of a demo centre's work (see the module docstring for where they go)."""
    identity = require_identity(store)
    today = today or store.today()
    with store.write() as w:
        earliest = w.conn.execute(
            select(func.min(schema.sessions.c.starts_at)).where(
                schema.sessions.c.deleted.is_(False)
            )
        ).scalar()
        last_week = (
            week_start(earliest.date()) - dt.timedelta(weeks=1) if earliest else week_start(today)
        )
        first_week = last_week - dt.timedelta(weeks=weeks - 1)
        rng = random.Random(first_week.toordinal())
        courses = _ensure_courses(w, identity.site_id)
        teachers = _ensure_teachers(w, identity.site_id)
        residents = _ensure_residents(w, identity.site_id, rng, 120)
        sessions = marks = 0
        for i in range(weeks):
            monday = first_week + dt.timedelta(weeks=i)
            residents += new_residents(w, identity.site_id, rng, rng.randint(1, 3))
            s, m = _week(w, identity.site_id, rng, monday, today, courses, teachers, residents)
            sessions, marks = sessions + s, marks + m
    return DemoResult(first_week, weeks, sessions, marks, w.changes)


def _ensure_courses(w: Writer, site_id) -> list:  # noqa: ANN001
    t = schema.courses
    existing = list(w.conn.execute(select(t.c.id).where(t.c.deleted.is_(False))).scalars())
    if existing:
        return existing
    return [
        w.insert(
            t,
            {
                "site_id": site_id,
                "title": title,
                "platform": platform,
                "is_feature": feature,
                "description": "",
            },
        )
        for title, platform, feature in COURSES
    ]


def _ensure_teachers(w: Writer, site_id) -> list:  # noqa: ANN001
    t = schema.teachers
    existing = list(w.conn.execute(select(t.c.id).where(t.c.deleted.is_(False))).scalars())
    if existing:
        return existing
    return [
        w.insert(
            t,
            {
                "site_id": site_id,
                "name": name,
                "kind": kind,
                "phone": "",
                "skills": skills,
                "notes": "",
            },
        )
        for name, kind, skills in TEACHERS
    ]


def _ensure_residents(w: Writer, site_id, rng: random.Random, count: int) -> list:  # noqa: ANN001
    t = schema.residents
    existing = list(w.conn.execute(select(t.c.id).where(t.c.deleted.is_(False))).scalars())
    if existing:
        return existing
    return new_residents(w, site_id, rng, count)


def new_residents(w: Writer, site_id, rng: random.Random, count: int) -> list:  # noqa: ANN001
    """Register ``count`` believable residents (name, household, phone …) at ``site_id``."""
    made = []
    for _ in range(count):
        surname = rng.choice(SURNAMES)
        name = surname + rng.choice(GIVEN)
        group = rng.choice(GROUPS)
        made.append(
            w.insert(
                schema.residents,
                {
                    "site_id": site_id,
                    "name": name,
                    "gender": rng.choice(("female", "male")),
                    "birth_year": rng.randint(1945, 2005),
                    "phone": "1" + rng.choice("3578") + "".join(rng.choices("0123456789", k=9)),
                    "village_group": group,
                    "household": f"{group}{surname}家",
                    "tags": "",
                    "notes": "",
                },
            )
        )
    return made


def _week(w: Writer, site_id, rng, monday, today, courses, teachers, residents) -> tuple[int, int]:  # noqa: ANN001
    marks = 0
    days = sorted(rng.sample(range(7), 5))
    for day in days:
        start = dt.datetime.combine(
            monday + dt.timedelta(days=day), dt.time(rng.choice((9, 14, 19)))
        )
        headcount = rng.randint(80, 200) if rng.random() < 0.1 else None
        planned = start.date() > today
        if planned:
            headcount = None
        session_id = w.insert(
            schema.sessions,
            {
                "site_id": site_id,
                "course_id": rng.choice(courses),
                "starts_at": start,
                "ends_at": start + dt.timedelta(minutes=rng.choice((60, 90, 120))),
                "place": rng.choice(PLACES),
                "teacher_id": rng.choice(teachers),
                "topic": "",
                "notes": "",
                "headcount": headcount,
            },
        )
        if headcount is not None or planned:
            continue
        for rid in rng.sample(residents, min(len(residents), rng.randint(35, 65))):
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
            marks += 1
    return len(days), marks
