"""Kill -9 at random moments, many times: nothing acknowledged is lost or doubled, the database
passes its checks, and a sync finished afterwards agrees with the server (``bench/crash_trials.py``,
which says what each kind of trial does and checks).

``LEARNING_DESK_CRASH_KILLS`` sets how many kills in all (50 here; ``make stress`` runs 500), and
``LEARNING_DESK_CRASH_SEED`` the seed (a new one each run, printed with the figures; a failing trial
names its own seed for ``python -m bench.crash_trials --replay KIND:SEED``).
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from bench import crash_trials

KILLS = int(os.environ.get("LEARNING_DESK_CRASH_KILLS", "50"))
SEED = int(os.environ.get("LEARNING_DESK_CRASH_SEED") or random.randrange(10**6))


@pytest.mark.timeout(120 + 4 * KILLS)
def test_kill_9_at_random_moments_loses_and_doubles_nothing(tmp_path: Path) -> None:
    said: list[str] = []
    tallies = crash_trials.run(crash_trials.split_kills(KILLS), SEED, tmp_path, said.append)
    figures = "\n".join(said)
    print(figures)
    total = tallies["total"]
    assert total.kills >= KILLS, figures
    assert all(tallies[kind].kills for kind in crash_trials.KINDS), figures
    assert (total.lost, total.duplicates, total.problems) == (0, 0, []), figures
