"""A session's sync state never contradicts itself: its row says 待同步 while it, any of its marks
(made or taken back) or any of its photos waits to be sent, and 已同步 once the district has them."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from PIL import Image

from desktop.services.week import attachments, attendance, sessions
from desktop.sync.status import sync_status

from support import District, synced_village

MONDAY = dt.date(2026, 11, 23)


def _waiting(store) -> set:  # noqa: ANN001
    return {s.id for s in sessions.sessions_in_week(store, MONDAY) if s.pending}


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


def test_a_session_waits_while_any_of_its_marks_or_photos_waits(
    sqlite_district: District, tmp_path: Path
) -> None:
    a = synced_village(sqlite_district, tmp_path)
    held = [s for s in sessions.sessions_in_week(a.store, MONDAY) if s.present]
    first, second = held[0], held[1]
    assert _waiting(a.store) == set()

    absent = next(e.resident.id for e in attendance.roster(a.store, first.id) if not e.present)
    attendance.mark_present(a.store, first.id, absent)
    assert _waiting(a.store) == {first.id}  # the session itself is as synced as before
    came = next(e.resident.id for e in attendance.roster(a.store, second.id) if e.present)
    attendance.mark_absent(a.store, second.id, came)
    assert _waiting(a.store) == {first.id, second.id}
    assert sync_status(a.store).pending == 2

    a.client.sync()
    assert _waiting(a.store) == set()
    attachments.attach(a.store, first.id, _photo())
    assert _waiting(a.store) == {first.id}
    a.client.sync()
    assert _waiting(a.store) == set()
    assert sessions.get_session(a.store, first.id).pending is False
