"""Qt item models for the Teachers tab: the register, the sessions a teacher taught, their training
records and the volunteers' service hours.

Like :mod:`desktop.ui.models`, they hold plain records from ``desktop.services`` and know nothing of
the database; columns are named by ``COL_*`` constants.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop.services.people.teachers import TaughtSession, Teacher, VolunteerHours
from desktop.services.people.trainings import Training
from desktop.ui import formatting as fmt
from desktop.ui.models import PENDING_BRUSH, RecordModel, sync_text

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def hours_text(hours: float) -> str:
    """2, 1.5, 12.3: whole hours without a decimal, others to a tenth."""
    return f"{hours:.0f}" if abs(hours - round(hours)) < 0.05 else f"{hours:.1f}"


class TeachersModel(RecordModel):
    """Teachers and volunteers found by a search. Phone numbers are masked: lists are seen over
    shoulders, the edit form shows the whole number."""

    COL_NAME, COL_KIND, COL_PHONE, COL_SYNC, COL_SKILLS = range(5)
    HEADERS = ("name", "kind", "phone", "sync", "skills")

    def _header(self, section: int) -> str:
        return (
            self.tr("Name"),
            self.tr("Kind"),
            self.tr("Phone"),
            self.tr("Sync"),
            self.tr("Skills"),
        )[section]

    def _cell(self, t: Teacher, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_NAME:
                return t.name
            if column == self.COL_KIND:
                return fmt.label(fmt.TEACHER_KINDS, t.kind)
            if column == self.COL_PHONE:
                return fmt.mask_phone(t.phone)
            if column == self.COL_SKILLS:
                return t.skills
            if column == self.COL_SYNC:
                return sync_text(t.pending)
        elif role == Qt.ItemDataRole.ToolTipRole and column == self.COL_SKILLS and t.notes:
            return t.notes
        elif role == Qt.ItemDataRole.ForegroundRole and column == self.COL_SYNC and t.pending:
            return PENDING_BRUSH
        return None


class TaughtSessionsModel(RecordModel):
    """The sessions one teacher ran, newest first."""

    COL_DATE, COL_TIME, COL_PERSON_TIMES, COL_COURSE = range(4)
    HEADERS = ("date", "time", "person_times", "course")

    def _header(self, section: int) -> str:
        return (self.tr("Date"), self.tr("Time"), self.tr("Person-times"), self.tr("Course"))[
            section
        ]

    def _cell(self, s: TaughtSession, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_DATE:
                return fmt.year_date(s.starts_at.date())
            if column == self.COL_TIME:
                return fmt.time_range(s.starts_at, s.ends_at)
            if column == self.COL_PERSON_TIMES:
                return s.person_times
            if column == self.COL_COURSE:
                return f"{s.course_title}：{s.topic}" if s.topic else s.course_title
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_PERSON_TIMES:
            return _RIGHT
        elif role == Qt.ItemDataRole.ToolTipRole and column == self.COL_COURSE and s.place:
            return s.place
        return None


class TrainingsModel(RecordModel):
    """One teacher's training records, newest first."""

    COL_DATE, COL_TITLE, COL_HOURS, COL_ORGANISER, COL_SYNC = range(5)
    HEADERS = ("date", "title", "hours", "organiser", "sync")

    def _header(self, section: int) -> str:
        return (
            self.tr("Date"),
            self.tr("Training"),
            self.tr("Hours"),
            self.tr("Organiser"),
            self.tr("Sync"),
        )[section]

    def _cell(self, t: Training, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_DATE:
                return fmt.year_date(t.held_on)
            if column == self.COL_HOURS:
                return hours_text(t.hours)
            if column == self.COL_ORGANISER:
                return t.organiser
            if column == self.COL_TITLE:
                return t.title
            if column == self.COL_SYNC:
                return sync_text(t.pending)
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_HOURS:
            return _RIGHT
        elif role == Qt.ItemDataRole.ToolTipRole and column == self.COL_TITLE and t.notes:
            return t.notes
        elif role == Qt.ItemDataRole.ForegroundRole and column == self.COL_SYNC and t.pending:
            return PENDING_BRUSH
        return None


class VolunteerHoursModel(RecordModel):
    """Each volunteer's sessions and service hours in a period, most hours first."""

    COL_NAME, COL_SESSIONS, COL_HOURS = range(3)
    HEADERS = ("name", "sessions", "hours")

    def _header(self, section: int) -> str:
        return (self.tr("Volunteer"), self.tr("Sessions"), self.tr("Service hours"))[section]

    def _cell(self, v: VolunteerHours, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_NAME:
                return v.name
            if column == self.COL_SESSIONS:
                return v.sessions
            if column == self.COL_HOURS:
                return hours_text(v.hours)
        elif role == Qt.ItemDataRole.TextAlignmentRole and column != self.COL_NAME:
            return _RIGHT
        return None
