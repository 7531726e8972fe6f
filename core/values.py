"""Column values as they travel in JSON: on the sync wire, in exports and in conflict records.

Ids are 32 hex digits, times ISO ``YYYY-MM-DDTHH:MM`` (seconds only when not zero), dates ISO,
booleans 0/1. Decoding checks the type and the column's length and nullability, so a bad value is
refused with a reason instead of reaching the database.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import math
import re
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    String,
    Text,
    Uuid,
)

from core import schema

# NUL and other C0 controls (tab and newlines are text): PostgreSQL refuses NUL outright.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


#: Base64 text of the largest attachment (4 characters per 3 bytes, rounded up).
_MAX_BINARY_TEXT = (schema.MAX_ATTACHMENT_BYTES + 2) // 3 * 4


#: Ids parsed from their hex text, remembered: a page of attendance names the same sessions, residents
#: and site thousands of times, and building a UUID costs more than looking one up.
_parse_uuid = functools.lru_cache(maxsize=1 << 16)(uuid.UUID)


class WireError(ValueError):
    """A value (or message) that does not follow the wire format; the text says which part."""


def _encoder(column: Column) -> Callable[[Any], Any]:
    kind = column.type
    if isinstance(kind, Uuid):
        return lambda v: None if v is None else v.hex
    if isinstance(kind, DateTime):
        # Minutes are enough for a class time; anything finer is kept exactly.
        return lambda v: (
            None
            if v is None
            else v.isoformat(timespec="minutes" if not (v.second or v.microsecond) else "auto")
        )
    if isinstance(kind, Date):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(kind, Boolean):
        return lambda v: None if v is None else int(bool(v))
    if isinstance(kind, LargeBinary):
        return lambda v: None if v is None else base64.b64encode(v).decode("ascii")
    return lambda v: v


def _naive_datetime(text: str) -> dt.datetime:
    """Stored times are naive: wall-clock time for classes, UTC for stamps. A time sent with an
    offset is converted to UTC first rather than having its offset dropped."""
    value = dt.datetime.fromisoformat(text)
    return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value


def _decoder(column: Column) -> Callable[[Any], Any]:
    kind = column.type
    nullable = column.nullable

    def wrap(convert: Callable[[Any], Any], python_type: type | tuple[type, ...]):  # noqa: ANN202
        def decode(value: Any) -> Any:
            if value is None:
                if nullable:
                    return None
                raise WireError(f"{column.name} must not be empty")
            if not isinstance(value, python_type) or isinstance(value, bool) and python_type is int:
                raise WireError(f"{column.name} has the wrong type")
            try:
                return convert(value)
            except (ValueError, TypeError) as exc:
                raise WireError(f"{column.name}: {exc}") from None

        return decode

    if isinstance(kind, Uuid):
        return wrap(_parse_uuid, str)
    if isinstance(kind, DateTime):
        return wrap(_naive_datetime, str)
    if isinstance(kind, Date):
        return wrap(dt.date.fromisoformat, str)
    if isinstance(kind, Boolean):
        return wrap(lambda v: bool(v), (int, bool))
    if isinstance(kind, (Integer, BigInteger)):
        return wrap(int, int)
    if isinstance(kind, Float):

        def finite(v: float) -> float:
            if not math.isfinite(v):
                raise ValueError("is not a finite number")
            return float(v)

        return wrap(finite, (int, float))
    if isinstance(kind, (String, Text)):
        limit = getattr(kind, "length", None)

        def text(v: str) -> str:
            if limit is not None and len(v) > limit:
                raise ValueError(f"longer than {limit} characters")
            if CONTROL_CHARACTERS.search(v):
                raise ValueError("contains control characters")
            return v

        return wrap(text, str)
    if isinstance(kind, LargeBinary):

        def binary(v: str) -> bytes:
            if len(v) > _MAX_BINARY_TEXT:
                raise ValueError("is larger than an attachment may be")
            return base64.b64decode(v, validate=True)

        return wrap(binary, str)
    if isinstance(kind, JSON):
        return wrap(lambda v: v, (dict, list, str, int, float, bool))
    raise TypeError(f"no wire decoder for {column.name}")


ENCODERS: dict[str, dict[str, Callable[[Any], Any]]] = {
    t.name: {c.name: _encoder(c) for c in t.columns} for t in schema.SYNCED_TABLES
}
DECODERS: dict[str, dict[str, Callable[[Any], Any]]] = {
    t.name: {c.name: _decoder(c) for c in t.columns} for t in schema.SYNCED_TABLES
}


def encode(table: str, column: str, value: Any) -> Any:
    """``value`` of ``table.column`` as JSON."""
    return ENCODERS[table][column](value)


def decode(table: str, column: str, value: Any) -> Any:
    """The Python value of ``table.column`` from JSON; raises WireError when it does not fit."""
    return DECODERS[table][column](value)
