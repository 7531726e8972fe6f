"""Requests a hostile client on the district's network could send, with or without a token: each is
refused with a 4xx and a sentence, before the server holds more than its limit, and writes nothing
(on SQLite and on PostgreSQL). Each case was a 500, a hang or an accepted write before."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import socket
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import Engine, func, select

from core import protocol, schema
from core.clock import FixedClock
from server import admin
from server.app import Limits, create_app
from server.embedded import ServerThread

from wire import NOW, make_district, resident_values

LIMITS = Limits(body=1024 * 1024, body_seconds=1.0, depth=32)
V = protocol.PROTOCOL_VERSION


@dataclass
class Served:
    url: str
    engine: Engine
    village: uuid.UUID
    token: str

    def post(self, path: str, body: bytes, **headers: str) -> httpx.Response:
        auth = {"Authorization": f"Bearer {self.token}"} if path == protocol.SYNC_PATH else {}
        return httpx.post(
            self.url + path,
            content=body,
            headers={"Content-Type": "application/json", **auth, **headers},
            timeout=20,
        )

    def rows(self) -> int:
        """Residents on the server: what the pushes here carry."""
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(schema.residents)).scalar_one()


@pytest.fixture
def served(server_db_url: str) -> Iterator[Served]:
    clock = FixedClock(NOW)
    engine, sites = make_district(server_db_url, clock)
    with engine.begin() as conn:
        code = admin.enrollment_code(conn, sites["village"], "village")
    with ServerThread(create_app(engine, clock, LIMITS)) as srv:
        answer = httpx.post(
            srv.url + protocol.ENROLL_PATH, json={"protocol": V, "code": code}, timeout=20
        ).json()
        yield Served(srv.url, engine, sites["village"], answer["token"])
    engine.dispose()


def _refused(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    message = response.json()["message"]
    assert message.endswith(".") and len(message) > 10
    return message


def _deep(levels: int) -> list:
    nested: list = []
    for _ in range(levels):
        nested = [nested]
    return nested


def _push(served: Served, rows: int, **fields: object) -> bytes:
    residents = [
        protocol.OutgoingRow(uuid.uuid4(), 1, False, resident_values(served.village, f"居民{n}"))
        for n in range(rows)
    ]
    changes = protocol.encode_push({"residents": residents})
    if fields:  # a hostile value in the first row's fields, as the wire carries them
        cols = changes["residents"]["cols"]
        for name, value in fields.items():
            changes["residents"]["rows"][0][3 + cols.index(name)] = value
    message = {"protocol": V, "cursor": 0, "batch": uuid.uuid4().hex, "changes": changes}
    return json.dumps(message).encode()


def test_a_body_over_the_limit_is_refused_before_it_is_read(served: Served) -> None:
    declared = served.post(protocol.ENROLL_PATH, b"{" + b" " * (LIMITS.body + 10) + b"}")
    _refused(declared, 413)

    def trickle() -> Iterator[bytes]:  # no Content-Length: the limit applies while it streams
        yield b'{"protocol": 3, "code": "'
        for _ in range(300):
            yield b"x" * 4096
        yield b'"}'

    streamed = httpx.post(served.url + protocol.ENROLL_PATH, content=trickle(), timeout=20)
    _refused(streamed, 413)


def test_a_gzip_bomb_is_refused_as_it_inflates(served: Served) -> None:
    bomb = gzip.compress(b'{"protocol": 3, "code": "' + b"0" * (50 * LIMITS.body) + b'"}')
    assert len(bomb) < LIMITS.body
    _refused(served.post(protocol.ENROLL_PATH, bomb, **{"Content-Encoding": "gzip"}), 413)


def test_a_client_gone_half_way_through_its_body_is_a_refusal_not_a_server_error(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    host, port = served.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST /api/v1/sync HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Authorization: Bearer " + served.token.encode() + b"\r\n"
            b"Content-Length: 100000\r\n\r\n" + b'{"protocol": 3, "changes": {'
        )
    deadline = time.monotonic() + 10
    while "cut off" not in caplog.text and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "400 cut_off" in caplog.text, "the refusal is in the audit log"
    assert "Exception in ASGI application" not in caplog.text
    assert served.rows() == 0


def test_a_body_that_trickles_in_is_cut_off_in_time(served: Served) -> None:
    host, port = served.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST /api/v1/enroll HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000\r\n\r\n" + b'{"protocol": 3, '
        )
        started = time.monotonic()
        answer = sock.recv(65536).decode()
        waited = time.monotonic() - started
    assert answer.startswith("HTTP/1.1 408"), answer
    assert waited < 8, "the server does not wait for a body that never comes"


@pytest.mark.parametrize(
    ("body", "what"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested"),
        (json.dumps({"protocol": 3, "code": "x", "deep": _deep(40)}).encode(), "nested"),
        (b'{"protocol": 3, "code": "\\ud800"}', "Unicode"),
        (b'{"protocol": 3, "code": "\xed\xa0\x80"}', "Unicode"),
        (b'{"protocol": 3, "code": "AB\\u0000CD"}', "NUL"),
        (b'{"protocol": 3, "code": NaN}', "JSON"),
        (b'{"protocol": 99999999999999999999999, "code": "x"}', "range"),
        (b'{"protocol": 3, "code": "x", "score": 1e400}', "range"),
    ],
)
def test_values_no_database_could_hold_are_refused_at_enrollment(
    served: Served, body: bytes, what: str
) -> None:
    assert what in _refused(served.post(protocol.ENROLL_PATH, body), 400)


@pytest.mark.parametrize(
    ("fields", "what"),
    [
        ({"birth_year": 2**63}, "range"),
        ({"name": "张\x00三"}, "NUL"),
        ({"notes": "\ud800"}, "Unicode"),
    ],
)
def test_a_push_with_a_value_no_database_could_hold_writes_nothing(
    served: Served, fields: dict, what: str
) -> None:
    before = served.rows()
    assert served.post(protocol.SYNC_PATH, _push(served, 3)).status_code == 200  # a valid push …
    hostile = _push(served, 3, **fields)
    assert what in _refused(served.post(protocol.SYNC_PATH, hostile), 400)
    assert served.rows() == before + 3, "only the valid push was written"


@pytest.mark.parametrize(
    ("extra", "what"),
    [({"pending_after": 2**40}, "pending_after"), ({"app": "1.0\x00"}, "NUL")],
)
def test_fields_of_the_exchange_itself_are_checked(served: Served, extra: dict, what: str) -> None:
    body = json.dumps({"protocol": V, "cursor": 0, **extra}).encode()
    assert what in _refused(served.post(protocol.SYNC_PATH, body), 400)


def test_a_push_over_the_batch_cap_is_refused_whole(served: Served) -> None:
    before = served.rows()
    body = gzip.compress(_push(served, protocol.MAX_PUSH_CHANGES + 1))
    response = served.post(protocol.SYNC_PATH, body, **{"Content-Encoding": "gzip"})
    assert "2,000 changes" in _refused(response, 413)
    assert response.json()["error"] == "too_many_changes"
    assert served.rows() == before


def _code(served: Served, age_days: float) -> str:
    """A new village code, made ``age_days`` before the server's clock."""
    codes = schema.server_enrollment_codes
    with served.engine.begin() as conn:
        code = admin.enrollment_code(conn, served.village, "village")
        made = (NOW - dt.timedelta(days=age_days)).replace(tzinfo=None)
        conn.execute(codes.update().where(codes.c.used_at.is_(None)).values(created_at=made))
    return code


def _enroll(served: Served, code: str) -> httpx.Response:
    return httpx.post(
        served.url + protocol.ENROLL_PATH, json={"protocol": V, "code": code}, timeout=20
    )


def test_an_enrollment_code_expires_after_a_week(served: Served) -> None:
    assert "expired" in _refused(_enroll(served, _code(served, 8)), 403)
    assert _enroll(served, _code(served, 6)).status_code == 200


def test_guessing_codes_is_stopped_and_logged(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    good = _code(served, 0)
    for n in range(10):
        _refused(_enroll(served, f"WRONG-{n:05d}"), 403)
    message = _refused(_enroll(served, good), 429)  # even the right code, from this address
    assert "Too many wrong enrollment codes" in message
    assert caplog.text.count("enrollment from 127.0.0.1 refused") >= 11


@pytest.mark.parametrize(
    "fields",
    [
        {"last": ["sites", 5, 1]},
        {"last": ["sites", [1], 1]},
        {"scope": "0123456789abcdef.\u00b2"},
    ],
)
def test_odd_values_of_last_and_scope_are_refused_or_ignored_not_a_server_error(
    served: Served, fields: dict
) -> None:
    body = json.dumps({"protocol": V, "cursor": 0, **fields}).encode()
    response = served.post(protocol.SYNC_PATH, body)
    assert response.status_code < 500, response.text
