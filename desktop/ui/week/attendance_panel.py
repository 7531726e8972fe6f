"""Taking attendance (签到) for the selected session, keyboard first.

A session whose list is empty offers where to start from: the people at the course's last session
("same as last time", Alt+L), everyone the course expects ("all present", Alt+A) so only absentees
need unticking, or no one (Alt+E). Then names are typed, not hunted for: the search box finds people
by name, pinyin, initials or a mix ("liangcm"); Enter signs in the one person the name picks out and
clears the box for the next name; Shift+Enter takes that person's mark back. A name that matches
several people signs no one in: the list shows them, the keyboard goes there and Enter takes the
highlighted one ("lcm" is 林春梅 and 梁春梅 alike). Down moves into the list, where Enter or Space
ticks or unticks the highlighted person, who stays highlighted, and typing goes back to the search
box. "New resident…" (Alt+N) registers someone not on the register yet and signs them in.

The list is grouped the way the village is — by village group, then household — and person-times
(人次) follow every mark. A headcount-only session (a big open talk) counts its headcount; naming
some of the people who came is optional.
"""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.changes import Changes
from desktop.services.errors import NotFound, ServiceError
from desktop.services.reports.weekly_reports import require_week_open_for
from desktop.services.week import attendance as attendance_service
from desktop.services.week import sessions as session_service
from desktop.services.week.attendance import Start, StartChoices
from desktop.services.week.sessions import SessionSummary
from desktop.ui import formatting as fmt
from desktop.ui.background import Background
from desktop.ui.dialogs import AskForPerson
from desktop.ui.events import Hub
from desktop.ui.forms import ERROR_STYLE, render
from desktop.ui.models import ID_ROLE
from desktop.ui.tables import record_table
from desktop.ui.week.models import RosterFilter, RosterModel

if TYPE_CHECKING:
    from desktop.storage.store import Store

_TABLES = ("attendance", "residents", "sessions", "courses", "teachers", "weekly_reports")
_RETURN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
#: How many of the people a typed name matches the line under the search box names.
_NAMED_CHOICES = 5
# The start row while a session's list is empty: it is the first thing to do, so it stands out.
_START_PROMINENT = (
    "QFrame#start_row { background: #eef6ee; border: 1px solid #9cc59e; border-radius: 4px; }"
)

log = logging.getLogger(__name__)


class AttendancePanel(QWidget):
    """The sign-in sheet of one session."""

    def __init__(
        self,
        store: Store,
        hub: Hub,
        background: Background,
        ask_for_person: AskForPerson,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.background = background
        self.ask_for_person = ask_for_person
        #: Marks still being saved: (session, resident) -> (ticket, present); the ticket tells a
        #: person's latest mark from an earlier one still on its way.
        self._in_flight: dict[tuple[uuid.UUID, uuid.UUID], tuple[int, bool]] = {}
        self._marking = 0
        self.session: SessionSummary | None = None
        #: Whether the shown session's week is approved (locked): nothing on the sheet can change.
        self.locked = False
        self.choices: StartChoices | None = None
        # Sessions whose coordinator chose to start empty: their start row steps back although
        # nothing was written.
        self._started_empty: set[uuid.UUID] = set()
        self.model = RosterModel(self._mark, self)
        self.filter = RosterFilter(self)
        self.filter.setSourceModel(self.model)

        # What belongs here and what to do first, for the half of the window that starts empty.
        self.placeholder = QLabel(
            self.tr(
                "The sign-in sheet of a session opens here.\n\nChoose a session in the week on the "
                "left. If the week has none yet, add one with New session… or Copy last week; then "
                "type the names of the people who came."
            )
        )
        self.placeholder.setObjectName("attendance_placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setMargin(24)

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

        self.start_row = QFrame()
        self.start_row.setObjectName("start_row")
        self.start_prompt = QLabel()
        self.same_button = QPushButton()
        self.same_button.setObjectName("start_same")
        self.all_button = QPushButton()
        self.all_button.setObjectName("start_all")
        self.empty_button = QPushButton(self.tr("Start &empty"))
        self.empty_button.setObjectName("start_empty")
        self.empty_button.setToolTip(
            self.tr("Sign people in one by one: type a name, press Enter.")
        )

        self.search = QLineEdit()
        self.search.setObjectName("roster_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Name, pinyin or initials: Enter signs in, Shift+Enter takes back")
        )
        self.search.setToolTip(
            self.tr(
                "Type a name, its pinyin, its initials or a mix (zs and zhangs find 张三).\n"
                "Enter signs in the person the name picks out and clears the box for the next "
                "name;\nwhen it matches several, choose one in the list with ↑ ↓ and press Enter.\n"
                "Shift+Enter takes back the mark of a signed-in match.\n"
                "Down goes to the list, where Enter or Space ticks or unticks the highlighted "
                "person.\nCtrl+F comes back here."
            )
        )
        self.add_button = QPushButton(self.tr("&New resident…"))
        self.add_button.setToolTip(
            self.tr("Someone who is not on the register yet: add them and sign them in.")
        )
        self.feedback = QLabel()
        self.feedback.setObjectName("roster_feedback")
        self.feedback.setWordWrap(True)
        self.table = record_table(self.filter, RosterModel.COL_HOUSEHOLD, single=False)
        self.table.setObjectName("roster_list")
        # Sized to the roster when a session is shown, not on every change: a header that sizes
        # itself to its contents measures every row again after each tick, each keystroke of the
        # search and each refresh, most of what a mark cost the GUI thread.
        header = self.table.horizontalHeader()
        for column in range(RosterModel.COL_HOUSEHOLD):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(RosterModel.COL_PHONE, QHeaderView.ResizeMode.Interactive)

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.person_times, 0, Qt.AlignmentFlag.AlignTop)
        start_row = QHBoxLayout(self.start_row)
        start_row.setContentsMargins(6, 4, 6, 4)
        start_row.addWidget(self.start_prompt)
        start_row.addWidget(self.same_button)
        start_row.addWidget(self.all_button)
        start_row.addWidget(self.empty_button)
        start_row.addStretch(1)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.add_button)
        self.sheet = QWidget()
        sheet = QVBoxLayout(self.sheet)
        sheet.setContentsMargins(0, 0, 0, 0)
        sheet.addWidget(self.start_row)
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
        # Tab goes where the work goes: the start choice, then the search box, then the list.
        QWidget.setTabOrder(self.same_button, self.all_button)
        QWidget.setTabOrder(self.all_button, self.empty_button)
        QWidget.setTabOrder(self.empty_button, self.search)
        QWidget.setTabOrder(self.search, self.add_button)
        QWidget.setTabOrder(self.add_button, self.table)

        self.same_button.clicked.connect(lambda: self.start(Start.SAME_AS_LAST))
        self.all_button.clicked.connect(lambda: self.start(Start.ALL_PRESENT))
        self.empty_button.clicked.connect(lambda: self.start(Start.EMPTY))
        self.search.textChanged.connect(self._apply_search)
        self.search.textEdited.connect(self._search_edited)
        self.search.returnPressed.connect(self.sign_in_first_match)
        self.search.installEventFilter(self)
        self.table.installEventFilter(self)
        self.add_button.clicked.connect(self.add_resident)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.focus_search)
        hub.changed.connect(self._on_changed)
        self.show_session(None)

    # -- showing ---------------------------------------------------------------------------------

    def show_session(self, session: SessionSummary | None) -> None:
        """Show ``session``'s sheet (None: the hint to pick one). The same session again refreshes
        it in place, keeping the search and the row order."""
        same = session is not None and self.session is not None and session.id == self.session.id
        self.session = session
        if session is None:
            self.choices = None
            self.model.set_records([])
            self.pages.setCurrentIndex(0)
            return
        if not same:
            self.search.clear()
            self._say("")
        # Whoever is highlighted in the list stays so through a refresh (a mark just made there).
        held = self._highlighted_id() if same else None
        self.pages.setCurrentIndex(1)
        self.model.set_records(attendance_service.roster(self.store, session.id), keep_order=same)
        self._overlay_in_flight()
        if not same:
            self.table.resizeColumnsToContents()
        self.choices = attendance_service.start_choices(self.store, session.id)
        self._show_header(session)
        self._show_start_row(session, self.choices)
        self._show_lock(session)
        self._apply_search(self.search.text(), keep=held)

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
        self.headcount_note.setVisible(s.headcount_only)
        self.headcount_note.setText(
            self.tr(
                "This session counts heads: {n} people make its person-times. Naming who came is "
                "optional ({named} named so far); edit the session to change the count."
            ).format(n=s.headcount or 0, named=self.model.present_count())
        )

    def _show_start_row(self, s: SessionSummary, choices: StartChoices) -> None:
        """Offer where the list starts from: prominently while it is empty, quietly afterwards
        (to add whoever from last time is still missing). A headcount session needs no list."""
        self.start_row.setVisible(not s.headcount_only)
        fresh = not choices.started and s.id not in self._started_empty
        self.start_row.setStyleSheet(_START_PROMINENT if fresh else "")
        self.start_prompt.setText(
            self.tr("No one is signed in yet. Start from:") if fresh else self.tr("Add from:")
        )
        self.start_prompt.setStyleSheet("" if fresh else "color: #666666;")
        self.empty_button.setVisible(fresh)
        same = len(choices.adds(Start.SAME_AS_LAST))
        expected = len(choices.adds(Start.ALL_PRESENT))
        self.same_button.setText(self.tr("Same as &last time ({n})").format(n=same))
        self.all_button.setText(self.tr("&All present ({n})").format(n=expected))
        self.same_button.setEnabled(same > 0)
        self.all_button.setEnabled(expected > 0)
        # Once started, only a choice that would still add someone is worth the room.
        self.same_button.setVisible(fresh or same > 0)
        self.all_button.setVisible(fresh or expected > 0)
        for button in (self.same_button, self.all_button, self.empty_button):
            button.setFlat(not fresh)
        if choices.last_starts_at is None:
            none_before = self.tr("No earlier session of this course has anyone signed in.")
            self.same_button.setToolTip(none_before)
            self.all_button.setToolTip(none_before)
            return
        self.same_button.setToolTip(
            self.tr(
                "Sign in the people who were at this course's last session ({date}) and have no "
                "mark yet. Marks already made are kept."
            ).format(date=fmt.weekday_date(choices.last_starts_at.date()))
        )
        self.all_button.setToolTip(
            self.tr(
                "Sign in everyone who came to any of this course's last {k} sessions, then untick "
                "whoever is absent. Marks already made are kept."
            ).format(k=attendance_service.EXPECTED_SESSIONS)
        )

    def _show_lock(self, s: SessionSummary) -> None:
        """A session of a week the town approved is read-only: the ticks, the start choices and the
        search stay out of reach, and the services' sentence says why."""
        was_locked = self.locked
        try:
            require_week_open_for(self.store, s.id)
        except ServiceError as exc:
            self.locked = True
            self.start_row.hide()
            self._say(render(exc.message), True)
        else:
            self.locked = False
            if was_locked:  # reopened: the sentence about the lock no longer holds
                self._say("")
        self.model.set_editable(not self.locked)
        self.search.setEnabled(not self.locked)
        self.add_button.setEnabled(not self.locked)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*_TABLES):
            self.refresh()

    # -- starting the list -----------------------------------------------------------------------

    def start(self, start: Start) -> None:
        """Start the list from last time, from everyone expected, or empty; then the search box is
        ready for the first name to add or take back. On a list already started it first says how
        many it would add; either way the window can take it back (Ctrl+Z, 撤销)."""
        if self.session is None:
            return
        if start is not Start.EMPTY and not self._start_confirmed(start):
            self.focus_search()
            return
        try:
            record = attendance_service.start_attendance(self.store, self.session.id, start)
        except ServiceError as exc:
            self._say(render(exc.message), True)
            return
        changes = record.changes
        added = len(changes.rows.get("attendance", ()))
        if start is Start.EMPTY:
            self._started_empty.add(self.session.id)
            self._say("")
        elif start is Start.SAME_AS_LAST:
            self._say(
                self.tr(
                    "Signed in {n} people from last time. Someone not here? Type the name and "
                    "press Shift+Enter."
                ).format(n=added)
            )
            said = self.tr("Signed in {n} people from last time.").format(n=added)
        else:
            self._say(
                self.tr(
                    "Signed in {n} expected people. Someone not here? Type the name and press "
                    "Shift+Enter."
                ).format(n=added)
            )
            said = self.tr("Signed in {n} expected people (all present).").format(n=added)
        if changes:
            self.hub.publish(changes)
            self.hub.offer_undo(record, said)
            # The start is now what Ctrl+Z in the box takes back, not names typed before it
            # (setting the text clears a box's own undo history).
            self.search.setText(self.search.text())
        else:
            self.refresh()
        self.focus_search()

    def _start_confirmed(self, start: Start) -> bool:
        """On a list with marks already, say how many ``start`` would add before it does: one
        click must not sign in a whole class unseen. True to go on (nothing to ask on an empty
        list, or nothing to add)."""
        assert self.session is not None
        try:
            choices = attendance_service.start_choices(self.store, self.session.id)
        except ServiceError:
            return True  # the start itself says why it cannot be done
        adds = len(choices.adds(start))
        if not choices.started or not adds:
            return True
        source = (
            self.tr("the people at the last session")
            if start is Start.SAME_AS_LAST
            else self.tr("everyone the course expects")
        )
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Sign in more people?"),
            self.tr(
                "{marked} people already have a mark on this list. This will sign in {n} more "
                "from {source}; marks already made are kept. Undo (Ctrl+Z) takes it back."
            ).format(marked=len(choices.marked), n=adds, source=source),
            parent=self,
        )
        go = box.addButton(
            self.tr("Sign in {n} more").format(n=adds), QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(go)
        box.exec()
        # The keyboard goes back to the sign-in box next, and Ctrl+Z to the window: not every
        # window manager makes the window active again when the question closes.
        self.window().activateWindow()
        return box.clickedButton() is go

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- searching, signing in and taking back ---------------------------------------------------

    def _apply_search(self, text: str, keep: uuid.UUID | None = None) -> None:
        """Show the rows matching ``text`` with whom Enter would sign in highlighted; with ``keep``
        (a refresh), the person highlighted before stays highlighted while still listed."""
        query = text.strip()
        if not query:
            self.filter.set_matches(None)
        elif self.session is None:
            return
        else:
            try:
                found = attendance_service.roster_matches(self.store, self.session.id, query)
            except NotFound:
                found = set()
            self.filter.set_matches(found)
        row = self._row_of(keep)
        if row < 0 and query:
            # Highlight whom Enter would sign in, so nobody is signed in unseen.
            row = self._first_match_row()
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.filter.index(row, 0))
        else:
            self.table.clearSelection()

    def _row_of(self, resident_id: uuid.UUID | None) -> int:
        """Row of ``resident_id`` in the filtered list, -1 when not shown."""
        source = self.model.row_of(resident_id) if resident_id is not None else -1
        return self.filter.mapFromSource(self.model.index(source, 0)).row() if source >= 0 else -1

    def _highlighted_id(self) -> uuid.UUID | None:
        """The person highlighted in the list, None when no row is."""
        current = self.table.currentIndex()
        if not current.isValid() or not self.table.selectionModel().hasSelection():
            return None
        return current.siblingAtColumn(RosterModel.COL_NAME).data(ID_ROLE)

    def _search_edited(self, text: str) -> None:
        """The coordinator emptied the box (by hand or its clear button): what was said about the
        last name no longer applies, so the line goes back to how to sign people in. Emptied by a
        sign-in, the box keeps that sign-in's sentence."""
        if not text.strip() and not self.locked:
            self._say("")

    def _first_match_row(self, present: bool = False) -> int:
        """Row (in the filtered view) of the first match not yet signed in (with ``present``: of
        the first one signed in), else of the first match; -1 when the search shows no one."""
        for row in range(self.filter.rowCount()):
            state = self.filter.index(row, RosterModel.COL_NAME).data(
                Qt.ItemDataRole.CheckStateRole
            )
            if (state == Qt.CheckState.Checked) == present:
                return row
        return 0 if self.filter.rowCount() else -1

    def first_match(self, present: bool = False) -> tuple[uuid.UUID, str, bool] | None:
        """(id, name, present) of the person Enter would sign in (with ``present``: whose mark
        Shift+Enter would take back); None when no one matches."""
        row = self._first_match_row(present)
        if row < 0:
            return None
        index = self.filter.index(row, RosterModel.COL_NAME)
        marked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        return index.data(ID_ROLE), index.data(), marked

    def sign_in_first_match(self) -> None:
        """Enter in the search box: sign in the person the name picks out and clear the box for
        the next name. A name that matches several people signs no one in (see :meth:`_choose`)."""
        text = self.search.text().strip()
        if not text or self.session is None:
            return
        match = self.first_match()
        if match is None:
            self._say(self.tr("No one on the register matches “{text}”.").format(text=text), True)
            return
        picked = self._picked_row(text)
        if picked < 0:
            self._choose(text, present=False)
            return
        index = self.filter.index(picked, RosterModel.COL_NAME)
        resident_id, name = index.data(ID_ROLE), index.data()
        present = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        if present:
            self._say(
                self.tr("{name} is already signed in; Shift+Enter takes the mark back.").format(
                    name=name
                )
            )
            self.search.clear()
            return
        if self._mark(resident_id, True, typed=text):
            self._say(self.tr("Signed in: {name}").format(name=name))
            self.search.clear()

    def take_back_first_match(self) -> None:
        """Shift+Enter in the search box: the first signed-in match was not there after all."""
        text = self.search.text().strip()
        if not text or self.session is None:
            return
        match = self.first_match(present=True)
        if match is None or not match[2]:
            self._say(self.tr("No one signed in matches “{text}”.").format(text=text), True)
            return
        picked = self._picked_row(text)
        if picked < 0:
            self._choose(text, present=True)
            return
        index = self.filter.index(picked, RosterModel.COL_NAME)
        if index.data(Qt.ItemDataRole.CheckStateRole) != Qt.CheckState.Checked:
            self._say(self.tr("No one signed in matches “{text}”.").format(text=text), True)
            return
        resident_id, name = index.data(ID_ROLE), index.data()
        if self._mark(resident_id, False, typed=text):
            self._say(self.tr("Taken back: {name} was not here").format(name=name))
            self.search.clear()

    def _picked_row(self, text: str) -> int:
        """Row of the one person ``text`` picks out: the only match, or the only one whose name is
        exactly what was typed (张三 among 张三 and 张三丰); -1 when it matches several."""
        rows = self.filter.rowCount()
        if rows == 1:
            return 0
        names = [self.filter.index(r, RosterModel.COL_NAME).data() for r in range(rows)]
        exact = [r for r, name in enumerate(names) if name == text]
        return exact[0] if len(exact) == 1 else -1

    def _choose(self, text: str, present: bool) -> None:
        """``text`` matches several people: nobody is marked ("lcm" is 林春梅 as much as 梁春梅).
        The list shows them with the likeliest highlighted (the first not signed in, or with
        ``present`` the first signed in) and takes the keyboard, where Enter marks the one
        highlighted."""
        rows = self.filter.rowCount()
        row = max(self._first_match_row(present), 0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.setCurrentIndex(self.filter.index(row, RosterModel.COL_NAME))
        self.table.selectRow(row)
        names = [self.filter.index(r, RosterModel.COL_NAME).data() for r in range(rows)]
        shown = self.tr(", ").join(names[:_NAMED_CHOICES]) + ("…" if rows > _NAMED_CHOICES else "")
        self._say(
            self.tr(
                "“{text}” matches {n} people: {names}. Choose one with ↑ ↓ and press Enter."
            ).format(text=text, n=rows, names=shown)
        )

    def toggle_selected(self) -> None:
        """Enter or Space in the list: tick the highlighted person (or all the selected rows), or
        untick them when all are ticked; the line under the search box names whom. The highlight
        stays where it is."""
        rows = self.table.selectionModel().selectedRows(RosterModel.COL_NAME)
        if not rows:
            current = self.table.currentIndex()
            if not current.isValid():
                return
            rows = [current.siblingAtColumn(RosterModel.COL_NAME)]
        checked = [r.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked for r in rows]
        state = Qt.CheckState.Unchecked if all(checked) else Qt.CheckState.Checked
        names = [
            index.data()
            for index in rows
            if self.filter.setData(index, state.value, Qt.ItemDataRole.CheckStateRole)
        ]
        if not names:
            return  # a locked week: the sheet already says why
        named = self.tr(", ").join(names)
        if state == Qt.CheckState.Checked:
            self._say(self.tr("Signed in: {name}").format(name=named))
        else:
            self._say(self.tr("Taken back: {name} was not here").format(name=named))

    def add_resident(self) -> None:
        """Register someone new (their name taken from the search box) and sign them in."""
        if self.session is None:
            return
        typed = self.search.text().strip()
        # Only a typed name is a useful default; pinyin like "zhangs" is not.
        name = typed if typed and not typed.isascii() else ""
        person = self.ask_for_person(name, self)
        if person is not None and self._mark(person.id, True):
            said = (
                self.tr("Signed in: {name}")  # an existing person was chosen: nobody was added
                if person.existing
                else self.tr("Added and signed in: {name}")
            )
            self._say(said.format(name=person.name))
            self.search.clear()
        # Not every window manager gives the window back its keyboard when a form closes.
        self.window().activateWindow()
        self.focus_search()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.search and self._search_key(event):
                return True
            if watched is self.table and self._table_key(event):
                return True
        return super().eventFilter(watched, event)

    def _search_key(self, event: QKeyEvent) -> bool:
        """Keys of the search box beyond typing and Enter; True when handled."""
        shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        if event.key() in _RETURN_KEYS and shift:
            self.take_back_first_match()
            return True
        if event.key() == Qt.Key.Key_Down and self.filter.rowCount():
            row = max(self._first_match_row(), 0)
            self.table.setFocus(Qt.FocusReason.TabFocusReason)
            self.table.setCurrentIndex(self.filter.index(row, RosterModel.COL_NAME))
            self.table.selectRow(row)
            return True
        return False

    def _table_key(self, event: QKeyEvent) -> bool:
        """Keys of the list: Enter and Space toggle; Up from the top row or typing goes back to the
        search box, so the keyboard never has to leave the letters. True when handled."""
        if event.key() == Qt.Key.Key_Space or event.key() in _RETURN_KEYS:
            self.toggle_selected()
            return True
        if event.key() == Qt.Key.Key_Up and self.table.currentIndex().row() <= 0:
            self.focus_search()
            return True
        text = event.text()
        plain = not event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        if plain and text and text.isprintable() and not text.isspace():
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)
            self.search.setText(text)
            return True
        return False

    def _mark(self, resident_id: uuid.UUID, present: bool, typed: str = "") -> bool:
        """Save one mark on the database thread; the tick shows at once and the coordinator types
        the next name meanwhile. The mark is announced on the hub once stored. Until then it is laid
        over any refresh of the sheet, so a refresh never shows it undone; if it is refused, the sheet
        is read again, the sentence says why and the name typed (``typed``) is back in the box. False
        only when there is no session."""
        if self.session is None:
            return False
        session_id = self.session.id
        save = attendance_service.mark_present if present else attendance_service.mark_absent
        self._marking += 1
        ticket = self._marking
        self._in_flight[(session_id, resident_id)] = (ticket, present)
        self.model.set_present(resident_id, present)

        def landed() -> bool:
            """Forget the mark unless a later one for the same person is still on its way; True
            when the sheet on screen is still this session's."""
            key = (session_id, resident_id)
            if self._in_flight.get(key, (None,))[0] == ticket:
                del self._in_flight[key]
            return self.session is not None and self.session.id == session_id

        def stored(changes: Changes) -> None:
            landed()
            self.hub.publish(changes)

        def refused(error: BaseException) -> None:
            if not landed():
                return  # another session is on screen; its sheet is not this mark's
            self.refresh()
            if isinstance(error, ServiceError):
                self._say(render(error.message), True)
            else:
                log.error("a mark could not be saved", exc_info=error)
                self._say(self.tr("The mark could not be saved: {error}").format(error=error), True)
            if typed and not self.search.text():
                self.search.setText(typed)

        self.background.run_database(
            lambda _progress: save(self.store, session_id, resident_id),
            on_success=stored,
            on_failure=refused,
        )
        return True

    def _overlay_in_flight(self) -> None:
        """Show the marks of this session that are still being saved as they will be stored."""
        if self.session is None:
            return
        for (session_id, resident_id), (_, present) in self._in_flight.items():
            if session_id == self.session.id:
                self.model.set_present(resident_id, present)

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
