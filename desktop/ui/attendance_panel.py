"""Taking attendance (签到) for the selected session: the roster with check boxes, a search box that
finds people by name, pinyin or initials (Enter signs in the first match), and an inline "new
resident" for someone who is not on the register yet. Person-times update as boxes are ticked."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services import attendance as attendance_service
from desktop.services import sessions as session_service
from desktop.services.errors import NotFound, ServiceError
from desktop.services.residents import search_residents
from desktop.services.sessions import SessionSummary
from desktop.storage.store import Changes, Store
from desktop.ui import formatting as fmt
from desktop.ui.dialogs import ResidentDialog
from desktop.ui.events import Hub
from desktop.ui.forms import ERROR_STYLE, render
from desktop.ui.models import ID_ROLE, RosterFilter, RosterModel
from desktop.ui.tables import record_table

_TABLES = ("attendance", "residents", "sessions", "courses", "teachers")
# Enough to cover any one village's register; the roster filter only needs the matching ids.
_SEARCH_LIMIT = 5000


class AttendancePanel(QWidget):
    """The sign-in sheet of one session."""

    def __init__(self, store: Store, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.session: SessionSummary | None = None
        self.model = RosterModel(self._mark, self)
        self.filter = RosterFilter(self)
        self.filter.setSourceModel(self.model)

        self.placeholder = QLabel(self.tr("Choose a session to take attendance."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)

        self.heading = QLabel()
        self.heading.setObjectName("session_heading")
        self.heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.heading.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.person_times = QLabel()
        self.person_times.setObjectName("person_times")
        self.person_times.setStyleSheet("font-size: 15pt; font-weight: bold; color: #1a5e20;")
        self.headcount_note = QLabel()
        self.headcount_note.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setObjectName("roster_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Name, pinyin or initials; Enter signs in"))
        self.add_button = QPushButton(self.tr("New resident…"))
        self.add_button.setToolTip(
            self.tr("Someone who is not on the register yet: add them and sign them in.")
        )
        self.feedback = QLabel()
        self.feedback.setObjectName("roster_feedback")
        self.feedback.setWordWrap(True)
        self.table = record_table(self.filter, RosterModel.COL_HOUSEHOLD, single=False)

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.person_times, 0, Qt.AlignmentFlag.AlignTop)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.add_button)
        self.sheet = QWidget()
        sheet = QVBoxLayout(self.sheet)
        sheet.setContentsMargins(0, 0, 0, 0)
        sheet.addLayout(search_row)
        sheet.addWidget(self.feedback)
        sheet.addWidget(self.table, 1)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.details)
        layout.addWidget(self.headcount_note)
        layout.addWidget(self.sheet, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.placeholder)
        self.pages.addWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

        self.search.textChanged.connect(self._apply_search)
        self.search.returnPressed.connect(self.sign_in_first_match)
        self.add_button.clicked.connect(self.add_resident)
        hub.changed.connect(self._on_changed)
        self.show_session(None)

    # -- showing ---------------------------------------------------------------------------------

    def show_session(self, session: SessionSummary | None) -> None:
        """Show ``session``'s sheet (None: the hint to pick one). The same session again refreshes
        it in place, keeping the search and the row order."""
        same = session is not None and self.session is not None and session.id == self.session.id
        self.session = session
        if session is None:
            self.model.set_records([])
            self.pages.setCurrentIndex(0)
            return
        if not same:
            self.search.clear()
            self._say("")
        self.pages.setCurrentIndex(1)
        self._show_header(session)
        headcount_only = session.headcount_only
        self.sheet.setVisible(not headcount_only)
        self.headcount_note.setVisible(headcount_only)
        if headcount_only:
            self.model.set_records([])
            return
        self.model.set_records(attendance_service.roster(self.store, session.id), keep_order=same)
        self._apply_search(self.search.text())

    def refresh(self) -> None:
        """Read the session again (it may have been edited, deleted or synced)."""
        if self.session is None:
            return
        try:
            session = session_service.get_session(self.store, self.session.id)
        except NotFound:
            self.show_session(None)
            return
        self.show_session(session)

    def _show_header(self, s: SessionSummary) -> None:
        self.heading.setText(f"{s.course_title}：{s.topic}" if s.topic else s.course_title)
        parts = [
            fmt.weekday_date(s.starts_at.date()),
            fmt.time_range(s.starts_at, s.ends_at),
        ]
        parts += [p for p in (s.place, s.teacher_name) if p]
        self.details.setText(" · ".join(parts))
        self.person_times.setText(self.tr("{n} person-times").format(n=s.person_times))
        self.headcount_note.setText(
            self.tr(
                "This session records a headcount only ({n} people), without a sign-in list. "
                "Edit the session to change that."
            ).format(n=s.headcount or 0)
        )

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*_TABLES):
            self.refresh()

    # -- searching and signing in ----------------------------------------------------------------

    def _apply_search(self, text: str) -> None:
        query = text.strip()
        if not query:
            self.filter.set_matches(None)
            self.table.clearSelection()
            return
        found = search_residents(self.store, query, limit=_SEARCH_LIMIT)
        self.filter.set_matches({r.id for r in found})
        # Highlight whom Enter would sign in, so nobody is signed in unseen.
        row = self._first_match_row()
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.filter.index(row, 0))
        else:
            self.table.clearSelection()

    def _first_match_row(self) -> int:
        """Row (in the filtered view) of the first match not yet signed in, else of the first
        match; -1 when the search shows no one."""
        for row in range(self.filter.rowCount()):
            state = self.filter.index(row, RosterModel.COL_NAME).data(
                Qt.ItemDataRole.CheckStateRole
            )
            if state != Qt.CheckState.Checked:
                return row
        return 0 if self.filter.rowCount() else -1

    def first_match(self) -> tuple[uuid.UUID, str, bool] | None:
        """(id, name, present) of the person Enter would sign in; None when no one matches."""
        row = self._first_match_row()
        if row < 0:
            return None
        index = self.filter.index(row, RosterModel.COL_NAME)
        present = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        return index.data(ID_ROLE), index.data(), present

    def sign_in_first_match(self) -> None:
        """Enter in the search box: sign in the first match and clear the box for the next name."""
        text = self.search.text().strip()
        if not text or self.session is None:
            return
        match = self.first_match()
        if match is None:
            self._say(self.tr("No one on the register matches “{text}”.").format(text=text), True)
            return
        resident_id, name, present = match
        if present:
            self._say(self.tr("{name} is already signed in.").format(name=name))
            self.search.clear()
            return
        if self._mark(resident_id, True):
            self._say(self.tr("Signed in: {name}").format(name=name))
            self.search.clear()

    def add_resident(self) -> None:
        """Register someone new (their name taken from the search box) and sign them in."""
        if self.session is None:
            return
        typed = self.search.text().strip()
        # Only a typed name is a useful default; pinyin like "zhangs" is not.
        name = typed if typed and not typed.isascii() else ""
        dialog = ResidentDialog(self.store, self.hub, name=name, parent=self)
        if not dialog.exec() or dialog.saved is None:
            return
        if self._mark(dialog.saved.id, True):
            self._say(self.tr("Added and signed in: {name}").format(name=dialog.saved.name))
            self.search.clear()

    def _mark(self, resident_id: uuid.UUID, present: bool) -> bool:
        """Save one mark through the services and announce it; False (with a sentence) if refused."""
        if self.session is None:
            return False
        try:
            if present:
                changes = attendance_service.mark_present(self.store, self.session.id, resident_id)
            else:
                changes = attendance_service.mark_absent(self.store, self.session.id, resident_id)
        except ServiceError as exc:
            self._say(render(exc.message), True)
            return False
        self.hub.publish(changes)
        return True

    def _say(self, text: str, error: bool = False) -> None:
        """One line under the search box: what just happened, or (when "") how to sign people in."""
        if not text:
            self.feedback.setStyleSheet("color: #666666;")
            self.feedback.setText(
                self.tr(
                    "Tick the box by a name, or type a name and press Enter to sign someone in."
                )
            )
            return
        self.feedback.setStyleSheet(ERROR_STYLE if error else "color: #1a5e20; font-weight: bold;")
        self.feedback.setText(text)
