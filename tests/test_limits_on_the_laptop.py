"""The core's limits on the laptop: a picture whose header declares more pixels than anything may
decode is refused in words before it is decoded, whether a coordinator adds it or a town's laptop
holds it from a village; text is held to the same lengths the server takes, so what a laptop writes
is never refused for its length."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
import resource
import uuid
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from core import limits, schema
from core.limits import ImageHeader, image_header
from desktop.services.demand import requests as req
from desktop.services.errors import InvalidInput, ServiceError
from desktop.services.people import residents
from desktop.services.reports import work_brief
from desktop.services.week import attachments, courses, sessions
from desktop.storage.store import Store
from desktop.sync.status import rejections

from support import District
from wire import png_image

START = dt.datetime(2026, 11, 24, 14)
BOMB = png_image(13_000, 13_000, depth=1, colour=0)  # 20 KB that decodes to 169 Mpx


def _session(store: Store) -> uuid.UUID:
    course, _ = courses.create_course(store, courses.CourseInput("夏布编织", "culture"))
    made, _ = sessions.record_session(
        store, sessions.SessionInput(course.id, START, START + dt.timedelta(hours=2))
    )
    return made.id


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _keep_past_checks(store: Store, session_id: uuid.UUID, content: bytes, mime: str) -> uuid.UUID:
    """An attachment as a town's laptop may hold it from a village (pulled before the server read
    headers), written past the service's checks."""
    with store.write() as w:
        site = w.conn.execute(
            select(schema.sessions.c.site_id).where(schema.sessions.c.id == session_id)
        ).scalar_one()
        return w.insert(
            schema.attachments,
            {
                "site_id": site,
                "session_id": session_id,
                "kind": "photo",
                "mime": mime,
                "size": len(content),
                "sha256": hashlib.sha256(content).hexdigest(),
                "content": content,
                "caption": "",
            },
        )


def _stored_attachments(store: Store) -> int:
    with store.read() as conn:
        return conn.execute(select(func.count()).select_from(schema.attachments)).scalar_one()


def _jpeg(size: tuple[int, int], **options: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (90, 140, 60)).save(out, "JPEG", **options)
    return out.getvalue()


def test_a_picture_declaring_too_many_pixels_is_refused_in_words_before_decoding(
    store: Store,
) -> None:
    session = _session(store)
    before = _peak_mb()
    with pytest.raises(ServiceError) as err:
        attachments.attach(store, session, BOMB)
    assert _peak_mb() - before < 100, "the picture was decoded"
    sentence = err.value.message.render()
    assert "13000 × 13000 pixels" in sentence and "8,000" in sentence
    assert "40,000,000" in sentence

    for wide in (_jpeg((9000, 8)), png_image(8001, 1)):
        with pytest.raises(ServiceError) as err:
            attachments.attach(store, session, wide)
        assert "lower resolution" in err.value.message.render()
    assert _stored_attachments(store) == 0

    # A picture at the limit is shrunk and kept as usual.
    kept, _ = attachments.attach(store, session, _jpeg((8000, 5000), quality=30))
    assert kept.size <= schema.MAX_ATTACHMENT_BYTES and _stored_attachments(store) == 1


def test_a_town_laptop_leaves_out_a_picture_too_large_to_open(store: Store) -> None:
    session = _session(store)
    _keep_past_checks(store, session, _jpeg((640, 480)), "image/jpeg")
    bomb = _keep_past_checks(store, session, BOMB, "image/png")
    before = _peak_mb()
    with store.read() as conn:
        photos = work_brief.week_photos(conn, store.identity().site_id, START.date())
    assert _peak_mb() - before < 100, "the brief decoded the bomb (908 MB before)"
    assert len(photos) == 1 and photos[0].id != bomb
    # The window's photo viewer is not handed it either; it says why in words.
    with pytest.raises(ServiceError) as err:
        attachments.content_of(store, bomb)
    assert "too large to open safely" in err.value.message.render()


def _samples() -> list[tuple[bytes, tuple[int, int]]]:
    rng = random.Random(7)
    made = []
    for mode, size, fmt, options in [
        ("RGB", (37, 21), "JPEG", {}),
        ("RGB", (640, 480), "JPEG", {"progressive": True, "quality": 60}),
        ("L", (5, 900), "JPEG", {}),
        ("CMYK", (120, 80), "JPEG", {}),
        (
            "RGB",
            (300, 200),
            "JPEG",
            {"exif": b"Exif\x00\x00" + bytes(64), "icc_profile": b"x" * 70_000},
        ),
        ("1", (333, 17), "PNG", {}),
        ("P", (16, 16), "PNG", {}),
        ("RGBA", (31, 1), "PNG", {}),
        ("I;16", (12, 40), "PNG", {}),
        ("RGB", (64, 48), "PNG", {"interlace": 1}),
    ]:
        image = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3)).convert(mode)
        out = io.BytesIO()
        image.save(out, fmt, **options)
        made.append((out.getvalue(), size))
    return made


@pytest.mark.parametrize(("data", "size"), _samples())
def test_the_core_reads_the_size_pillow_reads(data: bytes, size: tuple[int, int]) -> None:
    header = image_header(data)
    with Image.open(io.BytesIO(data)) as image:
        assert (header.width, header.height) == image.size == size
        assert header == ImageHeader(Image.MIME[image.format], *size)


def test_a_step_note_is_held_to_the_limit_and_nothing_is_written(store: Store) -> None:
    request, _ = req.file_request(store, req.RequestInput("梨园修剪", "income"))
    limit = limits.max_chars("request_events", "note")
    with pytest.raises(InvalidInput) as err:
        req.advance_request(store, request.id, "collected", "记" * (limit + 1))
    assert f"{limit}" in err.value.message.render()
    assert req.history(store, request.id) == [("proposed", "")]
    req.advance_request(store, request.id, "collected", "记" * limit)
    assert req.history(store, request.id)[-1] == ("collected", "记" * limit)


def test_what_the_laptop_takes_at_the_limits_the_server_stores(
    district: District, tmp_path: Path
) -> None:
    laptop = district.device(tmp_path, district.village, "village", "a")
    name = limits.max_chars("residents", "name")
    person, _ = residents.add_resident(
        laptop.store,
        residents.ResidentInput(
            "庄" * name,
            village_group="组" * limits.max_chars("residents", "village_group"),
            notes="记" * limits.max_chars("residents", "notes"),
            phone="13812345678",
        ),
    )
    title = "课" * limits.max_chars("courses", "title")
    course, _ = courses.create_course(laptop.store, courses.CourseInput(title, "culture"))
    laptop.client.sync()
    assert rejections(laptop.store) == []
    with district.engine.connect() as conn:
        held = conn.execute(
            select(schema.residents.c.name, schema.residents.c.search_key).where(
                schema.residents.c.id == person.id
            )
        ).one()
        assert held.name == "庄" * name and held.search_key.endswith(" 13812345678")
        assert (
            conn.execute(
                select(schema.courses.c.title).where(schema.courses.c.id == course.id)
            ).scalar_one()
            == title
        )
