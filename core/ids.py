"""Row identity: random UUIDs for things people create, derived UUIDs for naturally unique facts.

Deriving the id of an attendance mark from (session, resident) means two laptops marking the same
person at the same session make the same row, and the id never needs to travel on the wire.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

_NAMESPACE = uuid.UUID("5d0b8a52-3f1e-4c7a-9f43-6c1d2b7e9a10")
_NAMESPACE_BYTES = _NAMESPACE.bytes


def new_id() -> uuid.UUID:
    return uuid.uuid4()


def _derived(name: str) -> uuid.UUID:
    """``uuid.uuid5(_NAMESPACE, name)``, spelled out so the namespace's bytes are not rebuilt per
    call: a town laptop's first download derives a million attendance ids."""
    digest = hashlib.sha1(_NAMESPACE_BYTES + name.encode(), usedforsecurity=False).digest()
    return uuid.UUID(bytes=digest[:16], version=5)


def attendance_id(session_id: uuid.UUID, resident_id: uuid.UUID) -> uuid.UUID:
    """The one id of "this resident at this session", the same on every device."""
    return _derived(f"attendance:{session_id.hex}:{resident_id.hex}")


def weekly_report_id(site_id: uuid.UUID, week_start: dt.date) -> uuid.UUID:
    """One weekly report per site and ISO week, whoever creates it first."""
    return _derived(f"weekly-report:{site_id.hex}:{week_start.isoformat()}")
