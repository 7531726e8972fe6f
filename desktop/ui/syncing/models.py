"""Item models of the Conflicts tab: values that lost a conflict, and the changes the district refused."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from desktop.ui.models import RecordModel


@dataclass(frozen=True)
class ConflictRow:
    """One conflict as the Conflicts view words it (see ``desktop.ui.syncing.conflicts_tab.describe``)."""

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
