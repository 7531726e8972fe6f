"""Teachers and volunteers (管理干部, 专职/兼职教师, 志愿者) who run the sessions: the register, the
sessions each one taught, and the service hours volunteers gave.

Teachers are found the way residents are: by characters, full pinyin, initials, a near spelling or a
homophone surname, through the derived ``search_key`` (see :mod:`desktop.services.name_search`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from core import limits, schema, vocabulary
from core.messages import UserMessage
from desktop.changes import Changes
from desktop.services.common import live_row, own_row, require_identity
from desktop.services.errors import CTX, PHONE_INVALID, UNKNOWN_TEACHER, NotFound, Problems
from desktop.services.name_search import name_query
from desktop.services.people.personal_data import is_valid_phone, normalise_phone
from desktop.services.reports.weekly_reports import require_figures_open
from desktop.services.week.sessions import person_times_expression
from desktop.storage.store import Store

T = schema.teachers
#: The most characters a person may type in each field (one table for laptop and server).
_MAX = limits.TEXT["teachers"]
S = schema.sessions
C = schema.courses
TR = schema.trainings


@dataclass(frozen=True)
class TeacherInput:
    name: str
    kind: str
    phone: str = ""
    skills: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Teacher:
    id: uuid.UUID
    name: str
    kind: str
    phone: str
    skills: str
    notes: str = ""
    site_id: uuid.UUID | None = None
    pending: bool = False


@dataclass(frozen=True)
class TaughtSession:
    """One session a teacher ran, as the teacher's page lists it."""

    id: uuid.UUID
    course_title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    topic: str
    person_times: int

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


@dataclass(frozen=True)
class VolunteerHours:
    """What one volunteer gave in a period: the sessions they ran and their length in hours."""

    teacher_id: uuid.UUID
    name: str
    sessions: int
    hours: float

    @property
    def id(self) -> uuid.UUID:
        """The volunteer's id: lists select records by ``id``."""
        return self.teacher_id


def _validated(data: TeacherInput) -> dict:
    p = Problems()
    phone = (data.phone or "").strip()
    values = {
        "name": p.text("name", data.name, required=True, limit=_MAX["name"]),
        "kind": p.choice("kind", data.kind, vocabulary.TEACHER_KINDS),
        # Stored as digits, as residents' are: "138 1234 5678" and "13812345678" are one number.
        "phone": normalise_phone(phone) if is_valid_phone(phone) else phone,
        "skills": p.text("skills", data.skills, limit=_MAX["skills"]),
        "notes": p.text("notes", data.notes, limit=_MAX["notes"]),
    }
    if values["phone"] and not is_valid_phone(values["phone"]):
        p.add("phone", PHONE_INVALID)
    p.raise_if_any()
    return values


def _teacher(row) -> Teacher:  # noqa: ANN001
    return Teacher(
        id=row.id,
        name=row.name,
        kind=row.kind,
        phone=row.phone,
        skills=row.skills,
        notes=row.notes,
        site_id=row.site_id,
        pending=row.pending,
    )


def add_teacher(store: Store, data: TeacherInput) -> tuple[Teacher, Changes]:
    """Register a cadre, teacher or volunteer at this device's site."""
    identity = require_identity(store)
    values = _validated(data)
    with store.write() as w:
        tid = w.insert(T, {**values, "site_id": identity.site_id})
        row = live_row(w.conn, T, tid)
    return _teacher(row), w.changes


def edit_teacher(
    store: Store, teacher_id: uuid.UUID, data: TeacherInput
) -> tuple[Teacher, Changes]:
    """Change a teacher's details; their sessions and training records stay theirs. Whether they
    are a volunteer is counted in the figures of the weeks they taught, so it stays while one of
    those weeks is approved."""
    values = _validated(data)
    with store.write() as w:
        own_row(store, w.conn, T, teacher_id, UNKNOWN_TEACHER)
        require_figures_open(w.conn, T.name, teacher_id, values)
        w.update(T, teacher_id, values)
        row = live_row(w.conn, T, teacher_id)
    return _teacher(row), w.changes


def delete_teacher(store: Store, teacher_id: uuid.UUID) -> Changes:
    """Take a teacher off the register, with their training records (as tombstones, so the
    deletion syncs). Sessions they taught keep their link: the session happened, and the week view
    still names who taught it."""
    with store.write() as w:
        own_row(store, w.conn, T, teacher_id, UNKNOWN_TEACHER)
        trainings = w.conn.execute(
            select(TR.c.id).where(TR.c.teacher_id == teacher_id, TR.c.deleted.is_(False))
        ).scalars()
        for training_id in list(trainings):
            w.delete(TR, training_id)
        w.delete(T, teacher_id)
    return w.changes


def get_teacher(store: Store, teacher_id: uuid.UUID) -> Teacher:
    with store.read() as conn:
        row = live_row(conn, T, teacher_id)
    if row is None:
        raise NotFound(UserMessage(CTX, UNKNOWN_TEACHER))
    return _teacher(row)


def list_teachers(store: Store) -> list[Teacher]:
    """Every teacher on the register, by name (for choosing who taught a session)."""
    with store.read() as conn:
        rows = conn.execute(select(T).where(T.c.deleted.is_(False)).order_by(T.c.name)).all()
    return [_teacher(r) for r in rows]


def search_teachers(store: Store, query: str = "", limit: int = 500) -> list[Teacher]:
    """Teachers whose name, pinyin, initials, near spelling or phone match ``query`` (everyone when
    it is empty), the best matches first, then by name. They are found exactly as residents are
    (see :mod:`desktop.services.name_search`): "zs", "zhangsan", "张s", "zangsan" and the homophone
    surname "章三" all find 张三."""
    stmt = select(T).where(T.c.deleted.is_(False))
    match = name_query(T, query)
    if match is None:
        stmt = stmt.order_by(T.c.name, T.c.id)
    else:
        stmt = stmt.where(match.where).order_by(match.rank, T.c.name, T.c.id)
    with store.read() as conn:
        return [_teacher(r) for r in conn.execute(stmt.limit(limit))]


def sessions_taught(store: Store, teacher_id: uuid.UUID, limit: int = 500) -> list[TaughtSession]:
    """The sessions ``teacher_id`` ran, newest first, with their person-times."""
    stmt = (
        select(
            S.c.id,
            S.c.starts_at,
            S.c.ends_at,
            S.c.place,
            S.c.topic,
            C.c.title.label("course_title"),
            person_times_expression().label("person_times"),
        )
        .join(C, C.c.id == S.c.course_id, isouter=True)
        .where(S.c.teacher_id == teacher_id, S.c.deleted.is_(False))
        .order_by(S.c.starts_at.desc(), S.c.id)
        .limit(limit)
    )
    with store.read() as conn:
        rows = conn.execute(stmt).all()
    return [
        TaughtSession(
            id=r.id,
            course_title=r.course_title or "",
            starts_at=r.starts_at,
            ends_at=r.ends_at,
            place=r.place,
            topic=r.topic,
            person_times=r.person_times or 0,
        )
        for r in rows
    ]


def volunteer_hours(
    store: Store, first: dt.date, last: dt.date, site_id: uuid.UUID | None = None
) -> list[VolunteerHours]:
    """Service hours per volunteer (志愿服务时长) from ``first`` to ``last``, both days included.

    A volunteer's hours are the summed length (end minus start) of the sessions they taught that
    started in the period; a session recorded past midnight counts its whole length. Every
    volunteer on the register is listed, with zero when they taught nothing, most hours first.
    ``site_id`` narrows to one site (a town laptop holds its villages' registers); by default all.
    """
    start = dt.datetime.combine(first, dt.time())
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    volunteers = select(T.c.id, T.c.name).where(T.c.deleted.is_(False), T.c.kind == "volunteer")
    if site_id is not None:
        volunteers = volunteers.where(T.c.site_id == site_id)
    taught = (
        select(S.c.teacher_id, S.c.starts_at, S.c.ends_at)
        .join(T, T.c.id == S.c.teacher_id)
        .where(
            S.c.deleted.is_(False),
            S.c.starts_at >= start,
            S.c.starts_at < end,
            T.c.deleted.is_(False),
            T.c.kind == "volunteer",
        )
    )
    with store.read() as conn:
        people = conn.execute(volunteers).all()
        sessions = conn.execute(taught).all()
    seconds: dict[uuid.UUID, float] = {}
    counts: dict[uuid.UUID, int] = {}
    for s in sessions:
        length = max((s.ends_at - s.starts_at).total_seconds(), 0.0)
        seconds[s.teacher_id] = seconds.get(s.teacher_id, 0.0) + length
        counts[s.teacher_id] = counts.get(s.teacher_id, 0) + 1
    found = [
        VolunteerHours(p.id, p.name, counts.get(p.id, 0), seconds.get(p.id, 0.0) / 3600)
        for p in people
    ]
    found.sort(key=lambda v: (-v.hours, v.name, str(v.teacher_id)))
    return found
