"""The demand loop across a village, its town and the district through a real server: a request is
escalated, matched to the service menu, delivered as a session and scored at three levels."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from core import schema
from core.clock import FixedClock
from desktop.services.demand import evaluations, menu, requests
from desktop.services.demand.requests import RequestInput
from desktop.services.errors import ServiceError
from desktop.services.people import residents
from desktop.services.week import attendance
from desktop.storage.store import Store
from desktop.sync.status import rejections

from support import District, enrolled_store, publish_menu


def test_the_whole_loop_ends_with_one_history_and_status_everywhere(
    district: District, tmp_path: Path
) -> None:
    v = district.device(tmp_path, district.village, "village", "v")
    t = district.device(tmp_path, district.town, "town", "t")
    d = district.device(tmp_path, district.district, "district", "d")
    menu_items = publish_menu(d.store)
    d.client.sync()

    people = [residents.add_resident(v.store, residents.ResidentInput(n))[0] for n in "甲乙丙"]
    request, _ = requests.file_request(
        v.store, RequestInput("我们村梨园产量下降，想请专家来教修剪和防治病虫害", "income", 8)
    )
    requests.advance_request(v.store, request.id, "collected", "村委会收集")
    v.client.sync()
    t.client.sync()

    # Offline at the same time: the village decides to handle it itself, the town takes it up.
    requests.advance_request(v.store, request.id, "village_handles")
    requests.advance_request(t.store, request.id, "town_organises", "镇里统筹")
    v.client.sync()
    t.client.sync()
    assert requests.get_request(t.store, request.id).status == "town_organises"
    requests.advance_request(t.store, request.id, "district_coordinates", "需区里派单")
    t.client.sync()

    # The district: the pear orchard gets fruit-tree care, not herbs, and is off the gap list.
    d.client.sync()
    top = menu.suggestions_for(d.store, request.id)[0]
    assert top.offering_id == menu_items["fruit"].id and "梨" in top.because
    assert request.id not in menu.gap_list(d.store)
    assert menu.waiting_for_me(d.store)["requests"] == 1
    # A village may not take the district's step: refused on the laptop...
    v.client.sync()
    with pytest.raises(ServiceError):
        requests.advance_request(v.store, request.id, "matched")
    menu.match_request(d.store, request.id, top.offering_id, "派农技服务队")
    d.client.sync()

    # ...and, forced past the laptop, by the server.
    with v.store.write() as w:
        w.insert(
            schema.request_events,
            {
                "site_id": district.village,
                "request_id": request.id,
                "to_status": "matched",
                "note": "",
                "actor_site_id": district.village,
                "device_id": v.store.identity().device_id,
                "at": dt.datetime(2026, 11, 25, 7),
            },
        )
    v.client.sync()
    assert any("may not move a request to matched" in r.reason for r in rejections(v.store))

    start = dt.datetime(2026, 11, 26, 14)
    session_id, _ = menu.schedule_delivery(
        v.store, top.offering_id, start, start + dt.timedelta(hours=2), request_id=request.id
    )
    for person in people:
        attendance.mark_present(v.store, session_id, person.id)
    menu.mark_delivered(v.store, request_id=request.id)
    offering = top.offering_id
    evaluations.record_score(v.store, offering, "village", 85, request_id=request.id)
    for person, score in zip(people, (90, 80, 70), strict=True):
        evaluations.record_score(
            v.store, offering, "resident", score, request_id=request.id, resident_id=person.id
        )
    v.client.sync()
    t.client.sync()
    evaluations.record_score(t.store, offering, "town", 88, request_id=request.id)
    requests.advance_request(t.store, request.id, "evaluated", "测评完成")
    t.client.sync()
    for device in (v, d, t, v):
        device.client.sync()

    # The town's score is the town's: a village can neither withdraw nor rewrite it.
    town_score = _score_ids(v.store, "town")[0]
    with v.store.write() as w:
        w.delete(schema.evaluations, town_score)
    v.client.sync()
    assert any("may not change a score given as town" in r.reason for r in rejections(v.store))
    for device in (v, t, d):
        device.client.sync()
    assert town_score in _score_ids(d.store, "town")

    histories = [requests.history(x.store, request.id) for x in (v, t, d)]
    assert histories[0] == histories[1] == histories[2]
    statuses = {requests.get_request(x.store, request.id).status for x in (v, t, d)}
    assert statuses == {"evaluated"}
    steps = [step for step, _ in histories[0]]
    assert "village_handles" in steps and "town_organises" in steps  # both offline steps kept

    reports = [evaluations.quarter_report(x.store, "2026Q4") for x in (v, t, d)]
    assert reports[0] == reports[1] == reports[2]
    fruit = next(p for p in reports[2] if p.offering_id == offering)
    # town 88 × 30 % + village 85 × 30 % + residents' mean 80 × 40 %
    assert (fruit.town, fruit.village, fruit.residents, fruit.combined) == (88, 85, 80, 83.9)
    assert fruit.verdict == "excellent" and fruit.complete

    out = tmp_path / "quarter.xlsx"
    evaluations.export_quarter_report(d.store, "2026Q4", out)
    sheet = openpyxl.load_workbook(out).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "果树栽培与修剪技术培训" in cells and 83.9 in cells and "优秀" in cells


def _score_ids(store: Store, level: str) -> list:
    e = schema.evaluations
    with store.read() as conn:
        return list(
            conn.execute(select(e.c.id).where(e.c.level == level, e.c.deleted.is_(False))).scalars()
        )


def test_scores_decide_excellent_and_dropped_and_dropping_only_marks(
    store: Store, tmp_path: Path, clock: FixedClock
) -> None:
    district = enrolled_store(tmp_path / "district", clock, role="district")
    items = publish_menu(district)
    evaluations.record_score(district, items["fruit"].id, "town", 90)
    evaluations.record_score(district, items["fruit"].id, "village", 80)
    evaluations.record_score(district, items["herbs"].id, "town", 50)
    evaluations.record_score(district, items["herbs"].id, "village", 60)
    evaluations.record_score(district, items["herbs"].id, "resident", 55)
    report = {p.title: p for p in evaluations.quarter_report(district, "2026Q4")}
    fruit, herbs = report["果树栽培与修剪技术培训"], report["中药材种植技术"]
    assert (fruit.combined, fruit.verdict, fruit.complete) == (85.0, "excellent", False)
    assert (herbs.combined, herbs.verdict) == (55.0, "dropped")
    with pytest.raises(ServiceError):  # a village confirms nothing
        evaluations.confirm_dropped(store, [items["herbs"].id])
    evaluations.confirm_dropped(district, [items["herbs"].id])
    assert [o.title for o in menu.list_offerings(district, "2026Q4")] == ["果树栽培与修剪技术培训"]
    assert len(menu.list_offerings(district, "2026Q4", active_only=False)) == 2
    with pytest.raises(ServiceError):
        evaluations.record_score(district, items["fruit"].id, "town", 101)


def test_a_delivery_for_an_order_not_dispatched_yet_leaves_no_session(
    store: Store, tmp_path: Path, clock: FixedClock
) -> None:
    district = enrolled_store(tmp_path / "district", clock, role="district")
    fruit = publish_menu(district)["fruit"]
    with district.engine.connect() as conn:  # the menu as a village receives it
        row = conn.execute(schema.offerings.select().where(schema.offerings.c.id == fruit.id)).one()
    with store.engine.begin() as conn:
        conn.execute(schema.offerings.insert().values(**row._mapping))
    order_id, _ = menu.place_order(store, fruit.id, dt.date(2026, 12, 1), 20)
    start = dt.datetime(2026, 12, 3, 14)
    with pytest.raises(ServiceError):  # ordered, not dispatched: it cannot be scheduled yet
        menu.schedule_delivery(
            store, fruit.id, start, start + dt.timedelta(hours=2), order_id=order_id
        )
    with store.read() as conn:
        assert conn.execute(select(schema.sessions.c.id)).first() is None
        assert conn.execute(select(schema.courses.c.id)).first() is None
