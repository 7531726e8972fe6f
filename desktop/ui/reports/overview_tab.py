"""The Overview tab (总览) of a district's or a town's laptop: how every town and village below it did
in a week, a month, a quarter or a year, drawn as charts with the numbers one click away.

Above, the period (周/月/季度/年 and which one); then the table by town → village (sessions,
person-times, reach, feature courses, weekly reports on time, late, missing); below it the trend of
person-times and the person-times by platform as charts. Each chart has a "Numbers" toggle that shows
the very table the chart draws, from the same :class:`~desktop.services.reports.overview.Overview`. Export
writes any of the tables as a printable ``.xlsx`` or as CSV (``desktop/services/reports/tables.py``);
with a village and a week chosen, Work brief saves that week's one-page PDF.

The figures come from one service call (:func:`desktop.services.reports.overview.overview`); on a district
laptop a year takes seconds, so it runs on the background runner when one is given.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QLocale, QPointF, QStandardPaths, Qt
from PySide6.QtGui import QPainter, QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.errors import ServiceError
from desktop.services.reports.overview import OTHER, Overview, Period, UnitRow, overview
from desktop.services.reports.tables import overview_tables, write_report_table
from desktop.services.reports.work_brief import work_brief
from desktop.ui import formatting as fmt
from desktop.ui.background import Background
from desktop.ui.events import Hub
from desktop.ui.forms import render
from desktop.ui.widgets import FlowLayout
from desktop.ui.work_brief import suggested_file_name, write_pdf

if TYPE_CHECKING:
    from desktop.storage.store import Store

log = logging.getLogger(__name__)

#: Tables that change the overview when they change.
WATCHED = ("sessions", "attendance", "courses", "weekly_reports", "sites", "residents")
#: Columns of the town → village table.
COL_NAME, COL_SESSIONS, COL_PT, COL_REACH, COL_FEATURE = range(5)
COL_ON_TIME, COL_LATE, COL_MISSING, COL_RATE = range(5, 9)
#: The item data role holding a row's site id (None for the total).
SITE_ROLE = Qt.ItemDataRole.UserRole + 1


def _number(value: int | str) -> QStandardItem:
    item = QStandardItem(str(value))
    item.setEditable(False)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _text(value: str) -> QStandardItem:
    item = QStandardItem(value)
    item.setEditable(False)
    return item


class ChartPanel(QWidget):
    """A chart with a "Numbers" toggle that shows the table the chart is drawn from instead."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = QChart()
        self.chart.setTitle(title)
        self.chart.legend().hide()
        self.chart.setMargins(self.chart.margins() * 0)
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(220)
        self.numbers = QStandardItemModel(self)
        self.table = QTableView()
        self.table.setModel(self.numbers)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.table)
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setText(self.tr("Numbers"))
        self.toggle.setToolTip(self.tr("Show the numbers this chart is drawn from"))
        self.toggle.toggled.connect(self._toggled)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

    def _toggled(self, on: bool) -> None:
        self.stack.setCurrentIndex(1 if on else 0)
        self.toggle.setText(self.tr("Chart") if on else self.tr("Numbers"))

    def reset(self) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        self.numbers.clear()


class OverviewTab(QWidget):
    """Totals by town and village for a chosen period, with charts and exports."""

    def __init__(
        self,
        store: Store,
        hub: Hub,
        background: Background | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.background = background
        self.current: Overview | None = None
        self._stale = True
        self._running = False
        today = store.today()
        self.period = Period.containing("month", today)

        self.kind = QComboBox()
        for kind, text in (
            ("week", self.tr("Week")),
            ("month", self.tr("Month")),
            ("quarter", self.tr("Quarter")),
            ("year", self.tr("Year")),
        ):
            self.kind.addItem(text, kind)
        self.kind.setCurrentIndex(1)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.previous = QToolButton()
        self.previous.setText("◀")
        self.previous.setToolTip(self.tr("Previous period"))
        self.previous.clicked.connect(lambda: self.set_period(self.period.shifted(-1)))
        self.next = QToolButton()
        self.next.setText("▶")
        self.next.setToolTip(self.tr("Next period"))
        self.next.clicked.connect(lambda: self.set_period(self.period.shifted(1)))
        self.period_label = QLabel()
        self.period_label.setMinimumWidth(260)
        self.period_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.period_label.font()
        font.setBold(True)
        self.period_label.setFont(font)
        self.note = QLabel()
        self.note.setStyleSheet("color: palette(mid);")
        self.note.setWordWrap(True)  # a sentence about why counting failed, whole

        self.export_button = QPushButton(self.tr("Export…"))
        export_menu = QMenu(self)
        for name, text in (
            ("sites", self.tr("Towns and villages…")),
            ("platforms", self.tr("By platform…")),
            ("features", self.tr("Feature courses…")),
            ("trend", self.tr("Trend…")),
            ("reports", self.tr("Weekly reports…")),
        ):
            export_menu.addAction(text, lambda name=name: self.export_table(name))
        self.export_button.setMenu(export_menu)
        self.brief_button = QPushButton(self.tr("Work brief…"))
        self.brief_button.setToolTip(
            self.tr("Save the chosen village's one-page brief of the week as a PDF")
        )
        self.brief_button.clicked.connect(self.save_brief)

        bar = FlowLayout()  # wraps rather than widens the window
        bar.addWidget(QLabel(self.tr("Period:")))
        bar.addWidget(self.kind)
        bar.addWidget(self.previous)
        bar.addWidget(self.period_label)
        bar.addWidget(self.next)
        bar.addWidget(self.brief_button)
        bar.addWidget(self.export_button)

        self.model = QStandardItemModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())

        self.trend = ChartPanel(self.tr("Person-times"))
        self.platforms = ChartPanel(self.tr("Person-times by platform"))
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.trend)
        charts.addWidget(self.platforms)
        charts.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(charts)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        # A town's villages fit above; the charts get the larger share of the height.
        self.splitter.setSizes([280, 420])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.note)
        layout.addWidget(self.splitter, 1)
        hub.changed.connect(self._on_changed)
        self._show_period()
        self._update_buttons()

    # -- choosing the period ---------------------------------------------------------------------

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        # Keep to the same stretch of time: the month of the week shown, the year of the month...
        self.set_period(Period.containing(kind, min(self.period.last_day, self.store.today())))

    def set_period(self, period: Period) -> None:
        """Show ``period`` (and select its kind in the chooser)."""
        self.period = period
        index = self.kind.findData(period.kind)
        if index != self.kind.currentIndex():
            self.kind.blockSignals(True)
            self.kind.setCurrentIndex(index)
            self.kind.blockSignals(False)
        self._show_period()
        self.refresh()

    def period_text(self, period: Period) -> str:
        """The period in the user's words: 2026年第48周 11月23日–11月29日, 2026年11月, 2026年第4季度."""
        if period.kind == "week":
            return fmt.week_title(period.start)
        if period.kind == "month":
            pattern = self.tr("MMMM yyyy", "a month, as QLocale writes dates")
            return QLocale().toString(QDate(period.year, period.number, 1), pattern)
        if period.kind == "quarter":
            return self.tr("Q{quarter} {year}").format(year=period.year, quarter=period.number)
        return self.tr("{year}").format(year=period.year)

    def _show_period(self) -> None:
        self.period_label.setText(self.period_text(self.period))
        self.next.setEnabled(self.period.start <= self.store.today())

    # -- loading ---------------------------------------------------------------------------------

    def _on_changed(self, changes: Any) -> None:
        if changes.touches(*WATCHED):
            self._stale = True
            if self.isVisible():
                self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Count the chosen period again (in the background when a runner was given)."""
        self._stale = False
        period = self.period

        def work(_progress: Any = None) -> Overview:
            return overview(self.store, period)

        if self.background is None:
            try:
                self.show_overview(work())
            except ServiceError as exc:
                self._failed(exc)
            return
        self._running = True
        self.note.setText(self.tr("Counting…"))
        self.background.run(work, on_success=self.show_overview, on_failure=self._failed)

    def _failed(self, error: BaseException) -> None:
        self._running = False
        if isinstance(error, ServiceError):
            self.note.setText(render(error.message))
        else:
            log.error("the overview could not be counted", exc_info=error)
            self.note.setText(self.tr("The overview could not be counted."))

    def show_overview(self, ov: Overview) -> None:
        """Fill the table and the charts from ``ov``."""
        self._running = False
        if ov.period != self.period:
            return  # an answer for a period no longer chosen
        self.current = ov
        self.note.setText(ov.scope_name)
        self._fill_tree(ov)
        self._fill_trend(ov)
        self._fill_platforms(ov)
        self._update_buttons()

    # -- the table -------------------------------------------------------------------------------

    def _headers(self) -> list[str]:
        return [
            self.tr("Town / village"),
            self.tr("Sessions"),
            self.tr("Person-times"),
            self.tr("People reached"),
            self.tr("Feature courses (person-times)"),
            self.tr("Reports on time"),
            self.tr("Late"),
            self.tr("Missing"),
            self.tr("Reported"),
        ]

    def _cells(self, name: str, row: UnitRow) -> list[QStandardItem]:
        f, r = row.figures, row.reports
        first = _text(name)
        first.setData(row.site_id, SITE_ROLE)
        first.setData(row.level, SITE_ROLE + 1)
        rate = "" if r.completeness is None else f"{r.completeness * 100:.0f}%"
        return [
            first,
            _number(f.sessions),
            _number(f.person_times),
            _number(f.reach),
            _number(f.feature_person_times),
            _number(r.on_time),
            _number(r.late),
            _number(r.missing),
            _number(rate),
        ]

    def _fill_tree(self, ov: Overview) -> None:
        self.model.clear()
        self.model.setHorizontalHeaderLabels(self._headers())
        root = self.model.invisibleRootItem()
        for block in ov.towns:
            town = self._cells(block.town.name, block.town)
            for village in block.villages:
                name = village.name
                if village.level != "village":
                    name = self.tr("{name} (own sessions)").format(name=village.name)
                town[0].appendRow(self._cells(name, village))
            root.appendRow(town)
        total = self._cells(self.tr("Total"), ov.total)
        for item in total:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        root.appendRow(total)
        self.tree.expandAll()
        header = self.tree.header()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for col in range(1, self.model.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)

    def selected_site(self) -> tuple[uuid.UUID | None, str]:
        """The site id and level of the table's current row (None for the total or nothing)."""
        index = self.tree.currentIndex()
        if not index.isValid():
            return None, ""
        first = index.siblingAtColumn(COL_NAME)
        return first.data(SITE_ROLE), first.data(SITE_ROLE + 1) or ""

    def _update_buttons(self) -> None:
        site, level = self.selected_site()
        self.brief_button.setEnabled(
            self.period.kind == "week" and site is not None and level == "village"
        )
        self.export_button.setEnabled(self.current is not None)

    # -- the charts ------------------------------------------------------------------------------

    def trend_label(self, start: dt.date) -> str:
        if self.current is not None and self.current.trend_unit == "month":
            pattern = self.tr("MMM", "a month on the trend's axis")
            return QLocale().toString(QDate(start.year, start.month, 1), pattern)
        return fmt.short_date(start)

    def _fill_trend(self, ov: Overview) -> None:
        panel = self.trend
        panel.reset()
        unit = self.tr("per week") if ov.trend_unit == "week" else self.tr("per month")
        panel.chart.setTitle(self.tr("Person-times {unit}").format(unit=unit))
        series = QLineSeries()
        series.setPointsVisible(True)
        labels = [self.trend_label(p.start) for p in ov.trend]
        for i, point in enumerate(ov.trend):
            series.append(QPointF(i, point.person_times))
        panel.chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append(labels)
        y = QValueAxis()
        y.setLabelFormat("%d")
        y.setRange(0, max([p.person_times for p in ov.trend] + [4]) * 1.1)
        y.applyNiceNumbers()  # ticks at 500, 1000…, not at thirds of the highest point
        panel.chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        panel.chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        # A category axis puts category i at x = i, so the line's points sit on their labels.
        series.attachAxis(x)
        series.attachAxis(y)
        self.trend_series = series
        panel.numbers.setHorizontalHeaderLabels(
            [self.tr("From"), self.tr("To"), self.tr("Sessions"), self.tr("Person-times")]
        )
        for point in ov.trend:
            panel.numbers.appendRow(
                [
                    _text(fmt.short_date(point.start)),
                    _text(fmt.short_date(point.end - dt.timedelta(days=1))),
                    _number(point.sessions),
                    _number(point.person_times),
                ]
            )

    def _fill_platforms(self, ov: Overview) -> None:
        panel = self.platforms
        panel.reset()
        rows = list(reversed(ov.platforms))  # a horizontal bar chart draws from the bottom up
        bars = QBarSet(self.tr("Person-times"))
        names = []
        for row in rows:
            bars.append(row.person_times)
            names.append(self.platform_name(row.platform))
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        panel.chart.addSeries(series)
        y = QBarCategoryAxis()
        y.append(names)
        x = QValueAxis()
        x.setLabelFormat("%d")
        x.setRange(0, max([r.person_times for r in rows] + [4]) * 1.1)
        x.applyNiceNumbers()
        panel.chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        panel.chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(y)
        series.attachAxis(x)
        self.platform_bars = bars
        panel.numbers.setHorizontalHeaderLabels(
            [self.tr("Platform"), self.tr("Sessions"), self.tr("Person-times")]
        )
        for row in ov.platforms:
            panel.numbers.appendRow(
                [
                    _text(self.platform_name(row.platform)),
                    _number(row.sessions),
                    _number(row.person_times),
                ]
            )

    def platform_name(self, code: str) -> str:
        if code == OTHER:
            return self.tr("Other")
        return fmt.label(fmt.PLATFORMS, code)

    # -- outputs ---------------------------------------------------------------------------------

    def _ask_path(self, caption: str, suggested: str, filters: str) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen, _ = QFileDialog.getSaveFileName(
            self, caption, str(Path(folder) / suggested), filters
        )
        return Path(chosen) if chosen else None

    def export_table(self, name: str, path: Path | None = None) -> Path | None:
        """Write the table ``name`` of the overview shown to ``path`` (asked when None)."""
        if self.current is None:
            return None
        table = overview_tables(self.current, self.store.today())[name]
        if path is None:
            path = self._ask_path(
                self.tr("Export table"),
                f"{table.title}.xlsx",
                self.tr("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"),
            )
            if path is None:
                return None
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_name(path.name + ".xlsx")
        try:
            write_report_table(table, path)
        except (ServiceError, OSError) as exc:
            message = render(exc.message) if isinstance(exc, ServiceError) else str(exc)
            QMessageBox.warning(self, self.tr("Export table"), message)
            return None
        self.note.setText(self.tr("Saved {file}").format(file=path.name))
        return path

    def save_brief(self, path: Path | None = None) -> Path | None:
        """Save the chosen village's work brief of the chosen week as a PDF."""
        site, level = self.selected_site()
        if site is None or level != "village" or self.period.kind != "week":
            return None
        try:
            brief = work_brief(self.store, self.period.start, site)
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("Work brief"), render(exc.message))
            return None
        if path is None:
            path = self._ask_path(
                self.tr("Save work brief"), suggested_file_name(brief), self.tr("PDF files (*.pdf)")
            )
            if path is None:
                return None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        if not write_pdf(brief, path):
            QMessageBox.warning(
                self,
                self.tr("Work brief"),
                self.tr("The brief could not be saved to {path}. Choose another folder.").format(
                    path=path
                ),
            )
            return None
        self.note.setText(self.tr("Saved {file}").format(file=path.name))
        return path
