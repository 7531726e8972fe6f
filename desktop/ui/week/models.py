"""Item models of the week: its sessions, a session's roster (with the filter the sign-in search uses) and
the courses. Columns are named by ``COL_*`` constants; the records come from the services.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QSortFilterProxyModel,
    Qt,
)

from desktop.services.week.attendance import RosterEntry
from desktop.services.week.courses import Course
from desktop.ui import formatting as fmt
from desktop.ui.models import ID_ROLE, PENDING_BRUSH, RecordModel, _Index, record_id, sync_text


class RosterModel(RecordModel):
    """A session's sign-in sheet: every resident with a check box for "was there".

    Checking a box calls ``mark(resident_id, present)``, which starts the save and returns whether it
    could (the sheet takes the tick back if the save is refused); the box changes when it returns
    True.
    """

    COL_NAME, COL_GROUP, COL_HOUSEHOLD, COL_PHONE = range(4)
    HEADERS = ("name", "group", "household", "phone")

    def __init__(
        self, mark: Callable[[uuid.UUID, bool], bool] | None = None, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._mark = mark
        self._editable = True

    def set_editable(self, editable: bool) -> None:
        self._editable = editable

    def set_records(self, records: Sequence[RosterEntry], keep_order: bool = False) -> None:
        """Show ``records``; with ``keep_order`` the people already listed keep their rows.

        Keeping the order matters while someone ticks boxes down the list: re-sorting present people
        to the top after every tick would move the row under their mouse.
        """
        if keep_order and self._rows:
            position = {record_id(e): i for i, e in enumerate(self._rows)}
            known = [e for e in records if record_id(e) in position]
            known.sort(key=lambda e: position[record_id(e)])
            records = known + [e for e in records if record_id(e) not in position]
            if [record_id(e) for e in records] == [record_id(e) for e in self._rows]:
                # Same people in the same rows: update cells, so the view keeps its scroll position.
                self.update_rows(records)
                return
        super().set_records(records)

    def set_present(self, resident_id: uuid.UUID, present: bool) -> None:
        row = self.row_of(resident_id)
        if row < 0:
            return
        entry = self._rows[row]
        self._rows[row] = RosterEntry(entry.resident, present)
        index = self.index(row, self.COL_NAME)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])

    def present_count(self) -> int:
        return sum(1 for e in self._rows if e.present)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.COL_NAME and self._editable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if (
            not index.isValid()
            or index.column() != self.COL_NAME
            or role != Qt.ItemDataRole.CheckStateRole
            or self._mark is None
            or not self._editable
        ):
            return False
        present = Qt.CheckState(value) == Qt.CheckState.Checked
        entry = self._rows[index.row()]
        if entry.present == present:
            return True
        if not self._mark(entry.resident.id, present):
            return False
        self.set_present(entry.resident.id, present)
        return True

    def _header(self, section: int) -> str:
        return (self.tr("Name"), self.tr("Village group"), self.tr("Household"), self.tr("Phone"))[
            section
        ]

    def _cell(self, e: RosterEntry, column: int, role: int) -> Any:
        r = e.resident
        if role == Qt.ItemDataRole.DisplayRole:
            return (r.name, r.village_group, r.household, fmt.mask_phone(r.phone))[column]
        if role == Qt.ItemDataRole.CheckStateRole and column == self.COL_NAME:
            return Qt.CheckState.Checked if e.present else Qt.CheckState.Unchecked
        return None


class RosterFilter(QSortFilterProxyModel):
    """Shows only the roster rows whose resident is in a set of ids (the search's matches).

    The roster comes grouped by village group and household; like a printed roster, a group or
    household is written once, on its first visible row, so the groups stand out."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._ids: set[uuid.UUID] | None = None

    def set_matches(self, ids: set[uuid.UUID] | None) -> None:
        """Keep rows whose id is in ``ids``; None shows everyone."""
        self.beginFilterChange()
        self._ids = ids
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        if self._ids is None:
            return True
        rid = self.sourceModel().index(source_row, 0, source_parent).data(ID_ROLE)
        return rid in self._ids

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        value = super().data(index, role)
        if (
            role == Qt.ItemDataRole.DisplayRole
            and index.column() in (RosterModel.COL_GROUP, RosterModel.COL_HOUSEHOLD)
            and index.row() > 0
            and self._same_place_as_above(index)
        ):
            return ""
        return value

    def _same_place_as_above(self, index: _Index) -> bool:
        """Whether the row above shows the same group (and, for the household column, the same
        household): then this cell repeats it and stays blank."""
        above = index.row() - 1
        for column in range(RosterModel.COL_GROUP, index.column() + 1):
            here = super().data(index.siblingAtColumn(column))
            if here != super().data(self.index(above, column)):
                return False
        return True


class CoursesModel(RecordModel):
    """The courses this centre can record sessions of."""

    # Description last: the one column of free length, so it takes the spare width.
    COL_TITLE, COL_PLATFORM, COL_FEATURE, COL_SYNC, COL_DESCRIPTION = range(5)
    HEADERS = ("title", "platform", "feature", "sync", "description")

    def _header(self, section: int) -> str:
        return (
            self.tr("Course"),
            self.tr("Platform"),
            self.tr("Feature course"),
            self.tr("Sync"),
            self.tr("Description"),
        )[section]

    def _cell(self, c: Course, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_TITLE:
                return c.title
            if column == self.COL_PLATFORM:
                return fmt.label(fmt.PLATFORMS, c.platform)
            if column == self.COL_FEATURE:
                return self.tr("Yes") if c.is_feature else ""
            if column == self.COL_DESCRIPTION:
                return c.description.splitlines()[0] if c.description else ""
            if column == self.COL_SYNC:
                return sync_text(c.pending)
        elif role == Qt.ItemDataRole.ToolTipRole and column == self.COL_DESCRIPTION:
            return c.description or None
        elif role == Qt.ItemDataRole.ForegroundRole and column == self.COL_SYNC and c.pending:
            return PENDING_BRUSH
        return None
