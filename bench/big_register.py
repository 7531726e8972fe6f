"""Benchmark: the app on a town laptop holding a big register.

Workload (fixed, seeded, made by :mod:`bench.villages`): one town laptop's database after its first
sync — ``residents`` residents in villages of 2,000 and about ``marks`` attendance marks, 5 sessions a
week per village over as many weeks as that takes (60,000 and 1.2 M by default: 30 villages × ~3
years). It is written straight into SQLite with executemany in one transaction and kept under
``.bench-cache/`` keyed by :data:`VERSION` and the sizes, so later runs reuse it.

Prints (no assertions; targets from DESIGN.md §5):

- search as you type: ``search_residents`` once per keystroke over a realistic typing sequence,
  p50/p95/max (target p95 under 20 ms), and the slowest query shapes;
- opening the window: launch to the window shown and its first event-loop turn done, in a fresh
  process each time, median of 3 (target under 1.5 s);
- showing a 50-person session in the attendance panel, median of several;
- typing in the Residents tab's search box (search, model and view together).

    python -m bench.big_register [--residents 60000] [--marks 1200000] [--rebuild]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Table, func, insert, select

from bench.villages import MEAN_MARKS, SESSIONS_PER_WEEK, synced_columns, village_rows, write
from core import schema
from core.clock import FixedClock
from desktop.services.people.residents import Resident, search_residents
from desktop.storage.engine import open_local_database
from desktop.storage.store import DeviceIdentity, Store, put_identity

#: Change when the workload changes, so a cached database made by older code is not reused.
VERSION = "2"
CACHE = Path(__file__).resolve().parents[1] / ".bench-cache"
RESIDENTS_PER_VILLAGE = 2000
LAST_MONDAY = dt.date(2026, 11, 23)
#: The laptop's clock in the benchmark: Wednesday of the last week, 14:30 in the villages.
AS_OF = dt.datetime(2026, 11, 25, 6, 30, tzinfo=dt.UTC)
#: What a coordinator types, letter by letter: pinyin, initials, characters, a phone, mixed input
#: (characters and pinyin, full pinyin and initials).
TYPED = ("zhangs", "zs", "张", "王秀", "13812", "liu", "张s", "liangcm")
ROSTER_SIZE = (48, 52)


@dataclass(frozen=True)
class Register:
    """A cached big register: its data folder and what it holds."""

    folder: Path
    residents: int
    marks: int
    sessions: int
    build_s: float  # 0 when reused from the cache

    def store(self) -> Store:
        """A store on the register, its clock standing in the register's last week."""
        return Store(open_local_database(self.folder), FixedClock(AS_OF))


def plan(residents: int, marks: int) -> tuple[int, int, int]:
    """(villages, residents per village, weeks) for about ``residents`` and ``marks``."""
    villages = max(1, residents // RESIDENTS_PER_VILLAGE)
    weeks = max(1, round(marks / (villages * SESSIONS_PER_WEEK * MEAN_MARKS)))
    return villages, residents // villages, weeks


def build(folder: Path, residents: int, marks: int, seed: int = 2026) -> None:
    """Write the register into a new laptop database in ``folder``: a town laptop, enrolled
    locally (no server), whose villages' rows all arrived by sync."""
    villages, per_village, weeks = plan(residents, marks)
    rng = random.Random(seed)

    def seeded_id() -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    district, town = seeded_id(), seeded_id()
    village_ids = [seeded_id() for _ in range(villages)]
    engine = open_local_database(folder)
    seq = 0

    with engine.begin() as conn:
        identity = DeviceIdentity(seeded_id(), town, "town", "http://127.0.0.1:9", "bench-server")
        put_identity(conn, identity, "昌元街道社区学校")
        sites = [(district, None, "district", "荣昌区社区学院")]
        sites.append((town, district, "town", "昌元街道社区学校"))
        sites += [(v, town, "village", f"第{i + 1}村学习中心") for i, v in enumerate(village_ids)]
        paths: dict[uuid.UUID, str] = {}
        for site, parent, level, name in sites:
            seq += 1
            paths[site] = (paths[parent] if parent else "/") + f"{site.hex}/"
            conn.execute(
                insert(schema.sites),
                {
                    **synced_columns(site, seq),
                    "id": site,
                    "parent_id": parent,
                    "level": level,
                    "name": name,
                    "path": paths[site],
                },
            )
        for village in village_ids:

            def stamp(site: uuid.UUID = village) -> dict:
                nonlocal seq
                seq += 1
                return synced_columns(site, seq)

            write(conn, village_rows(rng, stamp, per_village, weeks, LAST_MONDAY))
    engine.dispose()


def cached_register(
    residents: int = 60_000, marks: int = 1_200_000, cache: Path = CACHE, rebuild: bool = False
) -> Register:
    """The register of that size from ``cache``, built there first if missing (or ``rebuild``)."""
    folder = cache / f"big-register-v{VERSION}-{residents}-{marks}"
    built_s = 0.0
    if rebuild or not (folder / "complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        partial = folder.with_name(folder.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        start = time.perf_counter()
        build(partial, residents, marks)
        built_s = time.perf_counter() - start
        (partial / "complete").write_text(VERSION)
        partial.rename(folder)
    engine = open_local_database(folder)
    with engine.connect() as conn:

        def count(table: Table) -> int:
            return conn.execute(select(func.count()).select_from(table)).scalar_one()

        counts = [count(t) for t in (schema.residents, schema.attendance, schema.sessions)]
    engine.dispose()
    return Register(folder, *counts, build_s=built_s)


# -- search as you type ------------------------------------------------------------------------


def keystrokes(words: Sequence[str] = TYPED) -> list[str]:
    """Every query a search box sees while ``words`` are typed one letter at a time."""
    return [word[:i] for word in words for i in range(1, len(word) + 1)]


@dataclass(frozen=True)
class Search:
    query: str
    ms: float
    found: list[Resident]


def search_as_you_type(
    store: Store, rounds: int = 3, limit: int = 200, words: Sequence[str] = TYPED
) -> list[Search]:
    """Time ``search_residents`` for every keystroke of ``words``, ``rounds`` times over (after one
    unmeasured round that warms SQLite's page cache, as the window's first search would have)."""
    out: list[Search] = []
    for query in keystrokes(words):
        search_residents(store, query, limit=limit)
    for _ in range(rounds):
        for query in keystrokes(words):
            start = time.perf_counter()
            found = search_residents(store, query, limit=limit)
            out.append(Search(query, (time.perf_counter() - start) * 1000, found))
    return out


def roster_search(store: Store, session_id: uuid.UUID, words: Sequence[str] = TYPED) -> list[float]:
    """Milliseconds per keystroke of the sign-in sheet's search box: who on one session's roster
    matches (``attendance.roster_matches``), after one unmeasured round."""
    from desktop.services.week.attendance import roster_matches

    for query in keystrokes(words):
        roster_matches(store, session_id, query)
    out = []
    for query in keystrokes(words):
        start = time.perf_counter()
        roster_matches(store, session_id, query)
        out.append((time.perf_counter() - start) * 1000)
    return out


def percentiles(ms: Sequence[float]) -> dict[str, float]:
    """Median, p95 and max of ``ms``, rounded for printing."""
    ordered = sorted(ms)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "max_ms": round(ordered[-1], 1),
    }


def slowest(searches: Sequence[Search], n: int = 5) -> dict[str, float]:
    """The ``n`` slowest queries by their median time: which shapes of input cost most."""
    by_query: dict[str, list[float]] = {}
    for s in searches:
        by_query.setdefault(s.query, []).append(s.ms)
    medians = {q: statistics.median(ms) for q, ms in by_query.items()}
    return {q: round(medians[q], 1) for q in sorted(medians, key=medians.get, reverse=True)[:n]}


# -- the window ----------------------------------------------------------------------------------


def open_window_in_fresh_process(folder: Path) -> dict[str, float]:
    """Launch a Python process that opens the window on ``folder`` the way ``desktop.app`` does;
    returns its timings in seconds, ``usable_s`` counted from before the launch."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BENCH_LAUNCHED=str(time.monotonic()))
    done = subprocess.run(
        [sys.executable, "-m", "bench.big_register", "--open-window", str(folder)],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _open_window(folder: Path) -> None:
    """The child of :func:`open_window_in_fresh_process`: prints its timings as JSON."""
    launched = float(os.environ.get("BENCH_LAUNCHED", time.monotonic()))
    from PySide6.QtWidgets import QApplication

    from desktop.sync.client import build_sync_client
    from desktop.sync.credentials import MemoryCredentials
    from desktop.ui.background import Background
    from desktop.ui.events import Hub
    from desktop.ui.i18n import install_translators
    from desktop.ui.main_window import MainWindow

    imported = time.monotonic()
    app = QApplication(sys.argv[:1])
    install_translators(app, "zh_CN")
    store = Store(open_local_database(folder), FixedClock(AS_OF))
    opened = time.monotonic()
    # An in-memory credential store instead of the keyring; the client is built but never syncs.
    client = build_sync_client(store, MemoryCredentials())
    window = MainWindow(store, Hub(), Background(), client)
    built = time.monotonic()
    window.show()
    app.processEvents()
    shown = time.monotonic()
    print(
        json.dumps(
            {
                "usable_s": round(shown - launched, 3),
                "imports_s": round(imported - launched, 3),
                "database_s": round(opened - imported, 3),
                "window_built_s": round(built - opened, 3),
                "first_paint_s": round(shown - built, 3),
            }
        )
    )


def fifty_person_sessions(store: Store, n: int = 5) -> list[uuid.UUID]:
    """``n`` sessions of the register's last week with about 50 people signed in."""
    a, s = schema.attendance, schema.sessions
    since = dt.datetime.combine(LAST_MONDAY, dt.time())
    stmt = (
        select(s.c.id)
        .join(a, a.c.session_id == s.c.id)
        .where(s.c.starts_at >= since)
        .group_by(s.c.id)
        .having(func.count().between(*ROSTER_SIZE))
        .order_by(s.c.starts_at, s.c.id)
        .limit(n)
    )
    with store.read() as conn:
        return list(conn.execute(stmt).scalars())


def timed(action: Callable[[], object]) -> float:
    """Milliseconds ``action`` takes, Qt's pending events included."""
    from PySide6.QtWidgets import QApplication

    start = time.perf_counter()
    action()
    QApplication.processEvents()
    return (time.perf_counter() - start) * 1000


@dataclass
class WindowFigures:
    session_ms: list[float]
    roster_sizes: list[int]
    present: list[int]
    residents_tab_ms: float
    typing_ms: list[float]
    listed: int


def in_window(store: Store, sessions: Sequence[uuid.UUID], words: Sequence[str]) -> WindowFigures:
    """In this process's window: show each of ``sessions`` in the attendance panel, then open the
    Residents tab and type ``words`` into its search box."""
    from PySide6.QtWidgets import QApplication

    from desktop.services.week.sessions import get_session
    from desktop.ui.background import Background
    from desktop.ui.events import Hub
    from desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    background = Background()
    window = MainWindow(store, Hub(), background, None)
    window.show()
    app.processEvents()
    panel = window.attendance
    figures = WindowFigures([], [], [], 0.0, [], 0)
    for session_id in sessions:
        session = get_session(store, session_id)
        figures.session_ms.append(timed(lambda s=session: panel.show_session(s)))
        figures.roster_sizes.append(panel.model.rowCount())
        figures.present.append(panel.model.present_count())
    figures.residents_tab_ms = timed(lambda: window.tabs.setCurrentWidget(window.residents))
    for query in keystrokes(words):
        figures.typing_ms.append(timed(lambda q=query: window.residents.search.setText(q)))
    figures.listed = window.residents.model.rowCount()
    window.close()
    background.wait(10_000)
    return figures


def run(
    residents: int = 60_000,
    marks: int = 1_200_000,
    cache: Path = CACHE,
    rebuild: bool = False,
    rounds: int = 3,
    window_runs: int = 3,
) -> dict[str, object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    register = cached_register(residents, marks, cache, rebuild)
    store = register.store()
    searches = search_as_you_type(store, rounds)
    sessions = fifty_person_sessions(store)
    roster = roster_search(store, sessions[0])
    opens = [open_window_in_fresh_process(register.folder) for _ in range(window_runs)]
    window = in_window(store, sessions, TYPED[:1])
    store.engine.dispose()
    out: dict[str, object] = {
        "residents": register.residents,
        "attendance_marks": register.marks,
        "sessions": register.sessions,
        "build_s": round(register.build_s, 1) if register.build_s else "cached",
        "keystrokes": len(searches),
        "search": percentiles([s.ms for s in searches]),
        "search_slowest_median_ms": slowest(searches),
        "roster_search": percentiles(roster),
        "window_usable_median_s": statistics.median(o["usable_s"] for o in opens),
        "window_parts_median_s": {
            k: round(statistics.median(o[k] for o in opens), 3) for k in opens[0] if k != "usable_s"
        },
        "session_50_median_ms": round(statistics.median(window.session_ms), 1)
        if window.session_ms
        else None,
        "session_50_max_ms": round(max(window.session_ms), 1) if window.session_ms else None,
        "roster_rows": window.roster_sizes[:1],
        "residents_tab_ms": round(window.residents_tab_ms, 1),
        "residents_typing": percentiles(window.typing_ms),
        "residents_listed": window.listed,
    }
    print(json.dumps(out, ensure_ascii=False))
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=60_000)
    parser.add_argument("--marks", type=int, default=1_200_000)
    parser.add_argument("--rebuild", action="store_true", help="build the register afresh")
    parser.add_argument("--open-window", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.open_window:
        _open_window(args.open_window)
    else:
        run(args.residents, args.marks, rebuild=args.rebuild)
