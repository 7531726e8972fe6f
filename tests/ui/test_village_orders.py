"""A village's side of the service menu: it reads the district's offerings (as a sync leaves them),
orders one for next month through the dialog, is told in words that an order the district has not
dispatched cannot be scheduled yet (and no session is made), schedules it once the dispatch has come
down, marks it delivered and scores it."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from sqlalchemy import insert, select, update

from core import schema
from core.clock import FixedClock
from desktop.services.demand import requests
from desktop.services.demand import views as demand_views
from desktop.services.demand.requests import RequestInput
from desktop.services.week import sessions
from desktop.storage.store import Store
from desktop.ui.demand.requests_tab import RequestsTab
from desktop.ui.events import Hub

from support import enrolled_store
from wire import NOW as UI_NOW

FRUIT = "果树栽培与修剪技术培训"
DISTRICT = uuid.UUID("00000000-0000-4000-8000-0000000000d1")


def synced_offering(store: Store, title: str = FRUIT) -> uuid.UUID:
    """An offering published at the district, written as a sync leaves it on a village laptop:
    the district's site, a server sequence number, nothing pending."""
    offering_id = uuid.uuid4()
    with store.engine.begin() as conn:
        conn.execute(
            insert(schema.offerings).values(
                id=offering_id,
                site_id=DISTRICT,
                local_rev=1,
                synced_rev=1,
                pending=False,
                server_seq=41,
                deleted=False,
                updated_at=UI_NOW.replace(tzinfo=None),
                title=title,
                platform="science",
                lead_department="区农业农村委",
                team="区农技推广服务队",
                covers="梨树、柑橘等果树的整形修剪、疏花疏果和病虫害防治",
                keywords="梨 果树 修剪 病虫害",
                quarter="2026Q4",
                capacity=12,
                status="active",
            )
        )
    return offering_id


def dispatched_by_district(store: Store, order_id: uuid.UUID) -> None:
    """The district's dispatch of ``order_id`` as the next sync brings it back."""
    with store.engine.begin() as conn:
        conn.execute(
            update(schema.orders)
            .where(schema.orders.c.id == order_id)
            .values(status="dispatched", pending=False, server_seq=42)
        )


def order_row(store: Store, order_id: uuid.UUID):  # noqa: ANN201 - a Row
    with store.read() as conn:
        return conn.execute(select(schema.orders).where(schema.orders.c.id == order_id)).one()


def session_count(store: Store) -> int:
    with store.read() as conn:
        return len(conn.execute(select(schema.sessions.c.id)).all())


@pytest.fixture
def village(desk: Store) -> Store:
    synced_offering(desk)
    return desk


@pytest.fixture
def tab(village: Store, hub: Hub, qtbot) -> RequestsTab:  # noqa: ANN001
    made = RequestsTab(village, hub)
    qtbot.addWidget(made)
    made.show()
    return made


def place_through_dialog(tab: RequestsTab, people: int = 18) -> uuid.UUID:
    page = tab.menu_page
    assert page is not None
    page.select_offering(page.model.record_at(0).id)
    dialog = page.order_dialog()
    assert dialog is not None
    dialog.people.setValue(people)
    dialog.note.setText("梨子采摘后大家有空")
    assert dialog.save()
    assert dialog.saved is not None
    tab.show_order(dialog.saved)
    return dialog.saved


def test_the_menu_lists_the_districts_offering_read_only(tab: RequestsTab) -> None:
    page = tab.menu_page
    assert page is not None and tab.pages is not None
    assert tab.pages.count() == 3
    assert page.model.rowCount() == 1
    cells = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    assert cells == [
        FRUIT,
        "Science",
        "区农业农村委",
        "区农技推广服务队",
        "梨树、柑橘等果树的整形修剪、疏花疏果和病虫害防治",
        "2026Q4",
        12,
    ]
    assert not page.order_button.isEnabled()  # nothing chosen yet
    page.select_offering(page.model.record_at(0).id)
    assert page.order_button.isEnabled()


def test_ordering_through_the_dialog_places_an_order_for_next_month(
    village: Store, tab: RequestsTab
) -> None:
    request, _ = requests.file_request(
        village, RequestInput("我们村梨园产量下降，想请专家来教修剪", "income", 18)
    )
    page = tab.menu_page
    assert page is not None
    page.select_offering(page.model.record_at(0).id)
    dialog = page.order_dialog()
    assert dialog is not None
    assert dialog.month.date().toPython() == dt.date(2026, 12, 1)  # the clock is in November
    assert dialog.choose_request(request.id)
    dialog.people.setValue(18)
    dialog.note.setText("梨子采摘后大家有空")
    assert dialog.save()

    order = order_row(village, dialog.saved)
    assert (order.month, order.people_count, order.note, order.status) == (
        dt.date(2026, 12, 1),
        18,
        "梨子采摘后大家有空",
        "ordered",
    )
    assert order.request_id == request.id and order.pending
    mine = demand_views.my_orders(village)
    assert [(o.offering_title, o.status) for o in mine] == [(FRUIT, "ordered")]


def test_scheduling_an_undispatched_order_is_refused_in_words_and_makes_no_session(
    village: Store, tab: RequestsTab
) -> None:
    order_id = place_through_dialog(tab)
    orders = tab.orders_page
    assert orders is not None and tab.pages is not None
    assert tab.pages.currentWidget() is orders
    assert orders.selected() is not None and orders.selected().id == order_id
    assert orders.status_text(0) == "Ordered"
    assert orders.schedule_button.isEnabled()  # offered, so the village hears why it must wait
    assert "dispatch" in orders.feedback.text()

    dialog = orders.schedule_dialog()
    assert dialog is not None
    assert not dialog.save()
    assert dialog.errors.general.text()  # the service's sentence, under the fields
    assert session_count(village) == 0
    assert order_row(village, order_id).status == "ordered"


def test_a_dispatched_order_is_scheduled_as_a_session_and_shows_scheduled(
    village: Store, hub: Hub, tab: RequestsTab
) -> None:
    order_id = place_through_dialog(tab)
    dispatched_by_district(village, order_id)
    tab.reload()
    orders = tab.orders_page
    assert orders is not None and tab.pages is not None
    assert orders.select_order(order_id)
    assert orders.status_text(orders.model.row_of(order_id)) == "Dispatched"
    assert tab.pages.tabText(tab.pages.indexOf(orders)) == "My orders (1)"

    dialog = orders.schedule_dialog()
    assert dialog is not None
    dialog.set_when(dt.date(2026, 12, 5), dt.time(9), dt.time(11))
    dialog.place.setText("村活动室")
    assert dialog.save()

    order = order_row(village, order_id)
    assert order.status == "scheduled" and order.session_id == dialog.session_id
    held = sessions.get_session(village, order.session_id)
    assert held.starts_at == dt.datetime(2026, 12, 5, 9) and held.place == "村活动室"
    row = orders.model.row_of(order_id)
    assert orders.status_text(row) == "Scheduled"
    session = orders.model.index(row, orders.model.COL_SESSION).data()
    assert "村活动室" in session and "09:00" in session
    assert orders.delivered_button.isEnabled() and not orders.score_button.isEnabled()
    assert tab.pages.tabText(tab.pages.indexOf(orders)) == "My orders"


def test_the_scheduled_order_shows_in_chinese(
    village: Store, hub: Hub, qtbot, chinese: None, tmp_path: Path
) -> None:  # noqa: ANN001
    made = RequestsTab(village, hub)
    qtbot.addWidget(made)
    made.show()
    order_id = place_through_dialog(made)
    orders = made.orders_page
    assert orders is not None
    assert orders.status_text(orders.model.row_of(order_id)) == "已点单"
    dispatched_by_district(village, order_id)
    made.reload()
    orders.select_order(order_id)
    dialog = orders.schedule_dialog()
    assert dialog is not None
    assert dialog.save()
    assert orders.status_text(orders.model.row_of(order_id)) == "已安排"


def test_a_delivered_order_takes_the_villages_and_residents_scores(
    village: Store, tab: RequestsTab
) -> None:
    order_id = place_through_dialog(tab)
    dispatched_by_district(village, order_id)
    tab.reload()
    orders = tab.orders_page
    assert orders is not None
    orders.select_order(order_id)
    dialog = orders.schedule_dialog()
    assert dialog is not None and dialog.save()
    assert orders.mark_delivered()
    assert order_row(village, order_id).status == "delivered"
    assert orders.score_button.isEnabled()

    scores = orders.score_dialog()
    assert scores is not None
    scores.village.setValue(88)
    scores.residents.setText("90 85 78")
    assert scores.save()
    with village.read() as conn:
        given = conn.execute(
            select(schema.evaluations.c.level, schema.evaluations.c.score).where(
                schema.evaluations.c.order_id == order_id
            )
        ).all()
    assert sorted(given) == [("resident", 78), ("resident", 85), ("resident", 90), ("village", 88)]
    row = orders.model.row_of(order_id)
    assert orders.model.index(row, orders.model.COL_SCORES).data() == 4


def test_a_towns_tab_has_no_menu_pages(
    tmp_path: Path, ui_clock: FixedClock, hub: Hub, qtbot
) -> None:  # noqa: ANN001
    town = enrolled_store(tmp_path / "town", ui_clock, role="town")
    made = RequestsTab(town, hub)
    qtbot.addWidget(made)
    assert made.pages is None and made.orders_page is None
    town.engine.dispose()
