"""The one way lists look: read-only rows selected whole, one line each, the free-text column
taking the room that is left."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def record_table(model: QAbstractItemModel, stretch: int, single: bool = True) -> QTableView:
    """A table view over ``model``; column ``stretch`` takes the spare width. ``single=False`` lets
    people select several rows (the roster)."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setMinimumSectionSize(64)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def selected_record(table: QTableView):  # noqa: ANN201 - the model's record type
    """The record of the selected row of a single-selection ``record_table``, or None."""
    rows = table.selectionModel().selectedRows()
    return table.model().record_at(rows[0].row()) if rows else None


def reselect(table: QTableView, record) -> None:  # noqa: ANN001
    """Select ``record`` again after the model was reloaded, if it is still listed."""
    if record is not None and (row := table.model().row_of(record.id)) >= 0:
        table.selectRow(row)


class RefreshWhenShown:
    """For a tab that reloads on every change broadcast: while it is hidden, remember that it is
    stale and reload when it is shown. A big sync then costs the window no reload of lists nobody
    is looking at (a town's register is thousands of rows)."""

    _stale = False

    def refresh(self) -> None:
        if self.isVisible():  # type: ignore[attr-defined]
            self.reload()  # type: ignore[attr-defined]
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        super().showEvent(event)  # type: ignore[misc]
        if self._stale:
            self._stale = False
            self.reload()  # type: ignore[attr-defined]
