"""The resident register's item model. Columns are named by ``COL_*`` constants."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    Qt,
)

from desktop.services.people.residents import Resident
from desktop.ui import formatting as fmt
from desktop.ui.models import PENDING_BRUSH, RecordModel, _Index, sync_text


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
