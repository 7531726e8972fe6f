"""Values a hostile client could push that every level above would then hold and open: attachments
that are not the image they say they are (or declare more pixels than anything may decode), and text
no person types. Each row is refused with its reason and nothing of it is written, on SQLite and on
PostgreSQL; the rows beside it in the batch are applied."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, select

from core import protocol, schema
from core.clock import FixedClock
from core.protocol import OutgoingRow
from server import admin
from server.app import create_app
from server.embedded import ServerThread

from wire import NOW, jpeg_header, make_district, png_image, resident_values

START = dt.datetime(2026, 11, 24, 14)  # the Tuesday of the tests' week, village time


@dataclass
class Village:
    url: str
    engine: Engine
    site: uuid.UUID
    token: str

    def push(self, changes: dict[str, list[OutgoingRow]]) -> dict[str, Any]:
        """The answer to one exchange pushing ``changes``."""
        message = {
            "protocol": protocol.PROTOCOL_VERSION,
            "cursor": 0,
            "batch": uuid.uuid4().hex,
            "changes": protocol.encode_push(changes),
        }
        response = httpx.post(
            self.url + protocol.SYNC_PATH,
            content=protocol.dumps(message),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        return response.json()

    def held(self, table: schema.Table) -> set[uuid.UUID]:
        with self.engine.connect() as conn:
            return set(conn.execute(select(table.c.id)).scalars())


@pytest.fixture
def village(server_db_url: str) -> Iterator[Village]:
    clock = FixedClock(NOW)
    engine, sites = make_district(server_db_url, clock)
    with engine.begin() as conn:
        code = admin.enrollment_code(conn, sites["village"], "village")
    with ServerThread(create_app(engine, clock)) as srv:
        answer = httpx.post(
            srv.url + protocol.ENROLL_PATH,
            json={"protocol": protocol.PROTOCOL_VERSION, "code": code},
            timeout=20,
        ).json()
        yield Village(srv.url, engine, sites["village"], answer["token"])
    engine.dispose()


def _row(values: dict[str, Any]) -> OutgoingRow:
    return OutgoingRow(uuid.uuid4(), 1, False, values)


def _course(site: uuid.UUID, description: str = "") -> OutgoingRow:
    return _row(
        {
            "site_id": site,
            "title": "陶艺",
            "platform": "culture",
            "is_feature": False,
            "description": description,
        }
    )


def _session(site: uuid.UUID, course: uuid.UUID, notes: str = "") -> OutgoingRow:
    return _row(
        {
            "site_id": site,
            "course_id": course,
            "starts_at": START,
            "ends_at": START + dt.timedelta(hours=1),
            "place": "",
            "teacher_id": None,
            "topic": "",
            "notes": notes,
            "headcount": None,
        }
    )


def _attachment(site: uuid.UUID, session: uuid.UUID, content: bytes, mime: str) -> OutgoingRow:
    return _row(
        {
            "site_id": site,
            "session_id": session,
            "kind": "photo",
            "mime": mime,
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
            "content": content,
            "caption": "",
        }
    )


HOSTILE_ATTACHMENTS = [
    (b"%PDF-1.4 a document, not a photo", "image/jpeg", "not a readable JPEG or PNG"),
    (png_image(640, 480), "image/jpeg", "is a image/png image but says it is image/jpeg"),
    (png_image(13_000, 13_000, depth=1, colour=0), "image/png", "13000 × 13000 pixels"),
    (jpeg_header(9000, 100), "image/jpeg", "at most 8,000 a side"),
    (jpeg_header(7000, 7000), "image/jpeg", "40,000,000 in all"),
    (jpeg_header(640, 480)[:30], "image/jpeg", "runs past the end of the file"),
]


def test_attachments_must_be_the_images_they_say_they_are(village: Village) -> None:
    course = _course(village.site)
    session = _session(village.site, course.id)
    assert village.push({"courses": [course], "sessions": [session]})["rejected"] == {}

    good = [
        _attachment(village.site, session.id, jpeg_header(1280, 960), "image/jpeg"),
        _attachment(village.site, session.id, png_image(800, 600), "image/png"),
    ]
    hostile = [
        _attachment(village.site, session.id, content, mime)
        for content, mime, _ in HOSTILE_ATTACHMENTS
    ]
    answer = village.push({"attachments": [*hostile, *good]})

    assert set(answer["rejected"]) == {str(i) for i in range(len(hostile))}
    for index, (_, _, why) in enumerate(HOSTILE_ATTACHMENTS):
        assert why in answer["rejected"][str(index)]
    assert village.held(schema.attachments) == {row.id for row in good}


def test_text_no_person_types_is_refused_row_by_row(village: Village) -> None:
    site = village.site
    fits = [
        _row(resident_values(site, "名" * 50, notes="记" * 2000)),
        _row(resident_values(site, "李四", village_group="组" * 50, tags="标" * 400)),
    ]
    too_long = [
        (_row(resident_values(site, "名" * 51)), "name is longer than 50 characters"),
        (_row(resident_values(site, "王五", notes="记" * 2001)), "longer than 2,000"),
        (_row(resident_values(site, "赵六", notes="x" * 200_000)), "notes is longer"),
        (_row(resident_values(site, "钱七", household="户" * 51)), "household is longer"),
    ]
    long_course = _course(site, description="述" * 2001)
    course = _course(site, description="述" * 2000)
    long_session = _session(site, course.id, notes="记" * 2001)
    answer = village.push(
        {
            "residents": [*fits, *(row for row, _ in too_long)],
            "courses": [course, long_course],
            "sessions": [long_session],
        }
    )

    # Wire order: residents (the fitting ones first), courses, sessions.
    reasons = [why for _, why in too_long] + ["description is longer than 2,000"]
    reasons += ["notes is longer than 2,000"]
    refused = [2, 3, 4, 5, 7, 8]
    assert sorted(map(int, answer["rejected"])) == refused
    for index, why in zip(refused, reasons, strict=True):
        assert why in answer["rejected"][str(index)]
    assert village.held(schema.residents) == {row.id for row in fits}
    assert village.held(schema.courses) == {course.id}
    assert village.held(schema.sessions) == set()
