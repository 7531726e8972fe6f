"""Concurrent pushes and pulls against the server's storage, on SQLite and PostgreSQL: a pull never
steps over a change that commits while it reads, and a duplicate batch sent twice at once applies once."""

from __future__ import annotations

import threading
import time
import uuid

from sqlalchemy import func, select

from core import protocol, schema
from core.clock import FixedClock
from core.protocol import OutgoingRow
from server import admin
from server import sync as server_sync

from wire import NOW, make_district, resident_values


def _device(engine, site, clock) -> server_sync.Device:  # noqa: ANN001
    with engine.begin() as conn:
        code = admin.enrollment_code(conn, site, "village")
    answer = server_sync.enroll(
        engine, {"protocol": protocol.PROTOCOL_VERSION, "code": code}, clock
    )
    return server_sync.Device(uuid.UUID(answer["device_id"]), site, "village")


def _resident(site: uuid.UUID, name: str) -> OutgoingRow:
    return OutgoingRow(uuid.uuid4(), 1, False, resident_values(site, name))


def _course(site: uuid.UUID, title: str) -> OutgoingRow:
    values = {
        "site_id": site,
        "title": title,
        "platform": "culture",
        "is_feature": False,
        "description": "",
    }
    return OutgoingRow(uuid.uuid4(), 1, False, values)


def test_a_pull_running_beside_pushes_never_skips_a_row(server_db_url: str) -> None:
    clock = FixedClock(NOW)
    engine, sites = make_district(server_db_url, clock)
    village = sites["village"]
    puller = _device(engine, village, clock)
    pushers = [_device(engine, village, clock) for _ in range(3)]
    pushed: set[uuid.UUID] = set()
    seen: set[uuid.UUID] = set()
    lock = threading.Lock()
    stop = time.monotonic() + 4
    failures: list[BaseException] = []

    def push(device: server_sync.Device) -> None:
        try:
            n = 0
            while time.monotonic() < stop:
                # Two tables per batch: the pull reads them in two statements, the race's gap.
                rows = {
                    "residents": [_resident(village, f"r{n}")],
                    "courses": [_course(village, f"c{n}")],
                }
                message = {
                    "protocol": protocol.PROTOCOL_VERSION,
                    "batch": uuid.uuid4().hex,
                    "cursor": 0,
                    "limit": 1,
                    "changes": protocol.encode_push(rows),
                }
                server_sync.exchange(engine, device, message, clock)
                with lock:
                    pushed.update(r.id for batch in rows.values() for r in batch)
                n += 1
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            failures.append(exc)

    pushing = [threading.Thread(target=push, args=(d,)) for d in pushers]

    def pull() -> None:
        cursor = 0
        try:
            # Until every push has returned (one may wait on the lock past ``stop``), and then once
            # more: a row committed before a pull began must be in that pull or an earlier one.
            while True:
                last = not any(t.is_alive() for t in pushing)
                answer = server_sync.exchange(
                    engine,
                    puller,
                    {"protocol": protocol.PROTOCOL_VERSION, "cursor": cursor, "limit": 50},
                    clock,
                )
                seen.update(row.id for _, row in protocol.decode_pull(answer["changes"]))
                cursor = answer["cursor"]
                if last and not answer["more"]:
                    break
                if not answer["more"]:
                    # Caught up: pause as a laptop would. Asking again at once, on SQLite, takes the
                    # write lock back each time it comes free, and a push waiting for it hits its
                    # busy timeout ("database is locked").
                    time.sleep(0.01)
        except BaseException as exc:  # noqa: BLE001
            failures.append(exc)

    threads = [*pushing, threading.Thread(target=pull)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not failures, failures
    assert len(pushed) > 20, "the race ran"
    assert pushed <= seen, f"{len(pushed - seen)} of {len(pushed)} rows never reached the puller"
    engine.dispose()


def test_the_same_batch_sent_twice_at_once_is_applied_once(server_db_url: str) -> None:
    clock = FixedClock(NOW)
    engine, sites = make_district(server_db_url, clock)
    device = _device(engine, sites["village"], clock)
    rows = {"residents": [_resident(sites["village"], f"r{i}") for i in range(50)]}
    message = {
        "protocol": protocol.PROTOCOL_VERSION,
        "batch": uuid.uuid4().hex,
        "cursor": 0,
        "changes": protocol.encode_push(rows),
    }
    answers: list[dict] = []
    barrier = threading.Barrier(4)

    def send() -> None:
        barrier.wait()
        answers.append(server_sync.exchange(engine, device, message, clock))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(answers) == 4
    assert len({a["first_seq"] for a in answers}) == 1
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.residents)).scalar_one() == 50
        counter = conn.execute(select(schema.server_counter.c.value)).scalar_one()
    sites_made, last_contact = 4, 1  # the device's published last contact is one change
    assert counter == sites_made + 50 + last_contact, "numbers were handed out once"
    engine.dispose()
