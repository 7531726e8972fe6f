"""The register of teachers and volunteers (教师与志愿者): search as you type by name, pinyin or
initials; add, edit and delete; the selected person's sessions taught and training records; and the
centre's training rate (培训率) and volunteers' service hours for this year."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.changes import Changes
from desktop.services.errors import ServiceError
from desktop.services.people import teachers as teacher_service
from desktop.services.people import trainings as training_service
from desktop.services.people.teachers import Teacher
from desktop.services.people.trainings import Training
from desktop.ui.events import Hub
from desktop.ui.forms import render
from desktop.ui.people.dialogs import TeacherDialog, TrainingDialog
from desktop.ui.people.teacher_models import (
    TaughtSessionsModel,
    TeachersModel,
    TrainingsModel,
    VolunteerHoursModel,
)
from desktop.ui.tables import RefreshWhenShown, record_table, reselect, selected_record

if TYPE_CHECKING:
    from desktop.storage.store import Store

# A change to any of these can change what the tab shows (sessions: taught lists and hours).
_TABLES = ("teachers", "trainings", "sessions", "courses", "attendance")


class TeachersTab(RefreshWhenShown, QWidget):
    """Teacher list with a search box; the selected teacher's sessions and trainings beside it."""

    def __init__(self, store: Store, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub

        # -- the register --------------------------------------------------------------------------
        self.model = TeachersModel(self)
        self.search = QLineEdit()
        self.search.setObjectName("teacher_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search by name, pinyin, initials or phone"))
        self.new_button = QPushButton(self.tr("New…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.table = record_table(self.model, TeachersModel.COL_SKILLS)
        self.count = QLabel()
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.new_button)
        search_row.addWidget(self.edit_button)
        search_row.addWidget(self.delete_button)
        register = QWidget()
        left = QVBoxLayout(register)
        left.setContentsMargins(0, 0, 0, 0)
        left.addLayout(search_row)
        left.addWidget(self.table, 1)
        left.addWidget(self.count)

        # -- the selected teacher ------------------------------------------------------------------
        self.taught_model = TaughtSessionsModel(self)
        self.taught_table = record_table(self.taught_model, TaughtSessionsModel.COL_COURSE)
        self.taught_box = QGroupBox(self.tr("Sessions taught"))
        taught_layout = QVBoxLayout(self.taught_box)
        taught_layout.addWidget(self.taught_table)

        self.trainings_model = TrainingsModel(self)
        self.trainings_table = record_table(self.trainings_model, TrainingsModel.COL_TITLE)
        self.add_training_button = QPushButton(self.tr("Add training…"))
        self.delete_training_button = QPushButton(self.tr("Delete training"))
        self.trainings_box = QGroupBox(self.tr("Training records"))
        training_buttons = QHBoxLayout()
        training_buttons.addWidget(self.add_training_button)
        training_buttons.addWidget(self.delete_training_button)
        training_buttons.addStretch(1)
        trainings_layout = QVBoxLayout(self.trainings_box)
        trainings_layout.addLayout(training_buttons)
        trainings_layout.addWidget(self.trainings_table)

        # -- the centre's figures for the year -----------------------------------------------------
        self.rate_label = QLabel()
        self.rate_label.setObjectName("training_rate")
        self.rate_label.setWordWrap(True)
        self.hours_model = VolunteerHoursModel(self)
        self.hours_table = record_table(self.hours_model, VolunteerHoursModel.COL_NAME)
        self.year_box = QGroupBox()
        year_layout = QVBoxLayout(self.year_box)
        year_layout.addWidget(self.rate_label)
        year_layout.addWidget(self.hours_table)

        details = QSplitter(Qt.Orientation.Vertical)
        details.addWidget(self.taught_box)
        details.addWidget(self.trainings_box)
        details.addWidget(self.year_box)
        details.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(register)
        self.splitter.addWidget(details)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        # The register needs few columns; the records beside it need the width.
        self.splitter.setSizes([520, 740])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.search.textChanged.connect(lambda _text: self.reload_register())
        self.new_button.clicked.connect(self.new_teacher)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._teacher_changed())
        self.add_training_button.clicked.connect(self.add_training)
        self.delete_training_button.clicked.connect(self.delete_selected_training)
        self.trainings_table.doubleClicked.connect(lambda _index: self.edit_selected_training())
        self.trainings_table.selectionModel().selectionChanged.connect(
            lambda *_: self._update_buttons()
        )
        hub.changed.connect(self._on_changed)
        # Loaded when first shown: the window opens without waiting for a tab nobody looks at yet.
        self.refresh()

    # -- showing -----------------------------------------------------------------------------------

    def year(self) -> int:
        """The calendar year the figures are for: this year in the villages (by the injected clock)."""
        return self.store.today().year

    def reload(self) -> None:
        self.reload_register()
        self.reload_year()

    def reload_register(self) -> None:
        """Search again, keeping the selected teacher selected if still found."""
        selected = self.selected()
        found = teacher_service.search_teachers(self.store, self.search.text())
        self.model.set_records(found)
        reselect(self.table, selected)
        if self.search.text().strip():
            self.count.setText(self.tr("{n} teachers and volunteers found").format(n=len(found)))
        else:
            self.count.setText(
                self.tr("{n} teachers and volunteers on the register").format(n=len(found))
            )
        self._teacher_changed()

    def reload_year(self) -> None:
        year = self.year()
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        self.year_box.setTitle(self.tr("This centre in {year}").format(year=year))
        rate = training_service.training_rate(self.store, first, last)
        if rate.rate is None:
            self.rate_label.setText(self.tr("Training rate: no teachers on the register yet."))
        else:
            self.rate_label.setText(
                self.tr(
                    "Training rate: {percent}% ({trained} of {teachers} teachers and volunteers "
                    "trained this year)"
                ).format(
                    percent=round(rate.rate * 100),
                    trained=rate.trained,
                    teachers=rate.teachers,
                )
            )
        self.hours_model.set_records(
            teacher_service.volunteer_hours(
                self.store, first, last, site_id=self.store.identity().site_id
            )
        )

    def selected(self) -> Teacher | None:
        return selected_record(self.table)

    def selected_training(self) -> Training | None:
        return selected_record(self.trainings_table)

    def _teacher_changed(self) -> None:
        teacher = self.selected()
        training = self.selected_training()
        if teacher is None:
            self.taught_model.set_records([])
            self.trainings_model.set_records([])
            self.taught_box.setTitle(self.tr("Sessions taught"))
            self.trainings_box.setTitle(self.tr("Training records"))
        else:
            taught = teacher_service.sessions_taught(self.store, teacher.id)
            self.taught_model.set_records(taught)
            self.trainings_model.set_records(training_service.trainings_of(self.store, teacher.id))
            reselect(self.trainings_table, training)
            self.taught_box.setTitle(
                self.tr("Sessions taught by {name} ({n})").format(name=teacher.name, n=len(taught))
            )
            self.trainings_box.setTitle(
                self.tr("Training records of {name}").format(name=teacher.name)
            )
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.add_training_button.setEnabled(has)
        self.delete_training_button.setEnabled(has and self.selected_training() is not None)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*_TABLES):
            self.refresh()

    # -- actions -----------------------------------------------------------------------------------

    def new_teacher(self) -> None:
        typed = self.search.text().strip()
        name = typed if typed and not typed.isascii() else ""
        dialog = TeacherDialog(self.store, self.hub, name=name, parent=self)
        if dialog.exec() and dialog.saved is not None:
            self._select(dialog.saved)

    def edit_selected(self) -> None:
        teacher = self.selected()
        if teacher is not None:
            TeacherDialog(self.store, self.hub, teacher=teacher, parent=self).exec()

    def _select(self, teacher: Teacher) -> None:
        if self.model.row_of(teacher.id) < 0:
            self.search.clear()  # the new name may not match what was typed: show everyone
        if (row := self.model.row_of(teacher.id)) >= 0:
            self.table.selectRow(row)

    def delete_selected(self) -> None:
        teacher = self.selected()
        if teacher is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete teacher"),
            self.tr(
                "Take {name} off the register, with their training records? The sessions they "
                "taught stay as they are."
            ).format(name=teacher.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            changes = teacher_service.delete_teacher(self.store, teacher.id)
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("Delete teacher"), render(exc.message))
            return
        self.hub.publish(changes)

    def add_training(self) -> None:
        teacher = self.selected()
        if teacher is not None:
            TrainingDialog(self.store, self.hub, teacher, parent=self).exec()

    def edit_selected_training(self) -> None:
        teacher, training = self.selected(), self.selected_training()
        if teacher is not None and training is not None:
            TrainingDialog(self.store, self.hub, teacher, training=training, parent=self).exec()

    def delete_selected_training(self) -> None:
        training = self.selected_training()
        if training is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete training"),
            self.tr("Delete the training record “{title}”?").format(title=training.title),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            changes = training_service.delete_training(self.store, training.id)
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("Delete training"), render(exc.message))
            return
        self.hub.publish(changes)
