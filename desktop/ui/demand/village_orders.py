"""A village's side of the service menu (项目清单): the district's offerings to order from (点单) and
the village's own orders with what came of them (派单, 送单, scores).

The menu is reference data the district publishes and a sync brings down, so it is read-only here;
the one thing a village does with it is order. An order then waits for the district's dispatch,
which arrives with a sync; only a dispatched order can be scheduled as a session at the village
(the service refuses otherwise, and its sentence is shown). Once the session has been held the
village marks the order delivered and records its own and its residents' scores against it.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core import vocabulary, workflow
from desktop.services.demand import menu
from desktop.services.demand import views as demand_views
from desktop.services.demand.views import MyOrderRow
from desktop.services.errors import ServiceError
from desktop.ui.demand.dialogs import OrderDialog, ScheduleDialog, ScoreDialog
from desktop.ui.demand.models import MyOrdersModel, VillageMenuModel
from desktop.ui.events import Hub
from desktop.ui.forms import ERROR_STYLE, render
from desktop.ui.tables import record_table, reselect, selected_record

if TYPE_CHECKING:
    from desktop.storage.store import Store

_OK_STYLE = "color: #1a5e20; font-weight: bold;"
_HINT_STYLE = "color: #555555;"
#: Order statuses from which the village may try to schedule the delivery. An order not yet
#: dispatched is offered too, so the village hears why it has to wait rather than see a dead button.
SCHEDULABLE = frozenset({"ordered", "dispatched"})


def _order_rank(platform: str) -> int:
    return (
        vocabulary.PLATFORMS.index(platform)
        if platform in vocabulary.PLATFORMS
        else len(vocabulary.PLATFORMS)
    )


class VillageMenuPage(QWidget):
    """The district's active offerings, newest quarter first, with Order… for the chosen one."""

    #: An order was placed: its id, so the orders page can show it chosen.
    ordered = Signal(uuid.UUID)

    def __init__(self, store: Store, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.model = VillageMenuModel(self)
        self.table = record_table(self.model, VillageMenuModel.COL_COVERS)
        self.table.setObjectName("village_menu")
        self.order_button = QPushButton(self.tr("Order…"))
        self.order_button.setObjectName("order_button")
        self.count = QLabel()
        hint = QLabel(
            self.tr(
                "The district's service menu, brought by sync. Choose an offering and order it "
                "for a month; the district dispatches it and you schedule the delivery."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(_HINT_STYLE)
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        row.addWidget(self.order_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        self.order_button.clicked.connect(lambda: self.order_selected())
        self.table.doubleClicked.connect(lambda _index: self.order_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update())

    def reload(self) -> None:
        chosen = self.selected()
        offerings = menu.list_offerings(self.store)
        offerings.sort(key=lambda o: (o.quarter, -_order_rank(o.platform)), reverse=True)
        self.model.set_records(offerings)
        self.count.setText(self.tr("{n} offerings on the menu").format(n=len(offerings)))
        reselect(self.table, chosen)
        self._update()

    def selected(self) -> menu.Offering | None:
        return selected_record(self.table)

    def select_offering(self, offering_id: uuid.UUID) -> bool:
        row = self.model.row_of(offering_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def _update(self) -> None:
        self.order_button.setEnabled(self.selected() is not None)

    def order_dialog(self) -> OrderDialog | None:
        offering = self.selected()
        return OrderDialog(self.store, self.hub, offering, self) if offering else None

    def order_selected(self) -> None:
        dialog = self.order_dialog()
        if dialog is not None and dialog.exec() and dialog.saved is not None:
            self.ordered.emit(dialog.saved)


class MyOrdersPage(QWidget):
    """The village's orders: where each stands, the session it became, and the village's steps."""

    def __init__(self, store: Store, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.model = MyOrdersModel(self)
        self.table = record_table(self.model, MyOrdersModel.COL_NOTE)
        self.table.setObjectName("my_orders")
        self.schedule_button = QPushButton(self.tr("Schedule delivery…"))
        self.delivered_button = QPushButton(self.tr("Delivered"))
        self.score_button = QPushButton(self.tr("Score…"))
        self.count = QLabel()
        self.feedback = QLabel()
        self.feedback.setObjectName("orders_feedback")
        self.feedback.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.schedule_button)
        buttons.addWidget(self.delivered_button)
        buttons.addWidget(self.score_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.feedback)
        self.schedule_button.clicked.connect(lambda: self.schedule_selected())
        self.delivered_button.clicked.connect(lambda: self.mark_delivered())
        self.score_button.clicked.connect(lambda: self.score_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self._levels = workflow.SCORING_LEVELS.get(
            getattr(store.identity(), "role", ""), frozenset()
        )

    def reload(self) -> None:
        chosen = self.selected()
        rows = demand_views.my_orders(self.store)
        self.model.set_records(rows)
        waiting = self.waiting()
        text = self.tr("{n} orders").format(n=len(rows))
        if waiting:
            text += self.tr(", {n} dispatched and waiting for a date").format(n=waiting)
        self.count.setText(text)
        reselect(self.table, chosen)
        self._update()

    def waiting(self) -> int:
        """Orders the district has dispatched that the village has still to schedule."""
        return sum(
            1
            for i in range(self.model.rowCount())
            if self.model.record_at(i).status == "dispatched"
        )

    def selected(self) -> MyOrderRow | None:
        return selected_record(self.table)

    def select_order(self, order_id: uuid.UUID) -> bool:
        row = self.model.row_of(order_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def status_text(self, row: int) -> str:
        return str(self.model.index(row, MyOrdersModel.COL_STATUS).data())

    def _update(self) -> None:
        o = self.selected()
        self.schedule_button.setEnabled(o is not None and o.status in SCHEDULABLE)
        self.delivered_button.setEnabled(o is not None and o.status == "scheduled")
        self.score_button.setEnabled(
            o is not None and o.status == "delivered" and bool(self._levels)
        )
        self.feedback.clear()
        if o is not None and o.status == "ordered":
            self.feedback.setStyleSheet(_HINT_STYLE)
            self.feedback.setText(
                self.tr("Waiting for the district to dispatch it; the dispatch comes with a sync.")
            )

    def _say(self, text: str, error: bool = False) -> None:
        self.feedback.setStyleSheet(ERROR_STYLE if error else _OK_STYLE)
        self.feedback.setText(text)

    # -- actions -----------------------------------------------------------------------------------

    def schedule_dialog(self) -> ScheduleDialog | None:
        o = self.selected()
        return ScheduleDialog(self.store, self.hub, o, self) if o else None

    def schedule_selected(self) -> None:
        dialog = self.schedule_dialog()
        if dialog is not None and dialog.exec():
            self._say(self.tr("The delivery is in the week's sessions."))

    def mark_delivered(self) -> bool:
        """The delivery's session was held: the order moves to delivered, ready to be scored."""
        o = self.selected()
        if o is None:
            return False
        try:
            changes = menu.mark_delivered(self.store, order_id=o.id)
        except ServiceError as exc:
            self._say(render(exc.message), error=True)
            return False
        self.hub.publish(changes)
        self._say(self.tr("Delivered: now give it your scores."))
        return True

    def score_dialog(self) -> ScoreDialog | None:
        o = self.selected()
        return ScoreDialog(self.store, self.hub, o, self) if o else None

    def score_selected(self) -> None:
        dialog = self.score_dialog()
        if dialog is not None and dialog.exec():
            self._say(self.tr("The scores are saved."))
