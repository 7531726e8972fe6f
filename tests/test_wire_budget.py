"""The short version of ``make bench``: the standard week is one exchange and its bytes stay within
budget. Bytes are deterministic, so they can be asserted; times are only printed by the benchmark."""

from __future__ import annotations

from pathlib import Path

from bench.linkproxy import LinkProxy
from bench.sync_week import bare_gzip_size
from bench.workload import register, standard_week
from desktop.sync.client import SyncClient
from desktop.sync.status import sync_status
from desktop.sync.transport import HttpTransport

from support import District


def test_standard_week_is_one_exchange_within_one_and_a_half_times_the_bare_data(
    sqlite_district: District, tmp_path: Path
) -> None:
    device = sqlite_district.device(tmp_path, sqlite_district.village, "village", "v")
    site = device.store.identity().site_id
    base = register(device.store, site)
    device.client.sync()
    standard_week(device.store, site, base)
    bare = bare_gzip_size(device.store)
    port = int(sqlite_district.url.rsplit(":", 1)[1])
    link = LinkProxy(("127.0.0.1", port))
    try:
        transport = HttpTransport(link.url, retries=0)
        report = SyncClient(device.store, transport, device.credentials).sync()
    finally:
        link.close()
    assert report.sent == 10 + 5 + 250 + 6 + 12 + 1
    assert transport.stats.exchanges == 1
    assert link.stats.connections == 1
    assert link.stats.total <= 1.5 * bare, (link.stats.total, bare)
    assert sync_status(device.store).pending == 0
