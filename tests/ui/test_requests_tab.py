"""The demand views per role: a village files a request and takes only its own steps; the district's
dispatch board shows the pear orchard's best fit with its reasons and matches it; the gap list; the
quarter's evaluation table, its colours, confirmation and export.

Other sites' rows reach the district's database the way a sync leaves them: copied with a server
sequence number, nothing pending (``carry``)."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from sqlalchemy import delete, insert, select

from core import schema, workflow
from core.clock import FixedClock
from desktop.services.demand import evaluations, menu, requests
from desktop.services.demand import views as demand_views
from desktop.services.demand.requests import RequestInput
from desktop.storage.store import Store
from desktop.ui.demand.dispatch_tab import DispatchTab
from desktop.ui.demand.models import QuarterModel
from desktop.ui.demand.requests_tab import RequestsTab
from desktop.ui.events import Hub
from desktop.ui.main_window import MainWindow

from support import enrolled_store, publish_menu

PEAR = "我们村梨园产量下降，想请专家来教修剪和防治病虫害"
PAPERS = "老人想办理医保报销手续，不会在手机上操作"
_SEQ = itertools.count(1)


def carry(source: Store, target: Store) -> None:
    """Every row of ``source`` into ``target`` as a sync would leave it, statuses folded again."""
    with source.read() as conn, target.engine.begin() as out:
        for table in schema.SYNCED_TABLES:
            for row in conn.execute(select(table).order_by(table.c.updated_at)).mappings().all():
                values = {
                    **row,
                    "pending": False,
                    "synced_rev": row["local_rev"],
                    "dirty": None,
                    "server_seq": next(_SEQ),
                }
                out.execute(delete(table).where(table.c.id == row["id"]))
                out.execute(insert(table).values(values))
        ids = out.execute(select(schema.requests.c.id)).scalars().all()
        workflow.refresh_status(out, ids)


def add_site(store: Store, site_id: uuid.UUID, name: str) -> None:
    with store.write() as w:
        w.insert(
            schema.sites,
            {
                "id": site_id,
                "site_id": site_id,
                "parent_id": None,
                "level": "village",
                "name": name,
                "path": f"/{site_id.hex}/",
            },
        )


@pytest.fixture
def district(tmp_path: Path, ui_clock: FixedClock) -> Store:
    """A district laptop with the menu, the pear orchard at the district and a request for help
    with medical insurance forms at the town (no offering covers it)."""
    store = enrolled_store(tmp_path / "district", ui_clock, role="district")
    publish_menu(store)
    village = enrolled_store(tmp_path / "village", ui_clock)
    for need, category in ((PEAR, "income"), (PAPERS, "health_care")):
        request, _ = requests.file_request(village, RequestInput(need, category, 8))
        for step in ("collected", "town_organises"):
            requests.advance_request(village, request.id, step, "村里办不了")
    carry(village, store)
    identity = village.identity()
    assert identity is not None
    add_site(store, identity.site_id, "玉屏村")
    pear = next(r for r in demand_views.list_requests(store) if r.need == PEAR)
    requests.advance_request(store, pear.id, "district_coordinates", "镇里请区里统筹")
    return store


def test_village_files_a_request_through_the_dialog_and_sees_it(
    desk: Store, hub: Hub, qtbot
) -> None:  # noqa: ANN001
    tab = RequestsTab(desk, hub)
    qtbot.addWidget(tab)
    tab.show()
    dialog = tab.new_request_dialog()
    dialog.need.setPlainText(PEAR)
    dialog.category.setCurrentIndex(dialog.category.findData("income"))
    dialog.people.setValue(23)
    dialog.preferred.setText("梨子采摘前")
    assert dialog.save()

    assert tab.model.rowCount() == 1
    row = tab.model.record_at(0)
    assert (row.need, row.people_count, row.preferred_time) == (PEAR, 23, "梨子采摘前")
    status = tab.model.index(0, tab.model.COL_STATUS).data()
    assert status == "Proposed by a household"
    assert tab.title() == "Requests (1)"  # a proposal waits for the village to collect it

    tab.select_request(row.id)
    assert tab.history_model.rowCount() == 1
    assert tab.offered_steps() == ["collected", "declined"]


def test_an_empty_need_is_refused_under_its_field(desk: Store, hub: Hub, qtbot) -> None:  # noqa: ANN001
    tab = RequestsTab(desk, hub)
    qtbot.addWidget(tab)
    dialog = tab.new_request_dialog()
    assert not dialog.save()
    assert dialog.errors.text("need")
    assert demand_views.list_requests(desk) == []


def test_a_village_is_offered_only_its_own_steps_and_told_why_not(
    desk: Store, hub: Hub, qtbot
) -> None:  # noqa: ANN001
    request, _ = requests.file_request(desk, RequestInput(PEAR, "income", 8))
    tab = RequestsTab(desk, hub)
    qtbot.addWidget(tab)
    tab.show()
    tab.select_request(request.id)
    tab.note.setText("村里没有果树专家")
    assert tab.take_step("collected")
    assert tab.offered_steps() == ["village_handles", "town_organises", "declined"]
    assert tab.step_buttons["town_organises"].text() == "Escalate to the town"
    qtbot.mouseClick(tab.step_buttons["town_organises"], Qt.MouseButton.LeftButton)
    assert requests.get_request(desk, request.id).status == "town_organises"

    # Escalating further is the town's step: not offered, and refused in words if tried.
    assert "district_coordinates" not in tab.offered_steps()
    assert not tab.take_step("district_coordinates")
    assert tab.feedback.text() == "This step is taken at another level, not here."
    assert requests.get_request(desk, request.id).status == "town_organises"

    steps = [tab.history_model.index(r, 1).data() for r in range(tab.history_model.rowCount())]
    assert steps == ["Proposed by a household", "Collected", "Town organises it"]
    assert tab.history_model.index(1, 3).data() == "村里没有果树专家"


def test_the_town_sees_what_is_escalated_and_overdue_requests(
    tmp_path: Path, ui_clock: FixedClock, hub: Hub, qtbot
) -> None:  # noqa: ANN001
    village = enrolled_store(tmp_path / "village", ui_clock)
    old, _ = requests.file_request(village, RequestInput(PAPERS, "health_care", 2))
    requests.advance_request(village, old.id, "collected")
    ui_clock.advance(days=31)
    fresh, _ = requests.file_request(village, RequestInput(PEAR, "income", 8))
    for step in ("collected", "town_organises"):
        requests.advance_request(village, fresh.id, step)
    town = enrolled_store(tmp_path / "town", ui_clock, role="town")
    carry(village, town)

    tab = RequestsTab(town, hub)
    qtbot.addWidget(tab)
    tab.show()
    assert [r.need for r in tab.model._rows] == [PEAR]  # escalated to me
    tab.select_request(fresh.id)
    assert tab.step_buttons["town_organises"].isHidden()  # already taken up
    assert tab.offered_steps() == ["district_coordinates", "scheduled", "declined"]

    tab.filter.setCurrentIndex(tab.filter.findData("open"))
    assert tab.model.rowCount() == 2
    overdue = [tab.model.overdue(r) for r in tab.model._rows]
    assert overdue == [False, True]
    assert "(overdue)" in tab.model.index(1, tab.model.COL_OPENED).data()


def test_district_matches_the_pear_orchard_to_its_top_suggestion(
    district: Store, hub: Hub, qtbot
) -> None:  # noqa: ANN001
    tab = DispatchTab(district, hub)
    qtbot.addWidget(tab)
    tab.show()
    board = tab.board
    assert board.platforms() == ["Science (1)"]
    pear = board.selected()
    assert pear is not None and pear.request.need == PEAR
    top = board.suggestions.record_at(0)
    assert top.title == "果树栽培与修剪技术培训"
    because = board.suggestions.index(0, board.suggestions.COL_BECAUSE).data()
    assert because.startswith("Because: ") and "梨" in because and "修剪" in because
    assert top == menu.suggestions_for(district, pear.request.id)[0]

    qtbot.mouseClick(board.match_button, Qt.MouseButton.LeftButton)
    assert requests.get_request(district, pear.request.id).status == "matched"
    matched = next(r for r in demand_views.list_requests(district) if r.id == pear.request.id)
    assert matched.offering_id == top.offering_id
    assert board.rows == []
    assert tab.title() == "Dispatch"


def test_the_gap_list_shows_the_request_no_offering_covers(
    district: Store, hub: Hub, qtbot
) -> None:  # noqa: ANN001
    tab = DispatchTab(district, hub)
    qtbot.addWidget(tab)
    tab.show()
    shown = [tab.gaps.model.record_at(r).need for r in range(tab.gaps.model.rowCount())]
    assert shown == [PAPERS]
    assert tab.pages.tabText(tab.pages.indexOf(tab.gaps)) == "Gap list (1)"


def test_the_quarter_table_shows_excellent_and_dropped_with_the_report_s_numbers(
    district: Store, hub: Hub, qtbot, tmp_path: Path
) -> None:  # noqa: ANN001
    items = {o.title: o for o in menu.list_offerings(district)}
    fruit, herbs = items["果树栽培与修剪技术培训"], items["中药材种植技术"]
    for offering, level, score in (
        (fruit, "town", 90),
        (fruit, "village", 80),
        (fruit, "resident", 85),
        (fruit, "resident", 95),
        (herbs, "town", 50),
        (herbs, "village", 60),
        (herbs, "resident", 55),
    ):
        evaluations.record_score(district, offering.id, level, score)
    tab = DispatchTab(district, hub)
    qtbot.addWidget(tab)
    tab.show()
    page = tab.quarter
    assert page.quarter.currentData() == "2026Q4"
    model = page.model
    report = evaluations.quarter_report(district, "2026Q4")
    assert model.rowCount() == len(report) == 2
    for row, project in enumerate(report):
        cells = [model.index(row, c).data() for c in range(model.columnCount())]
        assert cells[QuarterModel.COL_TITLE] == project.title
        assert cells[QuarterModel.COL_COMBINED] == f"{project.combined:g}"
        assert cells[QuarterModel.COL_TOWN] == f"{project.town:g}"
        assert cells[QuarterModel.COL_RESIDENTS] == f"{project.residents:g}"
        assert cells[QuarterModel.COL_RESIDENT_SCORES] == project.resident_scores
    background = Qt.ItemDataRole.BackgroundRole
    assert model.index(0, QuarterModel.COL_VERDICT).data() == "Excellent"
    assert model.index(0, 0).data(background).color().name() == "#d5f0d5"
    assert model.index(1, QuarterModel.COL_VERDICT).data() == "Dropped next quarter"
    assert model.index(1, 0).data(background).color().name() == "#f8d0cc"

    assert page.confirm_button.isEnabled()
    assert page.confirm_dropped()
    assert [o.title for o in menu.list_offerings(district, "2026Q4")] == [fruit.title]
    assert model.index(1, QuarterModel.COL_VERDICT).data() == "Dropped next quarter (confirmed)"
    assert not page.confirm_button.isEnabled()

    path = tmp_path / "测评.xlsx"
    assert page.export_to(path)
    sheet = openpyxl.load_workbook(path).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert fruit.title in values and herbs.title in values
    assert report[0].combined == 87.0 and 87.0 in values  # 0.3·90 + 0.3·80 + 0.4·90


def test_the_village_schedules_delivers_and_scores_a_matched_request(
    desk: Store, hub: Hub, qtbot, ui_clock: FixedClock, tmp_path: Path
) -> None:  # noqa: ANN001
    district = enrolled_store(tmp_path / "district", ui_clock, role="district")
    fruit = publish_menu(district)["fruit"]
    carry(district, desk)
    request, _ = requests.file_request(desk, RequestInput(PEAR, "income", 8))
    for step in ("collected", "town_organises"):
        requests.advance_request(desk, request.id, step)
    # The district's steps arrive by sync: written as the district's events.
    with desk.write() as w:
        for step in ("district_coordinates", "matched"):
            w.insert(
                schema.request_events,
                {
                    "site_id": desk.identity().site_id,
                    "request_id": request.id,
                    "to_status": step,
                    "note": "",
                    "actor_site_id": uuid.uuid4(),
                    "device_id": None,
                    "at": ui_clock.now().replace(tzinfo=None),
                },
            )
        w.update(schema.requests, request.id, {"offering_id": fruit.id})
        workflow.refresh_status(w.conn, [request.id])

    tab = RequestsTab(desk, hub)
    qtbot.addWidget(tab)
    tab.show()
    tab.select_request(request.id)
    assert tab.offered_steps() == ["declined"]
    assert not tab.schedule_button.isHidden()
    dialog = tab.schedule_dialog()
    assert dialog is not None
    dialog.set_when(dt.date(2026, 12, 2), dt.time(9), dt.time(11))
    assert dialog.save()
    assert requests.get_request(desk, request.id).status == "scheduled"
    assert tab.step_buttons["delivered"].text() == "Delivered"
    assert tab.take_step("delivered")
    assert not tab.score_button.isHidden()

    scores = tab.score_dialog()
    assert scores is not None and scores.town.isHidden()
    scores.village.setValue(85)
    scores.residents.setText("90 80 x")
    assert not scores.save()
    assert scores.errors.text("resident")
    scores.residents.setText("90、80")
    assert scores.save()
    project = next(
        p for p in evaluations.quarter_report(desk, "2026Q4") if p.offering_id == fruit.id
    )
    assert (project.village, project.residents, project.resident_scores) == (85, 85, 2)


def test_the_window_counts_what_waits_for_the_village_in_the_tab_title(
    desk: Store, hub: Hub, background, qtbot
) -> None:  # noqa: ANN001
    window = MainWindow(desk, hub, background, None)
    qtbot.addWidget(window)
    tabs = window.tabs
    assert window.requests is not None and window.dispatch is None
    assert tabs.tabText(tabs.indexOf(window.requests)) == "Requests"
    _, changes = requests.file_request(desk, RequestInput(PEAR, "income", 8))
    hub.publish(changes)
    assert tabs.tabText(tabs.indexOf(window.requests)) == "Requests (1)"
