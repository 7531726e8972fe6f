"""The register of residents (居民): search as you type by name, pinyin, initials or phone; add and
edit; merge two records of one person. Phone numbers are masked in the list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.changes import Changes
from desktop.services.people.residents import Resident
from desktop.ui.events import Hub
from desktop.ui.people.dialogs import ResidentDialog
from desktop.ui.people.lazy_models import LazyResidentsModel
from desktop.ui.people.merge_dialog import merge_chosen
from desktop.ui.people.models import ResidentsModel
from desktop.ui.tables import RefreshWhenShown, record_table, reselect, selected_record

if TYPE_CHECKING:
    from desktop.storage.store import Store


class ResidentsTab(RefreshWhenShown, QWidget):
    """Resident list with a search box and add/edit buttons."""

    def __init__(self, store: Store, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        # Fetches a page at a time as the list scrolls: a town holds tens of thousands of people.
        self.model = LazyResidentsModel(store, self)
        self.search = QLineEdit()
        self.search.setObjectName("resident_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search by name, pinyin, initials or phone"))
        self.new_button = QPushButton(self.tr("New resident…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.merge_button = QPushButton(self.tr("Merge…"))
        self.merge_button.setToolTip(
            self.tr("Select the two records of one person (or one, then find the other)")
        )
        self.count = QLabel()
        # Two rows may be selected: the pair to merge.
        self.table = record_table(self.model, ResidentsModel.COL_TAGS, single=False)

        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.new_button)
        row.addWidget(self.edit_button)
        row.addWidget(self.merge_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

        self.search.textChanged.connect(lambda _text: self.reload())
        self.new_button.clicked.connect(self.new_resident)
        self.edit_button.clicked.connect(self.edit_selected)
        self.merge_button.clicked.connect(self.merge_selected)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        hub.changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        selected = self.selected()
        query = self.search.text().strip()
        # The same search again (after an edit) keeps the rows already scrolled to.
        keep = self.model.rowCount() if query == self.model.query else 0
        self.model.search(query, at_least=keep)
        reselect(self.table, selected)
        n = self.model.found()
        if not query:
            total = self.model.register_size()
            self.count.setText(self.tr("{n} residents on the register").format(n=total))
        elif self.model.complete():
            self.count.setText(self.tr("{n} residents found").format(n=n))
        else:
            self.count.setText(self.tr("More than {n} residents found").format(n=n))
        self._update_buttons()

    def selected(self) -> Resident | None:
        return selected_record(self.table)

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.selected() is not None)
        self.merge_button.setEnabled(len(self.table.selectionModel().selectedRows()) in (1, 2))

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("residents"):
            self.refresh()

    def new_resident(self) -> None:
        typed = self.search.text().strip()
        name = typed if typed and not typed.isascii() else ""
        dialog = ResidentDialog(self.store, self.hub, name=name, parent=self)
        if dialog.exec() and dialog.chose_existing and dialog.saved is not None:
            # They were already registered: show them, selected, instead of a new row.
            self.search.setText(dialog.saved.name)
            reselect(self.table, dialog.saved)

    def edit_selected(self) -> None:
        resident = self.selected()
        if resident is not None:
            ResidentDialog(self.store, self.hub, resident=resident, parent=self).exec()

    def merge_selected(self) -> None:
        """Merge the selected pair (or the one selected with another found in the dialog)."""
        rows = self.table.selectionModel().selectedRows()
        merge_chosen(self.store, self.hub, [self.model.record_at(i.row()) for i in rows], self)
