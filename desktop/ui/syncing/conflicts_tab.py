"""Conflicts (冲突) and the changes the district refused, in plain words.

When two computers changed the same field of a record, the district kept one value and both laptops
received the other as a conflict. This tab lists them: which record (课程「夏布编织入门」), which field
in words (标题, 电话, 所属户 …), the value that was replaced and the value kept, with two buttons: put
the replaced value back (an ordinary edit that syncs like any other), or keep what is there now. A
record deleted on another computer while it was edited here is a conflict too; restoring it brings
the record back.

Below, the changes the district refused, with the kind of record in words and the district's reason
as it gave it, so none goes unnoticed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.changes import Changes
from desktop.services.errors import ServiceError
from desktop.services.people.residents import get_resident
from desktop.services.people.teachers import list_teachers
from desktop.services.syncing import conflicts as conflict_service
from desktop.services.syncing.conflicts import ConflictRecord
from desktop.services.week.courses import list_courses
from desktop.services.week.sessions import SessionSummary, get_session
from desktop.sync.status import rejections
from desktop.ui import formatting as fmt
from desktop.ui.events import Hub
from desktop.ui.forms import ERROR_STYLE, render
from desktop.ui.syncing.models import ConflictRow, ConflictsModel, RejectionRow, RejectionsModel
from desktop.ui.tables import record_table, reselect, selected_record

if TYPE_CHECKING:
    from desktop.storage.store import Store

# Tables whose records a conflict can name; attendance ticks do not change what this tab shows.
_TABLES = (
    "conflicts",
    "residents",
    "teachers",
    "courses",
    "sessions",
    "requests",
    "weekly_reports",
)
# Longer values are cut in the list; the tooltip has them whole.
_SHOWN_CHARS = 40


class _Names:
    """Names for the ids that conflicts mention, asked of the services at most once per refresh."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._courses: dict[uuid.UUID, str] | None = None
        self._teachers: dict[uuid.UUID, str] | None = None

    def course(self, course_id: uuid.UUID) -> str | None:
        if self._courses is None:
            self._courses = {c.id: c.title for c in list_courses(self.store)}
        return self._courses.get(course_id)

    def teacher(self, teacher_id: uuid.UUID) -> str | None:
        if self._teachers is None:
            self._teachers = {t.id: t.name for t in list_teachers(self.store)}
        return self._teachers.get(teacher_id)

    def resident(self, resident_id: uuid.UUID) -> str | None:
        try:
            return get_resident(self.store, resident_id).name
        except ServiceError:
            return None

    def session(self, session_id: uuid.UUID) -> SessionSummary | None:
        try:
            return get_session(self.store, session_id)
        except ServiceError:
            return None


def value_text(field: str, value: Any, names: _Names) -> tuple[str, str]:
    """A field's value as the list shows it, and the whole value for the tooltip ("" when the same)."""
    if value is None or value == "" or value == ():
        return QCoreApplication.translate("ConflictsTab", "(empty)"), ""
    if isinstance(value, bool):
        return (
            QCoreApplication.translate("ConflictsTab", "Yes")
            if value
            else QCoreApplication.translate("ConflictsTab", "No")
        ), ""
    if isinstance(value, uuid.UUID):
        lookup = {"course_id": names.course, "teacher_id": names.teacher}.get(
            field, names.resident if field == "resident_id" else None
        )
        name = lookup(value) if lookup else None
        return (
            name or QCoreApplication.translate("ConflictsTab", "(a record that is no longer here)")
        ), ""
    if isinstance(value, dt.datetime):
        return fmt.date_time(value), ""
    if isinstance(value, dt.date):
        return fmt.short_date(value), ""
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)
    coded = {
        "gender": fmt.GENDERS,
        "platform": fmt.PLATFORMS,
        "kind": fmt.TEACHER_KINDS,
        "category": fmt.REQUEST_CATEGORIES,
        "status": fmt.STATUSES,
    }.get(field)
    if coded is not None:
        return fmt.label(coded, text), ""
    if field == "tags":
        text = "、".join(t for t in text.split(",") if t)
    if field == "phone":
        # Lists are seen over shoulders: the number in full only where the mouse rests.
        return fmt.mask_phone(text), text
    shown = text.splitlines()[0] if text.strip() else text
    if len(shown) > _SHOWN_CHARS:
        shown = shown[: _SHOWN_CHARS - 1] + "…"
    return shown, text if shown != text else ""


def _named(kind: str, title: str) -> str:
    if not title:
        return kind
    return QCoreApplication.translate("ConflictsTab", "{kind} “{title}”").format(
        kind=kind, title=title
    )


def _session_title(session: SessionSummary) -> str:
    title = f"{session.course_title} {fmt.short_date(session.starts_at.date())}"
    return f"{title} {session.topic}" if session.topic else title


def record_text(conflict: ConflictRecord, names: _Names) -> str:
    """Which record, as a person would name it: 课程「夏布编织入门」."""
    kind = fmt.label(fmt.TABLES, conflict.record_table)
    title = conflict.record_title
    if conflict.record_table == "sessions":
        session = names.session(conflict.record_id)
        if session is not None:
            title = _session_title(session)
    elif conflict.record_table == "weekly_reports" and title:
        with contextlib.suppress(ValueError):
            title = fmt.week_title(dt.date.fromisoformat(title[:10]))
    return _named(kind, title)


def refused_record_text(table: str, row_id: uuid.UUID, names: _Names) -> str:
    """Which record a refused change was about, named when this laptop still has it."""
    kind = fmt.label(fmt.TABLES, table)
    title: str | None = None
    if table == "residents":
        title = names.resident(row_id)
    elif table == "courses":
        title = names.course(row_id)
    elif table == "teachers":
        title = names.teacher(row_id)
    elif table == "sessions":
        session = names.session(row_id)
        title = _session_title(session) if session is not None else None
    return _named(kind, title or "")


def describe(conflict: ConflictRecord, names: _Names, now: dt.datetime) -> ConflictRow:
    """One conflict in the coordinator's words."""
    record = record_text(conflict, names)
    when = fmt.moment(conflict.at, now)
    if conflict.field == "deleted":
        return ConflictRow(
            id=conflict.id,
            record=record,
            field=QCoreApplication.translate("ConflictsTab", "Deleted"),
            lost=QCoreApplication.translate("ConflictsTab", "Not deleted (edited here)"),
            won=QCoreApplication.translate("ConflictsTab", "Deleted on another computer"),
            when=when,
            sentence=QCoreApplication.translate(
                "ConflictsTab",
                "{record} was deleted on another computer while it was being edited here. "
                "“Restore this value” brings it back; “Keep the current value” leaves it deleted.",
            ).format(record=record),
        )
    field = fmt.label(fmt.FIELDS, conflict.field)
    lost, lost_tip = value_text(conflict.field, conflict.lost_value, names)
    won, won_tip = value_text(conflict.field, conflict.won_value, names)
    return ConflictRow(
        id=conflict.id,
        record=record,
        field=field,
        lost=lost,
        won=won,
        when=when,
        sentence=QCoreApplication.translate(
            "ConflictsTab",
            "{field} of {record} was changed on two computers: “{won}” was kept, “{lost}” was "
            "replaced.",
        ).format(field=field, record=record, won=won, lost=lost),
        lost_tip=lost_tip,
        won_tip=won_tip,
    )


class ConflictsTab(QWidget):
    """Open conflicts with restore/keep buttons, and the changes the district refused."""

    #: How many conflicts are open (after every refresh that changed it).
    count_changed = Signal(int)

    def __init__(self, store: Store, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.open_count = -1

        self.intro = QLabel(
            self.tr(
                "When two computers changed the same thing, one value was kept and the other is "
                "listed here. Put it back, or keep the value there is now."
            )
        )
        self.intro.setWordWrap(True)
        self.model = ConflictsModel(self)
        self.table = record_table(self.model, ConflictsModel.COL_WON)
        self.table.horizontalHeader().setSectionResizeMode(
            ConflictsModel.COL_LOST, QHeaderView.ResizeMode.Stretch
        )
        self.empty = QLabel(
            self.tr(
                "No conflicts: nothing has been overwritten, and there is nothing to do here. A "
                "conflict appears after a sync when this computer and another changed the same "
                "record; you then choose which value stays."
            )
        )
        self.empty.setObjectName("conflicts_empty")
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #1a5e20;")
        self.detail = QLabel()
        self.detail.setObjectName("conflict_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.restore_button = QPushButton(self.tr("Restore this value"))
        self.restore_button.setObjectName("restore_button")
        self.restore_button.setToolTip(
            self.tr("Put the replaced value back; the change is sent at the next sync.")
        )
        self.keep_button = QPushButton(self.tr("Keep the current value"))
        self.keep_button.setObjectName("keep_button")
        self.keep_button.setToolTip(self.tr("Leave the record as it is and take it off this list."))
        self.error = QLabel()
        self.error.setObjectName("conflict_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()

        self.rejections_title = QLabel()
        self.rejections_title.setObjectName("rejections_title")
        self.rejections_title.setStyleSheet("font-weight: bold;")
        self.rejections_intro = QLabel(
            self.tr(
                "The district did not accept these changes. They are still on this computer; the "
                "reason is in the district's own words. Ask the town school if it is unclear."
            )
        )
        self.rejections_intro.setWordWrap(True)
        self.rejections_model = RejectionsModel(self)
        self.rejections_table = record_table(self.rejections_model, RejectionsModel.COL_REASON)
        self.rejections_empty = QLabel(self.tr("The district has refused nothing."))
        self.rejections_empty.setObjectName("rejections_empty")

        title = QLabel(self.tr("Conflicts"))
        title.setStyleSheet("font-weight: bold;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.keep_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.intro)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addSpacing(12)
        layout.addWidget(self.rejections_title)
        layout.addWidget(self.rejections_intro)
        layout.addWidget(self.rejections_empty)
        layout.addWidget(self.rejections_table, 2)
        # Lists shown take the room; with none, the sentences stay together at the top.
        layout.addStretch(0)

        self.restore_button.clicked.connect(self.restore_selected)
        self.keep_button.clicked.connect(self.keep_selected)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        hub.changed.connect(self._on_changed)
        self.reload()

    # -- showing ---------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the open conflicts and the refused changes again, keeping the selection."""
        selected = self.selected()
        now = self.store.clock.now()
        names = _Names(self.store)
        rows = [describe(c, names, now) for c in conflict_service.list_conflicts(self.store)]
        self.model.set_records(rows)
        reselect(self.table, selected)
        if rows and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)

        refused = []
        for r in rejections(self.store):
            row_id = r.row_id if isinstance(r.row_id, uuid.UUID) else uuid.UUID(int=0)
            refused.append(
                RejectionRow(
                    id=row_id,
                    table=refused_record_text(r.table, row_id, names),
                    reason=r.reason,
                    at=r.at,
                    when=fmt.moment(r.at, now),
                )
            )
        self.rejections_model.set_records(refused)
        self.rejections_title.setText(
            self.tr("Changes the district refused ({n})").format(n=len(refused))
            if refused
            else self.tr("Changes the district refused")
        )
        self.rejections_table.setVisible(bool(refused))
        self.rejections_intro.setVisible(bool(refused))
        self.rejections_empty.setVisible(not refused)
        self._selection_changed()
        if len(rows) != self.open_count:
            self.open_count = len(rows)
            self.count_changed.emit(self.open_count)

    def selected(self) -> ConflictRow | None:
        return selected_record(self.table)

    def _selection_changed(self) -> None:
        conflict = self.selected()
        self.detail.setText(conflict.sentence if conflict else "")
        self.detail.setVisible(conflict is not None)
        self.restore_button.setEnabled(conflict is not None)
        self.keep_button.setEnabled(conflict is not None)
        self.restore_button.setVisible(self.model.rowCount() > 0)
        self.keep_button.setVisible(self.model.rowCount() > 0)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*_TABLES):
            self.reload()

    # -- actions ---------------------------------------------------------------------------------

    def restore_selected(self) -> None:
        """Put the replaced value back (for a delete: bring the record back)."""
        self._resolve(conflict_service.restore_conflict)

    def keep_selected(self) -> None:
        """Keep the value there is now; the conflict leaves the list on every laptop."""
        self._resolve(conflict_service.dismiss_conflict)

    def _resolve(self, action: Any) -> None:
        conflict = self.selected()
        if conflict is None:
            return
        self.error.hide()
        try:
            changes = action(self.store, conflict.id)
        except ServiceError as exc:
            self.error.setText(render(exc.message))
            self.error.show()
            self.reload()
            return
        self.hub.publish(changes)
