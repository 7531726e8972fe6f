"""Dialogs that add or edit one record: a session, a resident, a course, a teacher, a training.

Each dialog gathers the input, calls the use case, and on success publishes what changed on the hub and
closes. On :class:`InvalidInput` it stays open with a red sentence under each wrong field; the use case
saved nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.changes import Changes
from desktop.services import courses as course_service
from desktop.services import residents as resident_service
from desktop.services import sessions as session_service
from desktop.services import teachers as teacher_service
from desktop.services import trainings as training_service
from desktop.services.courses import Course, CourseInput
from desktop.services.errors import InvalidInput, ServiceError
from desktop.services.residents import Resident, ResidentInput
from desktop.services.sessions import MAX_HEADCOUNT, SessionInput, SessionSummary
from desktop.services.teachers import Teacher, TeacherInput, list_teachers
from desktop.services.trainings import MAX_HOURS, Training, TrainingInput
from desktop.ui import formatting as fmt
from desktop.ui.events import Hub
from desktop.ui.forms import FieldErrors
from desktop.ui.resident_suggestions import DuplicateSuggestions

if TYPE_CHECKING:
    from desktop.storage.store import Store

# Tags may be typed with any of the separators a Chinese keyboard offers.
_TAG_SEPARATORS = re.compile(r"[,，、;；\s]+")


class _RecordDialog(QDialog):
    """The frame the three dialogs share: a form, error labels, Save and Cancel."""

    def __init__(self, store: Store, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.errors = FieldErrors()
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def add_row(self, label: str, field: str, widget: QWidget) -> None:
        self.form.addRow(label, self.errors.wrap(field, widget))

    def save(self) -> bool:
        """Run the use case; close on success, show the problems otherwise. True when saved."""
        self.errors.clear()
        try:
            changes = self._save()
        except InvalidInput as exc:
            self.errors.show(exc.by_field())
            return False
        except ServiceError as exc:
            self.errors.show_general(exc.message)
            return False
        if changes is None:  # the dialog itself found a problem and showed it
            return False
        self.hub.publish(changes)
        self.accept()
        return True

    def _save(self) -> Changes | None:
        raise NotImplementedError


def _combo_select(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


class SessionDialog(_RecordDialog):
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
        _combo_select(self.course, s.course_id)
        start = s.starts_at
        self.date.setDate(QDate(start.year, start.month, start.day))
        self.starts.setTime(QTime(start.hour, start.minute))
        self.ends.setTime(QTime(s.ends_at.hour, s.ends_at.minute))
        self.place.setText(s.place)
        if s.teacher_id is not None and self.teacher.findData(s.teacher_id) < 0:
            self.teacher.addItem(s.teacher_name or self.tr("(deleted teacher)"), s.teacher_id)
        _combo_select(self.teacher, s.teacher_id)
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


class ResidentDialog(_RecordDialog):
    """Register a resident or change their details.

    While someone types, the people already on the register who are probably this one are listed
    under the form. Adding, "Use this person" closes the dialog accepted with ``saved`` set to that
    existing resident and ``chose_existing`` True: callers that only read ``saved`` (sign the person
    in, select them) work unchanged, and nothing new is written.
    """

    # Shown by the birth-year box when no year is given (its minimum value).
    NO_YEAR = 1899

    def __init__(
        self,
        store: Store,
        hub: Hub,
        resident: Resident | None = None,
        name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, hub, parent)
        self.resident = resident
        self.saved: Resident | None = None
        #: True when the user took an existing resident instead of saving this form.
        self.chose_existing = False
        self.setWindowTitle(self.tr("Edit resident") if resident else self.tr("New resident"))
        self.name = QLineEdit(name)
        self.gender = QComboBox()
        for code in fmt.GENDERS:
            self.gender.addItem(fmt.label(fmt.GENDERS, code), code)
        self.birth_year = QSpinBox()
        self.birth_year.setRange(self.NO_YEAR, 2100)
        self.birth_year.setSpecialValueText(self.tr("Not given"))
        self.birth_year.setValue(self.NO_YEAR)
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(self.tr("Mobile or landline, digits only"))
        self.village_group = QLineEdit()
        self.village_group.setPlaceholderText(self.tr("e.g. Group 3"))
        self.household = QLineEdit()
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(24)  # 18 characters, room for the spaces people type
        self.id_clear = QCheckBox(self.tr("Remove"))
        self.id_clear.setToolTip(self.tr("Remove the stored ID-card number from this record"))
        self.id_clear.hide()
        id_row = QWidget()
        line = QHBoxLayout(id_row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.id_number, 1)
        line.addWidget(self.id_clear)
        if resident is not None and resident.id_last4:
            # Only the last four are kept; an empty box keeps the stored number.
            self.id_number.setPlaceholderText(
                self.tr("{masked} (type to replace, leave empty to keep)").format(
                    masked="••••" + resident.id_last4
                )
            )
            self.id_clear.show()
            self.id_clear.toggled.connect(self.id_number.setDisabled)
        else:
            self.id_number.setPlaceholderText(self.tr("Optional, 18 characters"))
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("Separate tags with commas, e.g. elderly, farmer"))
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(70)

        self.add_row(self.tr("Name"), "name", self.name)
        self.add_row(self.tr("Gender"), "gender", self.gender)
        self.add_row(self.tr("Birth year"), "birth_year", self.birth_year)
        self.add_row(self.tr("Phone"), "phone", self.phone)
        self.add_row(self.tr("Village group"), "village_group", self.village_group)
        self.add_row(self.tr("Household"), "household", self.household)
        self.add_row(self.tr("ID-card number"), "id_number", id_row)
        self.add_row(self.tr("Tags"), "tags", self.tags)
        self.add_row(self.tr("Notes"), "notes", self.notes)
        if resident is not None:
            self.name.setText(resident.name)
            _combo_select(self.gender, resident.gender)
            self.birth_year.setValue(resident.birth_year or self.NO_YEAR)
            self.phone.setText(resident.phone)
            self.village_group.setText(resident.village_group)
            self.household.setText(resident.household)
            self.tags.setText("，".join(resident.tags))
            self.notes.setPlainText(resident.notes)
        self.suggestions = DuplicateSuggestions(
            store,
            self.input,
            exclude=resident.id if resident is not None else None,
            offer_use=resident is None,
        )
        self.suggestions.chosen.connect(self.use_existing)
        self.suggestions.watch(
            self.name.textChanged,
            self.birth_year.valueChanged,
            self.phone.textChanged,
            self.household.textChanged,
            self.id_number.textChanged,
        )
        self.layout().insertWidget(1, self.suggestions)
        if name:  # the caller's search text: say at once whether that person is already here
            self.suggestions.schedule()

    def use_existing(self, resident: Resident) -> None:
        """Take ``resident`` (already registered) instead of creating another record of them."""
        self.suggestions.timer.stop()
        self.saved = resident
        self.chose_existing = True
        self.accept()

    def input(self) -> ResidentInput:
        year = self.birth_year.value()
        tags = tuple(t for t in _TAG_SEPARATORS.split(self.tags.text()) if t)
        return ResidentInput(
            name=self.name.text(),
            gender=self.gender.currentData() or "",
            birth_year=None if year == self.NO_YEAR else year,
            phone=self.phone.text(),
            village_group=self.village_group.text(),
            household=self.household.text(),
            tags=tags,
            notes=self.notes.toPlainText(),
            id_number=self._typed_id_number(),
        )

    def _typed_id_number(self) -> str | None:
        """The typed number for the use case: "" removes a stored one, None keeps it (so an empty
        box, when editing, leaves the number that is not shown as it is)."""
        if self.id_clear.isChecked():
            return ""
        typed = self.id_number.text().strip()
        return typed or None

    def _save(self) -> Changes:
        self.suggestions.timer.stop()
        if self.resident is None:
            self.saved, changes = resident_service.add_resident(self.store, self.input())
        else:
            self.saved, changes = resident_service.edit_resident(
                self.store, self.resident.id, self.input()
            )
        return changes


class CourseDialog(_RecordDialog):
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
            _combo_select(self.platform, course.platform)
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


class TeacherDialog(_RecordDialog):
    """Register a cadre, teacher or volunteer, or change their details."""

    def __init__(
        self,
        store: Store,
        hub: Hub,
        teacher: Teacher | None = None,
        name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, hub, parent)
        self.teacher = teacher
        self.saved: Teacher | None = None
        self.setWindowTitle(
            self.tr("Edit teacher or volunteer") if teacher else self.tr("New teacher or volunteer")
        )
        self.name = QLineEdit(name)
        self.kind = QComboBox()
        for code in fmt.TEACHER_KINDS:
            self.kind.addItem(fmt.label(fmt.TEACHER_KINDS, code), code)
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(self.tr("Mobile or landline, digits only"))
        self.skills = QLineEdit()
        self.skills.setPlaceholderText(
            self.tr("e.g. intangible-heritage inheritor, grass-linen weaving")
        )
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(70)
        self.add_row(self.tr("Name"), "name", self.name)
        self.add_row(self.tr("Kind"), "kind", self.kind)
        self.add_row(self.tr("Phone"), "phone", self.phone)
        self.add_row(self.tr("Skills"), "skills", self.skills)
        self.add_row(self.tr("Notes"), "notes", self.notes)
        if teacher is not None:
            self.name.setText(teacher.name)
            _combo_select(self.kind, teacher.kind)
            self.phone.setText(teacher.phone)
            self.skills.setText(teacher.skills)
            self.notes.setPlainText(teacher.notes)

    def input(self) -> TeacherInput:
        return TeacherInput(
            name=self.name.text(),
            kind=self.kind.currentData() or "",
            phone=self.phone.text(),
            skills=self.skills.text(),
            notes=self.notes.toPlainText(),
        )

    def _save(self) -> Changes:
        if self.teacher is None:
            self.saved, changes = teacher_service.add_teacher(self.store, self.input())
        else:
            self.saved, changes = teacher_service.edit_teacher(
                self.store, self.teacher.id, self.input()
            )
        return changes


class TrainingDialog(_RecordDialog):
    """Record a training a teacher took part in (师资培训), or correct one."""

    def __init__(
        self,
        store: Store,
        hub: Hub,
        teacher: Teacher,
        training: Training | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, hub, parent)
        self.teacher = teacher
        self.training = training
        self.saved: Training | None = None
        self.setWindowTitle(
            (
                self.tr("Edit training of {name}") if training else self.tr("Training of {name}")
            ).format(name=teacher.name)
        )
        self.held_on = QDateEdit()
        self.held_on.setCalendarPopup(True)
        self.held_on.setDisplayFormat(self.tr("yyyy-MM-dd, ddd"))
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("e.g. Community education teacher training"))
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0, MAX_HOURS)
        self.hours.setDecimals(1)
        self.hours.setSingleStep(0.5)
        self.hours.setSuffix(self.tr(" hours"))
        self.organiser = QLineEdit()
        self.organiser.setPlaceholderText(self.tr("e.g. the district community college"))
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(70)
        self.add_row(self.tr("Date"), "held_on", self.held_on)
        self.add_row(self.tr("Training"), "title", self.title)
        self.add_row(self.tr("Hours"), "hours", self.hours)
        self.add_row(self.tr("Organiser"), "organiser", self.organiser)
        self.add_row(self.tr("Notes"), "notes", self.notes)
        if training is not None:
            day = training.held_on
            self.title.setText(training.title)
            self.hours.setValue(training.hours)
            self.organiser.setText(training.organiser)
            self.notes.setPlainText(training.notes)
        else:
            day = store.today()
        self.held_on.setDate(QDate(day.year, day.month, day.day))

    def input(self) -> TrainingInput:
        return TrainingInput(
            teacher_id=self.teacher.id,
            held_on=self.held_on.date().toPython(),
            title=self.title.text(),
            hours=self.hours.value(),
            organiser=self.organiser.text(),
            notes=self.notes.toPlainText(),
        )

    def _save(self) -> Changes:
        if self.training is None:
            self.saved, changes = training_service.add_training(self.store, self.input())
        else:
            self.saved, changes = training_service.edit_training(
                self.store, self.training.id, self.input()
            )
        return changes
