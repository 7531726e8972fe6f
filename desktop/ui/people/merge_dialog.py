"""Joining two records of one person (合并): both side by side, the user picks which one stays.

A second record of someone is usually noticed late, with sign-ins already under both. The dialog
shows the two records field by field with how many sign-ins and requests each carries, so the
coordinator keeps the one with the longer history and sees, in one sentence, what will happen before
confirming. The work is ``desktop/services/people/merges.py``'s: one transaction, an audit entry, and a
merge that syncs correctly when another laptop still uses the old record.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.errors import ServiceError
from desktop.services.people.duplicates import likely_duplicates
from desktop.services.people.merges import Holdings, MergeResult, holdings_of, merge_residents
from desktop.services.people.personal_data import mask_phone
from desktop.services.people.residents import Resident, ResidentInput, search_residents
from desktop.ui import formatting as fmt
from desktop.ui.events import Hub
from desktop.ui.forms import error_label, make_room, render

if TYPE_CHECKING:
    from desktop.storage.store import Store

#: People listed when choosing the second record: enough to find one, few enough to read.
_PICK_LIMIT = 20


class MergeDialog(QDialog):
    """Merge ``first`` and ``second`` (or a second record chosen here from a search).

    After :meth:`merge` succeeds, ``merged`` holds what moved and the dialog is accepted.
    """

    def __init__(
        self,
        store: Store,
        hub: Hub,
        first: Resident,
        second: Resident | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.records: list[Resident | None] = [first, second]
        self.holdings: list[Holdings | None] = [holdings_of(store, first.id), None]
        self.merged: MergeResult | None = None
        self.setWindowTitle(self.tr("Merge two records of one person"))
        self.setMinimumWidth(620)

        self.picker = QWidget()
        pick = QVBoxLayout(self.picker)
        pick.setContentsMargins(0, 0, 0, 0)
        self.pick_hint = QLabel()
        self.pick_hint.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setObjectName("merge_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Find the other record: name, pinyin or phone"))
        self.matches = QListWidget()
        self.matches.setObjectName("merge_matches")
        self.matches.setMaximumHeight(100)
        pick.addWidget(self.pick_hint)
        pick.addWidget(self.search)
        pick.addWidget(self.matches)

        self.keep_group = QButtonGroup(self)
        self.keep_buttons = [QRadioButton(), QRadioButton()]
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(18)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        for column, button in enumerate(self.keep_buttons, start=1):
            self.keep_group.addButton(button, column - 1)
            self.grid.addWidget(button, 0, column)
        self.cells: dict[str, list[QLabel]] = {}
        for row, (key, label) in enumerate(self._fields(), start=1):
            self.grid.addWidget(QLabel(label), row, 0, Qt.AlignmentFlag.AlignTop)
            self.cells[key] = []
            for column in (1, 2):
                cell = QLabel()
                cell.setWordWrap(True)
                cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.grid.addWidget(cell, row, column, Qt.AlignmentFlag.AlignTop)
                self.cells[key].append(cell)

        self.explanation = QLabel()
        self.explanation.setObjectName("merge_explanation")
        self.explanation.setWordWrap(True)
        self.error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.merge_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.merge_button.setText(self.tr("Merge"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addLayout(self.grid)
        layout.addSpacing(6)
        layout.addWidget(self.explanation)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self.search.textChanged.connect(lambda _text: self._list_matches())
        self.matches.currentItemChanged.connect(lambda item, _previous: self._picked(item))
        self.keep_group.idToggled.connect(lambda _id, _on: self._explain())
        self.picker.setVisible(second is None)
        if second is not None:
            self.set_other(second)
        else:
            self._list_matches()
            self._show_records()

    def _fields(self) -> list[tuple[str, str]]:
        return [
            ("name", self.tr("Name")),
            ("gender", self.tr("Gender")),
            ("birth_year", self.tr("Birth year")),
            ("phone", self.tr("Phone")),
            ("village_group", self.tr("Village group")),
            ("household", self.tr("Household")),
            ("id", self.tr("ID-card number")),
            ("tags", self.tr("Tags")),
            ("marks", self.tr("Sign-ins")),
            ("requests", self.tr("Requests")),
        ]

    # Choosing the second record -------------------------------------------------------------

    def _list_matches(self) -> None:
        """Search results for the typed text; before anything is typed, the likely duplicates of
        the first record (usually the one being looked for)."""
        first = self.records[0]
        assert first is not None
        query = self.search.text().strip()
        if query:
            found = [
                r
                for r in search_residents(self.store, query, limit=_PICK_LIMIT)
                if r.id != first.id
            ]
            self.pick_hint.setText(
                self.tr("Choose the record to merge with {name}:").format(name=first.name)
            )
        else:
            found = [
                d.resident
                for d in likely_duplicates(self.store, _as_input(first), exclude=first.id)
            ]
            self.pick_hint.setText(
                self.tr("Likely the same person as {name}; or search for the other record:").format(
                    name=first.name
                )
            )
        self.matches.clear()
        for resident in found:
            item = QListWidgetItem(self._one_line(resident))
            item.setData(Qt.ItemDataRole.UserRole, resident)
            self.matches.addItem(item)

    def _picked(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.set_other(item.data(Qt.ItemDataRole.UserRole))

    def set_other(self, resident: Resident) -> None:
        """Put ``resident`` beside the first record as the other one of the pair."""
        self.records[1] = resident
        self.holdings[1] = holdings_of(self.store, resident.id)
        first, second = self.holdings
        assert first is not None and second is not None
        # The record with the longer history is usually the one to keep.
        keep = 1 if (second.marks, second.requests) > (first.marks, first.requests) else 0
        self.keep_buttons[keep].setChecked(True)
        self._show_records()

    # Showing the pair ------------------------------------------------------------------------

    def _show_records(self) -> None:
        for column, (resident, held) in enumerate(zip(self.records, self.holdings, strict=True)):
            self.keep_buttons[column].setText(self.tr("Keep record {n}").format(n=column + 1))
            self.keep_buttons[column].setEnabled(resident is not None)
            values = self._values(resident, held)
            for key, cells in self.cells.items():
                cells[column].setText(values.get(key, ""))
        self._mark_differences()
        self._explain()
        make_room(self)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        make_room(self)  # the rows of wrapped values, whole

    def _values(self, r: Resident | None, held: Holdings | None) -> dict[str, str]:
        if r is None:
            return {"name": self.tr("(choose above)")}
        return {
            "name": r.name,
            "gender": fmt.label(fmt.GENDERS, r.gender) if r.gender else "",
            "birth_year": "" if r.birth_year is None else str(r.birth_year),
            "phone": mask_phone(r.phone),
            "village_group": r.village_group,
            "household": r.household,
            "id": "••••" + r.id_last4 if r.id_last4 else "",
            "tags": "、".join(r.tags),
            "marks": str(held.marks) if held else "",
            "requests": str(held.requests) if held else "",
        }

    def _mark_differences(self) -> None:
        """Bold where the two records disagree: what the coordinator has to decide about."""
        both = all(r is not None for r in self.records)
        for cells in self.cells.values():
            differ = both and cells[0].text() != cells[1].text()
            for cell in cells:
                cell.setStyleSheet("font-weight: bold;" if differ else "")

    def keep_index(self) -> int:
        """0 or 1: which of the two records stays."""
        return max(self.keep_group.checkedId(), 0)

    def _explain(self) -> None:
        ready = all(r is not None for r in self.records)
        self.merge_button.setEnabled(ready)
        if not ready:
            self.explanation.setText(self.tr("Choose the other record of this person above."))
            return
        keep = self.keep_index()
        gone = 1 - keep
        held = self.holdings[gone]
        kept = self.records[keep]
        assert held is not None and kept is not None
        self.explanation.setText(
            self.tr(
                "Record {gone}'s sign-ins ({marks}) and requests ({requests}) move to record "
                "{kept} ({name}), which also takes any details it lacks; record {gone} is then "
                "removed, and the merge is recorded."
            ).format(
                marks=held.marks,
                requests=held.requests,
                gone=gone + 1,
                kept=keep + 1,
                name=kept.name,
            )
        )

    def _one_line(self, r: Resident) -> str:
        parts = [r.name]
        if r.birth_year is not None:
            parts.append(self.tr("born {year}").format(year=r.birth_year))
        parts += [p for p in (r.village_group, r.household, mask_phone(r.phone)) if p]
        return " · ".join(parts)

    # Doing it -------------------------------------------------------------------------------

    def merge(self) -> bool:
        """Merge the pair as chosen; True when done (the dialog is then accepted)."""
        if not all(r is not None for r in self.records):
            return False
        keep = self.keep_index()
        kept, gone = self.records[keep], self.records[1 - keep]
        assert kept is not None and gone is not None
        self.error.hide()
        try:
            self.merged, changes = merge_residents(self.store, kept.id, gone.id)
        except ServiceError as exc:
            self.error.setText(render(exc.message))
            self.error.show()
            return False
        self.hub.publish(changes)
        self.hub.offer_undo(
            self.merged.undo,
            self.tr("Merged {gone} into {kept}.").format(gone=gone.name, kept=kept.name),
        )
        self.accept()
        return True

    def summary(self) -> str:
        """What the merge moved, for the message after it (empty before a merge)."""
        if self.merged is None:
            return ""
        return self.tr("Merge done: sign-ins moved: {marks}, requests moved: {requests}.").format(
            marks=self.merged.marks_moved, requests=self.merged.requests_moved
        )


def _as_input(r: Resident) -> ResidentInput:
    """A resident as the duplicate search's input: who is probably the same person as them."""
    return ResidentInput(
        name=r.name,
        gender=r.gender,
        birth_year=r.birth_year,
        phone=r.phone,
        village_group=r.village_group,
        household=r.household,
    )


def merge_chosen(
    store: Store, hub: Hub, chosen: Sequence[Resident], parent: QWidget | None = None
) -> MergeResult | None:
    """The Merge action of a list: the dialog for the one or two ``chosen`` residents, then a
    message saying what moved. None when cancelled or when nothing was chosen."""
    if not chosen:
        return None
    dialog = MergeDialog(
        store, hub, chosen[0], chosen[1] if len(chosen) > 1 else None, parent=parent
    )
    if not dialog.exec() or dialog.merged is None:
        return None
    QMessageBox.information(parent, dialog.windowTitle(), dialog.summary())
    return dialog.merged
