"""Helpers that need only the shared core and the server, so the server's own tests run where the app
is not installed (``make check-installs``): the tests' moment, free ports, a demo tree, wire rows.
"""

from __future__ import annotations

import datetime as dt
import socket
import uuid
import zlib
from typing import Any

from sqlalchemy import Engine

from core.clock import FixedClock
from server import admin
from server.db import open_server_database

NOW = dt.datetime(2026, 11, 25, 6, 30, tzinfo=dt.UTC)  # a Wednesday, 14:30 in the villages


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_district(url: str, clock: FixedClock) -> tuple[Engine, dict[str, uuid.UUID]]:
    engine = open_server_database(url)
    with engine.begin() as conn:
        d = admin.add_site(conn, "荣昌区社区学院", "district")
        t = admin.add_site(conn, "昌元街道社区学校", "town", d)
        v = admin.add_site(conn, "玉屏村学习中心", "village", t)
        o = admin.add_site(conn, "荣升村学习中心", "village", t)
    return engine, {"district": d, "town": t, "village": v, "other_village": o}


def resident_values(site_id: uuid.UUID, name: str, **fields: Any) -> dict[str, Any]:
    """A resident's wire fields as a push carries them: ``fields`` given, the rest left empty."""
    return {
        "site_id": site_id,
        "name": name,
        "gender": "",
        "birth_year": None,
        "phone": "",
        "village_group": "",
        "household": "",
        "tags": "",
        "notes": "",
        "id_hash": "",
        "id_last4": "",
        "merged_into": None,
        **fields,
    }


def jpeg_header(width: int, height: int) -> bytes:
    """The bytes of a baseline JPEG of ``width`` × ``height`` up to its first scan, with a token
    scan and end: what the server reads of an attachment (it decodes no pixels)."""
    frame = bytes([8, *height.to_bytes(2, "big"), *width.to_bytes(2, "big"), 3])
    frame += bytes([1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1])
    scan = bytes([3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0])
    return (
        b"\xff\xd8"
        + b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + b"\xff\xc0"
        + (len(frame) + 2).to_bytes(2, "big")
        + frame
        + b"\xff\xda"
        + (len(scan) + 2).to_bytes(2, "big")
        + scan
        + b"\x00" * 16
        + b"\xff\xd9"
    )


def png_image(width: int, height: int, depth: int = 8, colour: int = 2) -> bytes:
    """A whole PNG of ``width`` × ``height`` black pixels (colour type ``colour``, ``depth`` bits):
    all-zero rows compress to almost nothing, so a small file can declare a huge image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
        )

    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    row = 1 + (width * channels * depth + 7) // 8  # the filter byte, then the packed samples
    packer = zlib.compressobj(9)
    blank = b"\x00" * row
    idat = b"".join(packer.compress(blank) for _ in range(height)) + packer.flush()
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([depth, colour, 0, 0, 0])
    palette = chunk(b"PLTE", b"\x00\x00\x00") if colour == 3 else b""
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + palette
        + chunk(b"IDAT", idat)
        + chunk(b"IEND", b"")
    )
