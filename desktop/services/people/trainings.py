"""Teachers' own training (师资培训): the records, and the training rate (培训率) a site reports.

A training record says that one teacher or volunteer took part in a training on a date: its title, how
many hours, and who organised it. The district asks each site what share of its teachers were trained
in a year (e.g. 80 %); :func:`training_rate` answers that from these records.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select

from core import limits, schema
from core.messages import QT_TRANSLATE_NOOP, UserMessage
from desktop.changes import Changes
from desktop.services.common import live_row, own_row, require_identity
from desktop.services.errors import (
    CTX,
    DATE_OUT_OF_RANGE,
    UNKNOWN_TEACHER,
    NotFound,
    Problems,
)
from desktop.storage.store import Store

TR = schema.trainings
T = schema.teachers
#: The most characters a person may type in each field (one table for laptop and server).
_MAX = limits.TEXT["trainings"]

#: A training longer than this is a typing slip (a year-long course is recorded by its hours taught).
MAX_HOURS = 1000.0
EARLIEST = dt.date(2000, 1, 1)

HOURS_RANGE = QT_TRANSLATE_NOOP("Validation", "The hours must be between 0 and {limit}.")
UNKNOWN_TRAINING = QT_TRANSLATE_NOOP(
    "Validation", "That training record does not exist (it may have been deleted)."
)


@dataclass(frozen=True)
class TrainingInput:
    teacher_id: uuid.UUID
    held_on: dt.date
    title: str
    hours: float = 0.0
    organiser: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Training:
    id: uuid.UUID
    teacher_id: uuid.UUID
    held_on: dt.date
    title: str
    hours: float
    organiser: str
    notes: str
    pending: bool


@dataclass(frozen=True)
class TrainingRate:
    """How many of a site's teachers were trained in a period, out of how many."""

    site_id: uuid.UUID
    teachers: int
    trained: int

    @property
    def rate(self) -> float | None:
        """The share trained, 0.0 to 1.0; None for a site with no teachers (no rate to speak of)."""
        return self.trained / self.teachers if self.teachers else None


def _validated(store: Store, conn, data: TrainingInput) -> dict:  # noqa: ANN001
    p = Problems()
    latest = store.today() + dt.timedelta(days=366)
    if not (EARLIEST <= data.held_on <= latest):
        p.add("held_on", DATE_OUT_OF_RANGE, date=data.held_on.isoformat())
    hours = float(data.hours)
    if not math.isfinite(hours) or not (0 <= hours <= MAX_HOURS):
        p.add("hours", HOURS_RANGE, limit=int(MAX_HOURS))
    if live_row(conn, T, data.teacher_id) is None:
        p.add("teacher_id", UNKNOWN_TEACHER)
    values = {
        "teacher_id": data.teacher_id,
        "held_on": data.held_on,
        "title": p.text("title", data.title, required=True, limit=_MAX["title"]),
        "hours": round(hours, 2) if math.isfinite(hours) else 0.0,
        "organiser": p.text("organiser", data.organiser, limit=_MAX["organiser"]),
        "notes": p.text("notes", data.notes, limit=_MAX["notes"]),
    }
    p.raise_if_any()
    return values


def _training(row) -> Training:  # noqa: ANN001
    return Training(
        id=row.id,
        teacher_id=row.teacher_id,
        held_on=row.held_on,
        title=row.title,
        hours=row.hours,
        organiser=row.organiser,
        notes=row.notes,
        pending=row.pending,
    )


def add_training(store: Store, data: TrainingInput) -> tuple[Training, Changes]:
    """Record a training a teacher took part in, at this device's site."""
    identity = require_identity(store)
    with store.write() as w:
        values = _validated(store, w.conn, data)
        training_id = w.insert(TR, {**values, "site_id": identity.site_id})
        row = live_row(w.conn, TR, training_id)
    return _training(row), w.changes


def edit_training(
    store: Store, training_id: uuid.UUID, data: TrainingInput
) -> tuple[Training, Changes]:
    """Correct a training record."""
    with store.write() as w:
        own_row(store, w.conn, TR, training_id, UNKNOWN_TRAINING)
        values = _validated(store, w.conn, data)
        w.update(TR, training_id, values)
        row = live_row(w.conn, TR, training_id)
    return _training(row), w.changes


def delete_training(store: Store, training_id: uuid.UUID) -> Changes:
    """Delete a training record (as a tombstone, so the deletion syncs)."""
    with store.write() as w:
        own_row(store, w.conn, TR, training_id, UNKNOWN_TRAINING)
        w.delete(TR, training_id)
    return w.changes


def get_training(store: Store, training_id: uuid.UUID) -> Training:
    with store.read() as conn:
        row = live_row(conn, TR, training_id)
    if row is None:
        raise NotFound(UserMessage(CTX, UNKNOWN_TRAINING))
    return _training(row)


def trainings_of(store: Store, teacher_id: uuid.UUID) -> list[Training]:
    """A teacher's training records, newest first."""
    stmt = (
        select(TR)
        .where(TR.c.teacher_id == teacher_id, TR.c.deleted.is_(False))
        .order_by(TR.c.held_on.desc(), TR.c.title, TR.c.id)
    )
    with store.read() as conn:
        return [_training(r) for r in conn.execute(stmt)]


def training_rates(store: Store, first: dt.date, last: dt.date) -> dict[uuid.UUID, TrainingRate]:
    """The training rate (培训率) of every site whose teachers this laptop holds, by site id.

    Definition: of the teachers and volunteers on a site's register now (every kind: cadres, full-
    and part-time teachers and volunteers; deleted ones do not count), the share with at least one
    training record held from ``first`` to ``last``, both days included. A teacher trained twice
    counts once; a training of a teacher no longer on the register counts for no one. The register
    has no joining or leaving dates, so "active" means "on the register now": a rate for a past year
    is computed against today's register.
    """
    trained = (
        select(TR.c.teacher_id)
        .where(
            TR.c.teacher_id == T.c.id,
            TR.c.deleted.is_(False),
            TR.c.held_on >= first,
            TR.c.held_on <= last,
        )
        .exists()
    )
    stmt = (
        select(
            T.c.site_id,
            func.count().label("teachers"),
            func.count().filter(trained).label("trained"),
        )
        .where(T.c.deleted.is_(False))
        .group_by(T.c.site_id)
    )
    with store.read() as conn:
        rows = conn.execute(stmt).all()
    return {r.site_id: TrainingRate(r.site_id, r.teachers, r.trained) for r in rows}


def training_rate(
    store: Store, first: dt.date, last: dt.date, site_id: uuid.UUID | None = None
) -> TrainingRate:
    """The training rate of one site (this laptop's own by default); see :func:`training_rates`
    for what is counted."""
    site = site_id if site_id is not None else require_identity(store).site_id
    return training_rates(store, first, last).get(site, TrainingRate(site, 0, 0))
