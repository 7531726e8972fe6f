"""The weekly report (周报) tab: the site's week in figures, checked, remarked on and submitted.

The coordinator picks the week (the one just ended on a Monday or Tuesday, when reports are sent;
the week under way later on), sees the figures the services compute from the records — sessions,
person-times (人次), people reached (覆盖人数), new learners, requests opened and closed, teachers and
volunteers active, by platform and by course — adds a remark and submits. What the town said when it
returned the week stands out above the figures; a week with nothing recorded is submitted as "no
activity", explicitly; an approved week shows that it is locked and offers no edit.

The figures block (:class:`FiguresView`) is shared with the town's inbox, which shows a village's
submitted week the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    Qt,
)
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.ids import weekly_report_id
from core.vocabulary import VILLAGE_TIME
from core.week_figures import COUNTS
from desktop.changes import Changes
from desktop.services.common import week_start
from desktop.services.errors import ServiceError
from desktop.services.reports.week_views import default_week
from desktop.services.reports.weekly_reports import WeekReport, submit_week, week_report
from desktop.sync.status import deferrals
from desktop.ui import formatting as fmt
from desktop.ui.events import Hub
from desktop.ui.forms import ERROR_STYLE, render
from desktop.ui.models import RecordModel
from desktop.ui.tables import RefreshWhenShown, record_table
from desktop.ui.widgets import FlowLayout, Notice

if TYPE_CHECKING:
    from desktop.storage.store import Store

# A change to any of these can change a week's figures or its report.
TABLES = (
    "weekly_reports",
    "sessions",
    "attendance",
    "residents",
    "requests",
    "request_events",
    "teachers",
    "courses",
)

#: A report's state in words; "not started" is a week without a report row yet.
REPORT_STATES = {
    "not_started": QT_TRANSLATE_NOOP("Labels", "Not started"),
    **{k: fmt.STATUSES[k] for k in ("draft", "submitted", "returned", "approved")},
}


def report_state(status: str) -> str:
    """未开始 / 草稿 / 已提交 / 已退回 / 已通过."""
    return fmt.label(REPORT_STATES, status)


class RowsModel(RecordModel):
    """A small read-only table of tuples with numbers right-aligned: a week's figures by platform or
    by course (a handful of rows, replaced as a whole)."""

    def __init__(self, headers: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.HEADERS = tuple(headers)

    def set_rows(self, rows: Sequence[tuple[Any, ...]]) -> None:
        self.set_records(rows)

    def rows(self) -> list[tuple[Any, ...]]:
        return list(self._rows)

    def _header(self, section: int) -> str:
        return self.HEADERS[section]

    def _record_id(self, record: tuple[Any, ...]) -> None:
        return None  # plain figures: no record behind a row

    def _cell(self, record: tuple[Any, ...], column: int, role: int) -> Any:
        value = record[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


#: Rows a figures table shows before it scrolls: every platform fits, and most weeks' courses.
_VISIBLE_ROWS = 9


def _rows_height(table: QTableView, rows: int) -> int:
    """The height that shows the header and ``rows`` rows (at least three) without scrolling."""
    rows = min(max(rows, 3), _VISIBLE_ROWS)
    return (
        table.horizontalHeader().sizeHint().height()
        + rows * table.verticalHeader().defaultSectionSize()
        + 2 * table.frameWidth()
    )


class FiguresView(QWidget):
    """A week's figures: the headline numbers, then person-times by platform and by course."""

    #: The headline figures, in the order they are shown: the report's counts, in their order.
    KEYS = COUNTS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        captions = {
            "sessions": self.tr("Sessions"),
            "person_times": self.tr("Person-times"),
            "reach": self.tr("People reached"),
            "new_learners": self.tr("New learners"),
            "requests_opened": self.tr("Requests opened"),
            "requests_closed": self.tr("Requests closed"),
            "teachers_active": self.tr("Teachers active"),
            "volunteers_active": self.tr("Volunteers active"),
        }
        self.numbers: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(2)
        for i, key in enumerate(self.KEYS):
            number = QLabel("0")
            number.setObjectName(f"figure_{key}")
            headline = key == "person_times"
            colour = "#1a5e20" if headline else "palette(text)"
            number.setStyleSheet(f"font-size: 16pt; font-weight: bold; color: {colour};")
            caption = QLabel(captions[key])
            caption.setStyleSheet("color: #555555;")
            row, column = divmod(i, 4)
            grid.addWidget(number, row * 2, column)
            grid.addWidget(caption, row * 2 + 1, column)
            self.numbers[key] = number
        for column in range(4):
            grid.setColumnStretch(column, 1)

        self.platforms = RowsModel((self.tr("Platform"), self.tr("Person-times")), self)
        self.courses = RowsModel(
            (self.tr("Course"), self.tr("Platform"), self.tr("Sessions"), self.tr("Person-times")),
            self,
        )
        self.platform_table = record_table(self.platforms, 0)
        self.course_table = record_table(self.courses, 0)
        tables = QHBoxLayout()
        tables.addWidget(self.platform_table, 2)
        tables.addWidget(self.course_table, 5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addLayout(tables)

    def show_figures(self, figures: dict[str, Any]) -> None:
        for key, label in self.numbers.items():
            label.setText(str(figures.get(key, 0)))
        self.platforms.set_rows(
            [
                (fmt.label(fmt.PLATFORMS, p) if p != "other" else self.tr("Other"), n)
                for p, n in figures.get("by_platform", {}).items()
            ]
        )
        self.courses.set_rows(
            [
                (
                    c["title"] or self.tr("(course deleted)"),
                    fmt.label(fmt.PLATFORMS, c["platform"]) if c["platform"] else "",
                    c["sessions"],
                    c["person_times"],
                )
                for c in figures.get("by_course", [])
            ]
        )
        # As tall as the rows need, so what follows the figures (remark, buttons) stays close.
        rows = max(self.platforms.rowCount(), self.courses.rowCount())
        for table in (self.platform_table, self.course_table):
            table.setFixedHeight(_rows_height(table, rows))

    def shown(self) -> dict[str, int]:
        """The headline numbers as displayed (for checking against the services)."""
        return {key: int(label.text()) for key, label in self.numbers.items()}


def status_line(report: WeekReport) -> str:
    """状态：已提交（11月23日 14:00），待同步 — the state, when it was submitted, whether it has
    left this laptop yet."""
    text = QCoreApplication.translate("WeekReportTab", "Status: {state}").format(
        state=report_state(report.status)
    )
    if report.submitted_at is not None and report.status != "not_started":
        local = report.submitted_at.replace(tzinfo=dt.UTC).astimezone(VILLAGE_TIME)
        text += " " + QCoreApplication.translate("WeekReportTab", "(submitted {when})").format(
            when=fmt.date_time(local)
        )
    if report.pending and report.status != "not_started":
        text += " · " + QCoreApplication.translate("WeekReportTab", "waiting to sync")
    return text


class WeekReportTab(RefreshWhenShown, QWidget):
    """This site's weekly report: choose the week, check the figures, remark, submit."""

    def __init__(self, store: Store, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.monday = default_week(store.today())
        self.report: WeekReport | None = None
        self._remark_week: dt.date | None = None

        self.previous_button = QPushButton(self.tr("◀ Previous week"))
        self.this_week_button = QPushButton(self.tr("This week"))
        self.next_button = QPushButton(self.tr("Next week ▶"))
        self.title = QLabel()
        self.title.setObjectName("report_week_title")
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.title.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("report_status")
        self.status.setStyleSheet("font-weight: bold;")

        self.comment = Notice("review_comment")
        self.locked = Notice("report_locked")
        self.deferred = Notice("report_deferred")
        self.figures = FiguresView()

        self.remark = QPlainTextEdit()
        self.remark.setObjectName("report_remark")
        self.remark.setPlaceholderText(
            self.tr("Anything the town should know about this week (optional)")
        )
        self.remark.setMaximumHeight(80)
        self.submit_button = QPushButton()
        self.submit_button.setObjectName("submit_week")
        self.submit_button.setDefault(True)
        self.feedback = QLabel()
        self.feedback.setObjectName("report_feedback")
        self.feedback.setWordWrap(True)

        # A row that wraps rather than widens the window: see FlowLayout.
        nav = FlowLayout()
        nav.addWidget(self.previous_button)
        nav.addWidget(self.this_week_button)
        nav.addWidget(self.next_button)
        nav.addWidget(self.title)
        nav.addWidget(self.status)
        actions = QHBoxLayout()
        actions.addWidget(self.submit_button)
        actions.addWidget(self.feedback, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(nav)
        layout.addWidget(self.figures)
        layout.addWidget(QLabel(self.tr("Remark")))
        layout.addWidget(self.remark)
        layout.addLayout(actions)
        # After the button, before the stretch: a notice that a sync brings moves nothing.
        layout.addWidget(self.comment)
        layout.addWidget(self.locked)
        layout.addWidget(self.deferred)
        layout.addStretch(1)

        self.previous_button.clicked.connect(lambda: self.show_week(self.monday - dt.timedelta(7)))
        self.next_button.clicked.connect(lambda: self.show_week(self.monday + dt.timedelta(7)))
        self.this_week_button.clicked.connect(
            lambda: self.show_week(week_start(self.store.today()))
        )
        self.submit_button.clicked.connect(self.submit)
        hub.changed.connect(self._on_changed)
        self.reload()

    def show_week(self, monday: dt.date) -> None:
        self.monday = week_start(monday)
        self.feedback.clear()
        self.reload()

    def reload(self) -> None:
        """Read the week's report again; a remark being typed is kept."""
        report = week_report(self.store, self.monday)
        self.report = report
        this_week = week_start(self.store.today())
        self.title.setText(fmt.week_title(self.monday))
        self.status.setText(status_line(report))
        self.this_week_button.setEnabled(self.monday != this_week)
        # A week cannot be submitted before it begins, so there is nothing to see after this one.
        self.next_button.setEnabled(self.monday < this_week)
        self.figures.show_figures(report.figures)
        self._show_notices(report)
        if self._remark_week != self.monday or not self.remark.document().isModified():
            self.remark.setPlainText(report.remark)
            self.remark.document().setModified(False)
            self._remark_week = self.monday
        self.remark.setReadOnly(report.locked)
        self.submit_button.setText(self._submit_text(report))
        self.submit_button.setEnabled(not report.locked)

    def _show_notices(self, report: WeekReport) -> None:
        if report.status == "returned":
            self.comment.say(
                self.tr("Returned by the town: {comment}").format(comment=report.review_comment)
                + "\n"
                + self.tr("Correct the records of this week, then submit it again."),
                "warning",
                bold=True,
            )
        elif report.review_comment:
            self.comment.say(
                self.tr("The town's comment: {comment}").format(comment=report.review_comment),
                "done" if report.locked else "warning",
            )
        else:
            self.comment.say("")
        self.locked.say(
            self.tr(
                "Approved — locked. The town approved this week: its sessions and sign-ins can no "
                "longer be changed. If something must be corrected, ask the town to reopen it."
            )
            if report.locked
            else "",
            "locked",
            bold=True,
        )
        reason = ""
        if report.pending and report.status == "submitted":
            key = ("weekly_reports", weekly_report_id(report.site_id, report.week_start).hex)
            reason = deferrals(self.store).get(key, "")
        self.deferred.say(
            self.tr(
                "The district has not taken this report yet; it waits on this computer and is sent "
                "again with the next sync. The district's reason: {reason}"
            ).format(reason=reason)
            if reason
            else ""
        )

    def _submit_text(self, report: WeekReport) -> str:
        if report.locked:
            return self.tr("Approved — locked")
        again = report.status in ("returned", "submitted")
        if report.no_activity:
            if again:
                return self.tr("Submit again as “no activity”")
            return self.tr("Submit as “no activity”")
        if report.status == "returned":
            return self.tr("Resubmit")
        if report.status == "submitted":
            return self.tr("Submit again")
        return self.tr("Submit")

    def submit(self) -> bool:
        """Freeze the figures into the report and send it up with the next sync; False (with the
        reason in words) when the services refuse."""
        try:
            report, changes = submit_week(self.store, self.monday, self.remark.toPlainText())
        except ServiceError as exc:
            self._say(render(exc.message), error=True)
            return False
        self.remark.document().setModified(False)
        self.hub.publish(changes)
        self.reload()
        if report.no_activity:
            self._say(
                self.tr("Submitted as “no activity”. It goes to the town with the next sync.")
            )
        else:
            self._say(self.tr("Submitted. It goes to the town with the next sync."))
        return True

    def _say(self, text: str, error: bool = False) -> None:
        self.feedback.setStyleSheet(ERROR_STYLE if error else "color: #1a5e20; font-weight: bold;")
        self.feedback.setText(text)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*TABLES):
            self.refresh()
