"""How large a synced record's text and an attachment's image may be: one definition that the laptop
checks before it writes and the server checks before it stores a pushed row.

**Text.** :data:`TEXT` gives, per synced table, the most characters of each column a person types.
Whatever is stored travels up to the town and the district and onto every laptop that reads it, so a
limit protects every level above the one that typed it. The numbers are generous for a person and
small for a machine: a person's name 50 characters (a Chinese name is two to four, a minority
name written with its 间隔号 about twenty); a village group or household 50; a title, a place, a
topic, a caption, an organiser 200; tags, skills and keywords 400; free text (notes, a course's
description, a request's need, a report's remark and review comment) 2,000, about a full A4 page of
Chinese. They are the lengths the laptop's forms have refused beyond since the first release, so no
record a laptop made is refused now. A column not listed here is a code (a status, a platform)
checked against its vocabulary, and bounded by its ``String`` length in ``core/schema.py`` like
every text column (``core/values.py``); a listed limit never exceeds that length.

**Images.** An attachment is a JPEG or PNG (``vocabulary.ATTACHMENT_TYPES``), no larger than
``schema.MAX_ATTACHMENT_BYTES``, whose header is read here from the bytes themselves, not trusted
from the declared media type: the format must be the declared one, each side at most
:data:`MAX_IMAGE_SIDE` pixels and the whole at most :data:`MAX_IMAGE_PIXELS`. A decoder allocates
what the header declares, whatever the file's size: a 20 KB PNG can declare 13,000 × 13,000 pixels,
and decoding it for a town's weekly brief took 908 MB. 40 million pixels covers every camera a
village is likely to hold (a phone's 12 Mpx, 4,000 × 3,000; a 36 Mpx camera's 7,360 × 4,912) and
decodes to at most 160 MB in Pillow (four bytes a pixel). The server has no image library, so
:func:`image_header` reads the PNG ``IHDR`` chunk and the JPEG start-of-frame segment itself: a
header that is truncated, damaged or not one of those two is refused, never an exception of
another kind, and every loop is bounded by the bytes it reads.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core import schema

_NAME = 50
_LINE = 200
_WORDS = 400
_FREE_TEXT = 2000

#: The most characters of each column a person types, per synced table (see the module's docstring).
TEXT: dict[str, dict[str, int]] = {
    "residents": {
        "name": _NAME,
        "phone": 32,
        "village_group": _NAME,
        "household": _NAME,
        "tags": _WORDS,
        "notes": _FREE_TEXT,
    },
    "teachers": {"name": _NAME, "phone": 32, "skills": _WORDS, "notes": _FREE_TEXT},
    "trainings": {"title": _LINE, "organiser": _LINE, "notes": _FREE_TEXT},
    # A delivery's course takes its offering's title (desktop/services/demand/menu.py).
    "courses": {"title": _LINE, "description": _FREE_TEXT},
    "sessions": {"place": _LINE, "topic": _LINE, "notes": _FREE_TEXT},
    "attachments": {"caption": _LINE},
    "offerings": {
        "title": _LINE,
        "lead_department": _LINE,
        "team": _LINE,
        "covers": _FREE_TEXT,
        "keywords": _WORDS,
    },
    "requests": {"household": 100, "need": _FREE_TEXT, "preferred_time": _LINE},
    "request_events": {"note": _FREE_TEXT},
    "orders": {"note": _FREE_TEXT},
    "evaluations": {"note": _FREE_TEXT},
    "weekly_reports": {"remark": _FREE_TEXT, "review_comment": _FREE_TEXT},
}


def max_chars(table: str, column: str) -> int:
    """The most characters ``table.column`` may hold, as a person types it."""
    return TEXT[table][column]


def text_refusal(table: str, values: Mapping[str, Any]) -> str | None:
    """Why the text of a ``table`` row is too long to keep, or None: what a pushed row is refused
    with."""
    for column, limit in TEXT.get(table, {}).items():
        value = values.get(column)
        if isinstance(value, str) and len(value) > limit:
            return f"{column} is longer than {limit:,} characters"
    return None


# --- images -------------------------------------------------------------------------------------

#: The longest side of an image the programs read, in pixels.
MAX_IMAGE_SIDE = 8000
#: The most pixels of an image the programs read (see the module's docstring for why).
MAX_IMAGE_PIXELS = 40_000_000

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: Bit depths allowed per PNG colour type (grey, RGB, palette, grey + alpha, RGBA).
_PNG_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
_JPEG_SOI = b"\xff\xd8"
#: Start-of-frame markers SOF0–SOF15, less DHT (C4), JPG (C8) and DAC (CC), which share the range.
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
#: Markers that stand alone, without a length: TEM and RST0–RST7.
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
_JPEG_SOS = 0xDA
#: Segments read before the first scan at most: a camera's JPEG has about a dozen.
_JPEG_MAX_SEGMENTS = 1000


class ImageRefused(ValueError):
    """Bytes that are not a JPEG or PNG whose header can be read; the text says what is wrong."""


@dataclass(frozen=True)
class ImageHeader:
    """What an image's header declares: its format (as a media type) and its size in pixels."""

    mime: str
    width: int
    height: int

    @property
    def too_large(self) -> bool:
        return too_many_pixels(self.width, self.height)


def too_many_pixels(width: int, height: int) -> bool:
    """More pixels than the programs decode (:data:`MAX_IMAGE_SIDE`, :data:`MAX_IMAGE_PIXELS`)."""
    return max(width, height) > MAX_IMAGE_SIDE or width * height > MAX_IMAGE_PIXELS


def image_header(data: bytes) -> ImageHeader:
    """The format and size a JPEG or PNG declares, read from its first bytes without decoding it;
    raises :class:`ImageRefused` for anything else, a truncated header or a damaged one."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ImageRefused("an image is bytes")
    data = bytes(data)
    if data.startswith(_PNG_SIGNATURE):
        width, height = _png_size(data)
        mime = "image/png"
    elif data.startswith(_JPEG_SOI):
        width, height = _jpeg_size(data)
        mime = "image/jpeg"
    else:
        raise ImageRefused("it is not a JPEG or PNG image")
    if width < 1 or height < 1:
        raise ImageRefused("the image declares no pixels")
    return ImageHeader(mime, width, height)


def attachment_refusal(content: bytes, mime: str) -> str | None:
    """Why ``content``, declared as ``mime``, may not be kept as an attachment, or None."""
    if len(content) > schema.MAX_ATTACHMENT_BYTES:
        return f"the attachment is larger than {schema.MAX_ATTACHMENT_BYTES:,} bytes"
    try:
        header = image_header(content)
    except ImageRefused as exc:
        return f"the attachment is not a readable JPEG or PNG image ({exc})"
    if header.mime != mime:
        return f"the attachment is a {header.mime} image but says it is {mime}"
    if header.too_large:
        return (
            f"the attachment's image is {header.width} × {header.height} pixels; at most"
            f" {MAX_IMAGE_SIDE:,} a side and {MAX_IMAGE_PIXELS:,} in all"
        )
    return None


def _u16(data: bytes, at: int) -> int:
    return int.from_bytes(data[at : at + 2], "big")


def _u32(data: bytes, at: int) -> int:
    return int.from_bytes(data[at : at + 4], "big")


def _png_size(data: bytes) -> tuple[int, int]:
    # Signature (8), then the IHDR chunk: length (4) = 13, type (4), 13 bytes of data, CRC (4).
    if len(data) < 33:
        raise ImageRefused("the PNG header ends early")
    if _u32(data, 8) != 13 or data[12:16] != b"IHDR":
        raise ImageRefused("a PNG must begin with its IHDR header")
    if zlib.crc32(data[12:29]) != _u32(data, 29):
        raise ImageRefused("the PNG header is damaged (its checksum does not match)")
    width, height = _u32(data, 16), _u32(data, 20)
    depth, colour, compression, filtering, interlace = data[24:29]
    if width >= 1 << 31 or height >= 1 << 31:
        raise ImageRefused("the PNG declares an impossible size")
    if depth not in _PNG_DEPTHS.get(colour, ()):
        raise ImageRefused("the PNG declares an unknown colour type or bit depth")
    if compression != 0 or filtering != 0 or interlace not in (0, 1):
        raise ImageRefused("the PNG declares an unknown compression, filter or interlace")
    return width, height


def _jpeg_size(data: bytes) -> tuple[int, int]:
    """Walk the segments before the first scan; the one frame header among them names the size."""
    end = len(data)
    at = len(_JPEG_SOI)
    size: tuple[int, int] | None = None
    for _ in range(_JPEG_MAX_SEGMENTS):
        if at >= end or data[at] != 0xFF:
            raise ImageRefused("the JPEG header is damaged or ends early")
        while at < end and data[at] == 0xFF:  # a marker may be padded with fill bytes
            at += 1
        if at >= end:
            raise ImageRefused("the JPEG header ends early")
        marker = data[at]
        at += 1
        if marker in _JPEG_STANDALONE:
            continue
        if marker in (0x00, 0xD8, 0xD9):  # stuffing, a second start, an end before any scan
            raise ImageRefused("the JPEG header is damaged")
        if at + 2 > end:
            raise ImageRefused("the JPEG header ends early")
        length = _u16(data, at)
        if length < 2 or at + length > end:
            raise ImageRefused("a JPEG segment runs past the end of the file")
        if marker == _JPEG_SOS:
            if size is None:
                raise ImageRefused("the JPEG has no frame header before its image data")
            return size
        if marker in _JPEG_SOF:
            # Length (2), precision (1), height (2), width (2), components (1), 3 bytes each.
            if size is not None:
                raise ImageRefused("the JPEG has more than one frame header")
            components = data[at + 7] if length >= 8 else 0
            if components not in (1, 3, 4) or length != 8 + 3 * components:
                raise ImageRefused("the JPEG frame header is damaged")
            size = (_u16(data, at + 5), _u16(data, at + 3))
        at += length
    raise ImageRefused("the JPEG header has too many segments")
