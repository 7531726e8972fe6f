"""The Residents list over a register of thousands: a page at a time, more as the view scrolls, the
first page again on a new search."""

from __future__ import annotations

import datetime as dt
import random

from PySide6.QtWidgets import QTableView
from sqlalchemy import select

from bench.villages import synced_columns, village_rows, write
from core import schema
from desktop.services.people.residents import search_residents
from desktop.storage.store import Store
from desktop.ui.events import Hub
from desktop.ui.people.lazy_models import LazyResidentsModel
from desktop.ui.people.residents_tab import ResidentsTab
from desktop.ui.tables import record_table

PEOPLE = 3000
NOW = dt.date(2026, 11, 23)


def _register(store: Store, people: int = PEOPLE) -> None:
    site = store.identity().site_id
    seq = iter(range(1, 10**9))
    # The register only: no weeks of sessions.
    rows = village_rows(random.Random(7), lambda: synced_columns(site, next(seq)), people, 0, NOW)
    with store.engine.begin() as conn:
        write(conn, rows)


def _register_order(store: Store) -> list:
    t = schema.residents
    stmt = select(t.c.id).order_by(t.c.village_group, t.c.household, t.c.name, t.c.id)
    with store.read() as conn:
        return list(conn.execute(stmt).scalars())


def _ids(model: LazyResidentsModel) -> list:
    return [model.record_at(row).id for row in range(model.rowCount())]


def test_the_model_starts_with_one_page_and_fetches_the_rest_in_order(qtmodeltester, desk):
    _register(desk)
    model = LazyResidentsModel(desk, page=100)
    model.search("")
    assert model.rowCount() == 100
    assert model.canFetchMore() and not model.complete()
    assert model.register_size() == PEOPLE

    model.fetchMore()
    assert model.rowCount() == 200
    while model.canFetchMore():
        model.fetchMore()
    assert model.complete()
    # Keyset pages join up: every resident once, in the register's order.
    assert _ids(model) == _register_order(desk)
    qtmodeltester.check(model)


def test_scrolling_the_view_fetches_more(qtbot, desk):
    _register(desk)
    model = LazyResidentsModel(desk, page=100)
    model.search("")
    view: QTableView = record_table(model, model.COL_TAGS)
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.show()
    qtbot.waitExposed(view)
    first = model.rowCount()
    assert first <= 200  # a page, perhaps two to fill the screen; never the register
    for _ in range(3):
        view.scrollToBottom()
        qtbot.wait(1)
    assert first < model.rowCount() < PEOPLE


def test_a_search_starts_again_from_its_first_page(desk):
    _register(desk)
    model = LazyResidentsModel(desk, page=100)
    model.search("")
    for _ in range(3):
        model.fetchMore()
    assert model.rowCount() == 400

    model.search("张")
    wanted = [r.id for r in search_residents(desk, "张", limit=1000)]
    assert len(wanted) > 100, "the register should have more than a page of 张"
    assert _ids(model) == wanted[:100]
    model.fetchMore()
    # Later pages continue the search, in the search's own order.
    assert _ids(model) == wanted[:200]
    assert all("张" in model.record_at(row).name for row in range(model.rowCount()))

    model.search("zzzzzz")
    assert model.rowCount() == 0 and model.complete()


def test_the_residents_tab_lists_a_page_and_counts_the_whole_register(qtbot, desk):
    _register(desk)
    tab = ResidentsTab(desk, Hub())
    qtbot.addWidget(tab)
    assert tab.model.rowCount() == 100
    assert tab.count.text() == f"{PEOPLE} residents on the register"

    tab.search.setText("张")
    assert tab.model.rowCount() == 100
    assert tab.count.text() == "More than 100 residents found"
