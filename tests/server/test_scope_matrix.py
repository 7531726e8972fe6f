"""The whole matrix of roles × tables × read/write, enforced by the server.

The tree: a district, a town with two villages, and a second town with one village. One record of
every kind sits at every site. Devices of each role pull everything and push a change of every kind
at every site; what they may read and write is spelled out here independently of server/scope.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

import pytest

from core import protocol, schema
from core.clock import FixedClock
from core.ids import attendance_id, weekly_report_id
from core.protocol import OutgoingRow
from server import admin
from server import sync as server_sync
from server.db import open_server_database

from wire import NOW, jpeg_header, resident_values

TABLES = (
    "residents",
    "teachers",
    "trainings",
    "courses",
    "sessions",
    "attendance",
    "attachments",
    "resident_merges",
    "offerings",
    "requests",
    "request_events",
    "orders",
    "evaluations",
    "weekly_reports",
)
_PHOTO = jpeg_header(640, 480)
SITES = ("district", "town", "village", "other_village", "other_town", "far_village")
# Who reads what: the device's own subtree, plus sites and courses published above it.
SUBTREE = {
    "district": set(SITES),
    "town": {"town", "village", "other_village"},
    "village": {"village"},
}
ABOVE = {"district": set(), "town": {"district"}, "village": {"district", "town"}}
# Who writes what: every kind at its own site; below it, only what its role acts on.
BELOW = {
    "district": {
        "weekly_reports",
        "requests",
        "request_events",
        "courses",
        "orders",
        "evaluations",
    },
    "town": {"weekly_reports", "requests", "request_events", "orders", "evaluations"},
    "village": set(),
}
# request_events also need a step the writer's role may take: each role writes one it may.
STEP = {"village": "collected", "town": "town_organises", "district": "declined"}


def may_read(role: str, table: str, site: str) -> bool:
    reference = ("sites", "courses", "offerings")
    return site in SUBTREE[role] or (table in reference and site in ABOVE[role])


def may_write(role: str, table: str, site: str) -> bool:
    if table == "offerings":  # the district's service menu
        return role == site == "district"
    if site == role:
        return True
    return site in SUBTREE[role] and table in BELOW[role]


@pytest.fixture
def tree(server_db_url: str):  # noqa: ANN201
    clock = FixedClock(NOW)
    engine = open_server_database(server_db_url)
    with engine.begin() as conn:
        ids = {"district": admin.add_site(conn, "区", "district")}
        ids["town"] = admin.add_site(conn, "镇", "town", ids["district"])
        ids["village"] = admin.add_site(conn, "村", "village", ids["town"])
        ids["other_village"] = admin.add_site(conn, "邻村", "village", ids["town"])
        ids["other_town"] = admin.add_site(conn, "别镇", "town", ids["district"])
        ids["far_village"] = admin.add_site(conn, "远村", "village", ids["other_town"])
    devices = {}
    for role in ("district", "town", "village"):
        with engine.begin() as conn:
            code = admin.enrollment_code(conn, ids[role], role)
        answer = server_sync.enroll(
            engine, {"protocol": protocol.PROTOCOL_VERSION, "code": code}, clock
        )
        devices[role] = server_sync.Device(uuid.UUID(answer["device_id"]), ids[role], role)
    # One record of every kind at every site, written straight into storage.
    records = {name: _records(ids[name]) for name in SITES}
    for name in SITES:
        _seed(engine, records[name])
    yield engine, ids, devices, records, clock
    engine.dispose()


def _records(site: uuid.UUID, step: str = "collected") -> dict[str, OutgoingRow]:
    person, course, session, request, teacher, offering = (uuid.uuid4() for _ in range(6))
    start = dt.datetime(2026, 11, 23, 14)
    week = dt.date(2026, 11, 23)
    values = {
        "residents": resident_values(site, "张三", birth_year=1970),
        "teachers": {"name": "周老师", "kind": "volunteer", "phone": "", "skills": "", "notes": ""},
        "trainings": {
            "teacher_id": teacher,
            "held_on": week,
            "title": "志愿服务培训",
            "hours": 2.5,
            "organiser": "区社区学院",
            "notes": "",
        },
        "resident_merges": {
            "kept_id": person,
            "merged_id": person,
            "merged_record": {"name": "张三"},
            "device_id": None,
            "at": start,
        },
        "courses": {"title": "陶艺", "platform": "culture", "is_feature": False, "description": ""},
        "sessions": {
            "course_id": course,
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=1),
            "place": "",
            "teacher_id": None,
            "topic": "",
            "notes": "",
            "headcount": None,
        },
        "attendance": {"session_id": session, "resident_id": person, "present": True},
        "attachments": {
            "session_id": session,
            "kind": "photo",
            "mime": "image/jpeg",
            "size": len(_PHOTO),
            "sha256": hashlib.sha256(_PHOTO).hexdigest(),
            "content": _PHOTO,
            "caption": "",
        },
        "requests": {
            "resident_id": None,
            "household": "",
            "need": "梨园修剪",
            "category": "income",
            "people_count": 1,
            "urgency": "normal",
            "preferred_time": "",
            "offering_id": None,
            "session_id": None,
        },
        "offerings": {
            "title": "果树栽培与修剪",
            "platform": "science",
            "lead_department": "区农业农村委",
            "team": "区农技服务队",
            "covers": "梨树、柑橘修剪与病虫害防治",
            "keywords": "梨 修剪",
            "quarter": "2026Q4",
            "capacity": 10,
            "status": "active",
        },
        "orders": {
            "offering_id": offering,
            "request_id": None,
            "month": week,
            "people_count": 20,
            "note": "",
            "status": "ordered",
            "session_id": None,
        },
        "evaluations": {
            "offering_id": offering,
            "order_id": None,
            "request_id": None,
            "level": "village",
            "resident_id": None,
            "score": 90,
            "note": "",
            "at": start,
        },
        "request_events": {
            "request_id": request,
            "to_status": step,
            "note": "",
            "actor_site_id": site,
            "device_id": None,
            "at": start,
        },
        "weekly_reports": {
            "week_start": week,
            "status": "submitted",
            "figures": {},
            "remark": "",
            "review_comment": "",
            "submitted_at": None,
        },
    }
    ids = {
        "residents": person,
        "courses": course,
        "sessions": session,
        "requests": request,
        "teachers": teacher,
        "trainings": uuid.uuid4(),
        "attachments": uuid.uuid4(),
        "offerings": offering,
        "orders": uuid.uuid4(),
        "evaluations": uuid.uuid4(),
        "resident_merges": uuid.uuid4(),
        "request_events": uuid.uuid4(),
        "attendance": attendance_id(session, person),
        "weekly_reports": weekly_report_id(site, week),
    }
    return {t: OutgoingRow(ids[t], 1, False, {"site_id": site, **values[t]}) for t in TABLES}


def _seed(engine, rows: dict[str, OutgoingRow]) -> None:  # noqa: ANN001
    from server import sequence

    with engine.begin() as conn:
        sequence.lock_sequence(conn)
        for table in TABLES:
            row = rows[table]
            t = schema.SYNCED_BY_NAME[table]
            seq = sequence.allocate(conn, 1)
            conn.execute(
                t.insert().values(
                    id=row.id,
                    **row.values,
                    local_rev=1,
                    synced_rev=1,
                    pending=False,
                    server_seq=seq,
                    deleted=False,
                    updated_at=dt.datetime(2026, 11, 25),
                )
            )


def _push(engine, device, rows: dict[str, OutgoingRow], clock) -> dict:  # noqa: ANN001
    message = {
        "protocol": protocol.PROTOCOL_VERSION,
        "cursor": 0,
        "limit": 1,
        "batch": uuid.uuid4().hex,
        "changes": protocol.encode_push({t: [rows[t]] for t in TABLES}),
    }
    return server_sync.exchange(engine, device, message, clock)


@pytest.mark.parametrize("role", ["village", "town", "district"])
def test_each_role_reads_exactly_its_scope(tree, role: str) -> None:  # noqa: ANN001
    engine, ids, devices, _records_, clock = tree
    names = {v: k for k, v in ids.items()}
    got: set[tuple[str, str]] = set()
    cursor, more = 0, True
    while more:
        answer = server_sync.exchange(
            engine,
            devices[role],
            {"protocol": protocol.PROTOCOL_VERSION, "cursor": cursor, "limit": 500},
            clock,
        )
        for table, row in protocol.decode_pull(answer["changes"]):
            got.add((table, names[row.values["site_id"]]))
        cursor, more = answer["cursor"], answer["more"]
    expected = {(t, s) for t in (*TABLES, "sites") for s in SITES if may_read(role, t, s)}
    assert got == expected


@pytest.mark.parametrize("role", ["village", "town", "district"])
@pytest.mark.parametrize("site", SITES)
def test_each_role_writes_exactly_what_it_may(tree, role: str, site: str) -> None:  # noqa: ANN001
    engine, ids, devices, records, clock = tree
    existing = records[site]
    fresh = _records(ids[site], STEP[role])
    # New records of every kind, pointing at the site's existing ones where they need parents.
    fresh["sessions"].values["course_id"] = existing["courses"].id
    fresh["attendance"] = OutgoingRow(
        attendance_id(existing["sessions"].id, existing["residents"].id),
        2,
        False,
        {
            "site_id": ids[site],
            "session_id": existing["sessions"].id,
            "resident_id": existing["residents"].id,
            "present": False,
        },
    )
    fresh["request_events"].values["request_id"] = existing["requests"].id
    fresh["request_events"].values["actor_site_id"] = ids[role]
    # Orders and scores name an offering of the district's menu, which every device reads; each
    # role scores as its own level.
    for table in ("orders", "evaluations"):
        fresh[table].values["offering_id"] = records["district"]["offerings"].id
    fresh["evaluations"].values["level"] = "village" if role == "village" else "town"
    fresh["weekly_reports"] = OutgoingRow(
        existing["weekly_reports"].id,
        2,
        False,
        {**existing["weekly_reports"].values, "remark": "改"},
    )
    answer = _push(engine, devices[role], fresh, clock)
    wire_order = [t for t in TABLES]
    for index, table in enumerate(wire_order):
        allowed = may_write(role, table, site)
        refused = str(index) in answer["rejected"]
        assert refused != allowed, (role, site, table, answer["rejected"].get(str(index)))
