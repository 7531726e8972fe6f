"""The town's pending inbox (待办): one row per village, the villages that need a phone call on top,
and the review of a village's weekly report below.

Everything comes from what this laptop last synced (``desktop.services.reports.inbox``), so it works offline;
the line above the list says how old that picture is. The list sorts by any column and returns to the
services' order (calls first) with one button. Choosing a village shows its week the way the village
saw it when it submitted — figures, remark — with Approve, Return (a comment is required, so the
village knows what to change) and Reopen, and the sessions behind the figures: double-click one to
see who was signed in. Nothing here edits a village's records. A line under the list names the
villages' sync bundles this laptop carries (what each holds) and the answers waiting for them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.vocabulary import in_village_time
from desktop.changes import Changes
from desktop.services.common import week_start
from desktop.services.errors import ServiceError
from desktop.services.reports.inbox import InboxRow, pending_inbox
from desktop.services.reports.week_views import (
    session_attendees,
    site_sessions_in_week,
    week_to_review,
)
from desktop.services.reports.weekly_reports import (
    WeekReport,
    approve_week,
    reopen_week,
    return_week,
    week_report,
)
from desktop.services.week.sessions import SessionSummary
from desktop.sync.bundles import CARRIED, RETURNS, kept
from desktop.sync.status import sync_status
from desktop.ui import formatting as fmt
from desktop.ui.display import resize_within_screen
from desktop.ui.events import Hub
from desktop.ui.forms import ERROR_STYLE, render
from desktop.ui.models import ID_ROLE, RecordModel, WeekSessionsModel
from desktop.ui.reports.week_report_tab import (
    TABLES,
    FiguresView,
    RowsModel,
    report_state,
    status_line,
)
from desktop.ui.tables import RefreshWhenShown, record_table, selected_record
from desktop.ui.widgets import Notice

if TYPE_CHECKING:
    from desktop.storage.store import Store

# What the inbox counts besides the reports' tables: contacts and escalated requests.
_INBOX_TABLES = (*TABLES, "site_activity", "sites")
_CALL_BRUSH = QBrush(QColor("#fde8d7"))
_LATE_BRUSH = QBrush(QColor("#c0392b"))
#: Report states in the order "most to do" → "done", for sorting that column.
_STATE_ORDER = {"not_started": 0, "draft": 1, "returned": 2, "submitted": 3, "approved": 4}


def _local(moment: dt.datetime) -> dt.datetime:
    """A stored UTC time (naive or aware) as village wall-clock time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return in_village_time(moment)


def _absolute(moment: dt.datetime) -> str:
    local = _local(moment)
    return f"{fmt.long_date(local.date())} {fmt.clock_time(local)}"


class InboxModel(RecordModel):
    """The inbox rows in the services' order; :data:`SORT_ROLE` gives each cell a value to sort by."""

    COL_NAME, COL_LAST_SYNC, COL_WAITING, COL_WEEK, COL_OVERDUE, COL_ESCALATED = range(6)
    HEADERS = ("name", "last_sync", "waiting", "week", "overdue", "escalated")
    SORT_ROLE = Qt.ItemDataRole.UserRole + 2
    ID_ROLE = ID_ROLE

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._now = dt.datetime.now(dt.UTC)

    def set_rows(self, rows: list[InboxRow], now: dt.datetime) -> None:
        moved, self._now = now != self._now, now
        self.set_records(rows)
        if moved:
            self.cells_changed()

    def _record_id(self, record: InboxRow) -> uuid.UUID:
        return record.site_id

    def _header(self, section: int) -> str:
        return (
            self.tr("Village"),
            self.tr("Last sync"),
            self.tr("Waiting to sync"),
            self.tr("This week's report"),
            self.tr("Weeks overdue"),
            self.tr("Escalated to the town"),
        )[section]

    def _header_tip(self, section: int) -> str | None:
        return (
            None,
            self.tr("The village's last successful sync with the district"),
            self.tr("Changes still waiting on the village's computer at that sync"),
            None,
            self.tr("Past weeks whose report has not been submitted"),
            self.tr("Open requests the village passed to the town to organise"),
        )[section]

    def _cell(self, r: InboxRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, column)
        if role == self.SORT_ROLE:
            return self._sort_value(r, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COL_LAST_SYNC and r.last_sync is not None:
                return _absolute(r.last_sync)
            if column == self.COL_NAME and r.needs_call:
                return self.call_reason(r)
        if role == Qt.ItemDataRole.BackgroundRole and r.needs_call:
            return _CALL_BRUSH
        if role == Qt.ItemDataRole.FontRole and r.needs_call and column == self.COL_NAME:
            font = QFont()
            font.setBold(True)
            return font
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column == self.COL_OVERDUE
            and r.weeks_overdue
        ):
            return _LATE_BRUSH
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            self.COL_WAITING,
            self.COL_OVERDUE,
            self.COL_ESCALATED,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, r: InboxRow, column: int) -> Any:
        if column == self.COL_NAME:
            return r.name
        if column == self.COL_LAST_SYNC:
            return fmt.ago(r.last_sync, self._now) if r.last_sync is not None else self.tr("Never")
        if column == self.COL_WAITING:
            return r.waiting
        if column == self.COL_WEEK:
            return report_state(r.week_status)
        if column == self.COL_OVERDUE:
            return r.weeks_overdue
        return r.escalated

    def _sort_value(self, r: InboxRow, column: int) -> Any:
        if column == self.COL_NAME:
            return r.name
        if column == self.COL_LAST_SYNC:
            # Never synced sorts as the oldest contact of all.
            return _local(r.last_sync).timestamp() if r.last_sync is not None else -1.0
        if column == self.COL_WEEK:
            return _STATE_ORDER.get(r.week_status, -1)
        return self._text(r, column)

    def call_reason(self, r: InboxRow) -> str:
        """Why this village is worth a phone call, in words."""
        reasons = []
        if r.weeks_overdue:
            reasons.append(self.tr("{n} weeks' reports overdue").format(n=r.weeks_overdue))
        if r.last_sync is None:
            reasons.append(self.tr("never synced"))
        elif not r.weeks_overdue:
            reasons.append(self.tr("no sync for {ago}").format(ago=fmt.ago(r.last_sync, self._now)))
        return self.tr("Needs a call: {reasons}").format(reasons=self.tr(", ").join(reasons))


class CommentDialog(QDialog):
    """Asks for the comment that goes back to the village with a return or a reopen. ``action``
    receives the text and returns an error sentence, or None when it is done; the dialog stays
    open on an error, with the sentence under the box."""

    def __init__(
        self,
        title: str,
        prompt: str,
        action: Callable[[str], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._action = action
        self.prompt = QLabel(prompt)
        self.prompt.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("review_comment_text")
        self.error = QLabel()
        self.error.setObjectName("review_comment_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(title)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        resize_within_screen(self, 460, 260)

    def accept(self) -> None:
        problem = self._action(self.text.toPlainText())
        if problem:
            self.error.setText(problem)
            self.error.show()
            self.text.setFocus()
            return
        super().accept()


class AttendeesDialog(QDialog):
    """Who was signed in at one of the village's sessions: a read-only list."""

    def __init__(
        self, store: Store, session: SessionSummary, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(session.course_title)
        people = session_attendees(store, session.id)
        heading = QLabel(
            f"{session.course_title} · {fmt.weekday_date(session.starts_at.date())} "
            f"{fmt.time_range(session.starts_at, session.ends_at)}"
        )
        heading.setStyleSheet("font-weight: bold;")
        heading.setWordWrap(True)
        if session.headcount_only:
            summary = self.tr(
                "A headcount session: {n} person-times; {named} of the people were named."
            ).format(n=session.person_times, named=len(people))
        else:
            summary = self.tr("{n} people signed in.").format(n=len(people))
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.people = RowsModel(
            (self.tr("Name"), self.tr("Village group"), self.tr("Household")), self
        )
        self.people.set_rows([(p.name, p.village_group, p.household) for p in people])
        table = record_table(self.people, 0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        resize_within_screen(self, 480, 520)


class ReviewPanel(QWidget):
    """One village's week as it was submitted, the review buttons, and the sessions behind it."""

    def __init__(self, store: Store, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.village: InboxRow | None = None
        self.monday = week_start(store.today())
        self.report: WeekReport | None = None

        self.placeholder = QLabel(self.tr("Choose a village to review its weekly report."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel()
        self.title.setObjectName("review_title")
        self.title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.previous_button = QPushButton(self.tr("◀ Previous week"))
        self.next_button = QPushButton(self.tr("Next week ▶"))
        self.status = QLabel()
        self.status.setObjectName("review_status")
        self.status.setStyleSheet("font-weight: bold;")
        self.remark = Notice("village_remark")
        self.comment = Notice("review_given")
        self.figures = FiguresView()
        self.approve_button = QPushButton(self.tr("Approve"))
        self.approve_button.setObjectName("approve_week")
        self.approve_button.setToolTip(
            self.tr("Accept the week; it is locked until the town reopens it.")
        )
        self.return_button = QPushButton(self.tr("Return…"))
        self.return_button.setObjectName("return_week")
        self.reopen_button = QPushButton(self.tr("Reopen…"))
        self.reopen_button.setObjectName("reopen_week")
        self.feedback = QLabel()
        self.feedback.setObjectName("review_feedback")
        self.feedback.setWordWrap(True)
        self.sessions = WeekSessionsModel(self)
        self.session_table = record_table(self.sessions, WeekSessionsModel.COL_COURSE)
        self.session_table.hideColumn(WeekSessionsModel.COL_SYNC)
        self.session_table.setToolTip(self.tr("Double-click a session to see who was signed in."))
        self.sessions_label = QLabel()

        nav = QHBoxLayout()
        nav.addWidget(self.title, 1)
        nav.addWidget(self.previous_button)
        nav.addWidget(self.next_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.return_button)
        buttons.addWidget(self.reopen_button)
        buttons.addWidget(self.feedback, 1)
        left = QVBoxLayout()
        left.addWidget(self.status)
        left.addWidget(self.figures)
        left.addLayout(buttons)
        # After the buttons, before the stretch: 通过 and 退回 stay put whatever a week says.
        left.addWidget(self.comment)
        left.addWidget(self.remark)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.sessions_label)
        right.addWidget(self.session_table, 1)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(nav)
        column.addLayout(body, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.placeholder)
        self.pages.addWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

        self.previous_button.clicked.connect(lambda: self.show_week(self.monday - dt.timedelta(7)))
        self.next_button.clicked.connect(lambda: self.show_week(self.monday + dt.timedelta(7)))
        self.approve_button.clicked.connect(self.approve)
        self.return_button.clicked.connect(lambda: self.comment_dialog("return").exec())
        self.reopen_button.clicked.connect(lambda: self.comment_dialog("reopen").exec())
        self.session_table.doubleClicked.connect(lambda _index: self.open_session())

    def show_village(self, village: InboxRow | None) -> None:
        """Show ``village``'s week waiting for review (or the week that is due); None: the hint."""
        changed = village is None or self.village is None or village.site_id != self.village.site_id
        self.village = village
        if village is None:
            self.pages.setCurrentIndex(0)
            return
        self.pages.setCurrentIndex(1)
        if changed:
            self.feedback.clear()
            self.monday = week_to_review(self.store, village.site_id, self.store.today())
        self.reload()

    def show_week(self, monday: dt.date) -> None:
        self.monday = week_start(monday)
        self.feedback.clear()
        self.reload()

    def reload(self) -> None:
        village = self.village
        if village is None:
            return
        report = week_report(self.store, self.monday, village.site_id)
        self.report = report
        self.title.setText(f"{village.name} · {fmt.week_title(self.monday)}")
        self.next_button.setEnabled(self.monday < week_start(self.store.today()))
        self.status.setText(status_line(report))
        self.remark.say(
            self.tr("The village's remark: {remark}").format(remark=report.remark)
            if report.remark
            else "",
            "done",
        )
        if report.status == "returned":
            self.comment.say(
                self.tr("Returned with: {comment}").format(comment=report.review_comment)
            )
        elif report.review_comment:
            self.comment.say(
                self.tr("Earlier comment: {comment}").format(comment=report.review_comment),
                "locked",
            )
        else:
            self.comment.say("")
        if report.no_activity and report.status in ("submitted", "approved"):
            self.status.setText(status_line(report) + " · " + self.tr("submitted as “no activity”"))
        self.figures.show_figures(report.figures)
        self.approve_button.setEnabled(report.status == "submitted")
        self.return_button.setEnabled(report.status == "submitted")
        self.reopen_button.setEnabled(report.status == "approved")
        sessions = site_sessions_in_week(self.store, village.site_id, self.monday)
        self.sessions.set_records(sessions)
        self.sessions_label.setText(
            self.tr("Sessions of this week ({n}); double-click one to see who came").format(
                n=len(sessions)
            )
        )

    # -- review actions --------------------------------------------------------------------------

    def approve(self) -> bool:
        """Approve the week shown; the week is locked from now on. False (with words) if refused."""
        if self.village is None:
            return False
        try:
            _, changes = approve_week(self.store, self.village.site_id, self.monday)
        except ServiceError as exc:
            self._say(render(exc.message), error=True)
            return False
        self._done(
            changes,
            self.tr("Approved: the week is locked. It goes to the village with the next sync."),
        )
        return True

    def return_week(self, comment: str) -> str | None:
        """Send the week back with ``comment``; the refusal in words, or None when done."""
        return self._review(
            return_week, comment, self.tr("Returned to the village with your comment.")
        )

    def reopen_week(self, comment: str) -> str | None:
        """Unlock an approved week so the village can correct it; the refusal in words, or None."""
        return self._review(
            reopen_week,
            comment,
            self.tr("Reopened: the village can correct the week and resubmit."),
        )

    def _review(self, action: Callable[..., Any], comment: str, done: str) -> str | None:
        if self.village is None:
            return None
        try:
            _, changes = action(self.store, self.village.site_id, self.monday, comment)
        except ServiceError as exc:
            problem = render(exc.message)
            self._say(problem, error=True)
            return problem
        self._done(changes, done)
        return None

    def comment_dialog(self, kind: str) -> CommentDialog:
        """The dialog that asks for the comment of a return ("return") or a reopen ("reopen")."""
        if kind == "return":
            return CommentDialog(
                self.tr("Return to the village"),
                self.tr("What needs correcting? The village sees this with the returned week."),
                self.return_week,
                self,
            )
        return CommentDialog(
            self.tr("Reopen the week"),
            self.tr("Why is the week reopened? The village sees this with the reopened week."),
            self.reopen_week,
            self,
        )

    def _done(self, changes: Changes, sentence: str) -> None:
        self.hub.publish(changes)
        self.reload()
        self._say(sentence)

    def _say(self, text: str, error: bool = False) -> None:
        self.feedback.setStyleSheet(ERROR_STYLE if error else "color: #1a5e20; font-weight: bold;")
        self.feedback.setText(text)

    def open_session(self) -> None:
        session = selected_record(self.session_table)
        if session is not None:
            self.attendees_dialog(session).exec()

    def attendees_dialog(self, session: SessionSummary) -> AttendeesDialog:
        return AttendeesDialog(self.store, session, self)


class InboxTab(RefreshWhenShown, QWidget):
    """The villages below this laptop's site, worst first, and the review of the chosen one."""

    def __init__(self, store: Store, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.model = InboxModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(InboxModel.SORT_ROLE)
        self.proxy.setSortLocaleAware(True)

        self.age = QLabel()
        self.age.setObjectName("inbox_age")
        self.age.setStyleSheet("color: #555555;")
        self.default_order_button = QPushButton(self.tr("Calls first"))
        self.default_order_button.setToolTip(
            self.tr("Back to the usual order: the villages that need a phone call on top")
        )
        self.table = record_table(self.proxy, InboxModel.COL_NAME)
        header = self.table.horizontalHeader()
        # No column chosen: the services' order, which puts the calls to make first.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.review = ReviewPanel(store, hub)
        self.carried = QLabel()
        self.carried.setObjectName("inbox_carried")
        self.carried.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.age, 1)
        top.addWidget(self.default_order_button)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addWidget(self.carried)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(self.review)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        # Room for a small town's villages without scrolling; the review gets the rest.
        self.splitter.setSizes([340, 420])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.default_order_button.clicked.connect(self.default_order)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        hub.changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        """Read the inbox again, keeping the chosen village chosen."""
        chosen = self.selected_village()
        now = self.store.trusted_now()
        self.model.set_rows(pending_inbox(self.store, self.store.today()), now)
        self.age.setText(self.age_text())
        self.carried.setText(self.carried_text())
        self.carried.setVisible(bool(self.carried.text()))
        if chosen is not None and (row := self.model.row_of(chosen.site_id)) >= 0:
            self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
        self._selection_changed()

    def age_text(self) -> str:
        """数据截至 11月25日 14:30（上次同步）: the list is only as fresh as the last sync."""
        last = sync_status(self.store).last_success
        if last is None:
            return self.tr("Not synced yet: the list shows only what this computer holds.")
        local = _local(last)
        return self.tr("Data as of {when} (last sync)").format(when=fmt.date_time(local))

    def carried_text(self) -> str:
        """The villages' sync bundles this laptop carries, and what each holds (sessions, marks,
        weekly reports), then the district's answers waiting to be written out for them."""
        lines = []
        for bundle in kept(self.store, CARRIED):
            reports = "".join(
                self.tr("; weekly report of {week}: {status}").format(
                    week=fmt.short_date(dt.date.fromisoformat(week)),
                    status=fmt.label(fmt.STATUSES, status),
                )
                for week, status in bundle.reports
            )
            lines.append(
                self.tr(
                    "Sync bundle from {site}: {sessions} sessions, {marks} attendance marks"
                    "{reports}. It goes to the district at the next sync."
                ).format(
                    site=bundle.site_name,
                    sessions=bundle.sessions,
                    marks=bundle.marks,
                    reports=reports,
                )
            )
        for bundle in kept(self.store, RETURNS):
            lines.append(
                self.tr(
                    "The district's answer for {site} is waiting: write it to the USB stick with "
                    "File → Export sync bundle…"
                ).format(site=bundle.site_name)
            )
        return "\n".join(lines)

    def default_order(self) -> None:
        """Back to the services' order: the villages needing a call first."""
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)

    def selected_village(self) -> InboxRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.record_at(self.proxy.mapToSource(rows[0]).row())

    def select_village(self, site_id: uuid.UUID) -> bool:
        row = self.model.row_of(site_id)
        if row < 0:
            return False
        self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
        return True

    def shown_names(self) -> list[str]:
        """The village names in the order the list shows them."""
        return [
            self.proxy.index(r, InboxModel.COL_NAME).data() for r in range(self.proxy.rowCount())
        ]

    def _selection_changed(self, *_args: object) -> None:
        self.review.show_village(self.selected_village())

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*_INBOX_TABLES):
            self.refresh()
