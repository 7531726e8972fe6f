"""A used enrollment code and its nonce enroll nothing later: the laptop whose answer was lost may ask
again for minutes, but a copy of what it sent, replayed afterwards, gets neither a token nor the
district's ID-number key, and the device list stays as it was (on SQLite and on PostgreSQL)."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import Engine, select

from core import protocol, schema
from core.clock import FixedClock
from server import admin, audit
from server.app import create_app
from server.embedded import ServerThread
from server.sync import RETRY_WINDOW

from wire import NOW, make_district


@dataclass
class District:
    url: str
    engine: Engine
    clock: FixedClock
    village: uuid.UUID

    def enroll(self, code: str, nonce: str) -> httpx.Response:
        message = {"protocol": protocol.PROTOCOL_VERSION, "code": code, "nonce": nonce}
        return httpx.post(self.url + protocol.ENROLL_PATH, json=message, timeout=20)

    def devices(self) -> list[tuple[uuid.UUID, str]]:
        d = schema.server_devices
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(select(d.c.id, d.c.token_hash).order_by(d.c.id))]


@pytest.fixture
def district(server_db_url: str) -> Iterator[District]:
    clock = FixedClock(NOW)
    engine, sites = make_district(server_db_url, clock)
    with ServerThread(create_app(engine, clock)) as srv:
        yield District(srv.url, engine, clock, sites["village"])
    engine.dispose()


def test_the_same_laptop_may_ask_again_for_minutes_after_a_lost_answer(district: District) -> None:
    with district.engine.begin() as conn:
        code = admin.enrollment_code(conn, district.village, "village")
    nonce = secrets.token_urlsafe(24)
    first = district.enroll(code, nonce).json()
    district.clock.advance(seconds=RETRY_WINDOW.total_seconds() - 60)
    again = district.enroll(code, nonce)
    assert again.status_code == 200, again.text
    assert again.json()["device_id"] == first["device_id"], "the same device, not a second one"
    assert len(district.devices()) == 1
    with district.engine.connect() as conn:
        logged = [(e.kind, e.device_id and e.device_id.hex, e.address) for e in audit.entries(conn)]
    device = first["device_id"]
    assert (audit.ENROLLED, device, "127.0.0.1") in logged
    assert (audit.RE_ENROLLED, device, "127.0.0.1") in logged, "a second token is on record"


def test_a_replayed_code_and_nonce_enroll_nothing_once_the_minutes_are_over(
    district: District,
) -> None:
    with district.engine.begin() as conn:
        code = admin.enrollment_code(conn, district.village, "village")
    nonce = secrets.token_urlsafe(24)
    first = district.enroll(code, nonce).json()
    devices = district.devices()
    district.clock.advance(seconds=RETRY_WINDOW.total_seconds() + 1)
    replay = district.enroll(code, nonce)
    assert replay.status_code == 403, replay.text
    answer = replay.json()
    assert answer["message"] == "The enrollment code is wrong or has already been used."
    assert "token" not in answer and "id_key" not in answer
    assert district.devices() == devices, "the real laptop's token still stands, nothing added"
    sync = httpx.post(
        district.url + protocol.SYNC_PATH,
        json={"protocol": protocol.PROTOCOL_VERSION, "cursor": 0},
        headers={"Authorization": f"Bearer {first['token']}"},
        timeout=20,
    )
    assert sync.status_code == 200, "the enrolled laptop is not locked out"
