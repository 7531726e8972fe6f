"""Qt item models over service results: the sessions of a week, residents, a session's roster, courses,
conflicts and the changes the district refused.

The models hold plain records returned by ``desktop.services`` and know nothing of the database; the
views ask the services and hand the results in. Columns are named by ``COL_*`` constants so views and
tests never count columns by hand.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from desktop.services.attendance import RosterEntry
from desktop.services.courses import Course
from desktop.services.residents import Resident
from desktop.services.sessions import SessionSummary
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
        self.beginResetModel()
        self._rows = list(records)
        self.endResetModel()

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


class ResidentsModel(RecordModel):
    """Residents found by a search, shown a page at a time as the list scrolls."""

    # Tags last: the one column of free length, so it takes the spare width.
    (
        COL_NAME,
        COL_GENDER,
        COL_BIRTH_YEAR,
        COL_PHONE,
        COL_GROUP,
        COL_HOUSEHOLD,
        COL_SYNC,
        COL_TAGS,
    ) = range(8)
    HEADERS = ("name", "gender", "birth_year", "phone", "group", "household", "sync", "tags")
    # Rows added to the view per fetch: a long result list costs the view nothing until scrolled.
    PAGE = 100

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[Resident] = []

    def set_records(self, records: Sequence[Resident]) -> None:
        self.beginResetModel()
        self._all = list(records)
        self._rows = self._all[: self.PAGE]
        self.endResetModel()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802 - Qt API
        return not parent.isValid() and len(self._rows) < len(self._all)

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008, N802 - Qt API
        if parent.isValid():
            return
        start = len(self._rows)
        more = self._all[start : start + self.PAGE]
        if not more:
            return
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def found(self) -> int:
        """How many residents the search found (shown or not yet fetched)."""
        return len(self._all)

    def _header(self, section: int) -> str:
        return (
            self.tr("Name"),
            self.tr("Gender"),
            self.tr("Born"),
            self.tr("Phone"),
            self.tr("Village group"),
            self.tr("Household"),
            self.tr("Sync"),
            self.tr("Tags"),
        )[section]

    def _cell(self, r: Resident, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_NAME:
                return r.name
            if column == self.COL_GENDER:
                return fmt.label(fmt.GENDERS, r.gender) if r.gender else ""
            if column == self.COL_BIRTH_YEAR:
                return "" if r.birth_year is None else str(r.birth_year)
            if column == self.COL_PHONE:
                return fmt.mask_phone(r.phone)
            if column == self.COL_GROUP:
                return r.village_group
            if column == self.COL_HOUSEHOLD:
                return r.household
            if column == self.COL_TAGS:
                return "、".join(r.tags)
            if column == self.COL_SYNC:
                return sync_text(r.pending)
        elif role == Qt.ItemDataRole.ForegroundRole and column == self.COL_SYNC and r.pending:
            return PENDING_BRUSH
        return None


class RosterModel(RecordModel):
    """A session's sign-in sheet: every resident with a check box for "was there".

    Checking a box calls ``mark(resident_id, present)``, which saves through the services and returns
    whether it worked; the box only changes when the save did.
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
                for row, entry in enumerate(records):
                    if entry != self._rows[row]:
                        self._rows[row] = entry
                        self.dataChanged.emit(
                            self.index(row, 0), self.index(row, len(self.HEADERS) - 1)
                        )
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


@dataclass(frozen=True)
class ConflictRow:
    """One conflict as the Conflicts view words it (see ``desktop.ui.conflicts_tab.describe``)."""

    id: uuid.UUID  # the conflict's id
    record: str  # 课程「夏布编织入门」
    field: str  # 标题, or 整条记录 for a delete
    lost: str  # the value that was replaced, as shown
    won: str  # the value kept, as shown
    when: str  # 今天 14:05
    sentence: str  # the whole story in one or two sentences, for the detail line and tooltips
    lost_tip: str = ""  # the replaced value in full (a list masks phone numbers)
    won_tip: str = ""


class ConflictsModel(RecordModel):
    """Open conflicts: which record, which field, the value replaced and the value kept."""

    # The two values last: free length, so they share the spare width.
    COL_RECORD, COL_FIELD, COL_WHEN, COL_LOST, COL_WON = range(5)
    HEADERS = ("record", "field", "when", "lost", "won")

    def _header(self, section: int) -> str:
        return (
            self.tr("Record"),
            self.tr("What"),
            self.tr("When"),
            self.tr("Value that was replaced"),
            self.tr("Value kept now"),
        )[section]

    def _cell(self, c: ConflictRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (c.record, c.field, c.when, c.lost, c.won)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COL_LOST and c.lost_tip:
                return c.lost_tip
            if column == self.COL_WON and c.won_tip:
                return c.won_tip
            return c.sentence
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_LOST:
            return _LOST_BRUSH
        return None


_LOST_BRUSH = QBrush(QColor("#8e44ad"))


@dataclass(frozen=True)
class RejectionRow:
    """A change the district refused: the kind of record in words, the server's reason as given."""

    id: uuid.UUID  # the refused row's id
    table: str  # 居民「王德明」, or just 居民 when this laptop no longer has the record
    reason: str  # the server's words (English)
    at: dt.datetime  # naive UTC, as stored
    when: str


class RejectionsModel(RecordModel):
    """Changes the district refused, newest first."""

    # The reason last: free length.
    COL_TABLE, COL_WHEN, COL_REASON = range(3)
    HEADERS = ("table", "when", "reason")

    def _header(self, section: int) -> str:
        return (self.tr("Record"), self.tr("When"), self.tr("Reason given by the district"))[
            section
        ]

    def _cell(self, r: RejectionRow, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (r.table, r.when, r.reason)[column]
        return None
