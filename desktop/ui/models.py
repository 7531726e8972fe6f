"""What every feature's item models share: the record model they derive from, the id role, the sync
column's words, and the sessions of a week (the week view and the town's inbox both show them).

The models hold plain records returned by ``desktop.services`` and know nothing of the database; the
views ask the services and hand the results in. Columns are named by ``COL_*`` constants so views and
tests never count columns by hand.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from desktop.services.week.attendance import RosterEntry
from desktop.services.week.sessions import SessionSummary
from desktop.ui import formatting as fmt

# The id (uuid.UUID) of the record shown in a row, for any column.
ID_ROLE = Qt.ItemDataRole.UserRole + 1
PENDING_BRUSH = QBrush(QColor("#b35c00"))
_Index = QModelIndex | QPersistentModelIndex


def sync_text(pending: bool) -> str:
    """One context for every model's sync column; the words are the glossary's 待同步 / 已同步."""
    if pending:
        return QCoreApplication.translate("Models", "Waiting to sync")
    return QCoreApplication.translate("Models", "Synced")


class RecordModel(QAbstractTableModel):
    """A read-only table over a list of records; subclasses say what each column shows (and, when
    their records are not identified by ``id``, how to find a record's id)."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._header(section)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._header_tip(section)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        record = self._rows[index.row()]
        if role == ID_ROLE:
            return self._record_id(record)
        return self._cell(record, index.column(), role)

    def record_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, record_id_: uuid.UUID) -> int:
        """The row showing the record with this id, or -1."""
        for row, record in enumerate(self._rows):
            if self._record_id(record) == record_id_:
                return row
        return -1

    def set_records(self, records: Sequence[Any]) -> None:
        """Show ``records``. When they are the records already shown, in the same rows, only the
        rows whose values changed are updated: a view keeps its selection and scroll position and
        asks again for those rows alone, which matters when every mark refreshes the week."""
        records = list(records)
        ids = self._ids(records)
        if ids is None or not records or ids != self._ids(self._rows):
            self.beginResetModel()
            self._rows = records
            self.endResetModel()
            return
        self.update_rows(records)

    def update_rows(self, records: list[Any]) -> None:
        """Replace the records row for row (same ids, same order) and announce the changed rows in
        one signal: a view sized to its contents measures every row again on each signal, so one
        per changed row cost half a second when a sync touched a whole roster."""
        changed = [
            row
            for row, (new, old) in enumerate(zip(records, self._rows, strict=True))
            if new != old
        ]
        self._rows = records
        if changed:
            self.dataChanged.emit(
                self.index(changed[0], 0), self.index(changed[-1], self.columnCount() - 1)
            )

    def cells_changed(self) -> None:
        """Every cell may read differently now (what "overdue" or "2 days ago" means moved on)."""
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, self.columnCount() - 1)
            )

    def _ids(self, records: Sequence[Any]) -> list[Any] | None:
        """The records' ids in order, or None for records that have none (a table of figures)."""
        try:
            ids = [self._record_id(r) for r in records]
        except AttributeError:
            return None
        return None if None in ids else ids

    def _header(self, section: int) -> str:
        raise NotImplementedError

    def _header_tip(self, section: int) -> str | None:
        return None

    def _record_id(self, record: Any) -> Any:
        return record_id(record)

    def _cell(self, record: Any, column: int, role: int) -> Any:
        raise NotImplementedError


def record_id(record: Any) -> uuid.UUID:
    return record.resident.id if isinstance(record, RosterEntry) else record.id


class WeekSessionsModel(RecordModel):
    """The sessions of one week, one row each, in time order."""

    COL_DATE, COL_TIME, COL_COURSE, COL_TEACHER, COL_PLACE, COL_PERSON_TIMES, COL_SYNC = range(7)
    HEADERS = ("date", "time", "course", "teacher", "place", "person_times", "sync")

    def _header(self, section: int) -> str:
        return (
            self.tr("Date"),
            self.tr("Time"),
            self.tr("Course"),
            self.tr("Teacher"),
            self.tr("Place"),
            self.tr("Person-times"),
            self.tr("Sync"),
        )[section]

    def _cell(self, s: SessionSummary, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_DATE:
                return fmt.weekday_date(s.starts_at.date())
            if column == self.COL_TIME:
                return fmt.time_range(s.starts_at, s.ends_at)
            if column == self.COL_COURSE:
                return f"{s.course_title}：{s.topic}" if s.topic else s.course_title
            if column == self.COL_TEACHER:
                return s.teacher_name
            if column == self.COL_PLACE:
                return s.place
            if column == self.COL_PERSON_TIMES:
                return s.person_times
            if column == self.COL_SYNC:
                return sync_text(s.pending)
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_PERSON_TIMES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COL_PERSON_TIMES and s.headcount_only:
                return self.tr("Headcount only: no sign-in list for this session.")
            if column == self.COL_COURSE and s.notes:
                return s.notes
        elif role == Qt.ItemDataRole.ForegroundRole and column == self.COL_SYNC and s.pending:
            return PENDING_BRUSH
        return None

    def total_person_times(self) -> int:
        return sum(s.person_times for s in self._rows)
