"""Dialogs of the week: a session (its course, time, place, teacher, or a headcount) and a course.

Each saves through its use case and publishes what changed; on :class:`InvalidInput` it stays open with
a red sentence under each wrong field, and nothing was saved.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from desktop.changes import Changes
from desktop.services.people.teachers import list_teachers
from desktop.services.week import courses as course_service
from desktop.services.week import sessions as session_service
from desktop.services.week.courses import Course, CourseInput
from desktop.services.week.sessions import MAX_HEADCOUNT, SessionInput, SessionSummary
from desktop.ui import formatting as fmt
from desktop.ui.events import Hub

if TYPE_CHECKING:
    from desktop.storage.store import Store
from desktop.ui.dialogs import RecordDialog, combo_select


class SessionDialog(RecordDialog):
    """Record a new session or change one: course, date and time, place, teacher, topic."""

    def __init__(
        self,
        store: Store,
        hub: Hub,
        session: SessionSummary | None = None,
        day: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, hub, parent)
        self.session = session
        self.saved: SessionSummary | None = None
        self.setWindowTitle(self.tr("Edit session") if session else self.tr("New session"))

        self.course = QComboBox()
        for course in course_service.list_courses(store):
            self.course.addItem(course.title, course.id)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(self.tr("yyyy-MM-dd, ddd"))
        self.starts = QTimeEdit()
        self.ends = QTimeEdit()
        for edit in (self.starts, self.ends):
            edit.setDisplayFormat("HH:mm")
        times = QWidget()
        row = QHBoxLayout(times)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.starts)
        row.addWidget(QLabel(self.tr("to")))
        row.addWidget(self.ends)
        row.addStretch(1)
        self.place = QLineEdit()
        self.teacher = QComboBox()
        self.teacher.addItem(self.tr("(no teacher)"), None)
        for teacher in list_teachers(store):
            self.teacher.addItem(
                f"{teacher.name}（{fmt.label(fmt.TEACHER_KINDS, teacher.kind)}）", teacher.id
            )
        self.topic = QLineEdit()
        self.topic.setPlaceholderText(self.tr("What this session was about (optional)"))
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(70)
        self.headcount_only = QCheckBox(self.tr("Headcount only (no sign-in list)"))
        self.headcount_only.setToolTip(
            self.tr("For a big open event where names are not taken: enter how many came.")
        )
        self.headcount = QSpinBox()
        self.headcount.setRange(0, MAX_HEADCOUNT)
        self.headcount.setSuffix(self.tr(" people"))
        self.headcount.setEnabled(False)
        self.headcount_only.toggled.connect(self.headcount.setEnabled)
        counts = QWidget()
        row = QHBoxLayout(counts)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.headcount_only)
        row.addWidget(self.headcount)
        row.addStretch(1)

        self.add_row(self.tr("Course"), "course_id", self.course)
        self.add_row(self.tr("Date"), "starts_at", self.date)
        self.add_row(self.tr("Time"), "ends_at", times)
        self.add_row(self.tr("Place"), "place", self.place)
        self.add_row(self.tr("Teacher"), "teacher_id", self.teacher)
        self.add_row(self.tr("Topic"), "topic", self.topic)
        self.add_row(self.tr("Notes"), "notes", self.notes)
        self.add_row(self.tr("Attendance"), "headcount", counts)

        if session is not None:
            self._fill(session)
        else:
            when = day or store.today()
            self.date.setDate(QDate(when.year, when.month, when.day))
            self.starts.setTime(QTime(9, 0))
            self.ends.setTime(QTime(10, 30))

    def _fill(self, s: SessionSummary) -> None:
        if self.course.findData(s.course_id) < 0:
            # The course was deleted elsewhere; keep the session's own value visible.
            self.course.addItem(s.course_title or self.tr("(deleted course)"), s.course_id)
        combo_select(self.course, s.course_id)
        start = s.starts_at
        self.date.setDate(QDate(start.year, start.month, start.day))
        self.starts.setTime(QTime(start.hour, start.minute))
        self.ends.setTime(QTime(s.ends_at.hour, s.ends_at.minute))
        self.place.setText(s.place)
        if s.teacher_id is not None and self.teacher.findData(s.teacher_id) < 0:
            self.teacher.addItem(s.teacher_name or self.tr("(deleted teacher)"), s.teacher_id)
        combo_select(self.teacher, s.teacher_id)
        self.topic.setText(s.topic)
        self.notes.setPlainText(s.notes)
        self.headcount_only.setChecked(s.headcount_only)
        self.headcount.setValue(s.headcount or 0)

    def input(self) -> SessionInput | None:
        """The form as a use-case input, or None when no course is chosen."""
        course_id = self.course.currentData()
        if not isinstance(course_id, uuid.UUID):
            return None
        day = self.date.date().toPython()
        start = self.starts.time().toPython()
        end = self.ends.time().toPython()
        return SessionInput(
            course_id=course_id,
            starts_at=dt.datetime.combine(day, start),
            ends_at=dt.datetime.combine(day, end),
            place=self.place.text(),
            teacher_id=self.teacher.currentData(),
            topic=self.topic.text(),
            notes=self.notes.toPlainText(),
            headcount=self.headcount.value() if self.headcount_only.isChecked() else None,
        )

    def _save(self) -> Changes | None:
        data = self.input()
        if data is None:
            self.errors.show(
                {"course_id": self.tr("Choose a course (add courses on the Courses tab first).")}
            )
            return None
        if self.session is None:
            self.saved, changes = session_service.record_session(self.store, data)
        else:
            self.saved, changes = session_service.edit_session(self.store, self.session.id, data)
        return changes


class CourseDialog(RecordDialog):
    """Add a course or change one."""

    def __init__(
        self, store: Store, hub: Hub, course: Course | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(store, hub, parent)
        self.course = course
        self.saved: Course | None = None
        self.setWindowTitle(self.tr("Edit course") if course else self.tr("New course"))
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("e.g. Grass-linen weaving"))
        self.platform = QComboBox()
        for code in fmt.PLATFORMS:
            self.platform.addItem(fmt.label(fmt.PLATFORMS, code), code)
        self.is_feature = QCheckBox(self.tr("Feature course (one brand per town)"))
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(90)
        self.add_row(self.tr("Course"), "title", self.title)
        self.add_row(self.tr("Platform"), "platform", self.platform)
        self.add_row("", "is_feature", self.is_feature)
        self.add_row(self.tr("Description"), "description", self.description)
        if course is not None:
            self.title.setText(course.title)
            combo_select(self.platform, course.platform)
            self.is_feature.setChecked(course.is_feature)
            self.description.setPlainText(course.description)

    def input(self) -> CourseInput:
        return CourseInput(
            title=self.title.text(),
            platform=self.platform.currentData() or "",
            is_feature=self.is_feature.isChecked(),
            description=self.description.toPlainText(),
        )

    def _save(self) -> Changes:
        if self.course is None:
            self.saved, changes = course_service.create_course(self.store, self.input())
        else:
            self.saved, changes = course_service.edit_course(
                self.store, self.course.id, self.input()
            )
        return changes
