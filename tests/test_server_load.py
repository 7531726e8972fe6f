"""A district's Monday morning, small: 20 village laptops send their standard week at once to the
real server process on PostgreSQL (``bench/server_load.py``, the benchmark's own code). All finish,
nothing is refused or deferred, and nothing is applied twice, even when every batch is sent again
afterwards as if its answer had been lost. Timings are the benchmark's to print,
not this test's to assert."""

from __future__ import annotations

import pytest

from bench import server_load
from server.local_postgres import scratch_database

pytestmark = pytest.mark.postgres

DEVICES = 20


def test_twenty_laptops_sync_their_week_at_once_on_postgres(postgres: str) -> None:
    with scratch_database(postgres, "ld_load") as url:
        figures = server_load.load(url, DEVICES, resend=True)
    assert figures["errors"] == 0, figures["error_samples"]
    assert figures["done"] == DEVICES
    assert figures["resent_same_answer"] == DEVICES
    # One exchange each: the week fits one batch and the answer has nothing more to pull.
    assert figures["exchanges"] == DEVICES
    assert figures["server_log_errors"] == 0, figures.get("server_log_tail")
    assert figures["rows_written"] == figures["rows_expected"]
    assert figures["tables_mismatched"] == {}
    assert figures["batches_applied"] == DEVICES
    assert figures["numbers_handed_out"] == figures["numbers_expected"]
    assert not figures["duplicated"]
    assert figures["deadlocks"] == 0
