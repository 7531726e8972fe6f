"""Photos and scans of a session: shrunk before they are stored, synced in pages that count bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
import uuid
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from core import schema
from desktop.services.errors import ServiceError
from desktop.services.reports import weekly_reports
from desktop.services.week import attachments, courses, sessions
from desktop.storage.store import Store, Writer
from desktop.sync.status import rejections

from support import District


def _photo(width: int, height: int, seed: int = 1, orientation: int | None = None) -> bytes:
    """A camera-sized image with enough detail that JPEG cannot squeeze it to nothing."""
    rng = random.Random(seed)
    image = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    image = image.resize((width, height))
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation  # the camera held sideways
    image.save(out, "JPEG", quality=95, exif=exif.tobytes())
    return out.getvalue()


def _session(store: Store) -> sessions.SessionSummary:
    course, _ = courses.create_course(store, courses.CourseInput("广场舞", "health"))
    start = dt.datetime(2026, 11, 24, 14)
    made, _ = sessions.record_session(
        store, sessions.SessionInput(course.id, start, start + dt.timedelta(hours=1))
    )
    return made


def test_a_phone_photo_is_shrunk_turned_upright_and_kept(store: Store) -> None:
    session = _session(store)
    raw = _photo(2400, 1200, orientation=6)
    kept, changes = attachments.attach(store, session.id, raw, "sheet", "签到表")
    content = attachments.content_of(store, kept.id)
    assert len(content) <= schema.MAX_ATTACHMENT_BYTES and kept.size == len(content)
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "JPEG"
        assert image.size == (640, 1280)  # upright and at most 1280 px on its long side
    assert [a.id for a in attachments.attachments_of(store, session.id)] == [kept.id]
    assert "attachments" in changes.rows
    attachments.remove_attachment(store, kept.id)
    assert attachments.attachments_of(store, session.id) == []


def test_a_file_that_is_no_image_is_refused_in_words(store: Store) -> None:
    session = _session(store)
    with pytest.raises(ServiceError) as err:
        attachments.attach(store, session.id, b"%PDF-1.4 not a photo")
    assert "JPEG" in err.value.message.render()
    assert attachments.attachments_of(store, session.id) == []


def test_photos_sync_in_pages_that_count_bytes(district: District, tmp_path: Path) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    b = district.device(tmp_path, district.village, "village", "b")
    session = _session(a.store)
    made = [
        attachments.attach(a.store, session.id, _photo(1600, 1200, seed=i))[0] for i in range(6)
    ]
    total = sum(m.size for m in made)
    assert total > 2 * 300_000  # more than two batches' or pages' worth
    sent = a.client.sync()
    assert sent.exchanges >= 2
    got = b.client.sync()
    assert got.exchanges >= 2
    for m in made:
        original = attachments.content_of(a.store, m.id)
        copy = attachments.content_of(b.store, m.id)
        assert hashlib.sha256(copy).hexdigest() == hashlib.sha256(original).hexdigest()


def _insert_past_checks(
    w: Writer, site: uuid.UUID, session: uuid.UUID, content: bytes, sha256: str | None = None
) -> uuid.UUID:
    """A photo written straight into the laptop's table, as a laptop without the services' checks
    would send it."""
    return w.insert(
        schema.attachments,
        {
            "site_id": site,
            "session_id": session,
            "kind": "photo",
            "mime": "image/jpeg",
            "size": len(content),
            "sha256": sha256 or hashlib.sha256(content).hexdigest(),
            "content": content,
            "caption": "",
        },
    )


def test_the_server_refuses_an_attachment_that_arrived_damaged(
    district: District, tmp_path: Path
) -> None:
    a = district.device(tmp_path, district.village, "village", "a")
    session = _session(a.store)
    content = b"\xff\xd8\xff" + b"x" * 100
    with a.store.write() as w:
        _insert_past_checks(w, district.village, session.id, content, sha256="0" * 64)
    a.client.sync()
    assert any("checksum" in r.reason for r in rejections(a.store))


def test_an_approved_week_keeps_its_photos_as_they_are(district: District, tmp_path: Path) -> None:
    v = district.device(tmp_path, district.village, "village", "v")
    t = district.device(tmp_path, district.town, "town", "t")
    session = _session(v.store)
    kept, _ = attachments.attach(v.store, session.id, _photo(600, 400), kind="sheet")
    weekly_reports.submit_week(v.store, dt.date(2026, 11, 23))
    v.client.sync()
    t.client.sync()
    weekly_reports.approve_week(t.store, district.village, dt.date(2026, 11, 23))
    t.client.sync()
    v.client.sync()

    # The laptop refuses in words and changes nothing.
    with pytest.raises(ServiceError) as err:
        attachments.attach(v.store, session.id, _photo(600, 400, seed=2))
    assert "2026-11-23" in err.value.message.render()
    with pytest.raises(ServiceError):
        attachments.remove_attachment(v.store, kept.id)
    assert [a.id for a in attachments.attachments_of(v.store, session.id)] == [kept.id]

    # The server refuses what gets past the laptop's checks.
    content = attachments.shrink(_photo(600, 400, seed=3))
    with v.store.write() as w:
        forced = _insert_past_checks(w, district.village, session.id, content)
        w.delete(schema.attachments, kept.id)
    v.client.sync()
    assert sum("locked" in r.reason for r in rejections(v.store)) == 2
    with district.engine.connect() as conn:
        held = conn.execute(select(schema.attachments.c.id, schema.attachments.c.deleted)).all()
    assert held == [(kept.id, False)] and forced not in {row.id for row in held}
