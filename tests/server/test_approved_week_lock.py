"""An approved week stays approved: the server refuses every pushed change that would alter the
figures the town approved, not only changes to the week's sessions and marks, and it sets the
fields that say when a report was submitted and what its reviewer said (on SQLite and PostgreSQL).

Each refused change was taken before: the week's figures, counted again, no longer were the ones
approved, and a village could move its submission time before the deadline.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import Engine, select

from core import protocol, schema
from core.clock import FixedClock
from core.ids import attendance_id, weekly_report_id
from core.protocol import OutgoingRow
from core.week_figures import week_figures
from server import admin
from server import sync as server_sync
from server.validate import LOCKED_WEEK

from wire import NOW, make_district, resident_values

EARLIER = dt.date(2026, 11, 9)  # open: nobody reported it
WEEK = dt.date(2026, 11, 16)  # submitted by the village, approved by the town
LATER = dt.date(2026, 11, 23)  # this week, open
SERVER_NOW = NOW.replace(tzinfo=None)


def _at(monday: dt.date, hour: int = 14) -> dt.datetime:
    """Tuesday of the week, at ``hour`` village time."""
    return dt.datetime.combine(monday + dt.timedelta(days=1), dt.time(hour))


@dataclass
class Village:
    """A village whose week WEEK the town approved: 甲 came first that week, 乙 came the week
    before too; the course is taught by a volunteer; a request was filed that week. A session of
    the week after has no marks yet."""

    engine: Engine
    clock: FixedClock
    sites: dict[str, uuid.UUID]
    devices: dict[str, server_sync.Device]
    ids: dict[str, uuid.UUID] = field(default_factory=dict)
    approved: dict[str, Any] = field(default_factory=dict)

    def push(self, role: str, **tables: list[OutgoingRow]) -> dict[str, Any]:
        message = {
            "protocol": protocol.PROTOCOL_VERSION,
            "cursor": 0,
            "limit": 16000,
            "batch": uuid.uuid4().hex,
            "changes": protocol.encode_push(tables),
        }
        return server_sync.exchange(self.engine, self.devices[role], message, self.clock)

    def edit(self, table: str, row_id: uuid.UUID, deleted: bool = False, **changes: Any) -> Any:
        """The stored record changed as a laptop that pulled it would push the change."""
        t = schema.SYNCED_BY_NAME[table]
        with self.engine.connect() as conn:
            row = conn.execute(select(t).where(t.c.id == row_id)).one()
        values = {f: getattr(row, f) for f in protocol.CODECS[table].fields} | changes
        changed = frozenset(changes) | ({"deleted"} if deleted != row.deleted else frozenset())
        return OutgoingRow(row_id, row.local_rev + 1, deleted, values, row.server_seq, changed)

    def rows(self, table: str) -> list[tuple]:
        t = schema.SYNCED_BY_NAME[table]
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(select(t).order_by(t.c.id))]

    def figures(self, monday: dt.date = WEEK) -> dict[str, Any]:
        with self.engine.connect() as conn:
            return week_figures(conn, self.sites["village"], monday)

    def report(self, monday: dt.date) -> Any:
        w = schema.weekly_reports
        with self.engine.connect() as conn:
            return conn.execute(
                select(w).where(w.c.id == weekly_report_id(self.sites["village"], monday))
            ).one()


def _session(site: uuid.UUID, course: uuid.UUID, starts: dt.datetime, teacher: Any) -> dict:
    return {
        "site_id": site,
        "course_id": course,
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=2),
        "place": "",
        "teacher_id": teacher,
        "topic": "",
        "notes": "",
        "headcount": None,
    }


def _mark(site: uuid.UUID, session: uuid.UUID, resident: uuid.UUID, present: bool = True) -> Any:
    values = {"site_id": site, "session_id": session, "resident_id": resident, "present": present}
    return OutgoingRow(attendance_id(session, resident), 1, False, values)


def _step(site: uuid.UUID, request: uuid.UUID, to_status: str, at: dt.datetime) -> OutgoingRow:
    values = {
        "site_id": site,
        "request_id": request,
        "to_status": to_status,
        "note": "",
        "actor_site_id": site,
        "device_id": None,
        "at": at - dt.timedelta(hours=8),  # event times are UTC
    }
    return OutgoingRow(uuid.uuid4(), 1, False, values)


def _report(site: uuid.UUID, monday: dt.date, figures: dict, **fields: Any) -> OutgoingRow:
    values = {
        "site_id": site,
        "week_start": monday,
        "status": "submitted",
        "figures": figures,
        "remark": "",
        "review_comment": "",
        "submitted_at": None,
        **fields,
    }
    return OutgoingRow(weekly_report_id(site, monday), 1, False, values)


@pytest.fixture
def village(server_db_url: str) -> Iterator[Village]:
    clock = FixedClock(NOW)
    engine, sites = make_district(server_db_url, clock)
    devices = {}
    for role in ("village", "town"):
        with engine.begin() as conn:
            code = admin.enrollment_code(conn, sites[role], role)
        answer = server_sync.enroll(
            engine, {"protocol": protocol.PROTOCOL_VERSION, "code": code}, clock
        )
        devices[role] = server_sync.Device(uuid.UUID(answer["device_id"]), sites[role], role)
    v = Village(engine, clock, sites, devices)
    site = sites["village"]
    ids = v.ids
    ids.update({k: uuid.uuid4() for k in ("course", "teacher", "a", "b", "request")})
    ids.update({k: uuid.uuid4() for k in ("s0", "s1", "s2")})
    course = {"site_id": site, "title": "陶艺", "platform": "culture", "is_feature": False}
    teacher = {"site_id": site, "name": "周老师", "kind": "volunteer"}
    answer = v.push(
        "village",
        courses=[OutgoingRow(ids["course"], 1, False, {**course, "description": ""})],
        teachers=[
            OutgoingRow(
                ids["teacher"], 1, False, {**teacher, "phone": "", "skills": "", "notes": ""}
            )
        ],
        residents=[
            OutgoingRow(ids["a"], 1, False, resident_values(site, "甲")),
            OutgoingRow(ids["b"], 1, False, resident_values(site, "乙")),
        ],
        sessions=[
            OutgoingRow(ids["s0"], 1, False, _session(site, ids["course"], _at(EARLIER), None)),
            OutgoingRow(
                ids["s1"], 1, False, _session(site, ids["course"], _at(WEEK), ids["teacher"])
            ),
            OutgoingRow(ids["s2"], 1, False, _session(site, ids["course"], _at(LATER), None)),
        ],
        attendance=[
            _mark(site, ids["s0"], ids["b"]),
            _mark(site, ids["s1"], ids["a"]),
            _mark(site, ids["s1"], ids["b"]),
        ],
        requests=[
            OutgoingRow(
                ids["request"],
                1,
                False,
                {
                    "site_id": site,
                    "resident_id": ids["a"],
                    "household": "",
                    "need": "梨园修剪",
                    "category": "income",
                    "people_count": 1,
                    "urgency": "normal",
                    "preferred_time": "",
                    "offering_id": None,
                    "session_id": None,
                },
            )
        ],
        request_events=[_step(site, ids["request"], "proposed", _at(WEEK))],
    )
    assert answer["rejected"] == {}
    figures = v.figures()
    assert (figures["person_times"], figures["new_learners"], figures["volunteers_active"]) == (
        2,
        1,
        1,
    )
    assert figures["requests_opened"] == 1
    assert v.push("village", weekly_reports=[_report(site, WEEK, figures)])["rejected"] == {}
    approval = v.edit(
        "weekly_reports", weekly_report_id(site, WEEK), status="approved", review_comment="很好"
    )
    assert v.push("town", weekly_reports=[approval])["rejected"] == {}
    stored = v.report(WEEK)
    assert (stored.status, stored.review_comment) == ("approved", "很好")
    v.approved = figures
    yield v
    engine.dispose()


# What each change is, and the table whose rows must stay as they were when it is refused.
Change = Callable[[Village], tuple[str, OutgoingRow]]
LOCKED: dict[str, Change] = {
    "a resident marked in the week removed": lambda v: (
        "residents",
        v.edit("residents", v.ids["a"], deleted=True),
    ),
    "its course renamed": lambda v: (
        "courses",
        v.edit("courses", v.ids["course"], title="陶艺（初级）"),
    ),
    "its course moved to another platform": lambda v: (
        "courses",
        v.edit("courses", v.ids["course"], platform="education"),
    ),
    "its volunteer made a teacher": lambda v: (
        "teachers",
        v.edit("teachers", v.ids["teacher"], kind="part_time"),
    ),
    "a request filed in it withdrawn": lambda v: (
        "requests",
        v.edit("requests", v.ids["request"], deleted=True),
    ),
    "a request declined within it": lambda v: (
        "request_events",
        _step(v.sites["village"], v.ids["request"], "declined", _at(WEEK, 16)),
    ),
    # 甲 was new that week: a mark the week before makes them not new.
    "an earlier mark of its new learner": lambda v: (
        "attendance",
        _mark(v.sites["village"], v.ids["s0"], v.ids["a"]),
    ),
    # 乙 was not new that week: without the earlier session they are.
    "the earlier mark of a learner taken back": lambda v: (
        "attendance",
        _mark(v.sites["village"], v.ids["s0"], v.ids["b"], present=False),
    ),
    "the earlier session removed": lambda v: (
        "sessions",
        v.edit("sessions", v.ids["s0"], deleted=True),
    ),
    "the earlier session moved after it": lambda v: (
        "sessions",
        v.edit(
            "sessions",
            v.ids["s0"],
            starts_at=_at(LATER),
            ends_at=_at(LATER) + dt.timedelta(hours=2),
        ),
    ),
}
OPEN: dict[str, Change] = {
    # The figures read no names, descriptions, feature flags or phones.
    "a resident renamed": lambda v: ("residents", v.edit("residents", v.ids["a"], name="甲甲")),
    "a course described": lambda v: (
        "courses",
        v.edit("courses", v.ids["course"], description="陶土捏制", is_feature=True),
    ),
    "a volunteer's phone": lambda v: (
        "teachers",
        v.edit("teachers", v.ids["teacher"], phone="13800000000"),
    ),
    "a request declined in a later week": lambda v: (
        "request_events",
        _step(v.sites["village"], v.ids["request"], "declined", _at(LATER)),
    ),
    "a later mark of its new learner": lambda v: (
        "attendance",
        _mark(v.sites["village"], v.ids["s2"], v.ids["a"]),
    ),
}


@pytest.mark.parametrize("case", LOCKED)
def test_a_change_that_alters_an_approved_weeks_figures_is_refused(
    village: Village, case: str
) -> None:
    table, row = LOCKED[case](village)
    before, conflicts = village.rows(table), village.rows("conflicts")
    answer = village.push("village", **{table: [row]})
    assert answer["rejected"] == {"0": LOCKED_WEEK}
    assert village.rows(table) == before, "nothing was written"
    assert village.rows("conflicts") == conflicts
    assert village.figures() == village.approved


@pytest.mark.parametrize("case", OPEN)
def test_a_change_the_figures_do_not_read_is_taken(village: Village, case: str) -> None:
    table, row = OPEN[case](village)
    before = village.rows(table)
    assert village.push("village", **{table: [row]})["rejected"] == {}
    assert village.rows(table) != before
    assert village.figures() == village.approved


def test_the_server_stamps_when_a_report_was_submitted(village: Village) -> None:
    site = village.sites["village"]
    forged = dt.datetime(2026, 11, 16, 1, 0)  # "on time", two days before it was sent
    report = _report(
        site, EARLIER, village.figures(EARLIER), submitted_at=forged, review_comment="很好"
    )
    answer = village.push("village", weekly_reports=[report])
    assert answer["rejected"] == {} and "deferred" not in answer
    stored = village.report(EARLIER)
    assert (stored.submitted_at, stored.review_comment) == (SERVER_NOW, "")
    # The village's laptop is given the server's values back in the same exchange.
    pulled = {
        row.id: row
        for table, row in protocol.decode_pull(answer["changes"])
        if table == "weekly_reports"
    }
    assert pulled[report.id].values["submitted_at"] == SERVER_NOW
    assert pulled[report.id].values["review_comment"] == ""


def test_an_approved_reports_submission_time_and_comment_stay(village: Village) -> None:
    stored = village.report(WEEK)
    rewrite = village.edit(
        "weekly_reports",
        stored.id,
        submitted_at=dt.datetime(2026, 11, 20, 8, 0),
    )
    answer = village.push("village", weekly_reports=[rewrite])
    assert answer["rejected"] == {}
    kept = village.report(WEEK)
    assert (kept.submitted_at, kept.review_comment) == (stored.submitted_at, "很好")
    pulled = [row for table, row in protocol.decode_pull(answer["changes"]) if row.id == stored.id]
    assert pulled and pulled[0].values["submitted_at"] == stored.submitted_at


def test_a_merge_names_the_device_that_made_it(village: Village) -> None:
    site = village.sites["village"]
    merge = {
        "site_id": site,
        "kept_id": village.ids["a"],
        "merged_id": village.ids["b"],
        "merged_record": {"name": "乙"},
        "device_id": village.devices["town"].id,
        "at": SERVER_NOW,
    }
    answer = village.push("village", resident_merges=[OutgoingRow(uuid.uuid4(), 1, False, merge)])
    assert answer["rejected"] == {"0": "a merge must name the device that made it"}
    assert village.rows("resident_merges") == []
