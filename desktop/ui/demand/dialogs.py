"""Dialogs of the demand loop: a new request in the resident's words, a village's order from the
menu (点单), scheduling the delivery of a matched request or a dispatched order, the three-level
scores of a delivery, and a new offering on the district's menu.

Scheduling and scoring take either a request or an order: both deliver one offering to this
village, and the services say which one a step answers (``request_id`` or ``order_id``).

Each runs one use case and shows its problems under the fields (``RecordDialog``); none repeats
the services' rules.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from core import vocabulary, workflow
from core.messages import QT_TRANSLATE_NOOP, UserMessage
from desktop.changes import Changes
from desktop.services.demand import evaluations, menu
from desktop.services.demand import requests as request_service
from desktop.services.demand import views as demand_views
from desktop.services.demand.views import MyOrderRow, RequestRow
from desktop.ui import formatting as fmt
from desktop.ui.demand.models import URGENCIES
from desktop.ui.dialogs import RecordDialog
from desktop.ui.events import Hub

if TYPE_CHECKING:
    from desktop.storage.store import Store

SCORES_FORMAT = QT_TRANSLATE_NOOP(
    "Demand", "Write residents' scores as whole numbers from 0 to 100, separated by spaces."
)
NO_SCORE = QT_TRANSLATE_NOOP("Demand", "Enter at least one score.")


#: What a delivery answers: a matched request or one of the village's orders.
Delivery = RequestRow | MyOrderRow


def _answers(item: Delivery) -> dict[str, object]:
    """The keyword the services take for what ``item`` is: ``request_id`` or ``order_id``."""
    return {"order_id": item.id} if isinstance(item, MyOrderRow) else {"request_id": item.id}


def next_month(day: dt.date) -> dt.date:
    """The first day of the month after ``day``'s: what a village usually orders for."""
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


class NewRequestDialog(RecordDialog):
    """Record what a household or group needs (户提议), in their own words."""

    def __init__(self, store: Store, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(store, hub, parent)
        self.saved: request_service.Request | None = None
        self.setWindowTitle(self.tr("New request"))
        self.need = QPlainTextEdit()
        self.need.setPlaceholderText(
            self.tr("In the resident's own words, e.g. our pear orchard yields less every year…")
        )
        self.need.setFixedHeight(90)
        self.category = QComboBox()
        for code in vocabulary.REQUEST_CATEGORIES:
            self.category.addItem(fmt.label(fmt.REQUEST_CATEGORIES, code), code)
        self.people = QSpinBox()
        self.people.setRange(1, 10_000)
        self.household = QLineEdit()
        self.household.setPlaceholderText(self.tr("Household or group, e.g. Group 3"))
        self.urgency = QComboBox()
        for code in request_service.URGENCIES:
            self.urgency.addItem(fmt.label(URGENCIES, code), code)
        self.preferred = QLineEdit()
        self.preferred.setPlaceholderText(self.tr("e.g. before the pear harvest"))
        self.add_row(self.tr("Need"), "need", self.need)
        self.add_row(self.tr("Category"), "category", self.category)
        self.add_row(self.tr("People"), "people_count", self.people)
        self.add_row(self.tr("Household"), "household", self.household)
        self.add_row(self.tr("Urgency"), "urgency", self.urgency)
        self.add_row(self.tr("Preferred time"), "preferred_time", self.preferred)

    def input(self) -> request_service.RequestInput:
        return request_service.RequestInput(
            need=self.need.toPlainText(),
            category=self.category.currentData(),
            people_count=self.people.value(),
            household=self.household.text(),
            urgency=self.urgency.currentData(),
            preferred_time=self.preferred.text(),
        )

    def _save(self) -> Changes:
        self.saved, changes = request_service.file_request(self.store, self.input())
        return changes


class ScheduleDialog(RecordDialog):
    """Schedule the delivery (送单) of a matched request or a dispatched order as a session at this
    village. An order the district has not dispatched yet is refused by the service, in its words,
    under the fields."""

    def __init__(
        self, store: Store, hub: Hub, request: Delivery, parent: QWidget | None = None
    ) -> None:
        super().__init__(store, hub, parent)
        self.request = request
        self.session_id = None
        self.setWindowTitle(self.tr("Schedule delivery"))
        self.offering = QLabel(request.offering_title)
        self.offering.setWordWrap(True)
        day = store.today() + dt.timedelta(days=7)
        self.date = QDateEdit(QDate(day.year, day.month, day.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(self.tr("yyyy-MM-dd, ddd"))
        self.starts = QTimeEdit(QTime(9, 0))
        self.ends = QTimeEdit(QTime(11, 0))
        times = QWidget()
        row = QHBoxLayout(times)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.starts)
        row.addWidget(QLabel("–"))
        row.addWidget(self.ends)
        row.addStretch(1)
        self.place = QLineEdit()
        self.place.setPlaceholderText(self.tr("e.g. the village activity room"))
        self.add_row(self.tr("Offering"), "offering", self.offering)
        self.add_row(self.tr("Date"), "starts_at", self.date)
        self.add_row(self.tr("Time"), "ends_at", times)
        self.add_row(self.tr("Place"), "place", self.place)
        if isinstance(request, MyOrderRow) and request.status == "ordered":
            hint = QLabel(
                self.tr(
                    "The district has not dispatched this order yet: it can be scheduled once the "
                    "dispatch arrives with a sync."
                )
            )
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555555;")
            self.form.addRow(hint)

    def set_when(self, day: dt.date, start: dt.time, end: dt.time) -> None:
        self.date.setDate(QDate(day.year, day.month, day.day))
        self.starts.setTime(QTime(start.hour, start.minute))
        self.ends.setTime(QTime(end.hour, end.minute))

    def _save(self) -> Changes:
        day = self.date.date().toPython()
        assert self.request.offering_id is not None
        self.session_id, changes = menu.schedule_delivery(
            self.store,
            self.request.offering_id,
            dt.datetime.combine(day, self.starts.time().toPython()),
            dt.datetime.combine(day, self.ends.time().toPython()),
            place=self.place.text(),
            **_answers(self.request),  # type: ignore[arg-type]
        )
        return changes


class ScoreDialog(RecordDialog):
    """The scores this level gives a delivery (三级满意度测评): the town's, the village's, and
    residents' several scores (averaged in the report). A level left at "not scored" adds nothing."""

    def __init__(
        self, store: Store, hub: Hub, request: Delivery, parent: QWidget | None = None
    ) -> None:
        super().__init__(store, hub, parent)
        self.request = request
        identity = store.identity()
        self.levels = workflow.SCORING_LEVELS.get(identity.role if identity else "", frozenset())
        self.setWindowTitle(self.tr("Score the delivery"))
        self.offering = QLabel(request.offering_title)
        self.offering.setWordWrap(True)
        self.add_row(self.tr("Offering"), "offering", self.offering)
        self.town = self._score_box()
        self.village = self._score_box()
        self.residents = QLineEdit()
        self.residents.setPlaceholderText(self.tr("e.g. 90 85 78 (one score per resident)"))
        if "town" in self.levels:
            self.add_row(self.tr("Town's score"), "town", self.town)
        if "village" in self.levels:
            self.add_row(self.tr("Village's score"), "village", self.village)
        if "resident" in self.levels:
            self.add_row(self.tr("Residents' scores"), "resident", self.residents)
        hint = QLabel(
            self.tr("Scores run from 0 to 100: 80 or above is excellent, under 60 fails.")
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555555;")
        self.form.addRow(hint)

    def _score_box(self) -> QSpinBox:
        box = QSpinBox()
        box.setRange(-1, 100)
        box.setValue(-1)
        box.setSpecialValueText(self.tr("Not scored"))
        return box

    def resident_scores(self) -> list[int] | None:
        """The residents' scores typed, or None when the text is not a list of scores."""
        parts = [p for p in re.split(r"[\s,，、;；]+", self.residents.text()) if p]
        if not all(p.isdigit() and 0 <= int(p) <= 100 for p in parts):
            return None
        return [int(p) for p in parts]

    def _save(self) -> Changes | None:
        assert self.request.offering_id is not None
        given: list[tuple[str, int]] = []
        if "town" in self.levels and self.town.value() >= 0:
            given.append(("town", self.town.value()))
        if "village" in self.levels and self.village.value() >= 0:
            given.append(("village", self.village.value()))
        if "resident" in self.levels:
            scores = self.resident_scores()
            if scores is None:
                self.errors.show({"resident": UserMessage("Demand", SCORES_FORMAT)})
                return None
            given.extend(("resident", s) for s in scores)
        if not given:
            self.errors.show_general(UserMessage("Demand", NO_SCORE))
            return None
        changes = Changes()
        for level, score in given:
            changes.merge(
                evaluations.record_score(
                    self.store,
                    self.request.offering_id,
                    level,
                    score,
                    **_answers(self.request),  # type: ignore[arg-type]
                )[1]
            )
        return changes


class OrderDialog(RecordDialog):
    """A village orders an offering from the menu for a month (点单): for next month unless said
    otherwise, for how many people, with a note for the team, and optionally for one of the
    village's open requests, so the district sees which household's need the order answers."""

    def __init__(
        self, store: Store, hub: Hub, offering: menu.Offering, parent: QWidget | None = None
    ) -> None:
        super().__init__(store, hub, parent)
        self.offering_row = offering
        self.saved: uuid.UUID | None = None
        self.setWindowTitle(self.tr("Order from the menu"))
        self.offering = QLabel(offering.title)
        self.offering.setWordWrap(True)
        month = next_month(store.today())
        self.month = QDateEdit(QDate(month.year, month.month, 1))
        self.month.setCalendarPopup(True)
        self.month.setDisplayFormat(self.tr("yyyy-MM", "month of an order"))
        self.people = QSpinBox()
        self.people.setRange(1, 10_000)
        self.people.setValue(20)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("e.g. most growers are free after the harvest"))
        self.request = QComboBox()
        self.request.addItem(self.tr("No request"), None)
        identity = store.identity()
        here = identity.site_id if identity else None
        for r in demand_views.list_requests(store):
            if r.is_open and r.site_id == here:
                self.request.addItem(_request_choice(r), r.id)
        self.add_row(self.tr("Offering"), "offering", self.offering)
        self.add_row(self.tr("Month"), "month", self.month)
        self.add_row(self.tr("People"), "people_count", self.people)
        self.add_row(self.tr("Note"), "note", self.note)
        self.add_row(self.tr("For request"), "request_id", self.request)

    def choose_request(self, request_id: uuid.UUID) -> bool:
        """Link the order to ``request_id`` when it is one of the requests offered."""
        # Compared in Python: a UUID kept as item data is not found by Qt's findData.
        for index in range(self.request.count()):
            if self.request.itemData(index) == request_id:
                self.request.setCurrentIndex(index)
                return True
        return False

    def _save(self) -> Changes:
        self.saved, changes = menu.place_order(
            self.store,
            self.offering_row.id,
            self.month.date().toPython(),
            self.people.value(),
            self.note.text(),
            request_id=self.request.currentData(),
        )
        return changes


def _request_choice(r: RequestRow) -> str:
    """A request as one line of a chooser: its words cut short, and its status."""
    need = r.need.replace("\n", " ")
    need = need if len(need) <= 24 else need[:23] + "…"
    return f"{need} · {fmt.label(fmt.STATUSES, r.status)}"


class OfferingDialog(RecordDialog):
    """Put an offering on the district's service menu (项目清单) for a quarter."""

    def __init__(self, store: Store, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(store, hub, parent)
        self.saved: menu.Offering | None = None
        self.setWindowTitle(self.tr("New offering"))
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("e.g. Fruit-tree growing and pruning"))
        self.platform = QComboBox()
        for code in vocabulary.PLATFORMS:
            self.platform.addItem(fmt.label(fmt.PLATFORMS, code), code)
        self.quarter = QLineEdit(menu.quarter_of(store.today()))
        self.department = QLineEdit()
        self.team = QLineEdit()
        self.covers = QPlainTextEdit()
        self.covers.setFixedHeight(70)
        self.keywords = QLineEdit()
        self.keywords.setPlaceholderText(self.tr("Words people use, e.g. pear pruning pests"))
        self.capacity = QSpinBox()
        self.capacity.setRange(0, 10_000)
        self.add_row(self.tr("Offering"), "title", self.title)
        self.add_row(self.tr("Platform"), "platform", self.platform)
        self.add_row(self.tr("Quarter"), "quarter", self.quarter)
        self.add_row(self.tr("Lead department"), "lead_department", self.department)
        self.add_row(self.tr("Team"), "team", self.team)
        self.add_row(self.tr("What it covers"), "covers", self.covers)
        self.add_row(self.tr("Keywords"), "keywords", self.keywords)
        self.add_row(self.tr("Capacity"), "capacity", self.capacity)

    def _save(self) -> Changes:
        self.saved, changes = menu.publish_offering(
            self.store,
            menu.OfferingInput(
                title=self.title.text(),
                platform=self.platform.currentData(),
                quarter=self.quarter.text(),
                lead_department=self.department.text(),
                team=self.team.text(),
                covers=self.covers.toPlainText(),
                keywords=self.keywords.text(),
                capacity=self.capacity.value(),
            ),
        )
        return changes
