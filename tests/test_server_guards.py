"""The server trusts nothing a laptop claims: references, authority fields and bad values are checked
per row, and a refused batch never cuts a laptop off from the district."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core import protocol, schema
from core.ids import weekly_report_id
from core.protocol import OutgoingRow
from desktop.services.people import residents
from desktop.services.week import attendance, courses, sessions
from desktop.sync import errors
from desktop.sync.errors import SyncError
from desktop.sync.status import sync_status
from server import admin

from support import District
from wire import resident_values

START = dt.datetime(2026, 11, 23, 14)


def _push(device, rows: dict) -> dict:  # noqa: ANN001
    token = device.credentials.get_token(device.store.identity().device_id.hex)
    message = {
        "protocol": protocol.PROTOCOL_VERSION,
        "cursor": 0,
        "batch": uuid.uuid4().hex,
        "changes": protocol.encode_push(rows),
    }
    return device.transport.post(protocol.SYNC_PATH, message, token)


def _village_session(district: District, tmp_path: Path):  # noqa: ANN202
    v = district.device(tmp_path, district.village, "village", "v")
    course, _ = courses.create_course(v.store, courses.CourseInput("陶艺基础", "culture"))
    person, _ = residents.add_resident(v.store, residents.ResidentInput("张三"))
    s, _ = sessions.record_session(
        v.store, sessions.SessionInput(course.id, START, START + dt.timedelta(hours=1))
    )
    v.client.sync()
    return v, s, person


def test_a_mark_must_sit_at_its_sessions_site(district: District, tmp_path: Path) -> None:
    v, s, person = _village_session(district, tmp_path)
    town = district.device(tmp_path, district.town, "town", "t")
    squat = OutgoingRow(
        None,
        1,
        False,
        {"site_id": district.town, "session_id": s.id, "resident_id": person.id, "present": True},
    )
    answer = _push(town, {"attendance": [squat]})
    assert "not at the mark's site" in answer["rejected"]["0"]
    attendance.mark_present(v.store, s.id, person.id)
    assert v.client.sync().rejected == 0, "the village's own mark is still accepted"


def test_marks_need_a_known_resident_and_sessions_a_known_course(
    district: District, tmp_path: Path
) -> None:
    v, s, _ = _village_session(district, tmp_path)
    site = district.village
    mark = OutgoingRow(
        None,
        1,
        False,
        {"site_id": site, "session_id": s.id, "resident_id": uuid.uuid4(), "present": True},
    )
    session = OutgoingRow(
        uuid.uuid4(),
        1,
        False,
        {
            "site_id": site,
            "course_id": uuid.uuid4(),
            "starts_at": START,
            "ends_at": START + dt.timedelta(hours=1),
            "place": "",
            "teacher_id": None,
            "topic": "",
            "notes": "",
            "headcount": None,
        },
    )
    answer = _push(v, {"attendance": [mark], "sessions": [session]})
    assert set(answer["rejected"]) == {"0", "1"}


def test_authority_fields_must_be_true_of_the_writer(district: District, tmp_path: Path) -> None:
    v = district.device(tmp_path, district.village, "village", "v")
    site = district.village
    week = dt.date(2026, 11, 23)
    report = OutgoingRow(
        weekly_report_id(site, week),
        1,
        False,
        {
            "site_id": site,
            "week_start": week,
            "status": "approved",
            "figures": {},
            "remark": "",
            "review_comment": "很好",
            "submitted_at": None,
        },
    )
    request_id = uuid.uuid4()
    request = OutgoingRow(
        request_id,
        1,
        False,
        {
            "site_id": site,
            "resident_id": None,
            "household": "",
            "need": "梨园修剪技术",
            "category": "income",
            "people_count": 3,
            "urgency": "normal",
            "preferred_time": "",
            "offering_id": None,
            "session_id": None,
            "status": "proposed",
        },
    )
    forged = OutgoingRow(
        uuid.uuid4(),
        1,
        False,
        {
            "site_id": site,
            "request_id": request_id,
            "to_status": "district_coordinates",
            "note": "",
            "actor_site_id": district.district,
            "device_id": None,
            "at": START,
        },
    )
    answer = _push(
        v, {"weekly_reports": [report], "requests": [request], "request_events": [forged]}
    )
    rejected = answer["rejected"]  # wire order: requests, request_events, weekly_reports
    assert "0" not in rejected
    assert "site of the device" in rejected["1"]
    assert "only the town" in rejected["2"]


def test_a_value_the_database_refuses_rejects_that_row_alone(
    district: District, tmp_path: Path
) -> None:
    v = district.device(tmp_path, district.village, "village", "v")
    site = district.village
    # Beyond a 32-bit integer: PostgreSQL refuses it; SQLite stores it.
    huge = OutgoingRow(uuid.uuid4(), 1, False, resident_values(site, "甲", birth_year=10**12))
    fine = OutgoingRow(uuid.uuid4(), 1, False, resident_values(site, "乙", birth_year=1960))
    answer = _push(v, {"residents": [huge, fine]})
    with district.engine.connect() as conn:
        names = set(conn.execute(select(schema.residents.c.name)).scalars())
    assert "乙" in names and "1" not in answer["rejected"]
    if district.engine.dialect.name == "postgresql":
        assert answer["rejected"]["0"] == "the server could not store this record"
        assert "甲" not in names


def test_a_record_named_twice_in_one_batch_is_taken_once(
    district: District, tmp_path: Path
) -> None:
    v = district.device(tmp_path, district.village, "village", "v")
    site = district.village
    first = OutgoingRow(uuid.uuid4(), 1, False, resident_values(site, "甲", birth_year=1960))
    again = OutgoingRow(first.id, 2, False, resident_values(site, "乙", birth_year=1960))
    answer = _push(v, {"residents": [first, again]})
    assert answer["rejected"] == {"1": "this record appears twice in one batch"}
    with district.engine.connect() as conn:
        names = list(conn.execute(select(schema.residents.c.name)).scalars())
    assert names == ["甲"]


def test_a_refused_batch_is_repacked_and_pulls_go_on(district: District, tmp_path: Path) -> None:
    v = district.device(tmp_path, district.village, "village", "v")
    other = district.device(tmp_path, district.village, "village", "o")
    residents.add_resident(other.store, residents.ResidentInput("李四"))
    other.client.sync()
    residents.add_resident(v.store, residents.ResidentInput("张三"))
    batch = v.client._outbox_batch()
    payload = json.loads(batch.payload)
    payload["residents"]["cols"] = ["site_id", "name"]  # as if packed by an older version
    with v.store.write() as w:
        w.conn.execute(schema.local_outbox.update().values(payload=protocol.dumps(payload)))
    with pytest.raises(SyncError) as err:
        v.client.sync()
    assert err.value.kind == errors.REFUSED
    with v.store.read() as conn:
        assert conn.execute(select(func.count()).select_from(schema.local_outbox)).scalar_one() == 0
        names = set(conn.execute(select(schema.residents.c.name)).scalars())
    assert names == {"张三", "李四"}, "the pull still came in"
    assert sync_status(v.store).pending == 1
    assert v.client.sync().sent == 1
    assert sync_status(v.store).pending == 0


def test_codes_typed_full_width_work_and_roles_must_fit_the_site(district: District) -> None:
    code = district.code(district.village, "village")
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else "－" for c in code)
    assert admin.normalise_code(wide) == code.replace("-", "")
    with district.engine.begin() as conn, pytest.raises(admin.AdminError):
        admin.enrollment_code(conn, district.district, "village")
