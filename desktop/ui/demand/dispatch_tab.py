"""The district's desk for the demand loop (派单): the dispatch board of requests by platform with
each request's suggested offerings and why they fit, the gap list no offering covers, villages'
orders waiting to be dispatched, the service menu (项目清单), and the quarter's three-level
evaluation table (三级满意度测评).

Every figure comes from the services (``demand_views``, ``menu``, ``evaluations``); the board files
a request under the platform of its best fit (the rule is in ``demand_views``). The tab's title
carries what waits for the district: requests to coordinate and orders to dispatch.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.changes import Changes
from desktop.services.demand import evaluations, menu
from desktop.services.demand import requests as request_service
from desktop.services.demand import views as demand_views
from desktop.services.demand.matching import Suggestion
from desktop.services.demand.views import BoardRow
from desktop.services.errors import ServiceError
from desktop.ui import formatting as fmt
from desktop.ui.demand.dialogs import OfferingDialog
from desktop.ui.demand.models import (
    OfferingsModel,
    OrdersModel,
    QuarterModel,
    RequestsModel,
    SuggestionsModel,
    local_time,
)
from desktop.ui.demand.requests_tab import DEMAND_TABLES, waiting_title
from desktop.ui.events import Hub
from desktop.ui.forms import ERROR_STYLE, render
from desktop.ui.tables import RefreshWhenShown, record_table, selected_record

if TYPE_CHECKING:
    from desktop.storage.store import Store

_OK_STYLE = "color: #1a5e20; font-weight: bold;"
_ROW_ROLE = Qt.ItemDataRole.UserRole + 1


class _Feedback(QLabel):
    """One line under a page's buttons: what was done, or the service's sentence in red."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setWordWrap(True)

    def say(self, text: str, error: bool = False) -> None:
        self.setStyleSheet(ERROR_STYLE if error else _OK_STYLE)
        self.setText(text)


class DispatchBoard(QWidget):
    """Requests at the district grouped by platform; the chosen one's suggestions and Match."""

    def __init__(self, store: Store, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.rows: list[BoardRow] = []
        self.tree_model = QStandardItemModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("dispatch_board")
        self.tree.setModel(self.tree_model)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.empty = QLabel()
        self.empty.setStyleSheet("color: #555555;")

        self.suggestions = SuggestionsModel(self)
        self.suggestion_table = record_table(self.suggestions, SuggestionsModel.COL_BECAUSE)
        self.suggestion_title = QLabel(self.tr("Offerings that fit, best first"))
        self.need = QLabel()
        self.need.setObjectName("board_need")
        self.need.setWordWrap(True)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Note for the history, e.g. send the fruit team"))
        self.match_button = QPushButton(self.tr("Match"))
        self.match_button.setObjectName("match_button")
        self.decline_button = QPushButton(self.tr("Decline"))
        self.feedback = _Feedback("board_feedback")
        buttons = QHBoxLayout()
        buttons.addWidget(self.match_button)
        buttons.addWidget(self.decline_button)
        buttons.addStretch(1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Requests waiting for the district, by platform")))
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(self.empty)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.need)
        right_layout.addWidget(self.suggestion_title)
        right_layout.addWidget(self.suggestion_table, 1)
        right_layout.addWidget(self.note)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.feedback)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([620, 620])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.match_button.clicked.connect(lambda: self.match_selected())
        self.decline_button.clicked.connect(lambda: self.decline_selected())
        self.tree.selectionModel().selectionChanged.connect(lambda *_: self._request_changed())
        self.suggestion_table.selectionModel().selectionChanged.connect(
            lambda *_: self._update_buttons()
        )

    def reload(self) -> None:
        chosen = self.selected()
        self.rows = demand_views.dispatch_board(self.store)
        self.tree_model.clear()
        self.tree_model.setHorizontalHeaderLabels(
            [self.tr("Request"), self.tr("Village"), self.tr("Opened"), self.tr("People")]
        )
        groups: dict[str, QStandardItem] = {}
        for index, row in enumerate(self.rows):
            group = groups.get(row.platform)
            if group is None:
                group = QStandardItem()
                font = QFont()
                font.setBold(True)
                group.setFont(font)
                group.setSelectable(False)
                blanks = [QStandardItem() for _ in range(3)]
                for blank in blanks:
                    blank.setSelectable(False)
                self.tree_model.appendRow([group, *blanks])
                groups[row.platform] = group
            r = row.request
            cells = [
                QStandardItem(r.need.replace("\n", " ")),
                QStandardItem(r.site_name),
                QStandardItem(local_time(r.opened_at) if r.opened_at else ""),
                QStandardItem(str(r.people_count)),
            ]
            cells[0].setToolTip(r.need)
            cells[0].setData(index, _ROW_ROLE)
            group.appendRow(cells)
        for platform, group in groups.items():
            name = (
                fmt.label(fmt.PLATFORMS, platform) if platform else self.tr("No platform fits yet")
            )
            group.setText(self.tr("{platform} ({n})").format(platform=name, n=group.rowCount()))
        self.tree.expandAll()
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.empty.setText(
            "" if self.rows else self.tr("Nothing is waiting for the district to coordinate.")
        )
        self.empty.setVisible(not self.rows)
        if chosen is not None:
            self.select_request(chosen.request.id)
        elif self.rows:
            self.select_request(self.rows[0].request.id)
        self._request_changed()

    def _index_of(self, request_id: uuid.UUID) -> QModelIndex | None:
        for g in range(self.tree_model.rowCount()):
            group = self.tree_model.item(g)
            for c in range(group.rowCount()):
                item = group.child(c)
                if self.rows[item.data(_ROW_ROLE)].request.id == request_id:
                    return item.index()
        return None

    def select_request(self, request_id: uuid.UUID) -> bool:
        index = self._index_of(request_id)
        if index is not None:
            self.tree.setCurrentIndex(index)
        return index is not None

    def selected(self) -> BoardRow | None:
        indexes = self.tree.selectionModel().selectedRows()
        if not indexes:
            return None
        found = indexes[0].data(_ROW_ROLE)
        return self.rows[found] if isinstance(found, int) and found < len(self.rows) else None

    def selected_suggestion(self) -> Suggestion | None:
        rows = self.suggestion_table.selectionModel().selectedRows()
        return self.suggestions.record_at(rows[0].row()) if rows else None

    def platforms(self) -> list[str]:
        """The group headings as shown, e.g. 科技与科普服务 (2)."""
        return [self.tree_model.item(g).text() for g in range(self.tree_model.rowCount())]

    def _request_changed(self) -> None:
        row = self.selected()
        self.suggestions.platforms = {o.id: o.platform for o in menu.list_offerings(self.store)}
        self.suggestions.set_records(list(row.suggestions) if row else [])
        if row is None:
            self.need.setText(self.tr("Choose a request to see the offerings that fit it."))
        else:
            r = row.request
            parts = [r.need, fmt.label(fmt.REQUEST_CATEGORIES, r.category)]
            if r.preferred_time:
                parts.append(self.tr("preferred: {when}").format(when=r.preferred_time))
            self.need.setText(" · ".join(parts))
            if not row.suggestions:
                self.suggestion_title.setText(
                    self.tr("No offering on the menu fits: this request is on the gap list.")
                )
            else:
                self.suggestion_title.setText(self.tr("Offerings that fit, best first"))
                self.suggestion_table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.match_button.setEnabled(self.selected_suggestion() is not None)
        self.decline_button.setEnabled(self.selected() is not None)

    def match_selected(self) -> bool:
        """Match the chosen request to the chosen suggestion (the top one unless another is picked)."""
        row, suggestion = self.selected(), self.selected_suggestion()
        if row is None or suggestion is None:
            return False
        try:
            changes = menu.match_request(
                self.store, row.request.id, suggestion.offering_id, self.note.text().strip()
            )
        except ServiceError as exc:
            self.feedback.say(render(exc.message), error=True)
            return False
        self.note.clear()
        self.hub.publish(changes)
        self.feedback.say(self.tr("Matched to “{title}”.").format(title=suggestion.title))
        return True

    def decline_selected(self) -> bool:
        row = self.selected()
        if row is None:
            return False
        try:
            _, changes = request_service.advance_request(
                self.store, row.request.id, "declined", self.note.text().strip()
            )
        except ServiceError as exc:
            self.feedback.say(render(exc.message), error=True)
            return False
        self.note.clear()
        self.hub.publish(changes)
        self.feedback.say(self.tr("The request is declined."))
        return True


class GapList(QWidget):
    """Escalated requests that no offering on the menu covers: what the district takes to its
    departments."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.model = RequestsModel(self)
        self.table = record_table(self.model, RequestsModel.COL_NEED)
        self.table.setObjectName("gap_list")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)

    def reload(self) -> None:
        rows = demand_views.gap_requests(self.store)
        self.model.set_rows(rows, self.store.trusted_now())
        self.intro.setText(
            self.tr(
                "{n} escalated requests share no meaningful word with any offering on the menu: "
                "take them to the departments."
            ).format(n=len(rows))
        )


class OrdersPage(QWidget):
    """Villages' orders from the menu (点单) waiting to be dispatched (派单)."""

    def __init__(self, store: Store, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.model = OrdersModel(self)
        self.table = record_table(self.model, OrdersModel.COL_NOTE)
        self.dispatch_button = QPushButton(self.tr("Dispatch"))
        self.feedback = _Feedback("orders_feedback")
        row = QHBoxLayout()
        row.addWidget(self.dispatch_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Orders waiting to be dispatched")))
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.feedback)
        self.dispatch_button.clicked.connect(lambda: self.dispatch_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update())

    def reload(self) -> None:
        self.model.set_records(demand_views.orders(self.store))
        self._update()

    def _update(self) -> None:
        self.dispatch_button.setEnabled(selected_record(self.table) is not None)

    def dispatch_selected(self) -> bool:
        order = selected_record(self.table)
        if order is None:
            return False
        try:
            changes = menu.dispatch_order(self.store, order.id)
        except ServiceError as exc:
            self.feedback.say(render(exc.message), error=True)
            return False
        self.hub.publish(changes)
        self.feedback.say(
            self.tr("Dispatched “{title}” to {village}.").format(
                title=order.offering_title, village=order.site_name
            )
        )
        return True


class MenuPage(QWidget):
    """The service menu (项目清单), every quarter's, with New offering…."""

    def __init__(self, store: Store, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.model = OfferingsModel(self)
        self.table = record_table(self.model, OfferingsModel.COL_TITLE)
        self.new_button = QPushButton(self.tr("New offering…"))
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        self.new_button.clicked.connect(lambda: self.offering_dialog().exec())

    def reload(self) -> None:
        offerings = menu.list_offerings(self.store, active_only=False)
        offerings.sort(key=lambda o: o.quarter, reverse=True)
        self.model.set_records(offerings)

    def offering_dialog(self) -> OfferingDialog:
        return OfferingDialog(self.store, self.hub, self)


class QuarterPage(QWidget):
    """The quarter's evaluation table: excellent rows green, dropped rows red, with the scores
    behind them; the district confirms the dropped ones and exports the table."""

    def __init__(self, store: Store, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.quarter = QComboBox()
        self.quarter.setObjectName("quarter_chooser")
        self.model = QuarterModel(self)
        self.table = record_table(self.model, QuarterModel.COL_TITLE)
        self.table.setObjectName("quarter_table")
        self.rule = QLabel(
            self.tr(
                "Combined = town 30% + village 30% + residents 40%; 80 or above is excellent, "
                "under 60 leaves next quarter's menu once the district confirms."
            )
        )
        self.rule.setWordWrap(True)
        self.rule.setStyleSheet("color: #555555;")
        self.summary = QLabel()
        self.confirm_button = QPushButton(self.tr("Confirm dropped"))
        self.export_button = QPushButton(self.tr("Export .xlsx…"))
        self.feedback = _Feedback("quarter_feedback")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Quarter")))
        top.addWidget(self.quarter)
        top.addWidget(self.summary, 1)
        top.addWidget(self.confirm_button)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.rule)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.feedback)
        self.quarter.currentIndexChanged.connect(lambda _i: self.reload_table())
        self.confirm_button.clicked.connect(lambda: self.confirm_dropped())
        self.export_button.clicked.connect(self.export_chosen)

    def reload(self) -> None:
        chosen = self.quarter.currentData()
        today = self.store.today()
        quarters = demand_views.menu_quarters(self.store, today)
        self.quarter.blockSignals(True)
        self.quarter.clear()
        for q in quarters:
            self.quarter.addItem(self.tr("{year} Q{n}").format(year=q[:4], n=q[5]), q)
        current = chosen if chosen in quarters else menu.quarter_of(today)
        self.quarter.setCurrentIndex(max(0, self.quarter.findData(current)))
        self.quarter.blockSignals(False)
        self.reload_table()

    def set_quarter(self, quarter: str) -> None:
        self.quarter.setCurrentIndex(self.quarter.findData(quarter))

    def reload_table(self) -> None:
        quarter = self.quarter.currentData()
        rows = evaluations.quarter_report(self.store, quarter) if quarter else []
        self.model.set_records(rows)
        excellent = sum(1 for p in rows if p.verdict == "excellent")
        dropped = self.to_confirm()
        self.summary.setText(
            self.tr("{excellent} excellent, {dropped} dropped").format(
                excellent=excellent, dropped=sum(1 for p in rows if p.verdict == "dropped")
            )
        )
        self.confirm_button.setEnabled(bool(dropped))
        self.export_button.setEnabled(bool(rows))

    def to_confirm(self) -> list[uuid.UUID]:
        """Projects the scores drop that are still on the menu."""
        return [
            p.offering_id
            for p in self.model._rows
            if p.verdict == "dropped" and p.status != "dropped"
        ]

    def confirm_dropped(self) -> bool:
        ids = self.to_confirm()
        if not ids:
            return False
        try:
            changes = evaluations.confirm_dropped(self.store, ids)
        except ServiceError as exc:
            self.feedback.say(render(exc.message), error=True)
            return False
        self.hub.publish(changes)
        self.feedback.say(
            self.tr("{n} projects leave next quarter's menu; their scores stay.").format(n=len(ids))
        )
        return True

    def export_to(self, path: Path) -> bool:
        """Write the chosen quarter's table to ``path`` (.xlsx or .csv)."""
        try:
            evaluations.export_quarter_report(self.store, self.quarter.currentData(), path)
        except (ServiceError, OSError) as exc:
            message = render(exc.message) if isinstance(exc, ServiceError) else str(exc)
            self.feedback.say(self.tr("Could not export: {reason}").format(reason=message), True)
            return False
        self.feedback.say(self.tr("Exported to {path}").format(path=path))
        return True

    def export_chosen(self) -> None:
        quarter = self.quarter.currentData()
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the evaluation table"),
            self.tr("Evaluation {quarter}.xlsx").format(quarter=quarter),
            self.tr("Excel workbook (*.xlsx)"),
        )
        if path:
            self.export_to(Path(path))


class DispatchTab(RefreshWhenShown, QWidget):
    """The district's pages of the demand loop, each reloaded from the services on a change."""

    #: The tab's title with the count of what waits for the district.
    title_changed = Signal(str)

    def __init__(self, store: Store, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.board = DispatchBoard(store, hub)
        self.gaps = GapList(store)
        self.orders = OrdersPage(store, hub)
        self.menu = MenuPage(store, hub)
        self.quarter = QuarterPage(store, hub)
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.pages.addTab(self.board, self.tr("Dispatch board"))
        self.pages.addTab(self.gaps, self.tr("Gap list"))
        self.pages.addTab(self.orders, self.tr("Orders"))
        self.pages.addTab(self.menu, self.tr("Service menu"))
        self.pages.addTab(self.quarter, self.tr("Evaluation"))
        hub.changed.connect(self._on_changed)
        self.refresh()

    def title(self) -> str:
        return waiting_title(self.store, self.tr("Dispatch"), include_orders=True)

    def reload(self) -> None:
        for page in (self.board, self.gaps, self.orders, self.menu, self.quarter):
            page.reload()
        counted = (
            (self.board, self.tr("Dispatch board"), len(self.board.rows)),
            (self.gaps, self.tr("Gap list"), self.gaps.model.rowCount()),
            (self.orders, self.tr("Orders"), self.orders.model.rowCount()),
        )
        for page, text, n in counted:
            index = self.pages.indexOf(page)
            self.pages.setTabText(index, f"{text} ({n})" if n else text)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*DEMAND_TABLES):
            self.title_changed.emit(self.title())
            self.refresh()
