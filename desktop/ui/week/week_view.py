"""The week at a glance: the sessions of one ISO week with their person-times, and the buttons to
move between weeks, to copy the week before into it (复制上周), to add, edit or delete a session, to
print its sign-in sheet and to keep its photos.

A week the town has approved is locked: a notice says so and the buttons that would change it are
off, so nobody fills in a form only to be refused."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QPoint, Signal
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QPushButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from desktop.changes import Changes
from desktop.services.common import week_start
from desktop.services.errors import ServiceError
from desktop.services.reports.week_views import own_week_locked
from desktop.services.week import sessions as session_service
from desktop.services.week.sessions import CopiedWeek, SessionSummary
from desktop.services.week.stats import week_figures
from desktop.ui import formatting as fmt
from desktop.ui.events import Hub
from desktop.ui.forms import render
from desktop.ui.models import WeekSessionsModel
from desktop.ui.tables import record_table, selected_record
from desktop.ui.week.dialogs import SessionDialog
from desktop.ui.week.photos_dialog import PhotosButton
from desktop.ui.week.sign_in_sheet import SignInSheetButton
from desktop.ui.widgets import FlowLayout, Notice

if TYPE_CHECKING:
    from desktop.storage.store import Store

# A change to any of these can change what a week row shows.
_TABLES = ("sessions", "attendance", "attachments", "courses", "teachers", "weekly_reports")


class WeekView(QWidget):
    """Sessions of the week shown; emits ``session_selected`` with the chosen session or None."""

    session_selected = Signal(object)
    # A session was recorded or changed through its form (the saved :class:`SessionSummary`):
    # signing people in comes next.
    session_saved = Signal(object)
    # Last week was copied into the week shown: the :class:`CopiedWeek` (whose ``created`` ids are
    # all it wrote) and the sentence that says so.
    week_copied = Signal(object, str)

    def __init__(self, store: Store, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.monday = week_start(self.store.today())
        self.model = WeekSessionsModel(self)

        self.previous_button = QPushButton(self.tr("◀ Previous week"))
        self.this_week_button = QPushButton(self.tr("This week"))
        self.next_button = QPushButton(self.tr("Next week ▶"))
        self.title = QLabel()
        self.title.setObjectName("week_title")
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.title.setWordWrap(True)
        self.new_button = QPushButton(self.tr("New session…"))
        self.copy_button = QPushButton(self.tr("Copy last week"))
        self.copy_button.setObjectName("copy_last_week")
        self.copy_button.setToolTip(
            self.tr(
                "Copy the sessions of the week before into this week: course, day, time, place "
                "and teacher, without sign-ins. Sessions this week already has are not copied "
                "again."
            )
        )
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.sheet_button = SignInSheetButton(store)
        self.photos_button = PhotosButton(store, hub)
        self.totals = QLabel()
        self.totals.setObjectName("week_totals")
        self.totals.setWordWrap(True)
        self.locked = Notice("week_locked")
        self.is_locked = False

        self.table = record_table(self.model, WeekSessionsModel.COL_COURSE)
        self.table.setObjectName("week_sessions")

        # Rows that wrap rather than widen the window: see FlowLayout.
        nav = FlowLayout()
        nav.addWidget(self.previous_button)
        nav.addWidget(self.this_week_button)
        nav.addWidget(self.next_button)
        nav.addWidget(self.title)
        actions = FlowLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.copy_button)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.delete_button)
        actions.addWidget(self.sheet_button)
        actions.addWidget(self.photos_button)
        actions.addWidget(self.totals)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(nav)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        # Beneath the table: the notice takes its room from the table's end, so a week approved by
        # a sync moves no row under the mouse.
        layout.addWidget(self.locked)

        self.previous_button.clicked.connect(lambda: self.show_week(self.monday - dt.timedelta(7)))
        self.next_button.clicked.connect(lambda: self.show_week(self.monday + dt.timedelta(7)))
        self.this_week_button.clicked.connect(
            lambda: self.show_week(week_start(self.store.today()))
        )
        self.new_button.clicked.connect(self.new_session)
        self.copy_button.clicked.connect(self.copy_last_week)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        hub.changed.connect(self._on_changed)
        self.reload()

    # -- showing ---------------------------------------------------------------------------------

    def show_week(self, monday: dt.date) -> None:
        self.monday = week_start(monday)
        self.reload()
        self.table.clearSelection()
        self._selection_changed()

    def reload(self) -> None:
        """Fetch the week again, keeping the selected session selected."""
        selected = self.selected_session()
        self.model.set_records(session_service.sessions_in_week(self.store, self.monday))
        self.title.setText(fmt.week_title(self.monday))
        figures = week_figures(self.store, self.monday)
        self.totals.setText(
            self.tr(
                "Total: {sessions} sessions · {person_times} person-times · {reach} people"
            ).format(
                sessions=figures.sessions,
                person_times=figures.person_times,
                reach=figures.reach,
            )
        )
        self.this_week_button.setEnabled(self.monday != week_start(self.store.today()))
        self.is_locked = own_week_locked(self.store, self.monday)
        self.locked.say(
            self.tr(
                "Approved — locked: the town approved this week, so its sessions and sign-ins "
                "cannot be changed. Ask the town to reopen it to correct something."
            )
            if self.is_locked
            else "",
            "locked",
            bold=True,
        )
        # A model reset drops the selection without a signal: restore it, or say it is gone.
        if selected is not None and not self.select_session(selected.id):
            self.session_selected.emit(None)
        self._update_buttons()

    def selected_session(self) -> SessionSummary | None:
        return selected_record(self.table)

    def select_session(self, session_id: uuid.UUID) -> bool:
        """Select the row of ``session_id`` (which tells the attendance panel); False if not shown."""
        row = self.model.row_of(session_id)
        if row < 0:
            return False
        self.table.selectionModel().select(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _selection_changed(self, *_args: object) -> None:
        self._update_buttons()
        self.session_selected.emit(self.selected_session())

    def _update_buttons(self) -> None:
        session = self.selected_session()
        self.new_button.setEnabled(not self.is_locked)
        self.copy_button.setEnabled(not self.is_locked)
        self.edit_button.setEnabled(session is not None and not self.is_locked)
        self.delete_button.setEnabled(session is not None and not self.is_locked)
        self.sheet_button.set_session(session.id if session is not None else None)
        self.photos_button.set_session(session)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*_TABLES):
            self.reload()

    # -- actions ---------------------------------------------------------------------------------

    def new_session(self) -> None:
        today = self.store.today()
        # Default to today when looking at this week, else to the Monday of the week on screen.
        day = today if week_start(today) == self.monday else self.monday
        dialog = SessionDialog(self.store, self.hub, day=day, parent=self)
        if dialog.exec() and dialog.saved is not None:
            self.show_week(dialog.saved.starts_at.date())
            self.select_session(dialog.saved.id)
            self.session_saved.emit(dialog.saved)

    def edit_selected(self) -> None:
        session = self.selected_session()
        if session is None or self.is_locked:
            return
        dialog = SessionDialog(self.store, self.hub, session=session, parent=self)
        if dialog.exec() and dialog.saved is not None:
            if week_start(dialog.saved.starts_at.date()) != self.monday:
                self.show_week(dialog.saved.starts_at.date())
            self.select_session(dialog.saved.id)
            self.session_saved.emit(dialog.saved)

    def copy_last_week(self) -> CopiedWeek | None:
        """Copy the week before into the week shown, and say what was copied under the button (a
        line of its own would push the list down, or crowd the totals off the row); None when
        refused, with the sentence that says why."""
        try:
            copied = session_service.copy_last_week(self.store, self.monday)
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("Copy last week"), render(exc.message))
            return None
        if copied.created:
            said = self.tr("Copied {n} sessions from last week, without sign-ins.")
        elif copied.already:
            said = self.tr("Nothing to copy: this week has last week's sessions already.")
        else:
            said = self.tr("Nothing to copy: last week has no sessions.")
        said = said.format(n=len(copied.created))
        below = self.copy_button.mapToGlobal(QPoint(0, self.copy_button.height()))
        QToolTip.showText(below, said, self.copy_button)
        self.hub.publish(copied.changes)
        self.week_copied.emit(copied, said)
        return copied

    def delete_selected(self) -> None:
        session = self.selected_session()
        if session is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete session"),
            self.tr("Delete the session “{course}” on {date} and its sign-in list?").format(
                course=session.course_title, date=fmt.weekday_date(session.starts_at.date())
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            record = session_service.delete_session(self.store, session.id)
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("Delete session"), render(exc.message))
            return
        self.hub.publish(record.changes)
        self.hub.offer_undo(
            record,
            self.tr("Deleted the session “{course}” on {date}.").format(
                course=session.course_title, date=fmt.weekday_date(session.starts_at.date())
            ),
        )
