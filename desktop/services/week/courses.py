"""Courses (课程): what a centre teaches, each under one of the district's seven platforms."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from core import limits, schema, vocabulary
from core.messages import UserMessage
from desktop.changes import Changes
from desktop.services.common import live_row, own_row, require_identity
from desktop.services.errors import CTX, UNKNOWN_COURSE, NotFound, Problems
from desktop.services.reports.weekly_reports import require_figures_open
from desktop.storage.store import Store

T = schema.courses
#: The most characters a person may type in each field (one table for laptop and server).
_MAX = limits.TEXT["courses"]


@dataclass(frozen=True)
class CourseInput:
    title: str
    platform: str
    is_feature: bool = False
    description: str = ""


@dataclass(frozen=True)
class Course:
    id: uuid.UUID
    site_id: uuid.UUID
    title: str
    platform: str
    is_feature: bool
    description: str
    pending: bool


def _validated(data: CourseInput) -> dict:
    p = Problems()
    values = {
        "title": p.text("title", data.title, required=True, limit=_MAX["title"]),
        "platform": p.choice("platform", data.platform, vocabulary.PLATFORMS),
        "is_feature": bool(data.is_feature),
        "description": p.text("description", data.description, limit=_MAX["description"]),
    }
    p.raise_if_any()
    return values


def _course(row) -> Course:  # noqa: ANN001
    return Course(
        id=row.id,
        site_id=row.site_id,
        title=row.title,
        platform=row.platform,
        is_feature=row.is_feature,
        description=row.description,
        pending=row.pending,
    )


def create_course(store: Store, data: CourseInput) -> tuple[Course, Changes]:
    """Add a course at this device's site."""
    identity = require_identity(store)
    values = _validated(data)
    with store.write() as w:
        course_id = w.insert(T, {**values, "site_id": identity.site_id})
        row = live_row(w.conn, T, course_id)
    return _course(row), w.changes


def edit_course(store: Store, course_id: uuid.UUID, data: CourseInput) -> tuple[Course, Changes]:
    """Change a course's fields; only the fields that differ are marked as changed. Its title and
    platform are counted in the figures of the weeks it was taught, so they stay while one of those
    weeks is approved; its description and feature flag are not."""
    values = _validated(data)
    with store.write() as w:
        own_row(store, w.conn, T, course_id, UNKNOWN_COURSE)
        require_figures_open(w.conn, T.name, course_id, values)
        w.update(T, course_id, values)
        row = live_row(w.conn, T, course_id)
    return _course(row), w.changes


def list_courses(store: Store) -> list[Course]:
    """Every course this device can use: its own and those published above it, by title."""
    with store.read() as conn:
        rows = conn.execute(select(T).where(T.c.deleted.is_(False)).order_by(T.c.title)).all()
    return [_course(r) for r in rows]


def get_course(store: Store, course_id: uuid.UUID) -> Course:
    with store.read() as conn:
        row = live_row(conn, T, course_id)
    if row is None:
        raise NotFound(UserMessage(CTX, UNKNOWN_COURSE))
    return _course(row)
