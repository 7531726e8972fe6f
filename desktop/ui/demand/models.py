"""Qt item models for the demand views: requests, a request's history, suggestions, the service menu
(the district's to edit, a village's to order from), orders (the district's to dispatch, a village's
own), and the quarter's evaluation table.

Like :mod:`desktop.ui.models`, they hold plain records from ``desktop.services`` (mostly
``demand_views``) and know nothing of the database; columns are named by ``COL_*`` constants.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QLocale, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from core.vocabulary import in_village_time
from desktop.services.demand.evaluations import ProjectScore
from desktop.services.demand.matching import Suggestion
from desktop.services.demand.menu import Offering
from desktop.services.demand.views import (
    HistoryEntry,
    MyOrderRow,
    OrderRow,
    RequestRow,
    is_overdue,
)
from desktop.ui import formatting as fmt
from desktop.ui.models import PENDING_BRUSH, RecordModel

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_OVERDUE_BRUSH = QBrush(QColor("#c0392b"))
_SUPERSEDED_BRUSH = QBrush(QColor("#888888"))
_EXCELLENT_BRUSH = QBrush(QColor("#d5f0d5"))
_DROPPED_BRUSH = QBrush(QColor("#f8d0cc"))

URGENCIES = {
    "normal": QT_TRANSLATE_NOOP("Labels", "Normal"),
    "urgent": QT_TRANSLATE_NOOP("Labels", "Urgent"),
}
VERDICTS = {
    "excellent": QT_TRANSLATE_NOOP("Labels", "Excellent"),
    "keep": QT_TRANSLATE_NOOP("Labels", "Keep"),
    "dropped": QT_TRANSLATE_NOOP("Labels", "Dropped next quarter"),
    "unscored": QT_TRANSLATE_NOOP("Labels", "Not evaluated"),
}
ORDER_STATUSES = {
    "ordered": QT_TRANSLATE_NOOP("Labels", "Ordered"),
    "dispatched": QT_TRANSLATE_NOOP("Labels", "Dispatched"),
    "scheduled": QT_TRANSLATE_NOOP("Labels", "Scheduled"),
    "delivered": QT_TRANSLATE_NOOP("Labels", "Delivered"),
    "cancelled": QT_TRANSLATE_NOOP("Labels", "Cancelled"),
}


def local_time(moment: dt.datetime) -> str:
    """A stored UTC time as village wall-clock date and time: 11月23日 14:00."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return fmt.date_time(in_village_time(moment))


def score_text(value: float | None) -> str:
    """85, 72.5, or a dash for a level that gave no score."""
    if value is None:
        return "—"
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"


class RequestsModel(RecordModel):
    """Requests with their status in the glossary's words; overdue ones (open more than a month)
    are marked in red when the model is told the time."""

    COL_OPENED, COL_SITE, COL_CATEGORY, COL_PEOPLE, COL_STATUS, COL_NEED = range(6)
    HEADERS = ("opened", "site", "category", "people", "status", "need")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.now: dt.datetime | None = None

    def set_rows(self, rows: list[RequestRow], now: dt.datetime | None) -> None:
        moved, self.now = now != self.now, now
        self.set_records(rows)
        if moved:
            self.cells_changed()

    def overdue(self, r: RequestRow) -> bool:
        return self.now is not None and is_overdue(r, self.now)

    def _header(self, section: int) -> str:
        return (
            self.tr("Opened"),
            self.tr("Village"),
            self.tr("Category"),
            self.tr("People"),
            self.tr("Status"),
            self.tr("Need"),
        )[section]

    def _cell(self, r: RequestRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_OPENED:
                text = local_time(r.opened_at) if r.opened_at else ""
                return self.tr("{when} (overdue)").format(when=text) if self.overdue(r) else text
            if column == self.COL_SITE:
                return r.site_name
            if column == self.COL_CATEGORY:
                return fmt.label(fmt.REQUEST_CATEGORIES, r.category)
            if column == self.COL_PEOPLE:
                return r.people_count
            if column == self.COL_STATUS:
                return fmt.label(fmt.STATUSES, r.status)
            if column == self.COL_NEED:
                urgent = r.urgency == "urgent"
                return (self.tr("[Urgent] ") if urgent else "") + r.need.replace("\n", " ")
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_PEOPLE:
            return _RIGHT
        elif role == Qt.ItemDataRole.ForegroundRole:
            if column == self.COL_OPENED and self.overdue(r):
                return _OVERDUE_BRUSH
            if column == self.COL_STATUS and r.pending:
                return PENDING_BRUSH
        elif role == Qt.ItemDataRole.ToolTipRole and column == self.COL_NEED:
            return r.need
        return None


class HistoryModel(RecordModel):
    """A request's steps, oldest first: when, what it moved to, who, why. A step another level's
    earlier step superseded is greyed and says so."""

    COL_WHEN, COL_STEP, COL_WHO, COL_NOTE = range(4)
    HEADERS = ("when", "step", "who", "note")

    def _header(self, section: int) -> str:
        return (self.tr("When"), self.tr("Step"), self.tr("Who"), self.tr("Why"))[section]

    def _cell(self, e: HistoryEntry, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_WHEN:
                return local_time(e.at)
            if column == self.COL_STEP:
                step = fmt.label(fmt.STATUSES, e.to_status)
                return step if e.applied else self.tr("{step} (superseded)").format(step=step)
            if column == self.COL_WHO:
                device = (
                    self.tr("device {id}").format(id=e.device_id.hex[:6]) if e.device_id else ""
                )
                return " · ".join(part for part in (e.site_name, device) if part)
            if column == self.COL_NOTE:
                return e.note
        elif role == Qt.ItemDataRole.ForegroundRole and not e.applied:
            return _SUPERSEDED_BRUSH
        return None


class SuggestionsModel(RecordModel):
    """The offerings that fit the chosen request, best first, with the shared words that made them
    fit: the district sees why before it matches."""

    COL_TITLE, COL_PLATFORM, COL_BECAUSE = range(3)
    HEADERS = ("title", "platform", "because")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.platforms: dict = {}

    def row_of(self, record_id_: Any) -> int:
        return next((i for i, s in enumerate(self._rows) if s.offering_id == record_id_), -1)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        return self._cell(self._rows[index.row()], index.column(), role)

    def _header(self, section: int) -> str:
        return (self.tr("Offering"), self.tr("Platform"), self.tr("Why it fits"))[section]

    def _cell(self, s: Suggestion, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_TITLE:
                return s.title
            if column == self.COL_PLATFORM:
                return fmt.label(fmt.PLATFORMS, self.platforms.get(s.offering_id, ""))
            if column == self.COL_BECAUSE:
                return because_text(s)
        elif role == Qt.ItemDataRole.FontRole and index_is_top(self._rows, s):
            font = QFont()
            font.setBold(True)
            return font
        return None


def index_is_top(rows: list, record: Any) -> bool:
    return bool(rows) and rows[0] is record


def because_text(s: Suggestion) -> str:
    """因为：梨、修剪、病虫害 — the shared words, strongest first."""
    words = QCoreApplication.translate("Demand", ", ").join(s.because)
    return QCoreApplication.translate("Demand", "Because: {words}").format(words=words)


class OfferingsModel(RecordModel):
    """The district's service menu (项目清单)."""

    COL_QUARTER, COL_PLATFORM, COL_TITLE, COL_DEPARTMENT, COL_TEAM, COL_CAPACITY, COL_STATUS = (
        range(7)
    )
    HEADERS = ("quarter", "platform", "title", "department", "team", "capacity", "status")

    def _header(self, section: int) -> str:
        return (
            self.tr("Quarter"),
            self.tr("Platform"),
            self.tr("Offering"),
            self.tr("Lead department"),
            self.tr("Team"),
            self.tr("Capacity"),
            self.tr("Status"),
        )[section]

    def _cell(self, o: Offering, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                o.quarter,
                fmt.label(fmt.PLATFORMS, o.platform),
                o.title,
                o.lead_department,
                o.team,
                o.capacity or "",
                self.tr("On the menu") if o.status == "active" else self.tr("Dropped"),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_TITLE:
            return o.covers
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_CAPACITY:
            return _RIGHT
        return None


class OrdersModel(RecordModel):
    """Villages' orders from the menu waiting for the district to dispatch them."""

    COL_MONTH, COL_SITE, COL_OFFERING, COL_PEOPLE, COL_NOTE = range(5)
    HEADERS = ("month", "site", "offering", "people", "note")

    def _header(self, section: int) -> str:
        return (
            self.tr("Month"),
            self.tr("Village"),
            self.tr("Offering"),
            self.tr("People"),
            self.tr("Note"),
        )[section]

    def _cell(self, o: OrderRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            month = QLocale().toString(
                QDate(o.month.year, o.month.month, 1), self.tr("yyyy-MM", "month of an order")
            )
            return (month, o.site_name, o.offering_title, o.people_count, o.note)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_PEOPLE:
            return _RIGHT
        return None


def month_text(month: dt.date) -> str:
    """An order's month as the locale writes it: 2026-12 (2026年12月 in Chinese)."""
    return QLocale().toString(
        QDate(month.year, month.month, 1),
        QCoreApplication.translate("Demand", "yyyy-MM", "month of an order"),
    )


class VillageMenuModel(RecordModel):
    """The service menu as a village reads it to order from: read-only reference data from the
    district, with what each offering covers spelled out (a village chooses by what it covers, not
    by the title alone)."""

    (
        COL_TITLE,
        COL_PLATFORM,
        COL_DEPARTMENT,
        COL_TEAM,
        COL_COVERS,
        COL_QUARTER,
        COL_CAPACITY,
    ) = range(7)
    HEADERS = ("title", "platform", "department", "team", "covers", "quarter", "capacity")

    def _header(self, section: int) -> str:
        return (
            self.tr("Offering"),
            self.tr("Platform"),
            self.tr("Lead department"),
            self.tr("Team"),
            self.tr("What it covers"),
            self.tr("Quarter"),
            self.tr("Capacity"),
        )[section]

    def _cell(self, o: Offering, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                o.title,
                fmt.label(fmt.PLATFORMS, o.platform),
                o.lead_department,
                o.team,
                o.covers.replace("\n", " "),
                o.quarter,
                o.capacity or "",
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.COL_TITLE, self.COL_COVERS):
            return o.covers
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_CAPACITY:
            return _RIGHT
        return None


class MyOrdersModel(RecordModel):
    """A village's own orders and what came of each: the status in the glossary's words and, once
    scheduled, the session the delivery became."""

    COL_MONTH, COL_OFFERING, COL_PEOPLE, COL_STATUS, COL_SESSION, COL_SCORES, COL_NOTE = range(7)
    HEADERS = ("month", "offering", "people", "status", "session", "scores", "note")

    def _header(self, section: int) -> str:
        return (
            self.tr("Month"),
            self.tr("Offering"),
            self.tr("People"),
            self.tr("Status"),
            self.tr("Session"),
            self.tr("Scores"),
            self.tr("Note"),
        )[section]

    def session_text(self, o: MyOrderRow) -> str:
        """11月30日 09:00 · 村活动室, or nothing before the delivery is scheduled."""
        if o.session_starts_at is None:
            return ""
        when = fmt.date_time(o.session_starts_at)
        return f"{when} · {o.session_place}" if o.session_place else when

    def _cell(self, o: MyOrderRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                month_text(o.month),
                o.offering_title,
                o.people_count,
                fmt.label(ORDER_STATUSES, o.status),
                self.session_text(o),
                o.scores or "",
                o.note.replace("\n", " "),
            )[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            self.COL_PEOPLE,
            self.COL_SCORES,
        ):
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_STATUS and o.pending:
            return PENDING_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_NOTE and o.note:
            return o.note
        return None


class QuarterModel(RecordModel):
    """The quarter's evaluation table: each project's scores by level, combined, and the verdict;
    excellent rows green, dropped rows red."""

    (
        COL_TITLE,
        COL_PLATFORM,
        COL_DELIVERIES,
        COL_TOWN,
        COL_VILLAGE,
        COL_RESIDENTS,
        COL_RESIDENT_SCORES,
        COL_COMBINED,
        COL_VERDICT,
    ) = range(9)
    HEADERS = (
        "title",
        "platform",
        "deliveries",
        "town",
        "village",
        "residents",
        "resident_scores",
        "combined",
        "verdict",
    )

    def row_of(self, record_id_: Any) -> int:
        return next((i for i, p in enumerate(self._rows) if p.offering_id == record_id_), -1)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        return self._cell(self._rows[index.row()], index.column(), role)

    def _header(self, section: int) -> str:
        return (
            self.tr("Offering"),
            self.tr("Platform"),
            self.tr("Evaluations"),
            self.tr("Town"),
            self.tr("Village"),
            self.tr("Residents"),
            self.tr("Residents scoring"),
            self.tr("Combined"),
            self.tr("Verdict"),
        )[section]

    def _cell(self, p: ProjectScore, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            verdict = fmt.label(VERDICTS, p.verdict)
            if p.verdict == "dropped" and p.status == "dropped":
                verdict = self.tr("{verdict} (confirmed)").format(verdict=verdict)
            return (
                p.title,
                fmt.label(fmt.PLATFORMS, p.platform),
                p.deliveries,
                score_text(p.town),
                score_text(p.village),
                score_text(p.residents),
                p.resident_scores,
                score_text(p.combined),
                verdict,
            )[column]
        if role == Qt.ItemDataRole.BackgroundRole:
            if p.verdict == "excellent":
                return _EXCELLENT_BRUSH
            if p.verdict == "dropped":
                return _DROPPED_BRUSH
        if role == Qt.ItemDataRole.TextAlignmentRole and self.COL_DELIVERIES <= column <= (
            self.COL_COMBINED
        ):
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and not p.complete and p.combined is not None:
            return self.tr("Not every level has scored yet: the others' weights are shared.")
        return None
