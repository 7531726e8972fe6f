"""The core's limits: an image's header read from its bytes (any bytes give a header or a refusal,
never another exception, and a bomb is refused without decoding it), and one text limit for every
column a person types."""

from __future__ import annotations

import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import String, Text

from core import limits, protocol, schema
from core.limits import ImageHeader, ImageRefused, attachment_refusal, image_header

from wire import jpeg_header, png_image

PNG = png_image(640, 480)
JPEG = jpeg_header(640, 480)


def _header_or_refusal(data: bytes) -> ImageHeader | None:
    """What the parser makes of ``data``: a header within the rules, or its own refusal."""
    try:
        header = image_header(data)
    except ImageRefused as exc:
        assert str(exc)
        return None
    assert header.mime in ("image/jpeg", "image/png")
    assert header.width >= 1 and header.height >= 1
    return header


@settings(max_examples=1500, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=200),
        st.binary(max_size=200).map(lambda b: b"\x89PNG\r\n\x1a\n" + b),
        st.binary(max_size=200).map(lambda b: b"\xff\xd8" + b),
        st.binary(max_size=60).map(lambda b: b"\xff\xd8\xff" + b),
    )
)
def test_arbitrary_bytes_give_a_header_or_a_refusal(data: bytes) -> None:
    _header_or_refusal(data)


@settings(max_examples=1500, deadline=None)
@given(
    st.sampled_from([PNG[:64], JPEG, png_image(3, 2, 1, 0)[:64], jpeg_header(9000, 1)]),
    st.lists(st.tuples(st.integers(0, 200), st.integers(0, 255)), max_size=6),
    st.integers(0, 200),
)
def test_damaged_headers_give_a_header_or_a_refusal(
    data: bytes, flips: list[tuple[int, int]], cut: int
) -> None:
    damaged = bytearray(data)
    for at, value in flips:
        if at < len(damaged):
            damaged[at] = value
    _header_or_refusal(bytes(damaged[: len(damaged) - cut]))


def test_every_truncated_header_is_refused() -> None:
    for whole in (JPEG, PNG):
        end = 33 if whole is PNG else whole.index(b"\xff\xda") + 4
        for cut in range(end):
            with pytest.raises(ImageRefused):
                image_header(whole[:cut])


def test_headers_name_format_and_size() -> None:
    assert image_header(PNG) == ImageHeader("image/png", 640, 480)
    assert image_header(JPEG) == ImageHeader("image/jpeg", 640, 480)
    # Fill bytes before a marker are part of the format.
    padded = JPEG[:2] + b"\xff\xff\xff" + JPEG[2:]
    assert image_header(padded) == ImageHeader("image/jpeg", 640, 480)


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"%PDF-1.4 a document", "not a JPEG or PNG"),
        (b"GIF89a" + b"\x00" * 40, "not a JPEG or PNG"),
        (PNG[:29] + b"\x00\x00\x00\x00" + PNG[33:], "checksum"),
        (JPEG.replace(b"\xff\xc0", b"\xff\xc4"), "no frame header"),
        (JPEG[:2] + JPEG[2:].replace(b"\xff\xda", JPEG[20:39] + b"\xff\xda", 1), "more than one"),
        (jpeg_header(0, 10), "no pixels"),
        (JPEG[:2] + b"\xff\xd9" + JPEG[2:], "damaged"),
        (JPEG[:2] + b"\xff\xe1\xff\xff" + JPEG[2:], "runs past the end"),
        (JPEG[:2] + b"\xff\xe1\x00\x02" * 1001 + JPEG[2:], "too many segments"),
        (png_image(10, 10, 3, 2)[:64], "bit depth"),
    ],
)
def test_malformed_headers_are_refused_in_words(data: bytes, why: str) -> None:
    with pytest.raises(ImageRefused, match=why):
        image_header(data)


def test_a_13000_pixel_square_png_is_refused_without_decoding_it() -> None:
    bomb = png_image(13_000, 13_000, depth=1, colour=0)
    assert len(bomb) < 25_000  # the 20 KB file that took a town's laptop to 908 MB
    tracemalloc.start()
    try:
        reason = attachment_refusal(bomb, "image/png")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reason is not None and "13000 × 13000" in reason
    assert peak < 2 * len(bomb) + 10_000, f"the header check held {peak} bytes"


@pytest.mark.parametrize(
    ("content", "mime", "why"),
    [
        (JPEG, "image/jpeg", None),
        (PNG, "image/png", None),
        (jpeg_header(8000, 5000), "image/jpeg", None),
        (PNG, "image/jpeg", "is a image/png image"),
        (JPEG, "image/png", "is a image/jpeg image"),
        (jpeg_header(8001, 10), "image/jpeg", "8,000 a side"),
        (jpeg_header(7000, 7000), "image/jpeg", "40,000,000 in all"),
        (b"\x00" * 10, "image/jpeg", "not a readable JPEG or PNG"),
        (JPEG + b"\x00" * schema.MAX_ATTACHMENT_BYTES, "image/jpeg", "larger than 400,000 bytes"),
    ],
)
def test_an_attachment_is_the_image_it_says_it_is(content: bytes, mime: str, why: str) -> None:
    reason = attachment_refusal(content, mime)
    assert reason is None if why is None else why in reason


def test_every_column_a_person_types_has_a_limit_within_its_column() -> None:
    for table in protocol.PUSHABLE:
        fields = protocol.CODECS[table.name].fields
        for name in fields:
            kind = table.c[name].type
            limit = limits.TEXT.get(table.name, {}).get(name)
            if isinstance(kind, Text) or (isinstance(kind, String) and kind.length is None):
                assert limit is not None, f"{table.name}.{name} is free text without a limit"
            if limit is not None:
                assert isinstance(kind, String), f"{table.name}.{name} is not text"
                assert kind.length is None or limit <= kind.length, f"{table.name}.{name}"
    for table, columns in limits.TEXT.items():
        assert set(columns) <= set(protocol.CODECS[table].fields), table
