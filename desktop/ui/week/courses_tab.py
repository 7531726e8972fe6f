"""The centre's courses (课程) by title, with add and edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.changes import Changes
from desktop.services.week.courses import Course, list_courses
from desktop.ui.events import Hub
from desktop.ui.tables import RefreshWhenShown, record_table, reselect, selected_record
from desktop.ui.week.dialogs import CourseDialog
from desktop.ui.week.models import CoursesModel

if TYPE_CHECKING:
    from desktop.storage.store import Store


class CoursesTab(RefreshWhenShown, QWidget):
    """Course list with add/edit buttons."""

    def __init__(self, store: Store, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.model = CoursesModel(self)
        self.new_button = QPushButton(self.tr("New course…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.table = record_table(self.model, CoursesModel.COL_DESCRIPTION)

        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.edit_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)

        self.new_button.clicked.connect(self.new_course)
        self.edit_button.clicked.connect(self.edit_selected)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        hub.changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        selected = self.selected()
        self.model.set_records(list_courses(self.store))
        reselect(self.table, selected)
        self._update_buttons()

    def selected(self) -> Course | None:
        return selected_record(self.table)

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.selected() is not None)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("courses"):
            self.refresh()

    def new_course(self) -> None:
        CourseDialog(self.store, self.hub, parent=self).exec()

    def edit_selected(self) -> None:
        course = self.selected()
        if course is not None:
            CourseDialog(self.store, self.hub, course=course, parent=self).exec()
