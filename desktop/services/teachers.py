"""Teachers and volunteers (管理干部, 专职/兼职教师, 志愿者) who run the sessions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from desktop.services.common import require_identity
from desktop.services.errors import Problems
from desktop.storage import schema
from desktop.storage.store import Changes, Store

T = schema.teachers


@dataclass(frozen=True)
class TeacherInput:
    name: str
    kind: str
    phone: str = ""
    skills: str = ""


@dataclass(frozen=True)
class Teacher:
    id: uuid.UUID
    name: str
    kind: str
    phone: str
    skills: str


def add_teacher(store: Store, data: TeacherInput) -> tuple[Teacher, Changes]:
    """Register a cadre, teacher or volunteer at this device's site."""
    identity = require_identity(store)
    p = Problems()
    values = {
        "name": p.text("name", data.name, required=True, limit=50),
        "kind": p.choice("kind", data.kind, schema.TEACHER_KINDS),
        "phone": p.text("phone", data.phone, limit=32),
        "skills": p.text("skills", data.skills, limit=400),
    }
    p.raise_if_any()
    with store.write() as w:
        tid = w.insert(T, {**values, "site_id": identity.site_id})
    return Teacher(id=tid, **values), w.changes


def list_teachers(store: Store) -> list[Teacher]:
    with store.read() as conn:
        rows = conn.execute(select(T).where(T.c.deleted.is_(False)).order_by(T.c.name)).all()
    return [Teacher(r.id, r.name, r.kind, r.phone, r.skills) for r in rows]
