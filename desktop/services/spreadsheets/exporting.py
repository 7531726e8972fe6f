"""Exporting the register and the sign-in record to ``.xlsx`` or ``.csv`` for Excel.

These files are for people (coordinators, town staff) and for importing again, not for machines: the
headers and code values are the Chinese words of the rosters they already keep (姓名, 性别 男/女,
类别 专职教师, 出勤 是/否), so the file reads as their own sheet would and
:mod:`desktop.services.spreadsheets.importing` recognises every column of it. The column names are a stable format
documented in ``docs/cli.md``; the machine-readable dump of every table is ``learning-desk export FILE``.

Phone numbers are written in full: the file is the coordinator's own register. ID-card numbers are never
written in full (the register does not even keep them); at most their last four characters, masked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from core import schema
from desktop.services.people.personal_data import masked_id
from desktop.services.tables_io import Column, write_table
from desktop.services.week.sessions import person_times_expression
from desktop.storage.store import Store

EXPORTS = ("residents", "teachers", "attendance", "sessions")

GENDER_WORDS = {"male": "男", "female": "女", "": ""}
KIND_WORDS = {
    "cadre": "管理干部",
    "full_time": "专职教师",
    "part_time": "兼职教师",
    "volunteer": "志愿者",
}
PLATFORM_WORDS = {
    "theory": "理论宣讲",
    "education": "教育服务",
    "culture": "文化服务",
    "science": "科技与科普服务",
    "health": "健康健身服务",
    "law": "平安法治服务",
    "media": "全媒体",
}

R = schema.residents
T = schema.teachers
S = schema.sessions
A = schema.attendance
C = schema.courses

_TITLES = {
    "residents": "居民名册",
    "teachers": "师资名册",
    "attendance": "签到记录",
    "sessions": "活动场次",
}
_COLUMNS = {
    "residents": (
        Column("姓名", 12),
        Column("性别", 6),
        Column("出生年份", 10),
        Column("联系电话", 16),
        Column("村民小组", 12),
        Column("户", 12),
        Column("身份证号(后四位)", 20),
        Column("标签", 20),
        Column("备注", 30),
    ),
    "teachers": (
        Column("姓名", 12),
        Column("类别", 10),
        Column("联系电话", 16),
        Column("特长", 30),
        Column("备注", 30),
    ),
    "attendance": (
        Column("日期", 12),
        Column("开始", 8),
        Column("课程", 24),
        Column("姓名", 12),
        Column("联系电话", 16),
        Column("出生年份", 10),
        Column("出勤", 6),
    ),
    "sessions": (
        Column("日期", 12),
        Column("开始", 8),
        Column("结束", 8),
        Column("课程", 24),
        Column("平台", 14),
        Column("教师", 12),
        Column("地点", 16),
        Column("主题", 24),
        Column("人次", 8),
    ),
}


def export_records(store: Store, what: str, path: Path | str, site_name: str = "") -> int:
    """Write ``what`` (one of :data:`EXPORTS`) to ``path`` (.xlsx or .csv); returns the rows written.
    Rows stream from the database to the file, so a town's million marks never sit in memory."""
    if what not in EXPORTS:
        raise ValueError(f"unknown export {what!r}")
    site = site_name or store.site_name()
    today = store.trusted_now().date().isoformat()
    title = " ".join(part for part in (site, _TITLES[what], today) if part)
    with store.read() as conn:
        return write_table(path, title, _COLUMNS[what], _ROWS[what](conn))


def _residents(conn: Connection) -> Iterator[list[Any]]:
    stmt = (
        select(R)
        .where(R.c.deleted.is_(False))
        .order_by(R.c.village_group, R.c.household, R.c.name, R.c.id)
    )
    for r in conn.execution_options(yield_per=2000).execute(stmt):
        yield [
            r.name,
            GENDER_WORDS.get(r.gender, r.gender),
            r.birth_year,
            r.phone,
            r.village_group,
            r.household,
            masked_id(r.id_last4 or ""),
            r.tags.replace(",", "、"),
            r.notes,
        ]


def _teachers(conn: Connection) -> Iterator[list[Any]]:
    stmt = select(T).where(T.c.deleted.is_(False)).order_by(T.c.name, T.c.id)
    for t in conn.execute(stmt):
        yield [t.name, KIND_WORDS.get(t.kind, t.kind), t.phone, t.skills, t.notes]


def _attendance(conn: Connection) -> Iterator[list[Any]]:
    stmt = (
        select(
            S.c.starts_at,
            C.c.title,
            R.c.name,
            R.c.phone,
            R.c.birth_year,
            A.c.present,
        )
        .join(S, S.c.id == A.c.session_id)
        .join(C, C.c.id == S.c.course_id, isouter=True)
        .join(R, R.c.id == A.c.resident_id)
        .where(A.c.deleted.is_(False), S.c.deleted.is_(False), R.c.deleted.is_(False))
        .order_by(S.c.starts_at, C.c.title, R.c.name, A.c.id)
    )
    for m in conn.execution_options(yield_per=5000).execute(stmt):
        yield [
            m.starts_at.date(),
            _clock(m.starts_at),
            m.title or "",
            m.name,
            m.phone,
            m.birth_year,
            "是" if m.present else "否",
        ]


def _sessions(conn: Connection) -> Iterator[list[Any]]:
    stmt = (
        select(
            S,
            C.c.title,
            C.c.platform,
            func.coalesce(T.c.name, "").label("teacher"),
            person_times_expression().label("person_times"),
        )
        .join(C, C.c.id == S.c.course_id, isouter=True)
        .join(T, T.c.id == S.c.teacher_id, isouter=True)
        .where(S.c.deleted.is_(False))
        .order_by(S.c.starts_at, C.c.title, S.c.id)
    )
    for s in conn.execute(stmt):
        yield [
            s.starts_at.date(),
            _clock(s.starts_at),
            _clock(s.ends_at),
            s.title or "",
            PLATFORM_WORDS.get(s.platform or "", s.platform or ""),
            s.teacher,
            s.place,
            s.topic,
            s.person_times,
        ]


def _clock(moment: dt.datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


_ROWS = {
    "residents": _residents,
    "teachers": _teachers,
    "attendance": _attendance,
    "sessions": _sessions,
}
