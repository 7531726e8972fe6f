"""A server that takes smaller batches than the laptop packs says its cap with the refusal, and the
laptop packs the same rows again, smaller: everything arrives once, nothing is left refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from core import protocol, schema
from desktop.services.people import residents
from desktop.sync.status import sync_status

from support import District


def test_a_push_over_the_servers_cap_is_split_by_the_laptop(
    sqlite_district: District, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop = sqlite_district.device(tmp_path, sqlite_district.village, "village", "a")
    for n in range(120):
        residents.add_resident(laptop.store, residents.ResidentInput(f"居民{n:03d}"))
    # The laptop still packs its own cap (2,000); the server, in this process, takes 50.
    monkeypatch.setattr(protocol, "MAX_PUSH_CHANGES", 50)
    report = laptop.client.sync()
    assert report.rejected == 0 and report.sent == 120
    assert laptop.client.max_push == 50
    assert sync_status(laptop.store).pending == 0
    with sqlite_district.engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(schema.residents)).scalar_one()
    assert stored == 120
