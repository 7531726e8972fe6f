"""The frame every feature's record dialog is built on, and what a sign-in sheet asks of the register.

Each dialog gathers the input, calls the use case, and on success publishes what changed on the hub and
closes. On :class:`InvalidInput` it stays open with a red sentence under each wrong field; the use case
saved nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from desktop.changes import Changes
from desktop.services.errors import InvalidInput, ServiceError
from desktop.ui.events import Hub
from desktop.ui.forms import FieldErrors

if TYPE_CHECKING:
    from desktop.storage.store import Store


class RecordDialog(QDialog):
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


class PersonChosen(NamedTuple):
    """Who a "new person" form ended with: a new record, or one already registered that was chosen
    instead (``existing``) — the sign-in sheet says which."""

    id: uuid.UUID
    name: str
    existing: bool


#: Asks for a new person, the name typed so far filled in; None when the form was cancelled. The
#: window composes it from the register's dialog, so the sign-in sheet needs no other feature's UI.
AskForPerson = Callable[[str, QWidget], PersonChosen | None]


def combo_select(combo: QComboBox, value: Any) -> bool:
    """Make the item whose data equals ``value`` current; False when there is none. Compared in
    Python: Qt's ``findData`` compares a UUID kept as item data by identity, so an id read by
    another query was never found."""
    for index in range(combo.count()):
        if combo.itemData(index) == value:
            combo.setCurrentIndex(index)
            return True
    return False
