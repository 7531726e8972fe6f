"""Values that reach other levels are checked where they enter: a weekly report's status and figures,
the records a request, an order or a score names, and the ``last`` row an exchange reports (on SQLite
and PostgreSQL). Each refused value was taken before, and nothing of a refused change is written.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine, select

from core import protocol, schema
from core.clock import FixedClock
from core.ids import weekly_report_id
from core.protocol import OutgoingRow
from core.week_figures import week_figures
from server import admin
from server import sync as server_sync

from wire import NOW, make_district, resident_values

WEEK = dt.date(2026, 11, 16)
START = dt.datetime(2026, 11, 17, 14)


@dataclass
class World:
    engine: Engine
    clock: FixedClock
    sites: dict[str, uuid.UUID]
    devices: dict[str, server_sync.Device]
    #: Per site name, the ids of its records by table.
    records: dict[str, dict[str, uuid.UUID]]

    def exchange(self, site: str, **message: Any) -> dict[str, Any]:
        message = {"protocol": protocol.PROTOCOL_VERSION, "cursor": 0, "limit": 16000, **message}
        return server_sync.exchange(self.engine, self.devices[site], message, self.clock)

    def push(self, site: str, **tables: list[OutgoingRow]) -> dict[str, Any]:
        changes = protocol.encode_push(tables)
        return self.exchange(site, batch=uuid.uuid4().hex, changes=changes)

    def rows(self, table: str) -> list[tuple]:
        t = schema.SYNCED_BY_NAME[table]
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(select(t).order_by(t.c.id))]


def _request(site: uuid.UUID, **fields: Any) -> dict[str, Any]:
    return {
        "site_id": site,
        "resident_id": None,
        "household": "",
        "need": "梨园修剪",
        "category": "income",
        "people_count": 1,
        "urgency": "normal",
        "preferred_time": "",
        "offering_id": None,
        "session_id": None,
        **fields,
    }


def _order(site: uuid.UUID, offering: uuid.UUID, **fields: Any) -> dict[str, Any]:
    return {
        "site_id": site,
        "offering_id": offering,
        "request_id": None,
        "month": dt.date(2026, 11, 1),
        "people_count": 20,
        "note": "",
        "status": "ordered",
        "session_id": None,
        **fields,
    }


def _score(site: uuid.UUID, offering: uuid.UUID, **fields: Any) -> dict[str, Any]:
    return {
        "site_id": site,
        "offering_id": offering,
        "order_id": None,
        "request_id": None,
        "level": "village",
        "resident_id": None,
        "score": 90,
        "note": "",
        "at": START,
        **fields,
    }


def _records(world: World, name: str, offering: uuid.UUID) -> dict[str, uuid.UUID]:
    """A resident, a course with a session, a request and an order at the village ``name``."""
    site = world.sites[name]
    ids = {t: uuid.uuid4() for t in ("residents", "courses", "sessions", "requests", "orders")}
    course = {"site_id": site, "title": "陶艺", "platform": "culture", "is_feature": False}
    session = {
        "site_id": site,
        "course_id": ids["courses"],
        "starts_at": START,
        "ends_at": START + dt.timedelta(hours=2),
        "place": "",
        "teacher_id": None,
        "topic": "",
        "notes": "",
        "headcount": None,
    }
    answer = world.push(
        name,
        residents=[OutgoingRow(ids["residents"], 1, False, resident_values(site, "张三"))],
        courses=[OutgoingRow(ids["courses"], 1, False, {**course, "description": ""})],
        sessions=[OutgoingRow(ids["sessions"], 1, False, session)],
        requests=[OutgoingRow(ids["requests"], 1, False, _request(site))],
        orders=[OutgoingRow(ids["orders"], 1, False, _order(site, offering))],
    )
    assert answer["rejected"] == {}
    return ids


@pytest.fixture
def world(server_db_url: str) -> Iterator[World]:
    clock = FixedClock(NOW)
    engine, sites = make_district(server_db_url, clock)
    devices = {}
    for name, role in (
        ("village", "village"),
        ("other_village", "village"),
        ("district", "district"),
    ):
        with engine.begin() as conn:
            code = admin.enrollment_code(conn, sites[name], role)
        answer = server_sync.enroll(
            engine, {"protocol": protocol.PROTOCOL_VERSION, "code": code}, clock
        )
        devices[name] = server_sync.Device(uuid.UUID(answer["device_id"]), sites[name], role)
    made = World(engine, clock, sites, devices, {})
    offering = uuid.uuid4()
    menu = {
        "site_id": sites["district"],
        "title": "果树栽培与修剪",
        "platform": "science",
        "lead_department": "区农业农村委",
        "team": "区农技服务队",
        "covers": "梨树修剪",
        "keywords": "梨 修剪",
        "quarter": "2026Q4",
        "capacity": 10,
        "status": "active",
    }
    assert (
        made.push("district", offerings=[OutgoingRow(offering, 1, False, menu)])["rejected"] == {}
    )
    made.records["district"] = {"offerings": offering}
    for name in ("village", "other_village"):
        made.records[name] = _records(made, name, offering)
    yield made
    engine.dispose()


# --- weekly reports ------------------------------------------------------------------------------


def _report(site: uuid.UUID, status: str, figures: Any) -> OutgoingRow:
    values = {
        "site_id": site,
        "week_start": WEEK,
        "status": status,
        "figures": figures,
        "remark": "",
        "review_comment": "",
        "submitted_at": None,
    }
    return OutgoingRow(weekly_report_id(site, WEEK), 1, False, values)


def _figures(world: World) -> dict[str, Any]:
    with world.engine.connect() as conn:
        return week_figures(conn, world.sites["village"], WEEK)


def _without(figures: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in figures.items() if k != key}


BAD_FIGURES = {
    "a count in words": lambda f: {**f, "sessions": "many"},
    "a negative count": lambda f: {**f, "person_times": -1},
    "true for one": lambda f: {**f, "reach": True},
    "a fraction": lambda f: {**f, "new_learners": 1.5},
    "a count missing": lambda f: _without(f, "reach"),
    "a key of its own": lambda f: {**f, "bonus": 1},
    "another week": lambda f: {**f, "week": "2026-11-09"},
    "platforms as a list": lambda f: {**f, "by_platform": [["culture", 2]]},
    "a platform's count in words": lambda f: {**f, "by_platform": {"culture": "two"}},
    "courses as text": lambda f: {**f, "by_course": "陶艺"},
    "a course without its numbers": lambda f: {
        **f,
        "by_course": [{"course_id": uuid.uuid4().hex, "title": "陶艺", "platform": "culture"}],
    },
}


def test_a_weekly_report_of_an_unknown_status_is_refused(world: World) -> None:
    report = _report(world.sites["village"], "garbage", _figures(world))
    answer = world.push("village", weekly_reports=[report])
    assert "status is one of draft, submitted, returned, approved" in answer["rejected"]["0"]
    assert world.rows("weekly_reports") == []


@pytest.mark.parametrize("status", ["draft", "submitted"])
@pytest.mark.parametrize("case", BAD_FIGURES)
def test_figures_not_shaped_as_a_weeks_are_refused(world: World, case: str, status: str) -> None:
    figures = BAD_FIGURES[case](_figures(world))
    answer = world.push(
        "village", weekly_reports=[_report(world.sites["village"], status, figures)]
    )
    assert answer["rejected"]["0"].startswith("these are not a week's figures"), answer
    assert world.rows("weekly_reports") == []


@pytest.mark.parametrize("status", ["draft", "submitted"])
def test_a_weeks_own_figures_are_taken(world: World, status: str) -> None:
    answer = world.push(
        "village", weekly_reports=[_report(world.sites["village"], status, _figures(world))]
    )
    assert answer["rejected"] == {} and "deferred" not in answer
    assert len(world.rows("weekly_reports")) == 1


# --- references ----------------------------------------------------------------------------------


def _named(world: World, table: str, field: str, where: str) -> OutgoingRow:
    """A new ``table`` row of the village naming, in ``field``, the record of that kind at
    ``where`` (or a record nobody holds)."""
    site, offering = world.sites["village"], world.records["district"]["offerings"]
    kind = {
        "resident_id": "residents",
        "session_id": "sessions",
        "offering_id": "offerings",
        "request_id": "requests",
        "order_id": "orders",
    }[field]
    target = world.records[where][kind] if where != "nowhere" else uuid.uuid4()
    values = {
        "requests": lambda: _request(site, **{field: target}),
        "orders": lambda: _order(site, offering, **{field: target}),
        "evaluations": lambda: _score(site, offering, **{field: target}),
    }[table]()
    return OutgoingRow(uuid.uuid4(), 1, False, values)


NAMED = [
    ("requests", "resident_id"),
    ("requests", "session_id"),
    ("orders", "request_id"),
    ("orders", "session_id"),
    ("evaluations", "order_id"),
    ("evaluations", "request_id"),
    ("evaluations", "resident_id"),
]


@pytest.mark.parametrize(("table", "field"), NAMED)
def test_a_record_outside_the_writers_scope_cannot_be_named(
    world: World, table: str, field: str
) -> None:
    before = world.rows(table)
    for where in ("other_village", "nowhere"):
        answer = world.push("village", **{table: [_named(world, table, field, where)]})
        assert "is not known to this device" in answer["rejected"]["0"], (where, answer)
    assert world.rows(table) == before, "nothing was written"
    answer = world.push("village", **{table: [_named(world, table, field, "village")]})
    assert answer["rejected"] == {}


def test_a_request_names_an_offering_of_the_menu(world: World) -> None:
    before = world.rows("requests")
    answer = world.push("village", requests=[_named(world, "requests", "offering_id", "nowhere")])
    assert answer["rejected"] == {"0": "the offering of this request is not known to this device"}
    assert world.rows("requests") == before
    answer = world.push("village", requests=[_named(world, "requests", "offering_id", "district")])
    assert answer["rejected"] == {}


# --- last ----------------------------------------------------------------------------------------


def _seq(world: World, table: str, row_id: uuid.UUID) -> int:
    t = schema.SYNCED_BY_NAME[table]
    with world.engine.connect() as conn:
        return conn.execute(select(t.c.server_seq).where(t.c.id == row_id)).scalar_one()


def test_last_tells_nothing_of_records_outside_the_devices_scope(world: World) -> None:
    """A device that claims to hold a record it may not read is answered as if that record did not
    exist: the answer cannot tell it whether an id is used elsewhere."""
    theirs = world.records["other_village"]["residents"]
    seq = _seq(world, "residents", theirs)
    answers = [
        world.exchange("village", last=["residents", row_id.hex, seq])
        for row_id in (theirs, uuid.uuid4())
    ]
    assert [a.get("reset") for a in answers] == [True, True]
    assert answers[0].keys() == answers[1].keys()
    mine = world.records["village"]["residents"]
    own = world.exchange("village", last=["residents", mine.hex, _seq(world, "residents", mine)])
    assert "reset" not in own
    # A device whose scope changed downloads it again first, whatever it names.
    stale = [
        world.exchange("village", scope="0123456789abcdef.0", last=["residents", i.hex, seq])
        for i in (theirs, uuid.uuid4())
    ]
    assert [(a.get("reset"), a.get("rescan")) for a in stale] == [(None, "scope")] * 2
