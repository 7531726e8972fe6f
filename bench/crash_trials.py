"""Crash trials: ``kill -9`` at random moments, many times, counting what was lost or doubled.

"Nothing lost, ever": a laptop killed at any moment keeps every record it had committed, exactly
once. Each trial copies a prepared laptop database (and, for the sync kinds, the district server's
database, served on loopback in this process), starts a child process (:mod:`bench.crash_worker`,
or the ``learning-desk`` command itself) that does one kind of work and prints each piece of work
the moment it is committed, and kills it with SIGKILL after a random delay; it may do so again on
the same database (one to three kills a trial). After each kill the database is opened the way the
app opens it and checked:

- every acknowledged record is there exactly once (*records lost*, *duplicates*);
- ``PRAGMA integrity_check`` passes; every row's pending flag agrees with its revisions (what
  ``learning-desk status`` counts as waiting), each batch in the outbox names revisions not yet
  acknowledged, each request's status is the fold of its events, no index is left out;
- no attendance mark (session, resident) or weekly report (site, week) is held twice.

The kinds of work, each in its own trials:

- ``writes``: the coordinator's use cases in a loop (residents, sessions, marks, a roll call,
  requests and their steps); a use case in flight when the kill came is there whole or not at all;
- ``pulls``: a town laptop's first download (about 9,600 rows, which leaves an index out until it
  ends); everything up to the stored cursor is there, and a fresh process then syncs to the end;
- ``pushes``: a village laptop sending six weeks of work (about 1,550 changes) in batches; a row no
  longer pending is on the server with the laptop's values, and after a clean sync the server has
  applied each change once;
- ``imports``: ``learning-desk import residents`` of a 2,500-row roster, all or nothing (one
  transaction); importing it again afterwards adds each person once;
- ``backups``: a backup to a USB stick, an automatic backup before an operation and a restore of
  one of two backups, in turn (:mod:`desktop.storage.backups`); the laptop's records are those of
  the last restore acknowledged or of the one in flight, never a mix, and every backup with a
  finished name (on the stick, or in the data folder, the records a restore replaced included)
  passes the integrity check and holds one of the two states whole.

After a sync trial a final sync runs to the end and the laptop and the server hold the same rows in
the laptop's scope.

Delays and choices come from a seed, printed with the figures; a failing trial names its own seed,
and ``--replay KIND:SEED`` runs it again (the kill lands at the same delay, not necessarily at the
same instruction).

    python -m bench.crash_trials [--kills 50] [--seed N] [--kind writes …]
    python -m bench.crash_trials --replay pulls:1234567
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from openpyxl import Workbook
from sqlalchemy import JSON, Connection, Engine, and_, create_engine, func, or_, select

from bench.villages import synced_columns, village_rows, write
from core import protocol, schema, workflow
from core.clock import FixedClock
from core.database import StorageError, sqlite_url
from desktop.services.demo import seed_demo
from desktop.storage import settings as keys
from desktop.storage.backups import write_backup
from desktop.storage.bulk import DEFERRABLE_INDEXES
from desktop.storage.engine import open_local_database
from desktop.storage.store import Store
from desktop.sync.client import enroll
from desktop.sync.credentials import MemoryCredentials
from desktop.sync.status import pending_counts
from desktop.sync.transport import HttpTransport
from server import admin
from server.app import create_app
from server.db import SEQ, open_server_database
from server.embedded import ServerThread
from server.scope import scope_for

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
#: The laptops' and the server's moment (a Wednesday): the demo's weeks end in this week.
NOW = dt.datetime(2026, 11, 25, 6, 30, tzinfo=dt.UTC)
KINDS = ("writes", "pulls", "pushes", "imports", "backups")
#: Kinds with no trial yet, and why; printed with the figures, so silence is not taken for a pass.
NOT_YET: dict[str, str] = {}
#: Seconds from the child's "ready" (from its start for the import command) to the kill, per kind:
#: drawn uniformly, over about how long the work takes on a two-core machine.
DELAYS = {
    "writes": (0.02, 0.8),
    "pulls": (0.0, 1.0),
    "pushes": (0.0, 1.1),
    "imports": (0.3, 2.3),
    "backups": (0.0, 1.2),
}
#: Kills on one database before its trial ends, at most.
ROUNDS = {"writes": 3, "pulls": 3, "pushes": 3, "imports": 2, "backups": 3}
#: Rows of the roster the import trials import.
ROSTER_ROWS = 2500
#: How ``learning-desk import`` says its work is over.
FINISHED = ("Added ", "Nothing to add")
#: A child that has not finished its work (or said "ready") by then is a failure, not a slow run.
CHILD_TIMEOUT_S = 300


@dataclass
class Tally:
    """What the trials of one kind (or all of them) found."""

    trials: int = 0
    kills: int = 0
    lost: int = 0
    duplicates: int = 0
    seconds: float = 0.0
    #: Anything else that went wrong, each naming its kind and trial seed.
    problems: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.trials += other.trials
        self.kills += other.kills
        self.lost += other.lost
        self.duplicates += other.duplicates
        self.problems += other.problems


# --- what every trial starts from ------------------------------------------------------------------


@dataclass(frozen=True)
class Laptop:
    """A prepared laptop's data folder, and who it is to the server."""

    folder: Path
    device: str
    token: str
    site: uuid.UUID
    role: str


@dataclass(frozen=True)
class Lab:
    """Made once per run and copied by every trial: a district server's database with two villages'
    history under a town, a town laptop enrolled and never synced, a village laptop enrolled with
    six weeks of work not yet sent, and a roster of people none of whom the village has."""

    root: Path
    server_db: Path
    town: Laptop
    village: Laptop
    roster: Path
    #: The roster's phone numbers, one a person.
    roster_phones: frozenset[str]
    #: (session hex, resident hex) of the village laptop's present marks.
    present: frozenset[tuple[str, str]]
    #: Two backups of the village laptop the backup trials restore, by file name: "a", its records
    #: as prepared; "b", with 30 more residents. And what each holds (:func:`_snapshot`).
    backups: dict[str, Path] = field(default_factory=dict)
    states: dict[str, dict[str, dict[str, Held]]] = field(default_factory=dict)


def prepare(root: Path) -> Lab:
    root.mkdir(parents=True, exist_ok=True)
    server_db = root / "server.sqlite3"
    engine = open_server_database(sqlite_url(server_db))
    with engine.begin() as conn:
        district = admin.add_site(conn, "荣昌区社区学院", "district")
        town = admin.add_site(conn, "昌元街道社区学校", "town", district)
        busy = [
            admin.add_site(conn, n, "village", town) for n in ("河包村学习中心", "清升村学习中心")
        ]
        village = admin.add_site(conn, "玉屏村学习中心", "village", town)
        seq = conn.execute(select(schema.server_counter.c.value)).scalar_one()
    rng = random.Random(2026)
    for site in busy:

        def stamp(site: uuid.UUID = site) -> dict:
            nonlocal seq
            seq += 1
            return synced_columns(site, seq)

        rows = village_rows(rng, stamp, 600, 16, NOW.date() - dt.timedelta(days=9))
        with engine.begin() as conn:
            write(conn, rows)
            conn.execute(
                schema.server_counter.update()
                .where(schema.server_counter.c.name == SEQ)
                .values(value=seq)
            )
    with ServerThread(create_app(engine, FixedClock(NOW))) as server:
        town_laptop = _enrolled(root / "town", server.url, engine, town, "town")
        village_laptop = _enrolled(root / "village", server.url, engine, village, "village")
    engine.dispose()
    store = Store(open_local_database(village_laptop.folder), FixedClock(NOW))
    seed_demo(store, weeks=6, today=NOW.date())
    a, r = schema.attendance, schema.residents
    with store.read() as conn:
        present = frozenset(
            (s.hex, p.hex)
            for s, p in conn.execute(
                select(a.c.session_id, a.c.resident_id).where(
                    a.c.present.is_(True), a.c.deleted.is_(False)
                )
            )
        )
        names = set(conn.execute(select(r.c.name)).scalars())
    store.engine.dispose()
    roster, phones = _roster(root / "花名册.xlsx", names, rng)
    backups, states = _two_backups(root, village_laptop.folder)
    return Lab(
        root, server_db, town_laptop, village_laptop, roster, phones, present, backups, states
    )


def _two_backups(
    root: Path, village: Path
) -> tuple[dict[str, Path], dict[str, dict[str, dict[str, Held]]]]:
    """Backup "a" of the village laptop as it is, and "b" of it with 30 more residents."""
    from desktop.services.people.residents import ResidentInput, add_resident

    files = {"a": write_backup(village, root / "backup-a.sqlite3")}
    other = _copy(village, root / "village-b")
    store = Store(open_local_database(other), FixedClock(NOW))
    for i in range(30):
        add_resident(store, ResidentInput(f"备份乙{i:02d}", birth_year=1950 + i))
    store.engine.dispose()
    files["b"] = write_backup(other, root / "backup-b.sqlite3")
    return {f.name: f for f in files.values()}, {f.name: _file_state(f) for f in files.values()}


def _enrolled(folder: Path, url: str, engine: Engine, site: uuid.UUID, role: str) -> Laptop:
    with engine.begin() as conn:
        code = admin.enrollment_code(conn, site, role)
    store = Store(open_local_database(folder), FixedClock(NOW))
    credentials = MemoryCredentials()
    identity = enroll(store, HttpTransport(url, retries=0), credentials, url, code, role)
    store.engine.dispose()
    device = identity.device_id.hex
    return Laptop(folder, device, credentials.get_token(device) or "", site, role)


def _roster(path: Path, taken: set[str], rng: random.Random) -> tuple[Path, frozenset[str]]:
    """A roster as a village keeps it in Excel: a title row, then name, gender, birth year and
    phone; nobody on it is on the village's register already (by name or phone)."""
    first, second = (
        "秀桂玉德建国志文明永春家光金海淑凤红丽小立成",
        "英兰珍华明强军芳平林生发贵福荣云梅霞琴辉",
    )
    names: set[str] = set()
    while len(names) < ROSTER_ROWS:
        name = rng.choice("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗") + rng.choice(first)
        name += rng.choice(second)
        if name not in taken:
            names.add(name)
    book = Workbook()
    sheet = book.active
    sheet.append(["玉屏村居民花名册"])
    sheet.append(["姓名", "性别", "出生年份", "手机"])
    phones = []
    for i, name in enumerate(sorted(names)):
        phones.append(f"166{i:08d}")  # a prefix the demo register never uses
        sheet.append([name, rng.choice("男女"), rng.randint(1945, 2005), phones[-1]])
    book.save(path)
    return path, frozenset(phones)


# --- one child process, killed -----------------------------------------------------------------------


@dataclass
class Child:
    """What a child printed (whole lines only) and how it ended."""

    lines: list[str]
    #: Killed while still at work.
    killed: bool
    returncode: int
    stderr: str

    @property
    def finished(self) -> bool:
        """Whether it said its work was over: a sync that returned, an import that committed."""
        return any(line == "done" or line.startswith(FINISHED) for line in self.lines)

    @property
    def done(self) -> bool:
        return not self.killed and self.returncode == 0 and self.finished


def _child(
    argv: list[str],
    env: Mapping[str, str],
    orders: dict[str, Any] | None,
    delay: float | None,
    log: Path,
) -> Child:
    """Run ``argv``; ``delay`` seconds after it says "ready" (after it starts, when it gets no
    ``orders``) kill it with SIGKILL, unless it has finished; with no ``delay``, let it finish."""
    with log.open("w+", encoding="utf-8") as err:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            encoding="utf-8",
            cwd=ROOT,
            env=dict(env),
        )
        lines: list[str] = []
        ready = threading.Event()

        def read() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                if not line.endswith("\n"):
                    break  # cut by the kill: not an acknowledgement
                lines.append(line[:-1])
                if line == "ready\n":
                    ready.set()
            ready.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        assert proc.stdin is not None
        if orders is not None:
            proc.stdin.write(json.dumps(orders) + "\n")
        proc.stdin.close()
        if orders is not None:
            ready.wait(CHILD_TIMEOUT_S)
        killed = False
        try:
            proc.wait(CHILD_TIMEOUT_S if delay is None else delay)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            killed = delay is not None
        proc.wait()
        reader.join(10)
        err.seek(0)
        stderr = err.read()
    return Child(lines, killed, proc.returncode, stderr)


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("LEARNING_DESK_DATA", None)
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
        XDG_DATA_HOME=str(tmp / "xdg"),
    )
    return env


def _worker(
    child_env: dict[str, str], orders: dict[str, Any], delay: float | None, tmp: Path
) -> Child:
    orders = {"now": NOW.isoformat(), **orders}
    argv = [sys.executable, "-m", "bench.crash_worker"]
    return _child(argv, child_env, orders, delay, tmp / "child.log")


def _copy(laptop: Path, to: Path) -> Path:
    """A fresh copy of a prepared laptop's database (its WAL too, should there be one)."""
    to.mkdir()
    for part in laptop.glob("learning-desk.sqlite3*"):
        shutil.copy2(part, to / part.name)
    return to


#: Held while this process opens a database: Alembic's upgrade keeps its state in module globals,
#: and two trials run at a time.
_MIGRATING = threading.Lock()


@contextmanager
def _serving(lab: Lab, tmp: Path) -> Iterator[tuple[str, Engine]]:
    """A copy of the prepared server database, served on loopback for one trial."""
    for part in lab.server_db.parent.glob(lab.server_db.name + "*"):
        shutil.copy2(part, tmp / part.name)
    with _MIGRATING:
        engine = open_server_database(sqlite_url(tmp / lab.server_db.name))
    try:
        with ServerThread(create_app(engine, FixedClock(NOW))) as server:
            yield server.url, engine
    finally:
        engine.dispose()


@contextmanager
def _opened(folder: Path, problems: list[str]) -> Iterator[Store | None]:
    """The laptop's database opened as the app opens it (checked, upgraded, indexes restored)."""
    try:
        with _MIGRATING:
            engine = open_local_database(folder)
    except StorageError as exc:
        problems.append(f"the database does not open after the kill: {exc}")
        yield None
        return
    try:
        yield Store(engine, FixedClock(NOW))
    finally:
        engine.dispose()


# --- what is checked ---------------------------------------------------------------------------------


class Held(NamedTuple):
    seq: int | None
    pending: bool
    #: The row's tombstone flag and wire values, as stored (JSON made canonical).
    values: tuple


def _snapshot(
    conn: Connection, readable: Callable[[str], frozenset[uuid.UUID] | None] | None = None
) -> dict[str, dict[str, Held]]:
    """Every synced row by table and id (hex); ``readable``: only rows of those sites per table.

    Read as SQLite stores them, without conversions: laptops and server store alike, and a town's
    rows are read after every kill."""
    out = {}
    for table in schema.SYNCED_TABLES:
        fields = protocol.CODECS[table.name].fields
        as_json = [1 + i for i, f in enumerate(fields) if isinstance(table.c[f].type, JSON)]
        sql = f"SELECT id, server_seq, pending, deleted, {', '.join(fields)} FROM {table.name}"
        sites = readable(table.name) if readable is not None else None
        if sites is not None:
            sql += f" WHERE site_id IN ({', '.join('?' * len(sites))})"
        rows = {}
        for row in conn.exec_driver_sql(sql, tuple(s.hex for s in sites or ())):
            values = list(row[3:])
            for i in as_json:
                if values[i] is not None:
                    values[i] = json.dumps(json.loads(values[i]), sort_keys=True)
            rows[row[0]] = Held(row[1], bool(row[2]), tuple(values))
        out[table.name] = rows
    return out


def _twice(conn: Connection) -> int:
    """Records held twice under their natural key: a mark per (session, resident), a weekly report
    per (site, week)."""
    a, w = schema.attendance, schema.weekly_reports
    extra = 0
    for table, columns in (
        (a, (a.c.session_id, a.c.resident_id)),
        (w, (w.c.site_id, w.c.week_start)),
    ):
        counts = select(func.count().label("n")).select_from(table).group_by(*columns).subquery()
        extra += conn.execute(select(func.coalesce(func.sum(counts.c.n - 1), 0))).scalar_one()
    return extra


def _invariants(conn: Connection) -> list[str]:
    """The laptop's own bookkeeping, as it must be whenever the database is opened."""
    found = []
    verdict = conn.exec_driver_sql("PRAGMA integrity_check").scalars().all()
    if verdict != ["ok"]:
        found.append(f"PRAGMA integrity_check: {'; '.join(verdict[:3])}")
    for table in schema.SYNCED_TABLES:
        ahead = table.c.local_rev > table.c.synced_rev
        wrong = conn.execute(
            select(func.count())
            .select_from(table)
            .where(
                or_(
                    and_(table.c.pending.is_(True), ~ahead),
                    and_(table.c.pending.is_(False), ahead),
                )
            )
        ).scalar_one()
        if wrong:
            found.append(
                f"{wrong} {table.name} row(s) whose pending flag disagrees with its revisions"
            )
    for batch in conn.execute(select(schema.local_outbox)):
        for name, row_hex, rev in batch.revisions:
            table = schema.SYNCED_BY_NAME[name]
            row = conn.execute(
                select(table.c.local_rev, table.c.synced_rev).where(
                    table.c.id == uuid.UUID(row_hex)
                )
            ).first()
            if row is None or not row.synced_rev < rev <= row.local_rev:
                found.append(f"the outbox names {name} {row_hex} rev {rev}, which is {row}")
    for request_id, status in conn.execute(select(schema.requests.c.id, schema.requests.c.status)):
        steps = [e.to_status for e in workflow.events_in_order(conn, request_id)]
        if workflow.current_status(steps) != status:
            found.append(f"request {request_id.hex} is {status!r} but its events say otherwise")
    indexes = set(
        conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'").scalars()
    )
    missing = {str(i.name) for i in DEFERRABLE_INDEXES} - indexes
    noted = conn.execute(
        select(schema.local_settings.c.value).where(
            schema.local_settings.c.key == keys.DEFERRED_INDEXES.key
        )
    ).first()
    if missing or noted is not None:
        found.append(f"indexes left out after opening: {sorted(missing)}")
    return found


def _disagreements(
    local: dict[str, dict[str, Held]], server: dict[str, dict[str, Held]]
) -> list[str]:
    """Rows one side holds and the other does not, or holds otherwise (values or sequence)."""
    out = []
    for name, theirs in server.items():
        mine = local[name]
        out += [f"{name} {i} only on the server" for i in theirs.keys() - mine.keys()]
        out += [f"{name} {i} only on the laptop" for i in mine.keys() - theirs.keys()]
        out += [
            f"{name} {i} differs"
            for i in mine.keys() & theirs.keys()
            if (mine[i].seq, mine[i].values) != (theirs[i].seq, theirs[i].values)
        ]
    return out


# --- the kinds of trial ------------------------------------------------------------------------------


@dataclass
class Trial:
    """One trial's seed, randomness, folder and findings."""

    kind: str
    seed: int
    tmp: Path
    tally: Tally
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def problem(self, text: str) -> None:
        self.tally.problems.append(f"{self.kind} trial {self.seed}: {text}")

    def delay(self) -> float:
        return self.rng.uniform(*DELAYS[self.kind])

    def ended(self, child: Child) -> bool:
        """Count a kill that came while the child was at work; say whether its work is over (then
        the trial has no more rounds)."""
        if child.killed and not child.finished:
            self.tally.kills += 1
            return False
        if not child.killed and child.returncode != 0:
            tail = child.stderr.strip().splitlines()[-3:]
            self.problem(f"the child failed ({child.returncode}): {' | '.join(tail)}")
        return True


def writes_trial(lab: Lab, t: Trial) -> None:
    """The coordinator's use cases, killed one to three times in a row on one database."""
    data = _copy(lab.village.folder, t.tmp / "desk")
    env = _env(t.tmp)
    present = set(lab.present)
    for round_ in range(t.rng.randint(1, ROUNDS["writes"])):
        label = f"t{t.seed}r{round_}"
        orders = {
            "kind": "writes",
            "data": str(data),
            "seed": t.rng.randrange(2**31),
            "label": label,
        }
        child = _worker(env, orders, t.delay(), t.tmp)
        ended = t.ended(child)
        present = _check_writes(data, child.lines, label, present, t)
        if ended:
            return


def _check_writes(
    data: Path, lines: list[str], label: str, present: set[tuple[str, str]], t: Trial
) -> set[tuple[str, str]]:
    """Check one round's acknowledged work; returns the present marks now expected."""
    made: dict[str, str] = {}  # label -> id hex, acknowledged
    steps: list[tuple[str, str]] = []  # (request hex, status), acknowledged
    in_flight: list[str] | None = None
    expected = set(present)
    for line in lines:
        words = line.split()
        if words[0] == "do":
            in_flight = words[1:]
        elif words[0] == "ok" and in_flight is not None:
            if len(words) == 4:
                made[words[2]] = words[3]
            elif in_flight[0] == "step":
                steps.append((in_flight[1], in_flight[2]))
            else:
                expected = _marked(expected, in_flight)
            in_flight = None
    problems: list[str] = []
    with _opened(data, problems) as store:
        if store is None:
            t.tally.problems += problems
            return expected
        with store.read() as conn:
            problems += _invariants(conn)
            t.tally.duplicates += _twice(conn)
            counts = {name: n for name, n in _row_counts(conn).items() if n}
            if pending_counts(store) != counts:
                problems.append("what status counts as waiting is not every row (none was sent)")
            found = _labelled(conn, label)
            r, a = schema.requests, schema.attendance
            for tag, rows in found.items():
                if len(rows) > 1:
                    t.tally.duplicates += len(rows) - 1
                acked = made.get(tag)
                if acked is not None and acked not in {row_id for _, row_id in rows}:
                    problems.append(f"{tag} was acknowledged as {acked}, found {rows}")
                elif acked is None and not (in_flight and in_flight[-1] == tag):
                    problems.append(f"{tag} is there, but was never begun")
            t.tally.lost += sum(1 for tag in made if tag not in found)
            for request_id in conn.execute(
                select(r.c.id).where(r.c.need.startswith(label + "-"))
            ).scalars():
                first = _events(conn, request_id.hex, workflow.START)
                if first != 1:
                    problems.append(f"request {request_id.hex} has {first} first events")
                    t.tally.duplicates += max(0, first - 1)
            for request_hex, status in steps:
                n = _events(conn, request_hex, status)
                t.tally.lost += n == 0
                t.tally.duplicates += max(0, n - 1)
            if in_flight and in_flight[0] == "step":
                t.tally.duplicates += max(0, _events(conn, in_flight[1], in_flight[2]) - 1)
            stored = {
                (s.hex, p.hex)
                for s, p in conn.execute(
                    select(a.c.session_id, a.c.resident_id).where(
                        a.c.present.is_(True), a.c.deleted.is_(False)
                    )
                )
            }
    if in_flight and in_flight[0] in ("mark", "roll") and stored == _marked(expected, in_flight):
        expected = _marked(expected, in_flight)  # the mark in flight was committed: whole
    t.tally.lost += len(expected - stored)
    if stored - expected:
        problems.append(
            f"{len(stored - expected)} present mark(s) nobody made, e.g. {min(stored - expected)}"
        )
    t.tally.problems += [f"{t.kind} trial {t.seed}: {p}" for p in problems]
    return stored


def _marked(present: set[tuple[str, str]], op: list[str]) -> set[tuple[str, str]]:
    """The present marks after a mark or a roll call (``op``: as announced by the child)."""
    if op[0] == "mark":
        key = (op[1], op[2])
        return present | {key} if op[3] == "1" else present - {key}
    session, chosen = op[1], set(op[2].split(","))
    return {k for k in present if k[0] != session} | {(session, p) for p in chosen}


def _row_counts(conn: Connection) -> dict[str, int]:
    return {
        t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
        for t in schema.SYNCED_TABLES
    }


def _labelled(conn: Connection, label: str) -> dict[str, list[tuple[str, str]]]:
    """Records made in one round, by the label the child gave each: [(table, id hex)]."""
    found: dict[str, list[tuple[str, str]]] = {}
    for table, column in (
        (schema.residents, schema.residents.c.notes),
        (schema.sessions, schema.sessions.c.topic),
        (schema.requests, schema.requests.c.need),
    ):
        for row_id, text in conn.execute(
            select(table.c.id, column).where(column.startswith(label + "-"))
        ):
            found.setdefault(text.split()[0], []).append((table.name, row_id.hex))
    return found


def _events(conn: Connection, request_hex: str, status: str) -> int:
    e = schema.request_events
    return conn.execute(
        select(func.count())
        .select_from(e)
        .where(e.c.request_id == uuid.UUID(request_hex), e.c.to_status == status)
    ).scalar_one()


def sync_trial(lab: Lab, t: Trial) -> None:
    """A town laptop's first download (``pulls``) or a village laptop's six weeks of work going up
    (``pushes``), killed one to three times, then synced to the end by a fresh process."""
    laptop = lab.town if t.kind == "pulls" else lab.village
    data = _copy(laptop.folder, t.tmp / "desk")
    env = _env(t.tmp)
    with _serving(lab, t.tmp) as (url, server):
        with server.connect() as conn:
            readable = scope_for(conn, laptop.role, laptop.site).readable_sites
        orders = {
            "kind": "sync",
            "data": str(data),
            "url": url,
            "device": laptop.device,
            "token": laptop.token,
            "person": t.rng.random() < 0.5,
            "step_rows": t.rng.choice((250, 1000)),
            "max_push": t.rng.choice((150, 400, 2000)),
        }
        acked_cursor, acked_rows = 0, set()
        for _ in range(ROUNDS[t.kind]):
            child = _worker(env, orders, t.delay(), t.tmp)
            ended = t.ended(child)
            for line in child.lines:
                words = line.split()
                if words[0] == "page":
                    acked_cursor = max(acked_cursor, int(words[1]))
                elif words[0] == "acked":
                    acked_rows.add((words[1], words[2]))
            _check_sync(data, server, readable, acked_cursor, acked_rows, t)
            if ended:
                break
        last = _worker(env, {**orders, "person": False}, None, t.tmp)
        if not last.done:
            t.ended(last)
            t.problem("the final sync did not finish")
            return
        _check_synced(data, server, readable, laptop, t)


def _check_sync(
    data: Path,
    server: Engine,
    readable: Callable[[str], frozenset[uuid.UUID] | None],
    acked_cursor: int,
    acked_rows: set[tuple[str, str]],
    t: Trial,
) -> None:
    """After a kill mid-sync: the rows up to the stored cursor are all here as the server has them;
    every row the laptop no longer counts as waiting is on the server with the laptop's values."""
    problems: list[str] = []
    with _opened(data, problems) as store:
        if store is None:
            t.tally.problems += problems
            return
        with store.read() as conn:
            problems += _invariants(conn)
            t.tally.duplicates += _twice(conn)
            local = _snapshot(conn)
        cursor = keys.CURSOR.of(store.settings())
    with server.connect() as conn:
        theirs = _snapshot(conn, readable)
    if cursor < acked_cursor:
        problems.append(f"the cursor went back from {acked_cursor} to {cursor}")
    upto = max(cursor, acked_cursor)
    lost: set[tuple[str, str]] = set()
    for name, rows in theirs.items():
        mine = local[name]
        for i, held in rows.items():
            if held.seq is not None and held.seq <= upto and i not in mine:
                lost.add((name, i))  # the laptop moved past it: it would never come again
        for i, held in mine.items():
            # Not waiting here, so on the server as it is here.
            synced = not held.pending and ((name, i) in acked_rows or held.seq is not None)
            if synced and (i not in rows or rows[i].values != held.values):
                lost.add((name, i))
    lost |= {(name, i) for name, i in acked_rows if i not in local[name] or local[name][i].pending}
    if lost:
        problems.append(f"{len(lost)} record(s) lost, e.g. {min(lost)}")
    t.tally.lost += len(lost)
    t.tally.problems += [f"{t.kind} trial {t.seed}: {p}" for p in problems]


def _check_synced(
    data: Path,
    server: Engine,
    readable: Callable[[str], frozenset[uuid.UUID] | None],
    laptop: Laptop,
    t: Trial,
) -> None:
    """After the final sync: nothing waits, the laptop and the server hold the same rows in the
    laptop's scope, and the server applied each change this laptop made exactly once."""
    problems: list[str] = []
    with _opened(data, problems) as store:
        if store is None:
            t.tally.problems += problems
            return
        with store.read() as conn:
            problems += _invariants(conn)
            local = _snapshot(conn)
            outbox = conn.execute(
                select(func.count()).select_from(schema.local_outbox)
            ).scalar_one()
        waiting = pending_counts(store)
    if waiting or outbox:
        problems.append(f"after a complete sync still waiting: {waiting}, {outbox} batch(es)")
    b = schema.server_batches
    with server.connect() as conn:
        theirs = _snapshot(conn, readable)
        t.tally.duplicates += _twice(conn)
        applied = sum(
            r["count"]
            for r in conn.execute(
                select(b.c.results).where(b.c.device_id == uuid.UUID(laptop.device))
            ).scalars()
        )
    made = sum(
        1
        for table in protocol.PUSHABLE
        for held in local[table.name].values()
        if held.values[1] == laptop.site.hex
    )
    # Every change this laptop made is one new record: applied twice, it would be counted twice.
    t.tally.duplicates += max(0, applied - made)
    differ = _disagreements(local, theirs)
    if differ:
        problems.append(f"{len(differ)} row(s) disagree with the server, e.g. {differ[:3]}")
    t.tally.lost += len(differ)
    t.tally.problems += [f"{t.kind} trial {t.seed}: {p}" for p in problems]


def import_trial(lab: Lab, t: Trial) -> None:
    """``learning-desk import residents`` killed once or twice, then run again to the end."""
    data = _copy(lab.village.folder, t.tmp / "desk")
    env = _env(t.tmp)
    argv = [str(BIN / "learning-desk"), "--data-dir", str(data), "import", "residents"]
    argv.append(str(lab.roster))
    for _ in range(t.rng.randint(1, ROUNDS["imports"])):
        child = _child(argv, env, None, t.delay(), t.tmp / "child.log")
        ended = t.ended(child)
        _check_import(lab, data, any(line.startswith("Added") for line in child.lines), t)
        if ended:
            break
    again = _child(argv, env, None, None, t.tmp / "child.log")
    t.ended(again)
    _check_import(lab, data, True, t)


def _check_import(lab: Lab, data: Path, acked: bool, t: Trial) -> None:
    """All of the roster or none of it (all once it said "Added"), and nobody twice."""
    problems: list[str] = []
    r = schema.residents
    with _opened(data, problems) as store:
        if store is None:
            t.tally.problems += problems
            return
        with store.read() as conn:
            problems += _invariants(conn)
            t.tally.duplicates += _twice(conn)
            phones = Counter(
                conn.execute(
                    select(r.c.phone).where(
                        r.c.phone.in_(lab.roster_phones), r.c.deleted.is_(False)
                    )
                ).scalars()
            )
    t.tally.duplicates += sum(n - 1 for n in phones.values())
    if acked or len(phones) not in (0, len(lab.roster_phones)):
        t.tally.lost += len(lab.roster_phones) - len(phones)
        if len(phones) not in (0, len(lab.roster_phones)):
            problems.append(
                f"{len(phones)} of {len(lab.roster_phones)} rows imported: not all or nothing"
            )
    t.tally.problems += [f"{t.kind} trial {t.seed}: {p}" for p in problems]


def backup_trial(lab: Lab, t: Trial) -> None:
    """Backups and restores killed one to three times in a row on one data folder."""
    data = _copy(lab.village.folder, t.tmp / "desk")
    usb = t.tmp / "usb"
    usb.mkdir()
    env = _env(t.tmp)
    state, n = "backup-a.sqlite3", 0  # the village laptop's records are those of backup "a"
    for _ in range(t.rng.randint(1, ROUNDS["backups"])):
        orders = {
            "kind": "backups",
            "data": str(data),
            "usb": str(usb),
            "files": [str(f) for f in lab.backups.values()],
            "seed": t.rng.randrange(2**31),
            "start": n,
        }
        child = _worker(env, orders, t.delay(), t.tmp)
        ended = t.ended(child)
        state, n = _check_backups(lab, data, usb, child.lines, state, t)
        if ended:
            return


def _check_backups(
    lab: Lab, data: Path, usb: Path, lines: list[str], state: str, t: Trial
) -> tuple[str, int]:
    """After a kill among backups and restores: the records are whole (those of the last restore
    acknowledged, or of the one in flight), every copy with a finished name is a whole database,
    and every copy acknowledged is there. Returns the state the records are in and the number of
    the last copy begun."""
    problems: list[str] = []
    in_flight: list[str] | None = None
    copies: list[str] = []
    last = 0
    for line in lines:
        words = line.split()
        if words[0] == "do":
            in_flight = words[1:]
            if in_flight[0] == "copy":
                last = int(in_flight[1])
        elif words[0] == "ok" and in_flight is not None:
            if in_flight[0] == "restore":
                state = in_flight[1]
            elif in_flight[0] == "copy":
                copies.append(f"copy-{in_flight[1]}.sqlite3")
            in_flight = None
    allowed = {state} | ({in_flight[1]} if in_flight and in_flight[0] == "restore" else set())
    with _opened(data, problems) as store:
        if store is None:
            t.tally.problems += problems
            return state, last
        with store.read() as conn:
            problems += _invariants(conn)
            t.tally.duplicates += _twice(conn)
            held = _snapshot(conn)
    found = _state_of(lab, held)
    if found is None:
        problems.append("the records are neither backup's: a restore was half done")
        theirs = lab.states[state]
        t.tally.lost += sum(len(rows.keys() ^ held[name].keys()) for name, rows in theirs.items())
    elif found not in allowed:
        problems.append(f"the records are {found}'s, but the last restore acknowledged was {state}")
    else:
        state = found
    for folder in (usb, data / "backups"):
        for path in sorted(folder.iterdir()):
            if ".partial" in path.name:
                continue  # cut off: a name no one takes for a backup
            try:
                complete = _state_of(lab, _file_state(path)) is not None
            except Exception as exc:  # noqa: BLE001 - whatever opening it says, it is a problem
                complete = False
                problems.append(f"{path.name} does not open: {exc}")
            if not complete:
                problems.append(f"{path.name} has a finished name but is not a whole backup")
    missing = [name for name in copies if not (usb / name).exists()]
    t.tally.lost += len(missing)
    problems += [f"{name} was acknowledged but is not there" for name in missing]
    t.tally.problems += [f"{t.kind} trial {t.seed}: {p}" for p in problems]
    return state, last


def _file_state(path: Path) -> dict[str, dict[str, Held]]:
    """What a backup file holds, read without changing it (no WAL is switched on)."""
    engine = create_engine(f"sqlite+pysqlite:///file:{path}?mode=ro&uri=true")
    try:
        with engine.connect() as conn:
            if conn.exec_driver_sql("PRAGMA integrity_check").scalar() != "ok":
                raise ValueError("PRAGMA integrity_check fails")
            return _snapshot(conn)
    finally:
        engine.dispose()


def _state_of(lab: Lab, held: dict[str, dict[str, Held]]) -> str | None:
    """Which of the two backups' records ``held`` is, if either."""
    return next((name for name, state in lab.states.items() if state == held), None)


TRIALS: dict[str, Callable[[Lab, Trial], None]] = {
    "writes": writes_trial,
    "pulls": sync_trial,
    "pushes": sync_trial,
    "imports": import_trial,
    "backups": backup_trial,
}


def trial_seed(seed: int, kind: str, index: int) -> int:
    """The seed of the ``index``-th trial of ``kind`` in a run seeded ``seed``: the same whatever
    the other kinds did, so a trial can be named and run again."""
    return random.Random(f"{seed}:{kind}:{index}").randrange(2**31)


def one_trial(lab: Lab, kind: str, seed: int, tally: Tally) -> None:
    """Run one trial of ``kind`` from ``seed`` in a folder of its own, adding to ``tally``."""
    tally.trials += 1
    with tempfile.TemporaryDirectory(prefix=f"ld-crash-{kind}-", dir=lab.root) as tmp:
        TRIALS[kind](lab, Trial(kind, seed, Path(tmp), tally))


def run(
    kills: Mapping[str, int],
    seed: int,
    root: Path,
    say: Callable[[str], None] = print,
    lanes: int = 2,
) -> dict[str, Tally]:
    """Trials of each kind until it has seen ``kills[kind]`` kills, ``lanes`` kinds at a time
    (while a child works, this process mostly waits); prints and returns the tallies, ``"total"``
    too."""
    started = time.monotonic()
    lab = prepare(root / "lab")
    prepared = time.monotonic() - started
    with concurrent.futures.ThreadPoolExecutor(lanes) as pool:
        running = {kind: pool.submit(_trials, lab, kind, n, seed) for kind, n in kills.items()}
        tallies = {kind: future.result() for kind, future in running.items()}
    total = tallies["total"] = Tally()
    for kind in kills:
        total.add(tallies[kind])
    total.seconds = time.monotonic() - started
    say(report(tallies, seed, prepared))
    return tallies


def _trials(lab: Lab, kind: str, kills: int, seed: int) -> Tally:
    tally = Tally()
    began = time.monotonic()
    # A trial whose child finished before the kill came counts no kill: try again, a while.
    while tally.kills < kills and tally.trials < 3 * kills + 5:
        one_trial(lab, kind, trial_seed(seed, kind, tally.trials), tally)
    tally.seconds = time.monotonic() - began
    return tally


def report(tallies: Mapping[str, Tally], seed: int, prepared: float) -> str:
    """The figures as a table; the total's time includes ``prepared``, the seconds the lab took."""
    lines = [
        f"crash trials, seed {seed} (one trial again: python -m bench.crash_trials --replay "
        f"KIND:TRIAL_SEED); the lab took {prepared:.1f} s",
        f"{'kind':<8} {'trials':>6} {'kills':>6} {'records lost':>13} {'duplicates':>11} {'seconds':>8}",
    ]
    for kind, t in tallies.items():
        lines.append(
            f"{kind:<8} {t.trials:>6} {t.kills:>6} {t.lost:>13} {t.duplicates:>11} {t.seconds:>8.1f}"
        )
    lines += [f"{kind:<8} not tried: {why}" for kind, why in NOT_YET.items()]
    problems = tallies["total"].problems if "total" in tallies else []
    lines += [f"problem: {p}" for p in problems[:40]]
    return "\n".join(lines)


def split_kills(total: int) -> dict[str, int]:
    """``total`` kills shared among the kinds: a fifth each to pulls and pushes, a tenth each to
    imports (whose kills cost the most time) and backups, the rest to writes (a child's start and
    little more)."""
    pulls = pushes = -(-total // 5)
    imports = backups = -(-total // 10)
    return {
        "writes": max(1, total - pulls - pushes - imports - backups),
        "pulls": pulls,
        "pushes": pushes,
        "imports": imports,
        "backups": backups,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=50, help="kills in all (default 50)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--kind", action="append", choices=KINDS, help="only these kinds")
    parser.add_argument("--replay", metavar="KIND:TRIAL_SEED", help="run one trial again")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ld-crash-") as tmp:
        if args.replay:
            kind, _, seed = args.replay.partition(":")
            lab = prepare(Path(tmp) / "lab")
            tally = Tally()
            one_trial(lab, kind, int(seed), tally)
            print(report({kind: tally, "total": tally}, int(seed), 0))
            sys.exit(1 if tally.lost or tally.duplicates or tally.problems else 0)
        seed = args.seed if args.seed is not None else random.randrange(10**6)
        kills = split_kills(args.kills)
        if args.kind:
            kills = {k: n for k, n in kills.items() if k in args.kind}
        total = run(kills, seed, Path(tmp))["total"]
    sys.exit(1 if total.lost or total.duplicates or total.problems else 0)


if __name__ == "__main__":
    main()
