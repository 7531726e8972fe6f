"""Sync against a real server on loopback, on SQLite and on PostgreSQL: what one device records
reaches the others exactly once, retries are harmless, and the server guards its scope."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import uuid
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from core import protocol, schema
from core.clock import FixedClock
from desktop.cli import export_rows
from desktop.services import demo
from desktop.services.people import residents
from desktop.services.week import attendance, courses, sessions
from desktop.storage.store import Store
from desktop.sync import errors
from desktop.sync.errors import SyncError
from desktop.sync.status import sync_status
from server.admin import revoke_device

from support import Device, District, synced_village

START = dt.datetime(2026, 11, 23, 14)


def _count(engine, table, **where) -> int:  # noqa: ANN001, ANN003
    stmt = select(func.count()).select_from(table)
    for k, v in where.items():
        stmt = stmt.where(table.c[k] == v)
    with engine.connect() as conn:
        return conn.execute(stmt).scalar_one()


def test_two_laptops_of_one_village_end_with_identical_records(
    district: District, tmp_path: Path
) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    b = district.device(tmp_path, district.village, "village", "b")
    demo.seed_demo(a.store, weeks=2, today=dt.date(2026, 11, 25))
    report = a.client.sync()
    assert report.exchanges == 1 and report.rejected == 0
    assert sync_status(a.store).pending == 0
    b.client.sync()
    assert export_rows(a.store) == export_rows(b.store)
    assert sync_status(b.store).site_name == "玉屏村学习中心"

    # b corrects attendance; a gets it on its next sync.
    week = sessions.sessions_in_week(b.store, dt.date(2026, 11, 16))
    named = next(s for s in week if not s.headcount_only)
    first = next(e for e in attendance.roster(b.store, named.id) if e.present)
    attendance.mark_absent(b.store, named.id, first.resident.id)
    assert b.client.sync().sent == 1
    assert a.client.sync().received == 1
    assert export_rows(a.store) == export_rows(b.store)
    assert sessions.get_session(a.store, named.id).present == named.present - 1


def test_both_laptops_marking_the_same_person_make_one_row(
    district: District, tmp_path: Path
) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    b = district.device(tmp_path, district.village, "village", "b")
    course, _ = courses.create_course(a.store, courses.CourseInput("陶艺基础", "culture"))
    person, _ = residents.add_resident(a.store, residents.ResidentInput("张三"))
    s, _ = sessions.record_session(
        a.store, sessions.SessionInput(course.id, START, START + dt.timedelta(hours=1))
    )
    a.client.sync()
    b.client.sync()
    attendance.mark_present(a.store, s.id, person.id)
    attendance.mark_present(b.store, s.id, person.id)
    a.client.sync()
    b.client.sync()
    a.client.sync()
    assert _count(district.engine, schema.attendance) == 1
    assert export_rows(a.store) == export_rows(b.store)


def test_a_lost_answer_is_resent_with_the_same_batch_and_applied_once(
    district: District, tmp_path: Path
) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    demo.seed_demo(a.store, weeks=1, today=dt.date(2026, 11, 25))
    real_post = a.transport.post
    seen: list[dict] = []

    def lose_answer(path, message, token=None):  # noqa: ANN001, ANN202
        seen.append(message)
        real_post(path, message, token)  # the server commits ...
        raise SyncError(errors.UNREACHABLE, "connection reset")  # ... and the answer is lost

    a.transport.post = lose_answer
    with pytest.raises(SyncError):
        a.client.sync()
    rows_after_first = _count(district.engine, schema.attendance)
    with district.engine.connect() as conn:
        counter = conn.execute(select(schema.server_counter.c.value)).scalar_one()
        seqs = set(conn.execute(select(schema.attendance.c.server_seq)).scalars())
    assert sync_status(a.store).pending > 0, "nothing is acknowledged without an answer"
    a.transport.post = real_post
    a.client.sync()
    assert _count(district.engine, schema.attendance) == rows_after_first
    with district.engine.connect() as conn:
        assert conn.execute(select(schema.server_counter.c.value)).scalar_one() == counter
        assert set(conn.execute(select(schema.attendance.c.server_seq)).scalars()) == seqs
    assert _count(district.engine, schema.server_batches) == 1
    assert sync_status(a.store).pending == 0
    assert sync_status(a.store).last_error is None


def test_same_batch_id_with_other_changes_is_refused(district: District, tmp_path: Path) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    course, _ = courses.create_course(a.store, courses.CourseInput("陶艺基础", "culture"))
    box = a.client._outbox_batch()
    token = a.credentials.get_token(a.store.identity().device_id.hex)
    message = {
        "protocol": protocol.PROTOCOL_VERSION,
        "cursor": 0,
        "batch": box.batch_id.hex,
        "changes": json.loads(box.payload),
    }
    a.transport.post(protocol.SYNC_PATH, message, token)
    message["changes"]["courses"]["rows"][0][-2] = 1  # is_feature flipped
    with pytest.raises(SyncError) as err:
        a.transport.post(protocol.SYNC_PATH, message, token)
    assert "different changes" in err.value.detail
    assert _count(district.engine, schema.courses, is_feature=True) == 0


def _set_phone(store: Store, person: uuid.UUID, phone: str) -> None:
    residents.edit_resident(store, person, residents.ResidentInput("李秀英", phone=phone))


def _sync_editing_the_phone_in_flight(device: Device, person: uuid.UUID, phone: str) -> None:
    """Sync ``device``, giving 李秀英 a new phone number on it while its first request is on the
    way (after the request was made, before the answer is stored)."""
    real_post = device.transport.post
    calls = []

    def edit_during_flight(path, message, token=None):  # noqa: ANN001, ANN202
        if not calls:
            _set_phone(device.store, person, phone)
        calls.append(path)
        return real_post(path, message, token)

    device.transport.post = edit_during_flight  # type: ignore[method-assign]
    try:
        device.client.sync()
    finally:
        device.transport.post = real_post  # type: ignore[method-assign]


def test_an_edit_made_while_a_push_is_in_flight_stays_pending(
    district: District, tmp_path: Path
) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    person, _ = residents.add_resident(a.store, residents.ResidentInput("李秀英"))
    _sync_editing_the_phone_in_flight(a, person.id, "13800000000")  # the insert, then the edit
    with district.engine.connect() as conn:
        phone = conn.execute(select(schema.residents.c.phone)).scalar_one()
    assert phone == "13800000000"
    assert sync_status(a.store).pending == 0
    assert _count(district.engine, schema.conflicts) == 0, "its own two edits are no conflict"


def test_editing_a_field_again_while_its_last_edit_is_in_flight_is_no_conflict(
    district: District, tmp_path: Path
) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    person, _ = residents.add_resident(a.store, residents.ResidentInput("李秀英"))
    a.client.sync()
    _set_phone(a.store, person.id, "13812345678")
    _sync_editing_the_phone_in_flight(a, person.id, "13800000000")
    with district.engine.connect() as conn:
        phone = conn.execute(select(schema.residents.c.phone)).scalar_one()
    assert phone == "13800000000"
    assert _count(district.engine, schema.conflicts) == 0, "its own two edits are no conflict"
    b = district.device(tmp_path, district.village, "village", "b")
    b.client.sync()
    _set_phone(b.store, person.id, "13912345678")
    _set_phone(a.store, person.id, "13712345678")
    b.client.sync()
    a.client.sync()
    assert _count(district.engine, schema.conflicts) == 1, "another laptop's edit still is one"


def test_the_answer_acknowledges_only_the_revision_that_was_sent(
    district: District, tmp_path: Path
) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    person, _ = residents.add_resident(a.store, residents.ResidentInput("李秀英"))
    real_post = a.transport.post
    states = []

    def edit_during_flight(path, message, token=None):  # noqa: ANN001, ANN202
        if not states:
            residents.edit_resident(
                a.store, person.id, residents.ResidentInput("李秀英", household="二组李家")
            )
        return real_post(path, message, token)

    def after_each_exchange(_progress) -> None:  # noqa: ANN001
        with a.store.read() as conn:
            row = conn.execute(select(schema.residents)).one()
        states.append((row.local_rev, row.synced_rev, row.pending))

    a.transport.post = edit_during_flight
    report = a.client.sync(after_each_exchange)
    assert states == [(2, 1, True), (2, 2, False)]
    assert report.exchanges == 2


def test_a_village_cannot_write_into_another_village(district: District, tmp_path: Path) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    course, _ = courses.create_course(a.store, courses.CourseInput("陶艺基础", "culture"))
    good, _ = courses.create_course(a.store, courses.CourseInput("折扇制作", "culture"))
    with a.store.write() as w:  # forced past the device's own checks
        w.conn.execute(
            schema.courses.update()
            .where(schema.courses.c.id == course.id)
            .values(site_id=district.other_village)
        )
    report = a.client.sync()
    assert (report.sent, report.rejected) == (1, 1)
    assert _count(district.engine, schema.courses) == 1
    assert sync_status(a.store).pending == 0, "a refused row does not block the queue"
    with a.store.read() as conn:
        reason = conn.execute(select(schema.local_rejections.c.reason)).scalar_one()
    assert "outside this device's scope" in reason
    assert good.title == "折扇制作"


def test_reads_are_scoped_to_the_subtree_and_reference_data(
    district: District, tmp_path: Path
) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    other = district.device(tmp_path, district.other_village, "village", "other")
    town = district.device(tmp_path, district.town, "town", "town")
    courses.create_course(other.store, courses.CourseInput("荣升村的课", "culture"))
    courses.create_course(town.store, courses.CourseInput("镇里的课", "education"))
    residents.add_resident(other.store, residents.ResidentInput("荣升村村民"))
    for d in (other, town, a):
        d.client.sync()
    with a.store.read() as conn:
        titles = set(conn.execute(select(schema.courses.c.title)).scalars())
        people = conn.execute(select(func.count()).select_from(schema.residents)).scalar_one()
        sites = set(conn.execute(select(schema.sites.c.name)).scalars())
    assert titles == {"镇里的课"}, "a village reads courses published above it, not its neighbour's"
    assert people == 0
    assert sites == {"荣昌区社区学院", "昌元街道社区学校", "玉屏村学习中心"}
    town.client.sync()
    with town.store.read() as conn:
        assert set(conn.execute(select(schema.residents.c.name)).scalars()) == {"荣升村村民"}


def test_a_revoked_laptop_is_refused_and_keeps_its_records(
    district: District, tmp_path: Path
) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    residents.add_resident(a.store, residents.ResidentInput("张三"))
    with district.engine.begin() as conn:
        revoke_device(conn, a.store.identity().device_id)
    with pytest.raises(SyncError) as err:
        a.client.sync()
    assert err.value.kind == errors.UNAUTHORIZED and not err.value.transient
    assert sync_status(a.store).pending == 1
    assert "no longer accepts" in sync_status(a.store).last_error.render()


def test_tokens_and_codes_are_stored_only_as_hashes(district: District, tmp_path: Path) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    token = a.credentials.get_token(a.store.identity().device_id.hex)
    with district.engine.connect() as conn:
        stored = conn.execute(select(schema.server_devices.c.token_hash)).scalar_one()
    assert token not in stored and len(stored) == 64
    code = district.code(district.village, "village")
    with district.engine.connect() as conn:
        hashes = list(conn.execute(select(schema.server_enrollment_codes.c.code_hash)).scalars())
    assert all(code.replace("-", "") not in h for h in hashes)


def test_a_used_or_wrong_code_is_refused(district: District, tmp_path: Path) -> None:
    from core.clock import FixedClock
    from desktop.storage.engine import open_local_database
    from desktop.storage.store import Store
    from desktop.sync.client import enroll
    from desktop.sync.credentials import MemoryCredentials
    from desktop.sync.transport import HttpTransport

    code = district.code(district.village, "village")
    store = Store(open_local_database(tmp_path / "x"), FixedClock(district.clock.now()))
    transport = HttpTransport(district.url, retries=0)
    enroll(
        store, transport, MemoryCredentials(), district.url, code.lower(), "x"
    )  # case is forgiven
    other = Store(open_local_database(tmp_path / "y"), FixedClock(district.clock.now()))
    for attempt in (code, "WRONG-CODE1"):
        with pytest.raises(SyncError) as err:
            enroll(other, transport, MemoryCredentials(), district.url, attempt, "y")
        assert err.value.kind == errors.BAD_CODE
    assert other.identity() is None


def test_a_server_of_another_district_is_refused(district: District, tmp_path: Path) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    residents.add_resident(a.store, residents.ResidentInput("张三"))
    from desktop.storage.store import put_settings

    with a.store.write() as w:
        put_settings(w.conn, {"server_id": uuid.uuid4().hex})
    with pytest.raises(SyncError) as err:
        a.client.sync()
    assert err.value.kind == errors.WRONG_SERVER
    assert sync_status(a.store).pending == 1


def test_an_old_client_is_told_to_update(district: District, tmp_path: Path) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    token = a.credentials.get_token(a.store.identity().device_id.hex)
    body = gzip.compress(json.dumps({"protocol": 0, "cursor": 0}).encode())
    r = requests.post(
        district.url + protocol.SYNC_PATH,
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Encoding": "gzip"},
        timeout=10,
    )
    assert r.status_code == 426 and r.json()["error"] == "too_old"
    with pytest.raises(SyncError) as err:
        a.transport.post(protocol.SYNC_PATH, {"protocol": 0, "cursor": 0}, token)
    assert err.value.kind == errors.TOO_OLD


def test_malformed_requests_get_a_clear_refusal(district: District, tmp_path: Path) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    headers = {
        "Authorization": f"Bearer {a.credentials.get_token(a.store.identity().device_id.hex)}"
    }
    url = district.url + protocol.SYNC_PATH
    for body, extra in (
        (b"not json", {}),
        (b"\x1f\x8bgarbage", {"Content-Encoding": "gzip"}),
        (b"[1,2]", {}),
    ):
        r = requests.post(url, data=body, headers={**headers, **extra}, timeout=10)
        assert r.status_code == 400 and r.json()["message"]
    bomb = gzip.compress(b"{" + b" " * (40 * 1024 * 1024) + b"}")
    r = requests.post(url, data=bomb, headers={**headers, "Content-Encoding": "gzip"}, timeout=30)
    assert r.status_code == 413
    bad_rows = {
        "protocol": protocol.PROTOCOL_VERSION,
        "cursor": 0,
        "batch": uuid.uuid4().hex,
        "changes": {"courses": {"cols": ["site_id", "title"], "rows": [[1]]}},
    }
    r = requests.post(url, json=bad_rows, headers=headers, timeout=10)
    assert r.status_code == 400 and "columns" in r.json()["message"]


def test_one_unreadable_row_is_rejected_alone(district: District, tmp_path: Path) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    site = a.store.identity().site_id.hex
    cols = list(protocol.CODECS["courses"].fields)
    rows = [
        [uuid.uuid4().hex, 1, 0, site, "陶艺", "culture", 0, ""],
        [uuid.uuid4().hex, 1, 0, site, "x" * 500, "culture", 0, ""],
    ]
    token = a.credentials.get_token(a.store.identity().device_id.hex)
    answer = a.transport.post(
        protocol.SYNC_PATH,
        {
            "protocol": protocol.PROTOCOL_VERSION,
            "cursor": 0,
            "batch": uuid.uuid4().hex,
            "changes": {"courses": {"cols": cols, "rows": rows}},
        },
        token,
    )
    assert list(answer["rejected"]) == ["1"] and "longer than" in answer["rejected"]["1"]
    assert _count(district.engine, schema.courses) == 1


def test_the_server_time_reveals_a_wrong_laptop_clock(district: District, tmp_path: Path) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    a.clock.set(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))  # dead CMOS battery
    residents.add_resident(a.store, residents.ResidentInput("张三"))
    a.client.sync()
    status = sync_status(a.store)
    assert status.clock_is_wrong and status.clock_offset > dt.timedelta(days=9000)
    assert status.pending == 0, "a wrong clock does not stop sync"


def test_a_big_push_in_many_pages_never_comes_back_to_its_sender(
    district: District, tmp_path: Path
) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    a.client.max_push, a.client.pull_limit, a.client.max_pull_limit = 100, 40, 40
    demo.seed_demo(a.store, weeks=2, today=dt.date(2026, 11, 25))
    total = sync_status(a.store).pending
    report = a.client.sync()
    assert report.sent == total and report.exchanges >= total // 100
    assert report.received == 3, "only the three sites above and at the village are new to it"
    b = district.device(tmp_path, district.village, "village", "b")
    assert b.client.sync().received == total + 3
    assert export_rows(a.store) == export_rows(b.store)


def test_a_long_download_grows_its_pages_on_a_fast_link_and_shrinks_them_on_a_slow_one(
    district: District, tmp_path: Path
) -> None:
    from desktop.sync.client import MIN_PULL_LIMIT, SLOW_PAGE_S

    a = synced_village(district, tmp_path)
    b = district.device(tmp_path, district.village, "village", "b")
    b.client.pull_limit, b.client.max_pull_limit = 10, 80
    asked: list[int] = []
    post = b.transport.post

    def recording(path: str, message: dict, token: str | None = None) -> dict:
        asked.append(message["limit"])
        return post(path, message, token)

    b.transport.post = recording  # type: ignore[method-assign]
    b.client.sync()
    assert export_rows(a.store) == export_rows(b.store)
    assert asked[:5] == [10, 20, 40, 80, 80], "full pages over loopback double up to the most"
    b.client.pull_limit = b.client.max_pull_limit = 4000
    b.client._adapt_page(SLOW_PAGE_S + 1)
    b.client._adapt_page(SLOW_PAGE_S + 1)
    assert b.client.pull_limit == 1000, "a slow page halves the next one"
    b.client._adapt_page(SLOW_PAGE_S - 1)
    assert b.client.pull_limit == 1000, "a page neither fast nor slow keeps the size"
    b.client.pull_limit = 60
    b.client._adapt_page(SLOW_PAGE_S + 1)
    assert b.client.pull_limit == MIN_PULL_LIMIT

    def timing_out(path: str, message: dict, token: str | None = None) -> dict:
        raise SyncError(errors.TIMEOUT, "read timed out")

    b.client.pull_limit = 8000
    b.transport.post = timing_out  # type: ignore[method-assign]
    with pytest.raises(SyncError):
        b.client.sync()
    assert b.client.pull_limit == 4000, "a page that timed out makes the next one smaller"


def test_a_laptop_cannot_change_what_another_site_published(
    district: District, tmp_path: Path
) -> None:
    from desktop.services.errors import ServiceError

    town = district.device(tmp_path, district.town, "town", "t")
    published, _ = courses.create_course(town.store, courses.CourseInput("镇里的课", "education"))
    town.client.sync()
    a = district.device(tmp_path, district.village, "village", "a")
    a.client.sync()
    with pytest.raises(ServiceError) as err:
        courses.edit_course(a.store, published.id, courses.CourseInput("改了名", "education"))
    assert "belongs to another site" in str(err.value)
    # Forced past the device's check, the server refuses and sends its own version back.
    with a.store.write() as w:
        w.update(schema.courses, published.id, {"title": "改了名"})
    report = a.client.sync()
    assert report.rejected == 1
    assert courses.get_course(a.store, published.id).title == "镇里的课"
    assert sync_status(a.store).pending == 0


def test_enrollment_retried_after_a_lost_answer_gets_the_same_device(
    district: District, tmp_path: Path
) -> None:
    from core.clock import FixedClock
    from desktop.storage.engine import open_local_database
    from desktop.storage.store import Store
    from desktop.sync.client import enroll
    from desktop.sync.credentials import MemoryCredentials
    from desktop.sync.transport import HttpTransport

    code = district.code(district.village, "village")
    store = Store(open_local_database(tmp_path / "x"), FixedClock(district.clock.now()))
    transport = HttpTransport(district.url, retries=0)
    real_post = transport.post

    def lose_first_answer(path, message, token=None):  # noqa: ANN001, ANN202
        real_post(path, message, token)
        transport.post = real_post
        raise SyncError(errors.UNREACHABLE, "connection reset")

    transport.post = lose_first_answer
    with pytest.raises(SyncError):
        enroll(store, transport, MemoryCredentials(), district.url, code, "x")
    creds = MemoryCredentials()
    identity = enroll(store, transport, creds, district.url, code, "x")
    with district.engine.connect() as conn:
        devices = conn.execute(select(schema.server_devices.c.id)).scalars().all()
    assert devices == [identity.device_id], "one device, not an orphan and a second one"
    residents.add_resident(store, residents.ResidentInput("张三"))
    from desktop.sync.client import SyncClient

    assert SyncClient(store, transport, creds).sync().sent == 1


def test_a_server_restored_from_an_older_backup_gets_back_what_it_lost(
    district: District, tmp_path: Path
) -> None:
    from desktop.services.demand import requests as req

    a = district.device(tmp_path, district.village, "village", "a")
    b = district.device(tmp_path, district.village, "village", "b")
    town = district.device(tmp_path, district.town, "town", "t")
    residents.add_resident(a.store, residents.ResidentInput("张三"))
    request, _ = req.file_request(a.store, req.RequestInput("梨园修剪技术", "income"))
    req.advance_request(a.store, request.id, "collected")
    req.advance_request(a.store, request.id, "town_organises")
    for d in (a, b, town):
        d.client.sync()
    with district.engine.connect() as conn:
        backup_high = conn.execute(select(schema.server_counter.c.value)).scalar_one()
    residents.add_resident(a.store, residents.ResidentInput("李四"))
    residents.add_resident(b.store, residents.ResidentInput("王五"))
    req.advance_request(town.store, request.id, "district_coordinates")
    for d in (a, b, town):
        d.client.sync()
    # "Restore the backup": the server forgets everything numbered after it.
    with district.engine.begin() as conn:
        for table in schema.SYNCED_TABLES:
            conn.execute(table.delete().where(table.c.server_seq > backup_high))
        conn.execute(schema.server_counter.update().values(value=backup_high))
    # a comes back first and re-sends: the counter passes b's and the town's cursors again.
    residents.add_resident(a.store, residents.ResidentInput("赵六"))
    for _ in range(2):
        for d in (a, b, town):
            d.client.sync()
    with district.engine.connect() as conn:
        names = set(conn.execute(select(schema.residents.c.name)).scalars())
    assert names == {"张三", "李四", "王五", "赵六"}
    fresh = district.device(tmp_path, district.village, "village", "fresh")
    fresh.client.sync()
    for d in (a, b, town, fresh):
        assert req.get_request(d.store, request.id).status == "district_coordinates", d
    assert export_rows(a.store) == export_rows(b.store) == export_rows(fresh.store)


def test_a_laptop_holding_what_a_restored_server_lost_from_another_site_syncs_on(
    district: District, tmp_path: Path
) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    town = district.device(tmp_path, district.town, "town", "t")
    residents.add_resident(a.store, residents.ResidentInput("张三"))
    for d in (a, town):
        d.client.sync()
    with district.engine.connect() as conn:
        backup_high = conn.execute(select(schema.server_counter.c.value)).scalar_one()
    residents.add_resident(a.store, residents.ResidentInput("李四"))
    a.client.sync()
    town.client.sync()  # the town now holds the village's 李四, numbered after the backup
    with district.engine.begin() as conn:
        for table in schema.SYNCED_TABLES:
            conn.execute(table.delete().where(table.c.server_seq > backup_high))
        conn.execute(schema.server_counter.update().values(value=backup_high))
    town.client.sync()  # before the village sends 李四 again: the town must not ask for ever
    a.client.sync()
    town.client.sync()
    with district.engine.connect() as conn:
        names = sorted(conn.execute(select(schema.residents.c.name)).scalars())
    assert names == ["张三", "李四"]
    with town.store.read() as conn:
        held = sorted(conn.execute(select(schema.residents.c.name)).scalars())
    assert held == names


def test_verification_finds_a_damaged_table_and_downloads_it_again(
    district: District, tmp_path: Path
) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    b = district.device(tmp_path, district.village, "village", "b")
    demo.seed_demo(a.store, weeks=1, today=dt.date(2026, 11, 25))
    a.client.sync()
    clean = b.client.sync(verify=True)
    assert clean.repaired == [] and "attendance" in clean.verified
    before = export_rows(b.store)
    with b.store.write() as w:  # a damaged laptop: rows lost, one row wrongly deleted
        w.conn.execute(schema.attendance.delete().where(schema.attendance.c.present.is_(True)))
        w.conn.execute(schema.residents.update().values(deleted=True))
    residents.add_resident(b.store, residents.ResidentInput("新来的"))  # pending: must survive
    report = b.client.sync(verify=True)
    assert report.repaired == ["attendance", "residents"]
    after = export_rows(b.store)
    assert after["attendance"] == before["attendance"]
    assert {r["name"] for r in after["residents"]} == {r["name"] for r in before["residents"]} | {
        "新来的"
    }
    assert b.client.sync(verify=True).repaired == []
    a.client.sync()
    assert export_rows(a.store) == export_rows(b.store)


def test_an_expired_code_and_repeated_guesses_are_said_in_words(
    sqlite_district: District, tmp_path: Path, clock: FixedClock
) -> None:
    from desktop.storage.engine import open_local_database
    from desktop.sync.client import enroll
    from desktop.sync.credentials import MemoryCredentials
    from desktop.sync.transport import HttpTransport

    codes = schema.server_enrollment_codes
    code = sqlite_district.code(sqlite_district.village, "village")
    with sqlite_district.engine.begin() as conn:
        made = (clock.now() - dt.timedelta(days=8)).replace(tzinfo=None)
        conn.execute(codes.update().values(created_at=made))
    store = Store(open_local_database(tmp_path / "desk"), clock)
    transport = HttpTransport(sqlite_district.url, retries=0)
    with pytest.raises(SyncError) as expired:
        enroll(store, transport, MemoryCredentials(), sqlite_district.url, code, "x")
    assert expired.value.kind == errors.CODE_EXPIRED
    assert "expired" in str(expired.value)
    for n in range(10):
        with pytest.raises(SyncError):
            enroll(
                store, transport, MemoryCredentials(), sqlite_district.url, f"AAAA{n}-BBBBB", "x"
            )
    with pytest.raises(SyncError) as stopped:
        enroll(store, transport, MemoryCredentials(), sqlite_district.url, code, "x")
    assert stopped.value.kind == errors.TOO_MANY_TRIES
    assert store.identity() is None, "nothing was enrolled"
    store.engine.dispose()
