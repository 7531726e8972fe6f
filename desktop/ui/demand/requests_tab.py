"""Residents' requests (需求) for a village or a town: the list with each request's status in the
glossary's words, the chosen request's history (who, when, why), and the steps this laptop's level
may take next.

The step buttons are computed from the workflow (its transitions that this level is an actor of,
``demand_views.next_steps``), so a village is never offered a district's step; if the service still
refuses one (another level moved the request meanwhile and a sync brought it), its sentence is shown
under the buttons. A village records new requests, schedules a matched request's delivery as a
session, marks it delivered and scores it; a town sees what is escalated to it and the villages' open
requests, overdue ones marked (open more than ``demand_views.OVERDUE_DAYS`` days), and scores as the
town. The tab's title carries the count of requests waiting for this level (``menu.waiting_for_me``).

A village's tab has two more pages beside its requests (``village_orders``): the district's service
menu to order from (点单), and its own orders with what came of them. They live here rather than in a
tab of their own because requests and orders are the same conversation with the district: a village
orders for a request it holds, and looks in one place for what came back.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core import vocabulary, workflow
from desktop.changes import Changes
from desktop.services.demand import menu
from desktop.services.demand import requests as request_service
from desktop.services.demand import views as demand_views
from desktop.services.demand.views import RequestRow
from desktop.services.errors import ServiceError
from desktop.ui import formatting as fmt
from desktop.ui.demand.dialogs import NewRequestDialog, ScheduleDialog, ScoreDialog
from desktop.ui.demand.models import HistoryModel, RequestsModel
from desktop.ui.demand.village_orders import MyOrdersPage, VillageMenuPage
from desktop.ui.events import Hub
from desktop.ui.forms import ERROR_STYLE, render
from desktop.ui.tables import RefreshWhenShown, record_table, reselect, selected_record
from desktop.ui.widgets import FlowLayout

if TYPE_CHECKING:
    from desktop.storage.store import Store

#: A change to any of these can change what the tab shows.
DEMAND_TABLES = ("requests", "request_events", "offerings", "orders", "evaluations", "sites")
_OK_STYLE = "color: #1a5e20; font-weight: bold;"


def waiting_title(store: Store, base: str, include_orders: bool = False) -> str:
    """``base`` with the count of what waits for this level, e.g. 需求 (3); ``base`` alone at 0."""
    counts = menu.waiting_for_me(store)
    n = counts.get("requests", 0) + (counts.get("orders_to_dispatch", 0) if include_orders else 0)
    return f"{base} ({n})" if n else base


class RequestsTab(RefreshWhenShown, QWidget):
    """A village's or a town's requests, the chosen one's history and its next steps."""

    #: The tab's title with the count of requests waiting here, for the main window's tab bar.
    title_changed = Signal(str)

    def __init__(self, store: Store, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        identity = store.identity()
        self.role = identity.role if identity else "village"

        self.filter = QComboBox()
        self.filter.setObjectName("requests_filter")
        if self.role == "town":
            self.filter.addItem(self.tr("Escalated to me"), "escalated")
            self.filter.addItem(self.tr("Villages' requests in progress"), "open")
        else:
            self.filter.addItem(self.tr("Requests in progress"), "open")
        self.filter.addItem(self.tr("All requests"), "all")
        self.new_button = QPushButton(self.tr("New request…"))
        self.new_button.setVisible(self.role == "village")
        self.count = QLabel()
        self.model = RequestsModel(self)
        self.table = record_table(self.model, RequestsModel.COL_NEED)
        if self.role == "village":
            self.table.hideColumn(RequestsModel.COL_SITE)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show")))
        top.addWidget(self.filter)
        top.addWidget(self.count, 1)
        top.addWidget(self.new_button)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(top)
        # An empty list says what belongs in it and how to start (see reload).
        self.empty = QLabel()
        self.empty.setObjectName("requests_empty")
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #555555;")
        upper_layout.addWidget(self.empty)
        upper_layout.addWidget(self.table, 1)

        # -- the chosen request --------------------------------------------------------------------
        self.detail = QLabel()
        self.detail.setObjectName("request_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history_model = HistoryModel(self)
        self.history_table = record_table(self.history_model, HistoryModel.COL_NOTE)
        self.note = QLineEdit()
        self.note.setObjectName("step_note")
        self.note.setPlaceholderText(
            self.tr("Why (kept in the history), e.g. needs a fruit expert")
        )
        self.step_buttons: dict[str, QPushButton] = {}
        steps_row = FlowLayout()  # wraps rather than widens the window
        for status in vocabulary.REQUEST_STATUSES:
            if status in demand_views.STEPS_WITH_DIALOGS or status == workflow.START:
                continue
            button = QPushButton(self.step_text(status))
            button.setObjectName(f"step_{status}")
            button.clicked.connect(lambda _checked=False, s=status: self.take_step(s))
            self.step_buttons[status] = button
            steps_row.addWidget(button)
        self.schedule_button = QPushButton(self.tr("Schedule delivery…"))
        self.score_button = QPushButton(self.tr("Score…"))
        steps_row.addWidget(self.schedule_button)
        steps_row.addWidget(self.score_button)
        self.feedback = QLabel()
        self.feedback.setObjectName("request_feedback")
        self.feedback.setWordWrap(True)

        self.detail_box = QGroupBox(self.tr("Request"))
        detail_layout = QVBoxLayout(self.detail_box)
        detail_layout.addWidget(self.detail)
        detail_layout.addWidget(QLabel(self.tr("History")))
        detail_layout.addWidget(self.history_table, 1)
        detail_layout.addWidget(self.note)
        detail_layout.addLayout(steps_row)
        detail_layout.addWidget(self.feedback)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(self.detail_box)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([360, 400])
        layout = QVBoxLayout(self)
        self.pages: QTabWidget | None = None
        self.menu_page: VillageMenuPage | None = None
        self.orders_page: MyOrdersPage | None = None
        if self.role == "village":
            self.menu_page = VillageMenuPage(store, hub)
            self.orders_page = MyOrdersPage(store, hub)
            self.pages = QTabWidget()
            self.pages.setObjectName("village_pages")
            self.pages.setDocumentMode(True)
            self.pages.addTab(self.splitter, self.tr("Requests"))
            self.pages.addTab(self.menu_page, self.tr("Service menu"))
            self.pages.addTab(self.orders_page, self.tr("My orders"))
            self.menu_page.ordered.connect(self.show_order)
            layout.addWidget(self.pages)
        else:
            layout.addWidget(self.splitter)

        self.filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.new_button.clicked.connect(self.new_request)
        self.schedule_button.clicked.connect(self.schedule_selected)
        self.score_button.clicked.connect(self.score_selected)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._request_changed())
        hub.changed.connect(self._on_changed)
        self.refresh()

    def step_text(self, status: str) -> str:
        """A step button's words: what the click does at this level."""
        if status == "town_organises":
            return self.tr("Take it up") if self.role == "town" else self.tr("Escalate to the town")
        return {
            "collected": self.tr("Collected"),
            "village_handles": self.tr("The village handles it"),
            "district_coordinates": self.tr("Escalate to the district"),
            "scheduled": self.tr("Scheduled"),
            "delivered": self.tr("Delivered"),
            "evaluated": self.tr("Evaluation done"),
            "declined": self.tr("Decline"),
        }.get(status, fmt.label(fmt.STATUSES, status))

    # -- showing -----------------------------------------------------------------------------------

    def title(self) -> str:
        return waiting_title(self.store, self.tr("Requests"))

    def reload(self) -> None:
        """Read the list again, keeping the chosen request chosen."""
        chosen = self.selected()
        shown = self.filter.currentData()
        if shown == "escalated":
            rows = demand_views.list_requests(self.store, frozenset({"town_organises"}))
        else:
            rows = demand_views.list_requests(self.store)
            if shown == "open":
                rows = [r for r in rows if r.in_progress]
        now = self.store.trusted_now()
        self.model.set_rows(rows, now)
        overdue = sum(1 for r in rows if self.model.overdue(r))
        text = self.tr("{n} requests").format(n=len(rows))
        if overdue:
            text += self.tr(", {n} open more than {days} days").format(
                n=overdue, days=demand_views.OVERDUE_DAYS
            )
        self.count.setText(text)
        self.empty.setText(self.empty_text() if not rows else "")
        self.empty.setVisible(not rows)
        reselect(self.table, chosen)
        self._request_changed()
        if self.pages is not None and self.menu_page and self.orders_page:
            self.menu_page.reload()
            self.orders_page.reload()
            waiting = self.orders_page.waiting()
            text = self.tr("My orders")
            index = self.pages.indexOf(self.orders_page)
            self.pages.setTabText(index, f"{text} ({waiting})" if waiting else text)

    def empty_text(self) -> str:
        """What an empty list is for and what to do first, at this laptop's level."""
        if self.role == "town":
            return self.tr(
                "No requests here. The villages' requests that need the town come here with a "
                "sync; take one up, or escalate it to the district when the town cannot organise it."
            )
        return self.tr(
            "No requests here yet. A request is something residents ask the learning centre for: "
            "a course, a skill, help with a problem. Record the first with New request…; then "
            "follow it step by step until it is delivered and scored."
        )

    def show_order(self, order_id: uuid.UUID) -> None:
        """Turn to the village's orders with ``order_id`` chosen: where a new order is seen."""
        if self.pages is None or self.orders_page is None:
            return
        self.orders_page.reload()
        self.pages.setCurrentWidget(self.orders_page)
        self.orders_page.select_order(order_id)

    def selected(self) -> RequestRow | None:
        return selected_record(self.table)

    def select_request(self, request_id: uuid.UUID) -> bool:
        row = self.model.row_of(request_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def offered_steps(self) -> list[str]:
        """The step buttons shown for the chosen request."""
        return [s for s, b in self.step_buttons.items() if not b.isHidden()]

    def _request_changed(self) -> None:
        r = self.selected()
        self.feedback.clear()
        steps = demand_views.next_steps(self.role, r.status) if r else []
        with_offering = r is not None and r.offering_id is not None
        for status, button in self.step_buttons.items():
            # A delivery of a matched offering is scheduled with a date (the dialog), not a click.
            button.setVisible(status in steps and not (status == "scheduled" and with_offering))
        self.schedule_button.setVisible("scheduled" in steps and with_offering)
        levels = workflow.SCORING_LEVELS.get(self.role, frozenset())
        self.score_button.setVisible(
            r is not None
            and with_offering
            and bool(levels)
            and r.status in ("delivered", "evaluated")
        )
        self.note.setEnabled(bool(steps))
        if r is None:
            self.detail_box.setTitle(self.tr("Request"))
            self.detail.setText(self.tr("Choose a request to see its history and next steps."))
            self.history_model.set_records([])
            return
        self.detail_box.setTitle(
            self.tr("Request: {status}").format(status=fmt.label(fmt.STATUSES, r.status))
        )
        lines = [r.need]
        facts = [
            fmt.label(fmt.REQUEST_CATEGORIES, r.category),
            self.tr("{n} people").format(n=r.people_count),
        ]
        if r.household:
            facts.append(r.household)
        if r.preferred_time:
            facts.append(self.tr("preferred: {when}").format(when=r.preferred_time))
        if r.offering_title:
            facts.append(self.tr("offering: {title}").format(title=r.offering_title))
        lines.append(" · ".join(facts))
        self.detail.setText("\n".join(lines))
        self.history_model.set_records(demand_views.request_history(self.store, r.id))

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*DEMAND_TABLES):
            self.title_changed.emit(self.title())
            self.refresh()

    def _say(self, text: str, error: bool = False) -> None:
        self.feedback.setStyleSheet(ERROR_STYLE if error else _OK_STYLE)
        self.feedback.setText(text)

    # -- actions -----------------------------------------------------------------------------------

    def new_request(self) -> NewRequestDialog:
        dialog = self.new_request_dialog()
        if dialog.exec() and dialog.saved is not None:
            self.select_request(dialog.saved.id)
        return dialog

    def new_request_dialog(self) -> NewRequestDialog:
        return NewRequestDialog(self.store, self.hub, self)

    def take_step(self, status: str) -> bool:
        """Move the chosen request to ``status`` with the note typed; the service's sentence is
        shown when it refuses."""
        r = self.selected()
        if r is None:
            return False
        try:
            _, changes = request_service.advance_request(
                self.store, r.id, status, self.note.text().strip()
            )
        except ServiceError as exc:
            self._say(render(exc.message), error=True)
            return False
        self.note.clear()
        self.hub.publish(changes)
        self._say(
            self.tr("Done: the request is now “{status}”.").format(
                status=fmt.label(fmt.STATUSES, status)
            )
        )
        return True

    def schedule_dialog(self) -> ScheduleDialog | None:
        r = self.selected()
        return ScheduleDialog(self.store, self.hub, r, self) if r and r.offering_id else None

    def schedule_selected(self) -> None:
        dialog = self.schedule_dialog()
        if dialog is not None and dialog.exec():
            self._say(self.tr("The delivery is in the week's sessions."))

    def score_dialog(self) -> ScoreDialog | None:
        r = self.selected()
        return ScoreDialog(self.store, self.hub, r, self) if r and r.offering_id else None

    def score_selected(self) -> None:
        dialog = self.score_dialog()
        if dialog is not None and dialog.exec():
            self._say(self.tr("The scores are saved."))
