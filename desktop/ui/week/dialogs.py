"""Dialogs of the week: a session (its course, time, place, teacher, or a headcount) and a course.

Each saves through its use case and publishes what changed; on :class:`InvalidInput` it stays open with
a red sentence under each wrong field, and nothing was saved.

The session form is made for the weekly routine: it opens on the course, and choosing one fills in
how that course is usually held (its day in the week, hours, place and teacher); times are typed
whole ("1400"), the end moves with the start so the length stays, the place field suggests the
places used before, and Tab goes from field to field down the form.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
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
from desktop.ui.forms import TimeEdit

if TYPE_CHECKING:
    from desktop.storage.store import Store
from desktop.ui.dialogs import RecordDialog, combo_select

# A new session's hours when its course has none yet.
_DEFAULT_HOURS = (QTime(9, 0), QTime(10, 30))


class _DateEdit(QDateEdit):
    """A date field Tab leaves (a date edit's Tab steps through year, month and day first), entered
    on the day, where Up and Down move a day at a time."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002, N802 - Qt API
        return QWidget.focusNextPrevChild(self, next)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusInEvent(event)
        self.setSelectedSection(QDateTimeEdit.Section.DaySection)


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

        self.day = day or store.today()
        self.course = QComboBox()
        for course in course_service.list_courses(store):
            self.course.addItem(course.title, course.id)
        self.date = _DateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(self.tr("yyyy-MM-dd, ddd"))
        self.starts = TimeEdit()
        self.ends = TimeEdit()
        for edit in (self.starts, self.ends):
            edit.setToolTip(self.tr("Type the time as 14:00 or 1400."))
        # How long the session lasts, in seconds: the end keeps it when the start moves.
        self.length = 0
        times = QWidget()
        row = QHBoxLayout(times)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.starts)
        row.addWidget(QLabel(self.tr("to")))
        row.addWidget(self.ends)
        row.addStretch(1)
        self.place = QLineEdit()
        places = QCompleter(session_service.places_used(store), self.place)
        places.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        places.setFilterMode(Qt.MatchFlag.MatchContains)
        self.place.setCompleter(places)
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
        self.notes.setTabChangesFocus(True)
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

        # Tab goes down the form as it reads, then to the buttons; it opens on the course.
        order = (
            self.course,
            self.date,
            self.starts,
            self.ends,
            self.place,
            self.teacher,
            self.topic,
            self.notes,
            self.headcount_only,
            self.headcount,
            *self.buttons.buttons(),
        )
        for before, after in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(before, after)
        self.course.setFocus(Qt.FocusReason.OtherFocusReason)
        self.starts.timeChanged.connect(self._start_moved)
        self.ends.textEdited.connect(self._measure)

        if session is not None:
            self._fill(session)
        else:
            self._fill_usual()
            self.course.currentIndexChanged.connect(self._fill_usual)

    def _set_times(self, starts: QTime, ends: QTime) -> None:
        self.starts.setTime(starts)
        self.ends.setTime(ends)
        self._measure()

    def _measure(self) -> None:
        """Take the length from the hours shown (the form filled, or the end typed)."""
        starts, ends = self.starts.time(), self.ends.time()
        if starts.isValid() and ends.isValid():
            self.length = starts.secsTo(ends)

    def _start_moved(self, starts: QTime) -> None:
        """Move the end with the start, so a session keeps its length (within the day)."""
        if not starts.isValid() or self.length <= 0:
            return
        end = min(starts.msecsSinceStartOfDay() // 1000 + self.length, 24 * 3600 - 60)
        self.ends.setTime(QTime(0, 0).addSecs(end))

    def _fill_usual(self) -> None:
        """A new session of the chosen course starts as the course is usually held: its day in the
        week shown, its hours, place and teacher; a course not held yet starts from the defaults."""
        course_id = self.course.currentData()
        usual = (
            session_service.usual_session(self.store, course_id)
            if isinstance(course_id, uuid.UUID)
            else None
        )
        when = self.day
        if usual is not None:
            when = self.day + dt.timedelta(days=usual.weekday - self.day.weekday())
            self._set_times(
                QTime(usual.starts.hour, usual.starts.minute),
                QTime(usual.ends.hour, usual.ends.minute),
            )
            self.place.setText(usual.place)
        else:
            self._set_times(*_DEFAULT_HOURS)
            self.place.clear()
        self.date.setDate(QDate(when.year, when.month, when.day))
        combo_select(self.teacher, usual.teacher_id if usual is not None else None)

    def _fill(self, s: SessionSummary) -> None:
        if not combo_select(self.course, s.course_id):
            # The course was deleted elsewhere; keep the session's own value visible.
            self.course.addItem(s.course_title or self.tr("(deleted course)"), s.course_id)
            combo_select(self.course, s.course_id)
        start = s.starts_at
        self.date.setDate(QDate(start.year, start.month, start.day))
        self._set_times(QTime(start.hour, start.minute), QTime(s.ends_at.hour, s.ends_at.minute))
        self.place.setText(s.place)
        if not combo_select(self.teacher, s.teacher_id):
            self.teacher.addItem(s.teacher_name or self.tr("(deleted teacher)"), s.teacher_id)
            combo_select(self.teacher, s.teacher_id)
        self.topic.setText(s.topic)
        self.notes.setPlainText(s.notes)
        self.headcount_only.setChecked(s.headcount_only)
        self.headcount.setValue(s.headcount or 0)

    def input(self) -> SessionInput | None:
        """The form as a use-case input, or None when no course is chosen or a time is not one."""
        course_id = self.course.currentData()
        if not isinstance(course_id, uuid.UUID):
            return None
        if not (self.starts.time().isValid() and self.ends.time().isValid()):
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
            if isinstance(self.course.currentData(), uuid.UUID):
                self.errors.show({"ends_at": self.tr("Type the time as 14:00 or 1400.")})
                return None
            choose = self.tr("Choose a course (add courses on the Courses tab first).")
            self.errors.show({"course_id": choose})
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
