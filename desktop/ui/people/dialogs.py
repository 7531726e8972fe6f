"""Dialogs of the registers: a resident (with likely duplicates shown while the name is typed), a
teacher or volunteer, and a teacher's training.

Each saves through its use case and publishes what changed; on :class:`InvalidInput` it stays open with
a red sentence under each wrong field, and nothing was saved.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from desktop.changes import Changes
from desktop.services.people import residents as resident_service
from desktop.services.people import teachers as teacher_service
from desktop.services.people import trainings as training_service
from desktop.services.people.residents import Resident, ResidentInput
from desktop.services.people.teachers import Teacher, TeacherInput
from desktop.services.people.trainings import MAX_HOURS, Training, TrainingInput
from desktop.ui import formatting as fmt
from desktop.ui.events import Hub
from desktop.ui.people.resident_suggestions import DuplicateSuggestions

if TYPE_CHECKING:
    from desktop.storage.store import Store
from desktop.ui.dialogs import AskForPerson, PersonChosen, RecordDialog, combo_select

# Tags may be typed with any of the separators a Chinese keyboard offers.
_TAG_SEPARATORS = re.compile(r"[,，、;；\s]+")


def ask_for_resident(store: Store, hub: Hub) -> AskForPerson:
    """The register's form as the sign-in sheet's Alt+N: a new person (or an existing one chosen from
    the likely duplicates) with the typed name filled in."""

    def ask(name: str, parent: QWidget) -> PersonChosen | None:
        dialog = ResidentDialog(store, hub, name=name, parent=parent)
        # The form's buttons come first in its focus chain; a name is what gets typed first.
        dialog.name.setFocus(Qt.FocusReason.OtherFocusReason)
        if not dialog.exec() or dialog.saved is None:
            return None
        return PersonChosen(dialog.saved.id, dialog.saved.name, dialog.chose_existing)

    return ask


class ResidentDialog(RecordDialog):
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
            combo_select(self.gender, resident.gender)
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


class TeacherDialog(RecordDialog):
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
            combo_select(self.kind, teacher.kind)
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


class TrainingDialog(RecordDialog):
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
